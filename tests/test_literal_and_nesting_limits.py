"""Non-finite literals and over-deep validators are rejected on every input path."""

from __future__ import annotations

import html
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from designer.accounts.models import Membership, Role
from designer.editor.typesyntax import TypeSyntaxError, parse_type
from designer.schemas import store
from designer.schemas.exporters import BINARY_EXPORTERS, EXPORTERS, jsonfile
from designer.schemas.models import Project
from designer.schemas.rules import lint
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import MAX_NESTING, Scalar, validator_from_data

HTMX = {"HTTP_HX_REQUEST": "true"}
FINITE_ONLY = "Convex supports only finite numbers in v.literal()."


def project_file(tmp_path, validator: str) -> str:
    """Write a project file whose one field has ``validator`` (JSON text)."""
    schema = Schema("Limits", [Table("posts", [Field("score", Scalar("null"))])])
    data = json.loads(jsonfile.render(schema))
    data["project"]["tables"][0]["fields"][0]["validator"] = "VALIDATOR"
    # JSON written by Python's json module may hold NaN and Infinity.
    text = json.dumps(data).replace('"VALIDATOR"', validator)
    path = tmp_path / "limits.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def import_error(path: str) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("import_schema", path, stdout=io.StringIO())
    return str(raised.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("literal", "shown"),
    [("NaN", "NaN"), ("Infinity", "Infinity"), ("-1e400", "-Infinity")],
)
def test_import_rejects_non_finite_literal(tmp_path, literal, shown):
    path = project_file(
        tmp_path, f'{{"kind": "literal", "type": "number", "value": {literal}}}'
    )

    assert import_error(path) == (
        f"{path}: Invalid project file: table 'posts', fields[0] ('score'): "
        f"The number literal is {shown}; {FINITE_ONLY}"
    )
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_import_rejects_too_deep_validator(tmp_path):
    deep = '{"kind": "null"}'
    for _ in range(200):
        deep = f'{{"kind": "array", "element": {deep}}}'
    path = project_file(tmp_path, deep)

    assert import_error(path) == (
        f"{path}: Invalid project file: table 'posts', fields[0] ('score'): "
        "The validator is nested more than 64 levels deep; Convex documents may "
        "nest at most 16 levels."
    )
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("v.literal(NaN)", f"The number literal is NaN; {FINITE_ONLY} (column 1)"),
        (
            "v.array(v.literal(Infinity))",
            f"The number literal is Infinity; {FINITE_ONLY} (column 9)",
        ),
        (
            "v.literal(-Infinity)",
            f"The number literal is -Infinity; {FINITE_ONLY} (column 1)",
        ),
        (
            "v.literal(1e400)",
            "The number 1e400 is too large for a literal: it reads as Infinity, "
            f"and {FINITE_ONLY}",
        ),
        (
            "v.literal(-" + "9" * 400 + ")",
            "The number -9999999999999999999999… is too large for a literal: it "
            f"reads as -Infinity, and {FINITE_ONLY}",
        ),
        (
            "v.literal(9223372036854775808n)",
            "The bigint literal 9223372036854775808n does not fit in 64 bits; Convex "
            "int64 values lie between -9223372036854775808n and 9223372036854775807n. "
            "(column 1)",
        ),
    ],
)
def test_type_syntax_rejects_unstorable_literals(text, message):
    with pytest.raises(TypeSyntaxError) as raised:
        parse_type(text)

    assert str(raised.value) == message


def test_type_syntax_keeps_large_finite_numbers():
    validator, _ = parse_type("v.literal(1.5e308)")

    assert validator.value == 1.5e308


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("v.literal(NaN)", f"The number literal is NaN; {FINITE_ONLY} (column 1)"),
        (
            "v.literal(1e400)",
            "The number 1e400 is too large for a literal: it reads as Infinity, "
            f"and {FINITE_ONLY}",
        ),
    ],
)
def test_editor_rejects_non_finite_literal(client, text, message):
    owner = User.objects.create_user("olga")
    schema = Schema("Limits", [Table("posts", [Field("title", Scalar("string"))])])
    project = store.create_project(schema, slug="limits")
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    client.force_login(owner)
    posts = project.tables.get(name="posts").pk
    form = {"edit": "field-add", "table_id": posts, "name": "score", "type": text}

    checked = client.post("/projects/limits/validate/", {**form, "revision": 0}, **HTMX)
    saved = client.post(
        f"/projects/limits/tables/{posts}/fields/add/", {**form, "revision": 0}, **HTMX
    )

    assert html.escape(message, quote=False) in checked.content.decode()
    assert saved.status_code == 422
    assert html.escape(message, quote=False) in saved.content.decode()
    assert [f.name for f in store.load_schema(project).tables[0].fields] == ["title"]


@pytest.mark.parametrize("kind", ["array", "object", "record", "union"])
def test_deepest_validator_exports_everywhere(kind):
    data = {"kind": "null"}
    for _ in range(MAX_NESTING):
        data = {
            "array": {"kind": "array", "element": data},
            "object": {"kind": "object", "members": [{"name": "a", "validator": data}]},
            "record": {"kind": "record", "keys": {"kind": "string"}, "values": data},
            "union": {"kind": "union", "members": [data, {"kind": "string"}]},
        }[kind]
    deep = Field("deep", validator_from_data(data))
    schema = Schema("Deep", [Table("trees", [deep])])

    outputs = {code: exporter.render(schema) for code, exporter in EXPORTERS.items()}
    diagram = BINARY_EXPORTERS["dot"](schema).decode()
    codes = {f.code for f in lint(schema)}

    assert sorted(outputs) == sorted(EXPORTERS)
    assert outputs["convex"].count("v.null()") == 1
    assert diagram.startswith("digraph schema {")
    assert ("CVX032" in codes) == (kind != "union")
