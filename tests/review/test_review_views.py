from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from designer.review.history import save_with_history
from designer.review.models import Comment, Review, ShareLink, Version
from designer.review.snapshots import create_version
from designer.review.views.sharing import SALT, share_token
from designer.schemas.schema import Field, Table
from designer.schemas.store import load_schema
from designer.schemas.validators import Literal, Scalar
from tests.review.helpers import change_rows, make_team

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def url(team, name, **kwargs) -> str:
    return reverse(name, kwargs={"slug": team.project.slug, **kwargs})


def test_it_saves_a_version(client):
    team = make_team()
    client.force_login(team.editor)

    response = client.post(
        url(team, "version-list"), {"name": "Before billing", "message": "ok"}
    )

    version = Version.objects.get(project=team.project)
    assert response.status_code == 302
    assert response.url == url(team, "version-detail", number=1)
    assert (version.number, version.name, version.created_by) == (
        1,
        "Before billing",
        team.editor,
    )


def test_it_rejects_a_version_without_name(client, caplog):
    team = make_team()
    client.force_login(team.editor)

    response = client.post(url(team, "version-list"), {"name": ""})

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Version.objects.exists()


def test_version_detail_shows_schema_and_escapes(client):
    team = make_team()
    version = create_version(team.project, team.owner, HOSTILE, HOSTILE)
    client.force_login(team.reviewer)

    response = client.get(url(team, "version-detail", number=version.number))

    content = response.content.decode()
    assert HOSTILE not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "by_authorId_and_published" in content


def test_version_diff_lists_changes_and_unified_diff(client):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    schema = load_schema(team.project)
    schema.table("users").fields.append(Field("nickname", Scalar("string")))
    schema.table("users").field("role").validator = Literal(HOSTILE)
    save_with_history(team.project, schema, team.editor)
    client.force_login(team.reviewer)

    response = client.get(url(team, "version-diff", number=1))

    content = response.content.decode()
    assert response.status_code == 200
    assert ("added", "field", "users.nickname", "migration") in change_rows(content)
    assert "Needs a migration." in content
    assert HOSTILE not in content
    assert "&lt;script&gt;" in content
    assert "nickname" in content.split('class="code diff"')[1]


def test_version_diff_against_another_version(client):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    schema = load_schema(team.project)
    schema.tables.append(Table("tags", fields=[Field("name", Scalar("string"))]))
    save_with_history(team.project, schema, team.editor)
    create_version(team.project, team.owner, "With tags")
    client.force_login(team.owner)

    response = client.get(url(team, "version-diff", number=1) + "?against=2")

    assert change_rows(response.content.decode()) == [
        ("added", "table", "tags", "safe")
    ]
    assert response.context["comparison"].after_label == "v2"


def test_version_diff_rejects_bad_against(client, caplog):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    client.force_login(team.owner)

    bad = client.get(url(team, "version-diff", number=1) + "?against=x")
    missing = client.get(url(team, "version-diff", number=1) + "?against=9")

    assert bad.status_code == 400
    assert missing.status_code == 404


def test_restore_tells_the_page_the_schema_changed(client):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    client.force_login(team.editor)

    response = client.post(url(team, "version-restore", number=1))

    assert response.status_code == 302
    assert response.headers["HX-Trigger"] == '{"schema-changed": {}}'
    assert Version.objects.filter(project=team.project).count() == 2


def test_history_lists_saved_changes(client):
    team = make_team()
    schema = load_schema(team.project)
    schema.tables.append(Table(HOSTILE.replace("<", "x")))
    schema.table("users").name = "people"
    save_with_history(team.project, schema, team.editor)
    client.force_login(team.reviewer)

    response = client.get(url(team, "project-history"))

    content = response.content.decode()
    assert "Revision 1" in content
    assert "by bob" in content
    assert "Renamed table users → people" in content
    assert "&quot;x&quot;" in content


def test_review_request_and_approval(client):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    client.force_login(team.editor)

    created = client.post(
        url(team, "review-list"),
        {"version": version.pk, "reviewers": [team.reviewer.pk, team.owner.pk]},
    )
    review = Review.objects.get()
    assert created.url == url(team, "review-detail", review_id=review.pk)
    assert review.state == Review.State.OPEN

    client.force_login(team.reviewer)
    client.post(
        url(team, "review-decide", review_id=review.pk), {"decision": "approve"}
    )
    review.refresh_from_db()
    assert review.state == Review.State.OPEN

    client.force_login(team.owner)
    client.post(
        url(team, "review-decide", review_id=review.pk), {"decision": "approve"}
    )
    review.refresh_from_db()
    assert review.state == Review.State.APPROVED


def test_review_changes_requested_outweighs_approval(client):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    review = Review.objects.create(project=team.project, version=version)
    review.reviewers.set([team.reviewer, team.owner])
    client.force_login(team.owner)
    client.post(
        url(team, "review-decide", review_id=review.pk), {"decision": "approve"}
    )
    client.force_login(team.reviewer)

    client.post(
        url(team, "review-decide", review_id=review.pk),
        {"decision": "request_changes"},
    )

    review.refresh_from_db()
    assert review.state == Review.State.CHANGES_REQUESTED
    listing = client.get(url(team, "review-list")).content.decode()
    assert "Changes requested" in listing


