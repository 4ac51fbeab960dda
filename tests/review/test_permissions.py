"""Every URL of the accounts and review apps against every kind of visitor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from designer.accounts.models import Membership
from designer.review.models import Review, ShareLink
from designer.review.snapshots import create_version
from designer.review.views.sharing import share_token
from tests.review.helpers import make_team

pytestmark = pytest.mark.django_db

ROLES = ["owner", "editor", "reviewer", "outsider", "anonymous"]

# Expected status per role, in the order of ROLES. A visitor who is not
# logged in is redirected to the login page (302).
READ = (200, 200, 200, 404, 302)
EDIT = (302, 302, 403, 404, 302)
OWN = (302, 403, 403, 404, 302)
COMMENT = (302, 302, 302, 404, 302)
# Only the reviewers asked for a review may decide on it.
DECIDE = (403, 403, 302, 404, 302)
PUBLIC = (200, 200, 200, 200, 200)

CASES = [
    ("project-members", "get", lambda s: {"slug": s.slug}, {}, READ),
    (
        "member-add",
        "post",
        lambda s: {"slug": s.slug},
        lambda s: {"username": s.outsider.username, "role": "reviewer"},
        OWN,
    ),
    (
        "member-role",
        "post",
        lambda s: {"slug": s.slug, "member_id": s.editor_member},
        {"role": "reviewer"},
        OWN,
    ),
    (
        "member-remove",
        "post",
        lambda s: {"slug": s.slug, "member_id": s.editor_member},
        {},
        OWN,
    ),
    ("version-list", "get", lambda s: {"slug": s.slug}, {}, READ),
    ("version-list", "post", lambda s: {"slug": s.slug}, {"name": "Next"}, EDIT),
    ("version-detail", "get", lambda s: {"slug": s.slug, "number": 1}, {}, READ),
    ("version-diff", "get", lambda s: {"slug": s.slug, "number": 1}, {}, READ),
    ("version-restore", "post", lambda s: {"slug": s.slug, "number": 1}, {}, EDIT),
    ("share-create", "post", lambda s: {"slug": s.slug, "number": 1}, {}, EDIT),
    (
        "share-revoke",
        "post",
        lambda s: {"slug": s.slug, "link_id": s.link.pk},
        {},
        EDIT,
    ),
    ("review-list", "get", lambda s: {"slug": s.slug}, {}, READ),
    (
        "review-list",
        "post",
        lambda s: {"slug": s.slug},
        lambda s: {"version": s.version.pk, "reviewers": [s.reviewer.pk]},
        EDIT,
    ),
    (
        "review-detail",
        "get",
        lambda s: {"slug": s.slug, "review_id": s.review.pk},
        {},
        READ,
    ),
    (
        "review-decide",
        "post",
        lambda s: {"slug": s.slug, "review_id": s.review.pk},
        {"decision": "approve"},
        DECIDE,
    ),
    ("comment-list", "get", lambda s: {"slug": s.slug}, {}, READ),
    (
        "comment-list",
        "post",
        lambda s: {"slug": s.slug},
        {"body": "Looks good", "target": "users.email"},
        COMMENT,
    ),
    ("project-history", "get", lambda s: {"slug": s.slug}, {}, READ),
    ("share-view", "get", lambda s: {"token": share_token(s.link)}, {}, PUBLIC),
    ("share-schema", "get", lambda s: {"token": share_token(s.link)}, {}, PUBLIC),
    ("share-diagram", "get", lambda s: {"token": share_token(s.link)}, {}, PUBLIC),
]


class Setup:
    def __init__(self) -> None:
        team = make_team()
        self.team = team
        self.slug = team.project.slug
        self.outsider = team.outsider
        self.reviewer = team.reviewer
        self.editor_member = Membership.objects.get(user=team.editor).pk
        self.version = create_version(team.project, team.owner, "Start")
        self.link = ShareLink.objects.create(
            version=self.version, created_by=team.owner
        )
        self.review = Review.objects.create(
            project=team.project, version=self.version, requested_by=team.editor
        )
        self.review.reviewers.set([team.reviewer])


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(name, method, kwargs, data, expected, role, caplog):
    setup = Setup()
    client = Client()
    person = setup.team.person(role)
    if person is not None:
        client.force_login(person)
    url = reverse(name, kwargs=kwargs(setup))
    payload = data(setup) if callable(data) else data

    response = getattr(client, method)(url, payload)

    assert response.status_code == expected[ROLES.index(role)]
    if role == "anonymous" and expected is not PUBLIC:
        assert response["Location"].startswith("/accounts/login/?next=/projects/")


POST_ONLY = [
    ("member-add", lambda s: {"slug": s.slug}),
    ("member-role", lambda s: {"slug": s.slug, "member_id": s.editor_member}),
    ("member-remove", lambda s: {"slug": s.slug, "member_id": s.editor_member}),
    ("version-restore", lambda s: {"slug": s.slug, "number": 1}),
    ("share-create", lambda s: {"slug": s.slug, "number": 1}),
    ("share-revoke", lambda s: {"slug": s.slug, "link_id": s.link.pk}),
    ("review-decide", lambda s: {"slug": s.slug, "review_id": s.review.pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), POST_ONLY, ids=[c[0] for c in POST_ONLY])
def test_it_rejects_get_on_changes(name, kwargs, client, caplog):
    setup = Setup()
    client.force_login(setup.team.owner)

    response = client.get(reverse(name, kwargs=kwargs(setup)))

    assert response.status_code == 405
