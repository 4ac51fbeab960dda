"""Every change saved through the editor is recorded in the project's history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from designer.review.models import Change
from tests.editor.helpers import HTMX, table_id


def _history(project) -> list[tuple[int, str, str]]:
    """Return (revision, username, summary) of each history entry, newest first."""
    return [
        (c.revision, c.user.username if c.user else "", c.summary)
        for c in Change.objects.filter(project=project)
    ]


@pytest.mark.django_db
def test_field_edit_appears_in_project_history(owner_client, project):
    posts = table_id(project, "posts")
    title = project.tables.get(name="posts").fields.get(name="title").pk

    owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{title}/update/",
        {"name": "headline", "type": "v.string()", "revision": 0},
        **HTMX,
    )
    page = owner_client.get(reverse("project-history", args=["blog"]))

    html = page.content.decode()
    assert _history(project) == [
        (1, "alice", "Renamed field posts.title → posts.headline.")
    ]
    assert page.status_code == 200
    assert "<strong>Revision 1</strong> by alice" in html
    assert "Renamed field posts.title → posts.headline." in html


@pytest.mark.django_db
def test_added_table_records_its_author(editor_client, project):
    editor_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    assert _history(project) == [(1, "carol", "Added table tags.")]


@pytest.mark.django_db
def test_fix_and_undo_are_recorded(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "Comment", "revision": 0}, **HTMX
    )
    owner_client.post(
        "/projects/blog/findings/fix/",
        {
            "code": "STD001",
            "location": "Comment",
            "table_id": table_id(project, "Comment"),
            "revision": 1,
        },
        **HTMX,
    )

    owner_client.post("/projects/blog/undo/", {"revision": 2}, **HTMX)

    assert _history(project) == [
        (3, "alice", "Renamed table comments → Comment."),
        (2, "alice", "Renamed table Comment → comments."),
        (1, "alice", "Added table Comment."),
    ]


@pytest.mark.django_db
def test_suppression_is_recorded_by_its_label(owner_client, project):
    owner_client.post(
        "/projects/blog/findings/suppress/",
        {
            "code": "STD001",
            "location": "users",
            "reason": "Matches an old API.",
            "revision": 0,
        },
        **HTMX,
    )

    assert _history(project) == [(1, "alice", "Suppress STD001 at users.")]


@pytest.mark.django_db
def test_settings_save_is_recorded(owner_client, project):
    owner_client.post(
        "/projects/blog/settings/rules/",
        {"severity-CVX001": "warning", "enabled-CVX001": "on", "revision": 0},
    )

    assert _history(project) == [(1, "alice", "Edit rule settings.")]


@pytest.mark.django_db
def test_stale_edit_is_409_and_recorded_nowhere(owner_client, project):
    users = project.tables.get(name="users").pk
    url = f"/projects/blog/tables/{users}/update/"
    owner_client.post(url, {"name": "members", "revision": 0}, **HTMX)

    response = owner_client.post(url, {"name": "people", "revision": 0}, **HTMX)

    assert response.status_code == 409
    assert _history(project) == [
        (
            1,
            "alice",
            "Renamed table users → members; changed id target posts.authorId: "
            "id<users> → id<members>.",
        )
    ]


@pytest.mark.django_db
def test_stale_undo_is_409_and_recorded_nowhere(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    response = owner_client.post("/projects/blog/undo/", {"revision": 0}, **HTMX)

    assert response.status_code == 409
    assert [entry[0] for entry in _history(project)] == [1]
