from __future__ import annotations

import pytest

from designer.schemas.schema import Schema, SchemaDataError
from designer.schemas.validators import Scalar
from tests.factories import make_blog_schema


def test_to_data_round_trip():
    schema = make_blog_schema()

    assert Schema.from_data(schema.to_data()) == schema


def test_union_table_builds_union_document():
    data = {
        "name": "Events",
        "tables": [
            {
                "name": "events",
                "documentKind": "union",
                "fields": [
                    {
                        "name": "kind",
                        "validator": {"kind": "literal", "value": "click"},
                    },
                    {"name": "x", "validator": {"kind": "number"}},
                    {
                        "name": "kind",
                        "variant": 1,
                        "validator": {"kind": "literal", "value": "view"},
                    },
                ],
            }
        ],
    }

    table = Schema.from_data(data).tables[0]

    assert table.document_validator().convex_json() == {
        "type": "union",
        "value": [
            {
                "type": "object",
                "value": {
                    "kind": {
                        "fieldType": {"type": "literal", "value": "click"},
                        "optional": False,
                    },
                    "x": {"fieldType": {"type": "number"}, "optional": False},
                },
            },
            {
                "type": "object",
                "value": {
                    "kind": {
                        "fieldType": {"type": "literal", "value": "view"},
                        "optional": False,
                    }
                },
            },
        ],
    }


def test_resolve_path_reaches_into_nested_objects():
    posts = make_blog_schema().table("posts")

    assert posts.resolve_path("seo.slug") == [Scalar("string")]
    assert posts.resolve_path("seo.missing") == []
    assert posts.resolve_path("tags.x") == []


def test_convex_json_splits_staged_indexes():
    schema = make_blog_schema()
    schema.table("users").indexes[0].staged = True

    exported = schema.convex_json()["tables"][0]

    assert exported["indexes"] == []
    assert exported["stagedDbIndexes"] == [
        {"indexDescriptor": "by_email", "fields": ["email"]}
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "project: expected a JSON object."),
        ({"tables": []}, "project: `name` must be a non-empty string."),
        (
            {"name": "x", "tables": [{"name": "t", "fields": [{"name": "f"}]}]},
            "table 't', fields[0] ('f'): A validator must be an object",
        ),
        (
            {"name": "x", "tables": [{"name": "t", "documentKind": "list"}]},
            "table 't': documentKind must be one of object, union, any, not 'list'.",
        ),
        (
            {
                "name": "x",
                "tables": [
                    {"name": "t", "vectorIndexes": [{"name": "v", "vectorField": "e"}]}
                ],
            },
            "table 't' vector index: `dimensions` must be a whole number.",
        ),
        (
            {"name": "x", "options": {"schemaValidation": "yes"}},
            "options: `schemaValidation` must be true or false.",
        ),
    ],
)
def test_malformed_data_names_the_place(data, message):
    with pytest.raises(SchemaDataError) as raised:
        Schema.from_data(data)

    assert message in str(raised.value)
