from __future__ import annotations

import json
import math

import pytest

from designer.schemas.validators import (
    MAX_NESTING,
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
    ValidatorError,
    validator_from_data,
)

NESTED = Object(
    (
        Member("ownerId", Id("users")),
        Member(
            "tags",
            Array(Union((Literal("a"), Literal(2, "bigint"), Scalar("null")))),
            optional=True,
            description="Free tags",
        ),
        Member("scores", Record(Scalar("string"), Scalar("float64"))),
    )
)


def test_data_round_trip_of_nested_validator():
    assert validator_from_data(NESTED.to_data()) == NESTED


def test_convex_json_of_nested_validator():
    assert NESTED.convex_json() == {
        "type": "object",
        "value": {
            "ownerId": {
                "fieldType": {"type": "id", "tableName": "users"},
                "optional": False,
            },
            "tags": {
                "fieldType": {
                    "type": "array",
                    "value": {
                        "type": "union",
                        "value": [
                            {"type": "literal", "value": "a"},
                            {"type": "literal", "value": {"$integer": "AgAAAAAAAAA="}},
                            {"type": "null"},
                        ],
                    },
                },
                "optional": True,
            },
            "scores": {
                "fieldType": {
                    "type": "record",
                    "keys": {"type": "string"},
                    "values": {"fieldType": {"type": "number"}, "optional": False},
                },
                "optional": False,
            },
        },
    }


def test_int64_exports_under_old_name():
    assert Scalar("int64").convex_json() == {"type": "bigint"}
    assert Scalar("number").convex_json() == {"type": "number"}


def test_walk_yields_paths():
    paths = [path for path, _ in NESTED.walk()]

    assert paths == [
        "",
        ".ownerId",
        ".tags",
        ".tags[]",
        ".tags[]|0",
        ".tags[]|1",
        ".tags[]|2",
        ".scores",
        ".scores{key}",
        ".scores{}",
    ]


def test_depth_counts_objects_arrays_and_records():
    assert Scalar("string").depth() == 0
    assert NESTED.depth() == 2
    assert Array(Array(Object(()))).depth() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("string", "A validator must be an object with a string `kind`."),
        ({"kind": "map"}, "Unknown validator kind 'map'"),
        ({"kind": "id"}, "`table` must be a string, not None."),
        (
            {"kind": "literal", "type": "bigint", "value": "x"},
            "A bigint literal needs an integer value",
        ),
        (
            {"kind": "literal", "type": "boolean", "value": 1},
            "Literal value 1 is not a boolean.",
        ),
        (
            {"kind": "literal", "type": "number", "value": True},
            "Literal value True is not a number.",
        ),
        (
            {"kind": "union", "members": {}},
            "`members` of a union validator must be a list.",
        ),
        (
            {"kind": "object", "members": [{"validator": {"kind": "null"}}]},
            "An object member needs a string `name`.",
        ),
    ],
)
def test_invalid_data_is_rejected_with_reason(data, message):
    with pytest.raises(ValidatorError) as raised:
        validator_from_data(data)

    assert message in str(raised.value)


FINITE_ONLY = "Convex supports only finite numbers in v.literal()."


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (10**400, "Infinity"),
        (-(10**400), "-Infinity"),
    ],
)
def test_literal_rejects_non_finite_numbers(value, shown):
    with pytest.raises(ValidatorError) as raised:
        Literal(value, "number")

    assert str(raised.value) == f"The number literal is {shown}; {FINITE_ONLY}"


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_literal_data_rejects_non_finite_json(text):
    data = json.loads(f'{{"kind": "literal", "type": "number", "value": {text}}}')

    with pytest.raises(ValidatorError, match="finite numbers"):
        validator_from_data(data)


def test_literal_keeps_largest_finite_numbers():
    assert Literal(1.7976931348623157e308, "number").value == 1.7976931348623157e308
    assert Literal(-(10**300), "number").value == -(10**300)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_literal_rejects_bigints_outside_int64(value):
    with pytest.raises(ValidatorError) as raised:
        Literal(value, "bigint")

    assert str(raised.value) == (
        f"The bigint literal {value}n does not fit in 64 bits; Convex int64 values "
        "lie between -9223372036854775808n and 9223372036854775807n."
    )


def test_literal_keeps_the_int64_bounds():
    assert Literal(2**63 - 1, "bigint").convex_json() == {
        "type": "literal",
        "value": {"$integer": "/////////38="},
    }
    assert Literal(-(2**63), "bigint").value == -(2**63)


def nested_data(levels: int, kind: str) -> dict:
    """Return validator data with ``levels`` validators inside the outermost one."""
    data: dict = {"kind": "null"}
    for _ in range(levels):
        data = {
            "array": {"kind": "array", "element": data},
            "object": {"kind": "object", "members": [{"name": "a", "validator": data}]},
            "record": {"kind": "record", "keys": {"kind": "string"}, "values": data},
            "union": {"kind": "union", "members": [data]},
        }[kind]
    return data


@pytest.mark.parametrize("kind", ["array", "object", "record", "union"])
def test_nesting_is_limited(kind):
    assert validator_from_data(nested_data(MAX_NESTING, kind)).kind == kind

    with pytest.raises(ValidatorError) as raised:
        validator_from_data(nested_data(MAX_NESTING + 1, kind))

    assert str(raised.value) == (
        "The validator is nested more than 64 levels deep; Convex documents may "
        "nest at most 16 levels."
    )


def test_nesting_limit_stops_deep_data_early():
    with pytest.raises(ValidatorError, match="nested more than 64 levels"):
        validator_from_data(nested_data(5000, "array"))
