from __future__ import annotations

import logging

import pytest

from designer.schemas.validators import Array, Id, Member, Object, Scalar
from tests.editor.helpers import HTMX, schema_of, table_id

HOSTILE = [
    "<script>alert(1)</script>",
    'a"b',
    "back\\slash",
    "line\nbreak",
    "*/",
    "${x}",
    "名前",
]


@pytest.mark.django_db
def test_it_adds_a_table_and_sends_schema_changed(owner_client, project):
    response = owner_client.post(
        "/projects/blog/tables/add/", {"name": "comments", "revision": 0}, **HTMX
    )

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == '{"schema-changed": {}}'
    new_id = table_id(project, "comments")
    assert response.headers["HX-Push-Url"] == f"/projects/blog/tables/{new_id}/"
    assert [t.name for t in schema_of(project).tables] == ["users", "posts", "comments"]
    assert project.revision == 1
    # The other regions come along out of band, so counts update without a reload.
    assert (
        b'id="project-header" class="project-header" hx-target="#table-editor" hx-swap="outerHTML" hx-indicator="#busy" hx-swap-oob="true"'
        in response.content
    )
    assert (
        b'id="findings" class="panel findings-panel" aria-label="Findings" hx-swap-oob="true"'
        in response.content
    )


@pytest.mark.django_db
def test_plain_post_redirects_to_table(owner_client, project):
    response = owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/projects/blog/tables/{table_id(project, 'tags')}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad name",
            "Table &#x27;bad name&#x27; contains &#x27; &#x27;; only ASCII letters",
        ),
        ("_hidden", "starts with an underscore, which Convex reserves."),
        (
            "users",
            "Table &#x27;users&#x27; already exists in this project; pick another name.",
        ),
        ("", "The name of the table is missing."),
    ],
)
def test_table_add_rejects_invalid_name(owner_client, project, caplog, name, message):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = owner_client.post(
            "/projects/blog/tables/add/", {"name": name, "revision": 0}, **HTMX
        )

    assert response.status_code == 422
    assert message.encode() in response.content
    assert [t.name for t in schema_of(project).tables] == ["users", "posts"]
    assert project.revision == 0
    assert "Unprocessable Entity: /projects/blog/tables/add/" in caplog.text


@pytest.mark.django_db
def test_it_renames_a_table_and_repoints_references(owner_client, project):
    users = table_id(project, "users")
    response = owner_client.post(
        f"/projects/blog/tables/{users}/update/",
        {
            "name": "members",
            "description": "People.",
            "group": "Auth",
            "document_kind": "object",
            "revision": 0,
        },
        **HTMX,
    )

    assert response.status_code == 200
    schema = schema_of(project)
    assert schema.tables[0].name == "members"
    assert schema.tables[0].id == users
    assert schema.tables[0].group == "Auth"
    assert schema.table("posts").field("authorId").validator == Id("members")


@pytest.mark.django_db
def test_it_deletes_a_table(owner_client, project):
    response = owner_client.post(
        f"/projects/blog/tables/{table_id(project, 'posts')}/delete/",
        {"revision": 0},
        **HTMX,
    )

    assert response.status_code == 200
    assert [t.name for t in schema_of(project).tables] == ["users"]
    assert response.headers["HX-Push-Url"] == "/projects/blog/"


@pytest.mark.django_db
def test_it_adds_a_nested_field_from_type_text(owner_client, project):
    posts = table_id(project, "posts")
    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/add/",
        {
            "name": "comments",
            "type": "v.optional(v.array(v.object({ by: v.id('users'), text: v.string() })))",
            "description": "Latest comments.",
            "revision": 0,
        },
        **HTMX,
    )

    assert response.status_code == 200
    field = schema_of(project).table("posts").field("comments")
    assert field.validator == Array(
        Object((Member("by", Id("users")), Member("text", Scalar("string"))))
    )
    assert field.optional is True
    assert field.description == "Latest comments."
    # Focus lands on the next field's name after the save.
    assert b'id="new-field-name" class="mono" name="name" value=""' in response.content
    assert b'hx-include="closest form" autofocus>' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "type_text", "message"),
    [
        (
            "title",
            "v.string()",
            "Field &#x27;title&#x27; already exists in table &#x27;posts&#x27;",
        ),
        ("_id", "v.string()", "Field &#x27;_id&#x27; starts with an underscore"),
        ("likes", "v.strng()", "Unknown validator v.strng at column 1."),
        (
            "editor",
            'v.id("people")',
            "v.id(&#x27;people&#x27;) refers to a table that does not exist",
        ),
        (
            "meta",
            "v.object({ $x: v.string() })",
            "Member &#x27;$x&#x27; contains &#x27;$&#x27;",
        ),
        ("list", "v.array(", "The type ends too early; a closing bracket is missing."),
    ],
)
def test_field_add_rejects_invalid_input(
    owner_client, project, name, type_text, message
):
    posts = table_id(project, "posts")
    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/add/",
        {"name": name, "type": type_text, "revision": 0},
        **HTMX,
    )

    assert response.status_code == 422
    assert message.encode() in response.content
    assert [f.name for f in schema_of(project).table("posts").fields] == [
        "authorId",
        "title",
        "body",
    ]


