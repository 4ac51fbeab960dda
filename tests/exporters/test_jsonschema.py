from __future__ import annotations

import json

import jsonschema as validation
from hypothesis import given, settings

from designer.schemas.exporters import EXPORTERS
from designer.schemas.exporters import jsonschema as exporter
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Literal
from tests.exporters import checkers, samples
from tests.exporters.random_schemas import export_schemas
from tests.factories import make_blog_schema


def table_validator(document: dict, table: str) -> validation.Draft202012Validator:
    wrapper = {**document, "anyOf": [{"$ref": exporter.definition_ref(table)}]}
    return validation.Draft202012Validator(wrapper)


def assert_samples_checked(schema: Schema) -> None:
    document = json.loads(exporter.render(schema))
    validation.Draft202012Validator.check_schema(document)
    for table, accepted, sample in samples.cases(schema):
        instance = samples.to_export_json(sample)
        assert table_validator(document, table).is_valid(instance) is accepted, (
            table,
            instance,
        )
        if accepted:
            assert validation.Draft202012Validator(document).is_valid(instance)


def test_jsonschema_is_registered():
    assert EXPORTERS["jsonschema"].extension == ".schema.json"


def test_jsonschema_describes_a_table():
    users = exporter.document(make_blog_schema())["$defs"]["users"]

    assert users == {
        "type": "object",
        "properties": {
            "_id": {"type": "string", "x-convex-table": "users"},
            "_creationTime": {"type": "number"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "role": {"anyOf": [{"const": "admin"}, {"const": "member"}]},
            "createdAt": {"type": "number"},
            "updatedAt": {"type": "number"},
        },
        "required": [
            "_id",
            "_creationTime",
            "name",
            "email",
            "role",
            "createdAt",
            "updatedAt",
        ],
        "additionalProperties": False,
    }


def test_jsonschema_maps_export_forms():
    posts = exporter.document(make_blog_schema())["$defs"]["posts"]

    assert posts["description"] == "Articles written by users."
    assert posts["properties"]["views"] == {"type": "string", "pattern": "^-?[0-9]+$"}
    assert posts["properties"]["cover"]["contentEncoding"] == "base64"
    assert posts["properties"]["ratings"] == {
        "type": "object",
        "propertyNames": {"type": "string"},
        "additionalProperties": {"type": "number"},
    }
    assert posts["properties"]["priority"] == {
        "anyOf": [{"const": 1.5}, {"const": "10"}, {"const": True}]
    }
    assert "cover" not in posts["required"]


def test_jsonschema_escapes_refs():
    assert exporter.definition_ref("a/b~c d") == "#/$defs/a~1b~0c%20d"


def test_jsonschema_writes_largest_number_literal():
    schema = Schema(
        "L",
        [Table("t", fields=[Field("x", Literal(-1.7976931348623157e308, "number"))])],
    )

    text = exporter.render(schema)

    assert '"const": -1.7976931348623157e+308' in text
    assert json.loads(text)["$defs"]["t"]["properties"]["x"] == {
        "const": -1.7976931348623157e308
    }


def test_jsonschema_output_is_deterministic():
    schema = samples.hostile_schema()

    assert exporter.render(schema) == exporter.render(schema)


def test_jsonschema_checks_samples_of_fixed_schemas():
    for schema in checkers.fixed_schemas().values():
        assert_samples_checked(schema)


@settings(max_examples=25, deadline=None)
@given(export_schemas())
def test_jsonschema_checks_samples_of_random_schemas(schema):
    assert_samples_checked(schema)
