from __future__ import annotations

import pytest

from designer.schemas.schema import Suppression
from tests.editor.helpers import HTMX, schema_of, table_id


@pytest.mark.django_db
def test_validate_shows_plural_warning_before_saving(owner_client, project):
    response = owner_client.post(
        "/projects/blog/validate/",
        {"edit": "table-add", "name": "Comment", "revision": 0},
        **HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Table <code>Comment</code> should have a plural, camelCase name such as "
        "<code>comments</code>." in html
    )
    assert (
        "After saving you can apply the fix: Rename to <code>comments</code>." in html
    )
    assert [t.name for t in schema_of(project).tables] == ["users", "posts"]
    assert project.revision == 0


@pytest.mark.django_db
def test_validate_shows_form_errors(owner_client, project):
    posts = table_id(project, "posts")
    response = owner_client.post(
        "/projects/blog/validate/",
        {
            "edit": "field-add",
            "table_id": posts,
            "name": "x",
            "type": "v.array(v.string()",
            "revision": 0,
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert (
        b'<p class="field-error">The type ends too early; a closing bracket is missing.</p>'
        in response.content
    )


@pytest.mark.django_db
def test_validate_of_a_clean_field_says_so(owner_client, project):
    users = table_id(project, "users")
    field = project.tables.get(name="users").fields.get(name="email")
    response = owner_client.post(
        "/projects/blog/validate/",
        {
            "edit": "field-update",
            "table_id": users,
            "element_id": field.pk,
            "name": "email",
            "type": "v.string()",
            "revision": 0,
        },
        **HTMX,
    )

    assert b'<p class="ok">No problems found.</p>' in response.content


@pytest.mark.django_db
def test_validate_rejects_unknown_edit(owner_client, project):
    response = owner_client.post(
        "/projects/blog/validate/", {"edit": "drop-everything"}
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_validate_needs_edit_rights(reviewer_client, project):
    response = reviewer_client.post(
        "/projects/blog/validate/", {"edit": "table-add", "name": "x"}
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_fix_renames_the_table(owner_client, project):
    added = owner_client.post(
        "/projects/blog/tables/add/", {"name": "Comment", "revision": 0}, **HTMX
    )
    comment = table_id(project, "Comment")

    response = owner_client.post(
        "/projects/blog/findings/fix/",
        {"code": "STD001", "location": "Comment", "table_id": comment, "revision": 1},
        **HTMX,
    )

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == '{"schema-changed": {}}'
    assert [t.name for t in schema_of(project).tables] == ["users", "posts", "comments"]
    assert project.tables.get(pk=comment).name == "comments"
    assert b"Table <code>Comment</code> should have a plural" in added.content
    assert b"Table <code>Comment</code> should have a plural" not in response.content


@pytest.mark.django_db
def test_fix_of_a_vanished_finding_is_422(owner_client, project):
    response = owner_client.post(
        "/projects/blog/findings/fix/",
        {"code": "STD001", "location": "Nope", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        b"There is no fixable finding STD001 at &#x27;Nope&#x27; any more."
        in response.content
    )


@pytest.mark.django_db
def test_suppress_needs_a_reason(owner_client, project):
    response = owner_client.post(
        "/projects/blog/findings/suppress/",
        {"code": "STD001", "location": "users", "reason": "", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 422
    assert b"Give a reason, so reviewers know why it is fine." in response.content
    assert schema_of(project).suppressions == []


@pytest.mark.django_db
def test_suppress_hides_the_finding(owner_client, project):
    added = owner_client.post(
        "/projects/blog/tables/add/", {"name": "Post", "revision": 0}, **HTMX
    )

    response = owner_client.post(
        "/projects/blog/findings/suppress/",
        {
            "code": "STD001",
            "location": "Post",
            "reason": "Matches an old API.",
            "revision": 1,
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert schema_of(project).suppressions == [
        Suppression("STD001", "Post", "Matches an old API.")
    ]
    assert b"Table <code>Post</code> should have a plural" in added.content
    assert b"Table <code>Post</code> should have a plural" not in response.content


@pytest.mark.django_db
def test_findings_panel_filters(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "Post", "revision": 0}, **HTMX
    )

    response = owner_client.get("/projects/blog/findings/?rule=STD001", **HTMX)
    plain = owner_client.get("/projects/blog/findings/?rule=STD001")

    html = response.content.decode()
    assert html.lstrip().startswith('<aside id="findings"')
    assert html.count('<li class="finding ') == 1
    assert plain.status_code == 302
    assert plain["Location"] == "/projects/blog/?rule=STD001"


@pytest.mark.django_db
def test_workspace_shows_diagram_container(owner_client, project):
    response = owner_client.get("/projects/blog/")

    assert b'id="diagram"' in response.content
