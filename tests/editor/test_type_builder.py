from __future__ import annotations

import json
import re

import pytest

from designer.accounts.models import Membership, Role
from designer.editor import typebuilder
from designer.editor.typesyntax import parse_type
from designer.schemas import store
from designer.schemas.schema import Schema, Table
from tests.editor.helpers import HTMX

BUILDER = "/projects/blog/type-builder/"
ROOT = {"root": "t-new", "for": "new-field-type"}


def _names(html: str, prefix: str) -> list[str]:
    """Return the input names under ``prefix`` in ``html``, in page order."""
    return re.findall(rf'name="({re.escape(prefix)}[^"]*)"', html)


@pytest.mark.django_db
def test_builder_shows_the_type_of_the_text(owner_client, project):
    text = 'v.array(v.object({ name: v.string(), ownerId: v.id("users") }))'
    response = owner_client.get(BUILDER, {**ROOT, "type": text}, **HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<option value="array" selected>List of items (array)</option>' in html
    assert '<option value="object" selected>' in html
    assert re.search(r'name="t-new\.e\.m[0-9a-f]{6}\.name" value="name"', html)
    assert re.search(r'name="t-new\.e\.m[0-9a-f]{6}\.name" value="ownerId"', html)
    assert '<option value="users" selected>users</option>' in html
    assert f"Type: <code>{text.replace(chr(34), '&quot;')}</code>" in html
    assert '<label class="tb-label" for="tb-t-new-e-kind">Each item is</label>' in html


@pytest.mark.django_db
def test_builder_resets_on_unreadable_text(owner_client, project):
    response = owner_client.get(BUILDER, {**ROOT, "type": "v.array("}, **HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert (
        "The type box could not be read, so the builder starts from text: "
        "The type ends too early; a closing bracket is missing." in html
    )
    assert '<option value="string" selected>Text (string)</option>' in html


@pytest.mark.django_db
def test_builder_keeps_an_optional_wrapper(owner_client, project):
    response = owner_client.get(
        BUILDER, {**ROOT, "type": "v.optional(v.number())"}, **HTMX
    )

    assert '<input type="hidden" name="_optional" value="1">' in response.text
    assert "Type: <code>v.optional(v.number())</code>" in response.text


@pytest.mark.django_db
def test_builder_refuses_a_type_deeper_than_convex_allows(owner_client, project):
    text = "v.array(" * 17 + "v.string()" + ")" * 17
    response = owner_client.get(BUILDER, {**ROOT, "type": text}, **HTMX)

    assert response.status_code == 200
    assert "nested deeper than 16 levels. Edit it as text." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"root": "x", "for": "new-field-type"},
        {"root": "t-new", "for": '"><script>'},
        {"root": "t-new"},
    ],
)
def test_builder_rejects_bad_roots_and_targets(owner_client, project, query):
    response = owner_client.get(BUILDER, query, **HTMX)

    assert response.status_code == 400
    assert response.text == "The builder needs a valid root and type input id."


@pytest.mark.django_db
def test_node_view_renders_the_children_of_a_kind(owner_client, project):
    response = owner_client.get(
        f"{BUILDER}node/",
        {"prefix": "t-new.e", "role": "item", "t-new.e": "record"},
        **HTMX,
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert response.headers["HX-Trigger-After-Settle"] == '{"builder-changed": {}}'
    assert _names(html, "t-new.e.") == ["t-new.e.k", "t-new.e.v"]
    assert '<label class="tb-label" for="tb-t-new-e-k-kind">Keys are</label>' in html
    assert '<label class="tb-label" for="tb-t-new-e-v-kind">Values are</label>' in html


@pytest.mark.django_db
def test_node_view_union_defaults(owner_client, project):
    response = owner_client.get(
        f"{BUILDER}node/", {"prefix": "t-new", "t-new": "union"}, **HTMX
    )
    options = re.findall(
        r'name="(t-new\.u[0-9a-f]{6})".*?<option value="(\w+)" selected>',
        response.text,
        re.S,
    )

    assert [kind for _, kind in options] == ["string", "null"]
    assert "+ Add an option" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"prefix": "t-new.x", "t-new.x": "array"},
        {"prefix": "t-new" + ".e" * 17, "role": "item"},
        {"prefix": "t-new", "role": "nonsense"},
    ],
)
def test_node_view_rejects_bad_prefixes(owner_client, project, query):
    response = owner_client.get(f"{BUILDER}node/", query, **HTMX)

    assert response.status_code == 400
    assert response.text == "The chooser's prefix or role is invalid."


@pytest.mark.django_db
def test_add_view_returns_a_focused_member_row(owner_client, project):
    response = owner_client.get(
        f"{BUILDER}add/", {"parent": "t-new", "what": "member"}, **HTMX
    )
    names = _names(response.text, "t-new.")

    assert response.status_code == 200
    assert len(names) == 3
    assert re.fullmatch(r"t-new\.m[0-9a-f]{6}\.name", names[0])
    assert names[1] == names[0].replace(".name", ".opt")
    assert names[2] == names[0].replace(".name", ".t")
    assert 'placeholder="e.g. name" maxlength="64" autofocus>' in response.text


@pytest.mark.django_db
def test_add_view_gives_each_option_its_own_name(owner_client, project):
    first, second = (
        owner_client.get(f"{BUILDER}add/", {"parent": "t-new", "what": "option"})
        for _ in range(2)
    )

    assert _names(first.text, "t-new.u") != _names(second.text, "t-new.u")
    assert 'class="kind-select" autofocus' in first.text


