from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from designer.schemas.demo import demo_schema
from designer.schemas.exporters import EXPORTERS
from designer.schemas.exporters.jsonfile import render
from designer.schemas.importers import ImportProblem
from designer.schemas.importers.jsonfile import import_project_file, read_project_file
from designer.schemas.models import Project
from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.store import load_schema
from designer.schemas.validators import Array, Id, Literal, Member, Object, Scalar
from tests.factories import make_blog_schema
from tests.strategies import schemas


def project_file(project: object, version: object = 1) -> str:
    return json.dumps(
        {"format": "convex-schema-designer", "version": version, "project": project}
    )


def test_render_writes_versioned_file_with_stable_layout():
    schema = Schema("Tiny", [Table("notes", [Field("body", Scalar("string"))])])

    assert render(schema) == (
        "{\n"
        '  "format": "convex-schema-designer",\n'
        '  "version": 1,\n'
        '  "project": {\n'
        '    "name": "Tiny",\n'
        '    "description": "",\n'
        '    "schemaPath": "src/convex/schema.ts",\n'
        '    "options": {\n'
        '      "schemaValidation": true,\n'
        '      "strictTableNameTypes": true\n'
        "    },\n"
        '    "tables": [\n'
        "      {\n"
        '        "name": "notes",\n'
        '        "fields": [\n'
        "          {\n"
        '            "name": "body",\n'
        '            "validator": {\n'
        '              "kind": "string"\n'
        "            }\n"
        "          }\n"
        "        ],\n"
        '        "indexes": [],\n'
        '        "searchIndexes": [],\n'
        '        "vectorIndexes": []\n'
        "      }\n"
        "    ],\n"
        '    "ruleSettings": [],\n'
        '    "suppressions": []\n'
        "  }\n"
        "}\n"
    )


def test_json_exporter_is_registered():
    assert EXPORTERS["json"].render is render
    assert EXPORTERS["json"].media_type == "application/json"


def test_render_is_deterministic_for_demo():
    assert render(demo_schema()) == render(demo_schema())


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(schemas())
def test_read_inverts_render(schema):
    assert read_project_file(render(schema)).to_data() == schema.to_data()


def test_bigint_literal_survives_as_text():
    table = Table("t", [Field("big", Literal(-(2**63), "bigint"))])

    text = render(Schema("Big", [table]))

    assert '"value": "-9223372036854775808"' in text
    assert (
        read_project_file(text).tables[0].fields[0].validator
        == table.fields[0].validator
    )


@pytest.mark.django_db
def test_import_creates_project_equal_to_file():
    schema = demo_schema()

    project = import_project_file(render(schema))

    assert project.slug == "team-knowledge-base"
    assert load_schema(project).to_data() == schema.to_data()


@pytest.mark.django_db
def test_import_uses_given_name():
    project = import_project_file(render(make_blog_schema()), name="My blog")

    assert project.name == "My blog"
    assert project.slug == "my-blog"


def _valid_table(**changes) -> dict:
    table = Table("users", [Field("name", Scalar("string"))]).to_data()
    table.update(changes)
    return table


def _project(tables: list[dict]) -> dict:
    return {**Schema("Bad").to_data(), "tables": tables}


BAD_FILES = [
    (
        "{",
        "The project file is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2.",
    ),
    (
        '{"format": "other"}',
        "This is not a Convex Schema Designer project file: `format` is 'other', expected 'convex-schema-designer'.",
    ),
    (
        "[1, 2]",
        "This is not a Convex Schema Designer project file: `format` is None, expected 'convex-schema-designer'.",
    ),
    (
        project_file({}, version=7),
        "Unknown project file version 7; this designer reads version 1.",
    ),
    (
        project_file({}, version="1"),
        "Unknown project file version '1'; this designer reads version 1.",
    ),
    (project_file([]), "Invalid project file: project: expected a JSON object."),
    (
        project_file(_project([_valid_table(fields="name")])),
        "Invalid project file: table 'users': `fields` must be a list.",
    ),
    (
        project_file(
            _project(
                [_valid_table(fields=[{"name": "x", "validator": {"kind": "map"}}])]
            )
        ),
        "Invalid project file: table 'users', fields[0] ('x'): Unknown validator kind 'map'; expected one of string, number, float64, int64, boolean, null, bytes, any, id, literal, array, object, record, union.",
    ),
    (
        project_file(_project([_valid_table(name="my users")])),
        "Invalid project file: table 'my users': the name contains ' '; only ASCII letters, digits and underscores are allowed.",
    ),
    (
        project_file(_project([_valid_table(name="_users")])),
        "Invalid project file: table '_users': the name starts with '_', which Convex reserves for system tables.",
    ),
    (
        project_file(_project([_valid_table(), _valid_table()])),
        "Invalid project file: table 'users': the schema has two tables with this name.",
    ),
    (
        project_file(
            _project(
                [
                    _valid_table(
                        fields=[Field("authorId", Array(Id("people"))).to_data()]
                    )
                ]
            )
        ),
        "Invalid project file: table 'users', field 'authorId[]': v.id refers to a table 'people' that does not exist.",
    ),
    (
        project_file(
            _project(
                [
                    _valid_table(
                        fields=[
                            Field(
                                "p", Object((Member("</script>", Scalar("null")),))
                            ).to_data()
                        ]
                    )
                ]
            )
        ),
        "Invalid project file: table 'users', field 'p.</script>': the name contains '<'; only ASCII letters, digits and underscores are allowed.",
    ),
    (
        project_file(
            _project([_valid_table(indexes=[Index("by_id", ["name"]).to_data()])])
        ),
        "Invalid project file: table 'users', index 'by_id': Convex reserves this index name.",
    ),
    (
        project_file(
            {**_project([]), "ruleSettings": [{"code": "STD001", "severity": "fatal"}]}
        ),
        "Invalid project file: ruleSettings 'STD001': severity must be one of error, warning, info, not 'fatal'.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_import_rejects_bad_file_and_creates_nothing(text, message):
    with pytest.raises(ImportProblem) as raised:
        import_project_file(text)

    assert str(raised.value) == message
    assert Project.objects.count() == 0


def test_read_accepts_the_deepest_validators_the_designer_writes():
    from designer.schemas.validators import MAX_NESTING

    validator = Scalar("string")
    for _ in range(MAX_NESTING):
        validator = Object((Member("inner", validator),))
    schema = Schema("Deep", [Table("t", [Field("f", validator)])])

    assert read_project_file(render(schema)).to_data() == schema.to_data()


def test_read_rejects_deeper_brackets_before_parsing_them():
    with pytest.raises(ImportProblem) as raised:
        read_project_file('{"a": "[[[[", "b":\n  ' + "[" * 300)

    assert str(raised.value) == (
        "The project file nests brackets more than 208 levels deep; a file the "
        "designer writes never does."
    )
    assert (raised.value.line, raised.value.column) == (2, 210)
