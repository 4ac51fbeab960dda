from __future__ import annotations

import pytest

from designer.editor.models import Snapshot
from designer.editor.snapshots import KEPT_SNAPSHOTS
from tests.editor.helpers import HTMX, schema_of, table_id


@pytest.mark.django_db
def test_undo_restores_a_deleted_table_with_its_fields(owner_client, project):
    before = schema_of(project).to_data()
    users = table_id(project, "users")
    owner_client.post(
        f"/projects/blog/tables/{table_id(project, 'posts')}/delete/",
        {"revision": 0},
        **HTMX,
    )

    response = owner_client.post("/projects/blog/undo/", {"revision": 1}, **HTMX)

    assert response.status_code == 200
    assert schema_of(project).to_data() == before
    assert Snapshot.objects.count() == 0
    # The table that did not change keeps its row.
    assert table_id(project, "users") == users


@pytest.mark.django_db
def test_undo_reverts_a_rename_keeping_ids(owner_client, project):
    posts = table_id(project, "posts")
    title = project.tables.get(name="posts").fields.get(name="title").pk
    owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{title}/update/",
        {"name": "headline", "type": "v.string()", "revision": 0},
        **HTMX,
    )

    owner_client.post(
        "/projects/blog/undo/", {"revision": 1, "table_id": posts}, **HTMX
    )

    table = schema_of(project).table("posts")
    assert [f.name for f in table.fields] == ["authorId", "title", "body"]
    assert table.field("title").id == title


@pytest.mark.django_db
def test_undo_steps_back_one_change_at_a_time(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "likes", "revision": 1}, **HTMX
    )

    owner_client.post("/projects/blog/undo/", {"revision": 2}, **HTMX)
    assert [t.name for t in schema_of(project).tables] == ["users", "posts", "tags"]

    owner_client.post("/projects/blog/undo/", {"revision": 3}, **HTMX)
    assert [t.name for t in schema_of(project).tables] == ["users", "posts"]


@pytest.mark.django_db
def test_undo_with_nothing_to_undo_is_422(owner_client, project):
    response = owner_client.post("/projects/blog/undo/", {"revision": 0}, **HTMX)

    assert response.status_code == 422
    assert b"There is nothing to undo." in response.content


@pytest.mark.django_db
def test_undo_on_a_stale_page_is_409(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    response = owner_client.post("/projects/blog/undo/", {"revision": 0}, **HTMX)

    assert response.status_code == 409
    assert [t.name for t in schema_of(project).tables] == ["users", "posts", "tags"]


@pytest.mark.django_db
def test_only_the_last_snapshots_are_kept(owner_client, project):
    for n in range(KEPT_SNAPSHOTS + 3):
        owner_client.post(
            "/projects/blog/tables/add/", {"name": f"t{n}", "revision": n}, **HTMX
        )

    labels = list(Snapshot.objects.values_list("label", flat=True))
    assert len(labels) == KEPT_SNAPSHOTS
    assert labels[0] == f"add table t{KEPT_SNAPSHOTS + 2}"
    assert labels[-1] == "add table t3"


@pytest.mark.django_db
def test_reviewer_cannot_undo(reviewer_client, project):
    assert (
        reviewer_client.post("/projects/blog/undo/", {"revision": 0}).status_code == 403
    )