@pytest.mark.django_db
def test_it_renames_a_field_and_its_index_paths(owner_client, project):
    posts = table_id(project, "posts")
    field = project.tables.get(name="posts").fields.get(name="authorId")
    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{field.pk}/update/",
        {"name": "writerId", "type": 'v.id("users")', "unique": "on", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 200
    table = schema_of(project).table("posts")
    assert table.fields[0].name == "writerId"
    assert table.fields[0].id == field.pk
    assert table.fields[0].unique is True
    assert table.indexes[0].fields == ["writerId"]


@pytest.mark.django_db
def test_it_moves_a_field_down_and_up(owner_client, project):
    posts = table_id(project, "posts")
    title = project.tables.get(name="posts").fields.get(name="title")
    url = f"/projects/blog/tables/{posts}/fields/{title.pk}/move/"

    owner_client.post(url, {"direction": "down", "revision": 0}, **HTMX)
    assert [f.name for f in schema_of(project).table("posts").fields] == [
        "authorId",
        "body",
        "title",
    ]

    owner_client.post(url, {"direction": "up", "revision": 1}, **HTMX)
    owner_client.post(url, {"direction": "up", "revision": 2}, **HTMX)
    assert [f.name for f in schema_of(project).table("posts").fields] == [
        "title",
        "authorId",
        "body",
    ]


@pytest.mark.django_db
def test_field_move_past_the_top_is_rejected(owner_client, project):
    posts = table_id(project, "posts")
    first = project.tables.get(name="posts").fields.get(name="authorId")

    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{first.pk}/move/",
        {"direction": "up", "revision": 0},
        **HTMX,
    )

    assert response.status_code == 422
    assert b"Field &#x27;authorId&#x27; cannot move up." in response.content
    assert response.headers["HX-Retarget"] == "#notice"


@pytest.mark.django_db
def test_it_deletes_a_field(owner_client, project):
    posts = table_id(project, "posts")
    body = project.tables.get(name="posts").fields.get(name="body")

    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/{body.pk}/delete/",
        {"revision": 0},
        **HTMX,
    )

    assert response.status_code == 200
    assert [f.name for f in schema_of(project).table("posts").fields] == [
        "authorId",
        "title",
    ]


@pytest.mark.django_db
def test_it_adds_and_deletes_indexes(owner_client, project):
    posts = table_id(project, "posts")
    base = f"/projects/blog/tables/{posts}"

    r1 = owner_client.post(
        f"{base}/indexes/add/",
        {"name": "by_title", "fields": "title, body", "revision": 0},
        **HTMX,
    )
    r2 = owner_client.post(
        f"{base}/search-indexes/add/",
        {
            "name": "search_body",
            "search_field": "body",
            "filter_fields": "authorId",
            "revision": 1,
        },
        **HTMX,
    )
    assert r1.status_code == 200
    assert r2.status_code == 200
    table = schema_of(project).table("posts")
    assert [(i.name, i.fields) for i in table.indexes] == [
        ("by_authorId", ["authorId"]),
        ("by_title", ["title", "body"]),
    ]
    assert [
        (i.name, i.search_field, i.filter_fields) for i in table.search_indexes
    ] == [("search_body", "body", ["authorId"])]

    r3 = owner_client.post(
        f"{base}/indexes/delete/", {"name": "search_body", "revision": 2}, **HTMX
    )
    assert r3.status_code == 200
    assert schema_of(project).table("posts").search_indexes == []