def test_review_rejects_unknown_decision(client, caplog):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    review = Review.objects.create(project=team.project, version=version)
    review.reviewers.set([team.reviewer])
    client.force_login(team.reviewer)

    response = client.post(
        url(team, "review-decide", review_id=review.pk), {"decision": "merge"}
    )

    assert response.status_code == 422
    assert not review.verdicts.exists()


def test_review_needs_a_member_reviewer(client, caplog):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    client.force_login(team.editor)

    response = client.post(
        url(team, "review-list"),
        {"version": version.pk, "reviewers": [team.outsider.pk]},
    )

    assert response.status_code == 422
    assert not Review.objects.exists()


def test_comments_thread_on_a_field(client):
    team = make_team()
    client.force_login(team.reviewer)

    client.post(url(team, "comment-list"), {"body": HOSTILE, "target": "users.email"})
    first = Comment.objects.get()
    client.force_login(team.editor)
    client.post(url(team, "comment-list"), {"body": "Fixed", "parent": first.pk})
    reply = Comment.objects.exclude(pk=first.pk).get()
    client.post(url(team, "comment-list"), {"body": "Again", "parent": reply.pk})

    assert (first.target, first.author) == ("users.email", team.reviewer)
    assert (reply.parent, reply.target) == (first, "users.email")
    assert Comment.objects.filter(parent=first).count() == 2
    page = client.get(url(team, "comment-list") + "?target=users.email")
    content = page.content.decode()
    assert HOSTILE not in content
    assert "&lt;script&gt;" in content
    assert content.count('class="reply"') == 2


@pytest.mark.parametrize(
    "target", ["users", "users.email", "posts.seo.slug", "users#by_email", ""]
)
def test_comments_accept_existing_targets(client, target):
    team = make_team()
    client.force_login(team.reviewer)

    response = client.post(url(team, "comment-list"), {"body": "b", "target": target})

    assert response.status_code == 302
    assert Comment.objects.get().target == target


@pytest.mark.parametrize("target", ["nope", "users.nope", "users#nope", HOSTILE])
def test_comments_reject_unknown_targets(client, target, caplog):
    team = make_team()
    client.force_login(team.reviewer)

    response = client.post(url(team, "comment-list"), {"body": "b", "target": target})

    assert response.status_code == 422
    assert "is not a table, field or index of this schema." in (
        response.content.decode()
    )
    assert HOSTILE not in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_reject_parent_from_another_project(client, caplog):
    team = make_team()
    other = make_team("other")
    foreign = Comment.objects.create(project=other.project, body="x")
    client.force_login(team.reviewer)

    response = client.post(
        url(team, "comment-list"), {"body": "b", "parent": foreign.pk}
    )

    assert response.status_code == 422
    assert Comment.objects.count() == 1


def test_review_comment_targets_the_reviewed_version(client):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    schema = load_schema(team.project)
    schema.tables = [t for t in schema.tables if t.name != "posts"]
    save_with_history(team.project, schema, team.editor)
    review = Review.objects.create(project=team.project, version=version)
    client.force_login(team.reviewer)

    response = client.post(
        url(team, "comment-list"),
        {"body": "why?", "target": "posts.title", "review": review.pk},
    )

    assert response.url == url(team, "review-detail", review_id=review.pk)
    assert Comment.objects.get().review == review


def test_share_link_shows_version_without_login(client):
    team = make_team()
    version = create_version(team.project, team.owner, HOSTILE)
    client.force_login(team.editor)
    client.post(url(team, "share-create", number=1), {"expires_in_days": 7})
    link = ShareLink.objects.get()
    client.logout()

    page = client.get(reverse("share-view", args=[share_token(link)]))
    download = client.get(reverse("share-schema", args=[share_token(link)]))

    assert link.version == version
    assert timedelta(days=6) < link.expires_at - timezone.now() <= timedelta(days=7)
    assert page.status_code == 200
    assert HOSTILE not in page.content.decode()
    assert download["Content-Disposition"] == 'attachment; filename="schema.ts"'
    assert "by_authorId_and_published" in download.content.decode()


def test_share_link_stops_after_revoke(client, caplog):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    link = ShareLink.objects.create(version=version)
    client.force_login(team.editor)

    client.post(url(team, "share-revoke", link_id=link.pk))
    client.logout()

    link.refresh_from_db()
    assert link.revoked is True
    assert (
        client.get(reverse("share-view", args=[share_token(link)])).status_code == 404
    )


def test_share_link_stops_after_expiry(client, caplog):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    link = ShareLink.objects.create(
        version=version, expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("share-schema", args=[share_token(link)]))

    assert response.status_code == 404


def test_share_link_rejects_forged_tokens(client, caplog):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    link = ShareLink.objects.create(version=version)
    token = share_token(link)

    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_salt = signing.dumps(link.pk, salt="another")
    plain_id = str(link.pk)

    for forged in (tampered, other_salt, plain_id):
        response = client.get(reverse("share-view", args=[forged]))
        assert response.status_code == 404, forged
    assert signing.loads(token, salt=SALT) == link.pk


def test_share_link_rejects_bad_expiry(client, caplog):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    client.force_login(team.editor)

    response = client.post(url(team, "share-create", number=1), {"expires_in_days": 0})

    assert response.status_code == 422
    assert "greater than or equal to 1" in response.content.decode()
    assert not ShareLink.objects.exists()
