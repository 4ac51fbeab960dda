"""The workspace's links to the team pages, and review comments beside elements."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from designer.accounts.models import Role
from designer.review.models import Comment, Version
from designer.review.snapshots import create_version
from tests.editor.helpers import HTMX, member, table_id


class _CommentCounts(HTMLParser):
    """Collect the count shown in each comment menu and table list pill."""

    def __init__(self) -> None:
        super().__init__()
        self.menus: dict[str, str] = {}
        self.pills: dict[str, str] = {}
        self._menu = ""
        self._in_number = False
        self._pill = ""

    def handle_starttag(self, tag, attrs) -> None:
        data = dict(attrs)
        classes = (data.get("class") or "").split()
        if tag == "details" and "comment-menu" in classes:
            self._menu = data["data-target"]
            self.menus[self._menu] = ""
        elif tag == "span" and "comment-number" in classes:
            self._in_number = True
        elif tag == "a" and "comment-pill" in classes:
            self._pill = data["href"].split("target=")[1]
            self.pills[self._pill] = ""

    def handle_endtag(self, tag) -> None:
        if tag == "span":
            self._in_number = False
        elif tag == "details":
            self._menu = ""
        elif tag == "a":
            self._pill = ""

    def handle_data(self, data) -> None:
        if self._in_number and self._menu:
            self.menus[self._menu] += data
        elif self._pill and not self.pills[self._pill]:
            # The first text is the count, and a visually hidden noun follows it.
            self.pills[self._pill] = data.strip()


def _counts(html: str) -> _CommentCounts:
    parser = _CommentCounts()
    parser.feed(html)
    return parser


def _comment(project, author: User, target: str, body: str = "Why?", **extra):
    return Comment.objects.create(
        project=project, author=author, target=target, body=body, **extra
    )


@pytest.mark.django_db
def test_owner_workspace_links_every_team_page(owner_client, project):
    html = owner_client.get("/projects/blog/").content.decode()

    for name in ("version-list", "review-list", "project-history", "comment-list"):
        assert f'href="{reverse(name, args=["blog"])}"' in html
    assert f'href="{reverse("project-members", args=["blog"])}">Members</a>' in html
    assert f'action="{reverse("version-list", args=["blog"])}"' in html


@pytest.mark.django_db
def test_reviewer_workspace_hides_owner_and_editor_actions(reviewer_client, project):
    html = reviewer_client.get("/projects/blog/").content.decode()

    assert f'href="{reverse("project-history", args=["blog"])}"' in html
    assert f'href="{reverse("version-list", args=["blog"])}"' in html
    assert reverse("project-members", args=["blog"]) not in html
    assert f'action="{reverse("version-list", args=["blog"])}"' not in html
    assert reverse("project-settings", args=["blog"]) not in html


@pytest.mark.django_db
def test_save_version_from_the_header(owner_client, project):
    response = owner_client.post(
        reverse("version-list", args=["blog"]), {"name": "Before tags"}
    )

    version = Version.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("version-detail", args=["blog", 1])
    assert (version.number, version.name) == (1, "Before tags")


@pytest.mark.django_db
def test_tab_counts_open_reviews_and_comments(owner_client, project, alice):
    version = create_version(project, alice, name="First")
    reviewer = member(project, "bob", Role.REVIEWER)
    review = project.reviews.create(version=version, requested_by=alice)
    review.reviewers.set([reviewer])
    _comment(project, reviewer, "users")

    html = owner_client.get("/projects/blog/").content.decode()

    assert 'Reviews <span class="count">1</span>' in html
    assert 'Comments <span class="count">1</span>' in html


@pytest.mark.django_db
def test_counts_beside_tables_and_fields(owner_client, project, alice):
    first = _comment(project, alice, "posts.title")
    _comment(project, alice, "posts.title", "Agreed.", parent=first)
    _comment(project, alice, "posts#by_authorId")
    _comment(project, alice, "users")
    posts = table_id(project, "posts")

    html = owner_client.get(f"/projects/blog/tables/{posts}/").content.decode()

    counts = _counts(html)
    assert counts.pills == {"posts": "3", "users": "1"}
    assert counts.menus == {
        "posts": "3",
        "posts.authorId": "",
        "posts.title": "2",
        "posts.body": "",
    }
    assert 'href="/projects/blog/comments/?target=posts.title"' in html


@pytest.mark.django_db
def test_counts_follow_an_htmx_save(owner_client, project, alice):
    _comment(project, alice, "posts.body")
    posts = table_id(project, "posts")

    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/add/",
        {"name": "tags", "type": "v.array(v.string())", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 200
    assert _counts(response.content.decode()).menus["posts.body"] == "1"


@pytest.mark.django_db
def test_thread_of_a_table_includes_its_fields(owner_client, project, alice):
    _comment(project, alice, "posts.title", "On the title.")
    _comment(project, alice, "posts", "On the table.")
    _comment(project, alice, "postsArchive", "On another table.")
    _comment(project, alice, "users.email", "On users.")

    table = owner_client.get("/projects/blog/comments/?target=posts").content
    field = owner_client.get("/projects/blog/comments/?target=posts.title").content

    assert b"On the title." in table
    assert b"On the table." in table
    assert b"On another table." not in table
    assert b"On users." not in table
    assert b"On the title." in field
    assert b"On the table." not in field


@pytest.mark.django_db
def test_reviewer_comments_from_the_workspace(reviewer_client, project):
    posts = table_id(project, "posts")
    table_page = f"/projects/blog/tables/{posts}/"

    response = reviewer_client.post(
        "/projects/blog/comments/",
        {"target": "posts.title", "body": "Should this be unique?", "next": table_page},
    )
    page = reviewer_client.get(table_page).content.decode()

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == table_page
    assert (comment.author.username, comment.target) == ("bob", "posts.title")
    assert _counts(page).menus["posts.title"] == "1"


@pytest.mark.django_db
def test_reviewer_still_cannot_edit(reviewer_client, project):
    posts = table_id(project, "posts")
    title = project.tables.get(name="posts").fields.get(name="title").pk

    response = reviewer_client.post(
        f"/projects/blog/tables/{posts}/fields/{title}/update/",
        {"name": "headline", "type": "v.string()", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/x", ""]
)
def test_comment_ignores_a_foreign_next(owner_client, project, next_url):
    response = owner_client.post(
        "/projects/blog/comments/",
        {"target": "posts.title", "body": "Hm.", "next": next_url},
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"/projects/blog/comments/?target=posts.title#comment-{comment.pk}"
    )


@pytest.mark.django_db
def test_hostile_target_is_rejected_and_escaped(owner_client, project):
    response = owner_client.post(
        "/projects/blog/comments/",
        {"target": '<script>alert("x")</script>', "body": "Hm.", "next": "/"},
    )

    assert response.status_code == 422
    assert b"<script>alert" not in response.content
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_renamed_field_keeps_its_comments(owner_client, project, alice):
    version = create_version(project, alice, name="First")
    review = project.reviews.create(version=version, requested_by=alice)
    _comment(project, alice, "posts.title", "Loose.")
    _comment(project, alice, "posts.title", "In the review.", review=review)
    posts = table_id(project, "posts")
    title = project.tables.get(name="posts").fields.get(name="title").pk

    owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{title}/update/",
        {"name": "headline", "type": "v.string()", "revision": 0},
        **HTMX,
    )

    targets = dict(Comment.objects.values_list("body", "target"))
    assert targets == {"Loose.": "posts.headline", "In the review.": "posts.title"}


@pytest.mark.django_db
def test_renamed_table_moves_comments_inside_it(owner_client, project, alice):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "Comment", "revision": 0}, **HTMX
    )
    _comment(project, alice, "Comment", "Table.")
    _comment(project, alice, "CommentDraft", "Other table.")
    comment_table = table_id(project, "Comment")

    owner_client.post(
        "/projects/blog/findings/fix/",
        {
            "code": "STD001",
            "location": "Comment",
            "table_id": comment_table,
            "revision": 1,
        },
        **HTMX,
    )

    targets = dict(Comment.objects.values_list("body", "target"))
    assert targets == {"Table.": "comments", "Other table.": "CommentDraft"}