@pytest.mark.django_db
def test_vector_index_on_nested_path(owner_client, project):
    posts = table_id(project, "posts")
    base = f"/projects/blog/tables/{posts}"
    owner_client.post(
        f"{base}/fields/add/",
        {
            "name": "ai",
            "type": "v.object({ embedding: v.array(v.float64()) })",
            "revision": 0,
        },
        **HTMX,
    )

    response = owner_client.post(
        f"{base}/vector-indexes/add/",
        {
            "name": "by_embedding",
            "vector_field": "ai.embedding",
            "dimensions": 768,
            "revision": 1,
        },
        **HTMX,
    )

    assert response.status_code == 200
    index = schema_of(project).table("posts").vector_indexes[0]
    assert (index.name, index.vector_field, index.dimensions) == (
        "by_embedding",
        "ai.embedding",
        768,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "by_id", "fields": "title"},
            "Index name &#x27;by_id&#x27; is reserved",
        ),
        (
            {"name": "by_authorId", "fields": "title"},
            "Index &#x27;by_authorId&#x27; already exists",
        ),
        (
            {"name": "by_x", "fields": "missing"},
            "Table &#x27;posts&#x27; has no field &#x27;missing&#x27;.",
        ),
        (
            {"name": "by_x", "fields": "title, title"},
            "Field &#x27;title&#x27; is listed twice.",
        ),
        ({"name": "by_x", "fields": " , "}, "Pick at least one field."),
    ],
)
def test_index_add_rejects_invalid_input(owner_client, project, data, message):
    posts = table_id(project, "posts")
    response = owner_client.post(
        f"/projects/blog/tables/{posts}/indexes/add/", {**data, "revision": 0}, **HTMX
    )

    assert response.status_code == 422
    assert message.encode() in response.content
    assert project.revision == 0


def _rename_field(client, project, old: str, new: str, revision: int, **headers):
    posts = table_id(project, "posts")
    field = project.tables.get(name="posts").fields.get(name=old)
    return client.post(
        f"/projects/blog/tables/{posts}/fields/{field.pk}/update/",
        {"name": new, "type": "v.string()", "revision": revision},
        **headers,
    )


@pytest.mark.django_db
def test_stale_edit_of_same_field_is_409(owner_client, project):
    _rename_field(owner_client, project, "title", "headline", 0, **HTMX)

    response = _rename_field(owner_client, project, "headline", "heading", 0, **HTMX)

    assert response.status_code == 409
    assert b"Someone else changed the same element of Blog" in response.content
    assert b"alice saved revision 1" in response.content
    assert "Renamed field posts.title → posts.headline".encode() in response.content
    assert response.headers["HX-Retarget"] == "#notice"
    assert schema_of(project).table("posts").field("headline") is not None
    assert project.revision == 1


@pytest.mark.django_db
def test_stale_edit_without_htmx_is_a_409_page(owner_client, project):
    _rename_field(owner_client, project, "title", "headline", 0)

    response = _rename_field(owner_client, project, "headline", "heading", 0)

    assert response.status_code == 409
    assert b"Reload to see the latest version" in response.content