@pytest.mark.django_db
def test_text_view_sends_the_text(owner_client, project):
    query = {
        "_root": "t-new",
        "_for": "new-field-type",
        "t-new": "array",
        "t-new.e": "object",
        "t-new.e.m00000a.name": "name",
        "t-new.e.m00000a.t": "string",
        "t-new.e.m00000b.name": "ownerId",
        "t-new.e.m00000b.opt": "on",
        "t-new.e.m00000b.t": "id",
        "t-new.e.m00000b.t.table": "users",
    }
    response = owner_client.get(f"{BUILDER}text/", query, **HTMX)
    text = 'v.array(v.object({ name: v.string(), ownerId: v.optional(v.id("users")) }))'

    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger"]) == {
        "type-built": {"input": "new-field-type", "text": text}
    }
    assert parse_type(text)[0] == typebuilder.validator_from_params(query, "t-new")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"t-new": "id"}, "The type is a reference: pick the table it points to."),
        (
            {
                "t-new": "array",
                "t-new.e": "object",
                "t-new.e.m00000a.name": "a",
                "t-new.e.m00000a.t": "id",
            },
            "The type, each item, member &#x27;a&#x27;, is a reference: "
            "pick the table it points to.",
        ),
        (
            {"t-new": "array", "t-new.e": "literal", "t-new.e.ltype": "number"},
            "The type, each item, is a number: type one such as 3 or 2.5.",
        ),
        (
            {"t-new": "object", "t-new.m00000a.name": " "},
            "The type, member 1, needs a name.",
        ),
        (
            {
                "t-new": "object",
                "t-new.m00000a.name": "a",
                "t-new.m00000b.name": "a",
            },
            "The type has two members named &#x27;a&#x27;.",
        ),
        (
            {"t-new": "union", "t-new.u00000a": "literal", "t-new.u00000a.value": "x"}
            | {"t-new.u00000a.ltype": "bigint"},
            "The type, option 1, is a big whole number: type digits only, such as 42.",
        ),
    ],
)
def test_text_view_says_what_is_missing(owner_client, project, inputs, message):
    query = {"_root": "t-new", "_for": "new-field-type", **inputs}
    response = owner_client.get(f"{BUILDER}text/", query, **HTMX)

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    assert response.text == f'<span class="field-error">{message}</span>'


@pytest.mark.django_db
def test_text_view_writes_every_literal_type(owner_client, project):
    query = {"_root": "t-1", "_for": "field-type-1", "t-1": "union"}
    for token, (value, literal_type) in zip(
        ("00000a", "00000b", "00000c", "00000d"),
        (("it's", "string"), ("2.5", "number"), ("TRUE", "boolean"), ("-7", "bigint")),
        strict=True,
    ):
        query |= {
            f"t-1.u{token}": "literal",
            f"t-1.u{token}.value": value,
            f"t-1.u{token}.ltype": literal_type,
        }
    response = owner_client.get(f"{BUILDER}text/", query, **HTMX)

    assert json.loads(response.headers["HX-Trigger"])["type-built"]["text"] == (
        'v.union(v.literal("it\'s"), v.literal(2.5), v.literal(true), v.literal(-7n))'
    )


@pytest.mark.django_db
def test_builder_escapes_hostile_table_names(alice, owner_client):
    hostile = ["<script>alert(1)</script>", 'a"b', "x'}<img src=x>"]
    created = store.create_project(
        Schema("Odd", tables=[Table(name) for name in hostile]), slug="odd"
    )
    Membership.objects.create(project=created, user=alice, role=Role.OWNER)
    response = owner_client.get(
        "/projects/odd/type-builder/node/",
        {"prefix": "t-new", "t-new": "id"},
        **HTMX,
    )
    typed = owner_client.get(
        "/projects/odd/type-builder/",
        {**ROOT, "type": 'v.id("</select><script>x()</script>")'},
        **HTMX,
    )

    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "<img" not in response.text
    assert (
        '<option value="&lt;script&gt;alert(1)&lt;/script&gt;">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</option>" in response.text
    )
    assert '<option value="a&quot;b">a&quot;b</option>' in response.text
    assert "<script>" not in typed.text
    assert "(not in this project)" in typed.text


@pytest.mark.django_db
def test_builder_views_are_for_members_only(outsider_client, project):
    response = outsider_client.get(BUILDER, ROOT, **HTMX)

    assert response.status_code == 404


@pytest.mark.django_db
def test_reviewers_may_use_the_builder(reviewer_client, project):
    response = reviewer_client.get(BUILDER, ROOT, **HTMX)

    assert response.status_code == 200


@pytest.mark.django_db
def test_builder_views_answer_only_get(owner_client, project):
    response = owner_client.post(f"{BUILDER}text/", {"_root": "t-new"})

    assert response.status_code == 405


@pytest.mark.django_db
def test_table_editor_offers_the_builder(owner_client, project):
    posts = project.tables.get(name="posts")
    html = owner_client.get(f"/projects/blog/tables/{posts.pk}/").content.decode()

    assert (
        """hx-vals='{"root": "t-new", "for": "new-field-type"}' """
        '''hx-include="#new-field-type" hx-target="#builder-new"''' in html
    )
    assert 'aria-label="Build the type of title step by step"' in html
