from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from designer.accounts.models import Membership, Role
from designer.schemas.schema import Schema
from designer.schemas.store import create_project
from tests.review.helpers import make_team

pytestmark = pytest.mark.django_db


def members_url(team, name="project-members", **kwargs) -> str:
    return reverse(name, kwargs={"slug": team.project.slug, **kwargs})


def member_id(team, user) -> int:
    return Membership.objects.get(project=team.project, user=user).pk


def test_it_lists_members_with_roles(client):
    team = make_team()
    client.force_login(team.reviewer)

    response = client.get(members_url(team))

    assert response.status_code == 200
    content = response.content.decode()
    assert "alice" in content
    assert "carol (you)" in content
    assert "Add a member" not in content


def test_it_adds_a_member_with_a_role(client):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-add"), {"username": "dave", "role": "reviewer"}
    )

    assert response.status_code == 302
    membership = Membership.objects.get(project=team.project, user=team.outsider)
    assert membership.role == Role.REVIEWER


def test_it_rejects_unknown_user(client, caplog):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-add"), {"username": "<script>x", "role": "editor"}
    )

    assert response.status_code == 422
    assert "No user is called &lt;script&gt;x." in response.content.decode()
    assert Membership.objects.filter(project=team.project).count() == 3


def test_it_rejects_existing_member(client, caplog):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-add"), {"username": "bob", "role": "reviewer"}
    )

    assert response.status_code == 422
    assert "bob is already a member of this project." in response.content.decode()
    assert Membership.objects.get(user=team.editor).role == Role.EDITOR


def test_it_changes_a_role(client):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-role", member_id=member_id(team, team.editor)),
        {"role": "owner"},
    )

    assert response.status_code == 302
    assert Membership.objects.get(user=team.editor).role == Role.OWNER


def test_it_rejects_an_unknown_role(client, caplog):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-role", member_id=member_id(team, team.editor)),
        {"role": "admin"},
    )

    assert response.status_code == 422
    assert Membership.objects.get(user=team.editor).role == Role.EDITOR


def test_it_keeps_the_last_owner(client, caplog):
    team = make_team()
    client.force_login(team.owner)
    own_id = member_id(team, team.owner)

    demote = client.post(
        members_url(team, "member-role", member_id=own_id), {"role": "editor"}
    )
    remove = client.post(members_url(team, "member-remove", member_id=own_id))

    assert demote.status_code == 409
    assert remove.status_code == 409
    assert "A project needs at least one owner" in remove.content.decode()
    assert Membership.objects.get(pk=own_id).role == Role.OWNER


def test_owner_leaves_beside_another_owner(client):
    team = make_team()
    Membership.objects.filter(user=team.editor).update(role=Role.OWNER)
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-remove", member_id=member_id(team, team.owner))
    )

    assert response.status_code == 302
    assert response.url == reverse("project-list")
    assert not Membership.objects.filter(user=team.owner).exists()


def test_it_removes_a_member(client):
    team = make_team()
    client.force_login(team.owner)

    response = client.post(
        members_url(team, "member-remove", member_id=member_id(team, team.reviewer))
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(user=team.reviewer).exists()


def test_it_hides_memberships_of_other_projects(client, caplog):
    team = make_team()
    other = make_team_other()
    client.force_login(team.owner)

    response = client.post(members_url(team, "member-remove", member_id=other.pk))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def make_team_other() -> Membership:
    project = create_project(Schema("Other"), slug="other")
    user = User.objects.create_user("erin")
    return Membership.objects.create(project=project, user=user, role=Role.EDITOR)