@pytest.mark.django_db
def test_stale_page_still_adds_a_table(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    response = owner_client.post(
        "/projects/blog/tables/add/", {"name": "likes", "revision": 0}, **HTMX
    )

    assert response.status_code == 200
    assert [t.name for t in schema_of(project).tables] == [
        "users",
        "posts",
        "tags",
        "likes",
    ]
    assert project.revision == 2


@pytest.mark.django_db
def test_stale_edit_of_other_field_keeps_both(owner_client, project):
    _rename_field(owner_client, project, "title", "headline", 0, **HTMX)

    response = _rename_field(owner_client, project, "body", "text", 0, **HTMX)

    assert response.status_code == 200
    posts = schema_of(project).table("posts")
    assert posts.field("headline") is not None
    assert posts.field("text") is not None
    assert posts.field("title") is None


@pytest.mark.django_db
def test_stale_add_with_clashing_name_is_422(owner_client, project):
    owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    response = owner_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}, **HTMX
    )

    assert response.status_code == 422
    assert [t.name for t in schema_of(project).tables] == ["users", "posts", "tags"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_escaped_or_rejected(owner_client, project, name):
    posts = table_id(project, "posts")
    response = owner_client.post(
        f"/projects/blog/tables/{posts}/fields/add/",
        {
            "name": "note",
            "type": f"v.literal({_js_string(name)})",
            "description": name,
            "revision": 0,
        },
        **HTMX,
    )
    assert response.status_code == 200
    page = owner_client.get(f"/projects/blog/tables/{posts}/").content.decode()
    rejected = owner_client.post(
        "/projects/blog/tables/add/", {"name": name, "revision": 1}, **HTMX
    )

    assert "<script>alert(1)</script>" not in page
    assert rejected.status_code == 422
    assert "<script>alert(1)</script>" not in rejected.content.decode()
    assert schema_of(project).table("posts").field("note").description == name


def _js_string(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.mark.django_db
def test_reviewer_may_read_but_not_edit(reviewer_client, project):
    posts = table_id(project, "posts")

    page = reviewer_client.get(f"/projects/blog/tables/{posts}/")
    response = reviewer_client.post(
        f"/projects/blog/tables/{posts}/fields/add/",
        {"name": "x", "type": "v.string()", "revision": 0},
    )

    assert page.status_code == 200
    assert b"Add a field" not in page.content
    assert response.status_code == 403
    assert project.revision == 0


@pytest.mark.django_db
def test_editor_may_edit(editor_client, project):
    response = editor_client.post(
        "/projects/blog/tables/add/", {"name": "tags", "revision": 0}
    )

    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/projects/blog/",
        "/projects/blog/tables/{posts}/",
        "/projects/blog/findings/",
    ],
)
def test_non_member_gets_404_on_pages(outsider_client, project, path):
    response = outsider_client.get(path.format(posts=table_id(project, "posts")))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "tables/add/",
        "tables/{posts}/update/",
        "tables/{posts}/delete/",
        "tables/{posts}/fields/add/",
        "tables/{posts}/fields/{title}/update/",
        "tables/{posts}/fields/{title}/delete/",
        "tables/{posts}/fields/{title}/move/",
        "tables/{posts}/indexes/add/",
        "tables/{posts}/indexes/delete/",
        "tables/{posts}/search-indexes/add/",
        "tables/{posts}/vector-indexes/add/",
        "validate/",
        "findings/fix/",
        "findings/suppress/",
        "undo/",
        "settings/rules/",
        "settings/suppressions/remove/",
    ],
)
def test_mutations_reject_get_and_outsiders(
    owner_client, outsider_client, project, path
):
    ids = {
        "posts": table_id(project, "posts"),
        "title": project.tables.get(name="posts").fields.get(name="title").pk,
    }
    url = "/projects/blog/" + path.format(**ids)

    assert owner_client.get(url).status_code == 405
    assert outsider_client.post(url, {"revision": 0, "name": "x"}).status_code == 404


@pytest.mark.django_db
def test_unknown_table_is_404(owner_client, project):
    assert owner_client.get("/projects/blog/tables/999999/").status_code == 404


@pytest.mark.django_db
def test_table_edit_htmx_returns_editor(owner_client, project):
    posts = table_id(project, "posts")

    response = owner_client.get(f"/projects/blog/tables/{posts}/", **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="table-editor"')
    assert 'class="current" aria-current="page">posts</a>' in html
    assert "<html" not in html


@pytest.mark.django_db
def test_field_update_keeps_member_descriptions(owner_client, project):
    from designer.schemas import store
    from designer.schemas.validators import Scalar

    schema = schema_of(project)
    users = schema.table("users")
    users.field("email").validator = Object(
        (Member("address", Scalar("string"), description="Where mail goes."),)
    )
    store.save_schema(project, schema)
    email = project.tables.get(name="users").fields.get(name="email").pk

    response = owner_client.post(
        f"/projects/blog/tables/{users.id}/fields/{email}/update/",
        {
            "name": "email",
            "type": "v.object({ address: v.string(), verified: v.boolean() })",
            "revision": 1,
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert schema_of(project).table("users").field("email").validator == Object(
        (
            Member("address", Scalar("string"), description="Where mail goes."),
            Member("verified", Scalar("boolean")),
        )
    )
