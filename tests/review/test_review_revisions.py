"""Reviews measured from a base version and moved on to revised versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from designer.review.history import save_with_history
from designer.review.models import Review
from designer.review.snapshots import create_version
from designer.schemas.schema import Field
from designer.schemas.store import load_schema
from designer.schemas.validators import Scalar
from tests.review.helpers import change_rows, make_team

pytestmark = pytest.mark.django_db


def url(team, name, **kwargs) -> str:
    return reverse(name, kwargs={"slug": team.project.slug, **kwargs})


def _add_field(team, name: str, optional: bool) -> None:
    schema = load_schema(team.project)
    schema.table("users").fields.append(Field(name, Scalar("string"), optional))
    save_with_history(team.project, schema, team.editor)


def _three_versions(team):
    first = create_version(team.project, team.editor, "Start")
    _add_field(team, "nickname", optional=False)
    second = create_version(team.project, team.editor, "Nicknames")
    schema = load_schema(team.project)
    schema.table("users").field("nickname").optional = True
    save_with_history(team.project, schema, team.editor)
    third = create_version(team.project, team.editor, "Optional nicknames")
    return first, second, third


def _decide(client, team, review, decision: str) -> None:
    client.force_login(team.reviewer)
    client.post(url(team, "review-decide", review_id=review.pk), {"decision": decision})


def test_review_base_defaults_to_previous_version(client):
    team = make_team()
    first, second, _ = _three_versions(team)
    client.force_login(team.editor)

    client.post(
        url(team, "review-list"),
        {"version": second.pk, "reviewers": [team.reviewer.pk]},
    )

    assert Review.objects.get().base == first


def test_review_base_must_be_older(client):
    team = make_team()
    _, second, third = _three_versions(team)
    client.force_login(team.editor)

    response = client.post(
        url(team, "review-list"),
        {"version": second.pk, "base": third.pk, "reviewers": [team.reviewer.pk]},
    )

    assert response.status_code == 422
    assert "Changes since must be a version older than v2." in (
        response.content.decode()
    )
    assert not Review.objects.exists()


def test_review_page_shows_changes_since_base(client):
    team = make_team()
    first, second, _ = _three_versions(team)
    review = Review.objects.create(
        project=team.project, version=second, base=first, requested_by=team.editor
    )
    review.reviewers.set([team.reviewer])
    client.force_login(team.reviewer)

    response = client.get(url(team, "review-detail", review_id=review.pk))

    assert change_rows(response.content.decode()) == [
        ("added", "field", "users.nickname", "migration")
    ]


def test_revised_review_needs_new_verdicts(client):
    team = make_team()
    first, second, third = _three_versions(team)
    review = Review.objects.create(project=team.project, version=second, base=first)
    review.reviewers.set([team.reviewer])
    _decide(client, team, review, "approve")
    review.refresh_from_db()
    assert review.state == Review.State.APPROVED

    client.force_login(team.editor)
    client.post(url(team, "review-revise", review_id=review.pk), {"version": third.pk})

    review.refresh_from_db()
    assert review.version == third
    # The approval was of v2, so v3 is still open.
    assert review.state == Review.State.OPEN
    _decide(client, team, review, "approve")
    review.refresh_from_db()
    assert review.state == Review.State.APPROVED


def test_revise_rejects_older_version(client):
    team = make_team()
    first, second, _ = _three_versions(team)
    review = Review.objects.create(project=team.project, version=second, base=first)
    client.force_login(team.editor)

    response = client.post(
        url(team, "review-revise", review_id=review.pk), {"version": first.pk}
    )

    assert response.status_code == 422
    assert "Choose a version newer than v2, the one under review." in (
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.version == second


def test_revise_needs_editor(client):
    team = make_team()
    first, second, third = _three_versions(team)
    review = Review.objects.create(project=team.project, version=second, base=first)
    client.force_login(team.reviewer)

    response = client.post(
        url(team, "review-revise", review_id=review.pk), {"version": third.pk}
    )

    assert response.status_code == 403
    review.refresh_from_db()
    assert review.version == second


def test_reviewer_sees_no_edit_forms(client):
    team = make_team()
    create_version(team.project, team.editor, "Start")
    client.force_login(team.reviewer)

    versions = client.get(url(team, "version-list")).content.decode()
    reviews = client.get(url(team, "review-list")).content.decode()
    version = client.get(url(team, "version-detail", number=1)).content.decode()

    assert "Save version" not in versions
    assert "Ask for review" not in reviews
    assert "Restore this version" not in version
    assert "Create a read-only link" not in version


def test_review_list_offers_requested_version(client):
    team = make_team()
    first, second, _ = _three_versions(team)
    client.force_login(team.editor)

    response = client.get(url(team, "review-list") + "?version=1")

    assert response.context["form"].initial["version"] == first
    newest = client.get(url(team, "review-list")).context["form"].initial["version"]
    assert newest.name == "Optional nicknames"
