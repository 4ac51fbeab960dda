"""CVX031 against every kind of record key, and against the real ``tsc``."""

from __future__ import annotations

import pytest

from designer.schemas.exporters.convex import render
from designer.schemas.schema import Field
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
)
from tests.node import typecheck
from tests.rules.helpers import findings_of, schema, string, table

NOT_STRINGS = "record keys must be strings or IDs"

# Keys Convex accepts: strings, IDs and unions of those.
ACCEPTED_KEYS = {
    "string": string,
    "id": Id("posts"),
    "union of string and id": Union((string, Id("posts"))),
    "union of ids": Union((Id("posts"), Id("_storage"))),
    "nested union": Union((Union((string,)), Id("posts"))),
    # No key matches an empty union; DSG006 warns about it instead.
    "empty union": Union(()),
}

# Rejected keys and the end of CVX031's message for each.
REJECTED_KEYS = {
    **{
        kind: (Scalar(kind), f"has keys of type `{kind}`; {NOT_STRINGS}")
        for kind in ("number", "float64", "int64", "boolean", "bytes", "null", "any")
    },
    "array": (Array(string), f"has keys of type `array`; {NOT_STRINGS}"),
    "object": (
        Object((Member("a", string),)),
        f"has keys of type `object`; {NOT_STRINGS}",
    ),
    "empty object": (Object(()), f"has keys of type `object`; {NOT_STRINGS}"),
    "record": (Record(string, string), f"has keys of type `record`; {NOT_STRINGS}"),
    "string literal": (
        Literal("a"),
        "has literal keys; use `v.object` for a fixed set of keys",
    ),
    "number literal": (Literal(1, "number"), f"has number literal keys; {NOT_STRINGS}"),
    "boolean literal": (
        Literal(True, "boolean"),
        f"has boolean literal keys; {NOT_STRINGS}",
    ),
    "bigint literal": (Literal(1, "bigint"), f"has bigint literal keys; {NOT_STRINGS}"),
    "union with a number": (
        Union((string, Scalar("number"))),
        f"has keys of type `number`; {NOT_STRINGS}",
    ),
    "union with a string literal": (
        Union((Id("posts"), Literal("a"))),
        "has literal keys; use `v.object` for a fixed set of keys",
    ),
    "nested union with null": (
        Union((string, Union((Scalar("null"),)))),
        f"has keys of type `null`; {NOT_STRINGS}",
    ),
}

# Keys Convex rejects although TypeScript takes them: a string literal is a
# string, and v.any() matches any type.
TSC_ACCEPTS = {"string literal", "union with a string literal", "any"}


def keyed(keys) -> Field:
    return Field("counts", Record(keys, Scalar("number")))


@pytest.mark.parametrize("name", REJECTED_KEYS)
def test_record_keys_rule_rejects(name):
    keys, problem = REJECTED_KEYS[name]

    [finding] = findings_of(schema(table("posts", keyed(keys))), "CVX031")

    assert finding.message == f"Record `posts.counts` {problem}."
    assert str(finding.severity) == "error"
    assert finding.location.key == "posts.counts"


@pytest.mark.parametrize("name", REJECTED_KEYS)
def test_record_keys_rule_checks_nested_records(name):
    keys, problem = REJECTED_KEYS[name]
    nested = Field("meta", Array(Object((Member("counts", keyed(keys).validator),))))

    [finding] = findings_of(schema(table("posts", nested)), "CVX031")

    assert finding.message == f"Record `posts.meta[].counts` {problem}."


@pytest.mark.parametrize("name", ACCEPTED_KEYS)
def test_record_keys_rule_accepts(name):
    target = schema(table("posts", keyed(ACCEPTED_KEYS[name])))

    assert findings_of(target, "CVX031") == []


@pytest.mark.node
def test_record_keys_rule_agrees_with_tsc():
    accepted = [
        render(schema(table("posts", keyed(keys)))) for keys in ACCEPTED_KEYS.values()
    ]
    checked = [name for name in REJECTED_KEYS if name not in TSC_ACCEPTS]
    rejected = [
        render(schema(table("posts", keyed(REJECTED_KEYS[name][0]))))
        for name in checked
    ]

    errors = typecheck(accepted + rejected)

    # Lines under -1 continue the message of the error above them.
    assert {n: e for n, e in errors.items() if 0 <= n < len(accepted)} == {}
    failing = {checked[n - len(accepted)] for n in errors if n >= len(accepted)}
    assert failing == set(checked)
    assert all("error TS2345" in errors[n][0] for n in errors if n >= 0)
