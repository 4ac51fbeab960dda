"""Hypothesis strategies for random schemas to export.

``export_schemas()`` draws either a schema Convex accepts (from
``tests.strategies``) or one from ``schemas()`` here, whose names mix Convex
identifiers with words that are keywords in the target languages, so that
every exporter meets what it must escape or rename.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st

from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
    Validator,
)
from tests import strategies as convex_strategies

KEYWORDS = ("class", "from", "None", "type", "json", "delete", "Table", "note", "l")
names = st.from_regex(r"[a-z][A-Za-z0-9_]{0,10}", fullmatch=True) | st.sampled_from(
    KEYWORDS
)
descriptions = st.just("") | st.text(max_size=20)
literals = st.one_of(
    st.text(max_size=8).map(lambda value: Literal(value, "string")),
    st.floats(allow_nan=False, allow_infinity=False, width=32)
    .filter(math.isfinite)
    .map(lambda value: Literal(value, "number")),
    st.integers(-(2**63), 2**63 - 1).map(lambda value: Literal(value, "bigint")),
    st.booleans().map(lambda value: Literal(value, "boolean")),
)
scalars = st.sampled_from(
    ["string", "number", "float64", "int64", "boolean", "null", "bytes", "any"]
).map(Scalar)


def validators(table_names: list[str]) -> st.SearchStrategy[Validator]:
    """Return a strategy for validators whose ids point at ``table_names``."""
    leaves = scalars | literals | st.sampled_from(table_names).map(Id)
    record_keys = st.just(Scalar("string")) | st.sampled_from(table_names).map(Id)

    def composite(
        children: st.SearchStrategy[Validator],
    ) -> st.SearchStrategy[Validator]:
        members = st.lists(
            st.builds(Member, names, children, st.booleans(), descriptions),
            max_size=3,
            unique_by=lambda member: member.name,
        )
        return st.one_of(
            children.map(Array),
            members.map(lambda found: Object(tuple(found))),
            st.builds(Record, record_keys, children),
            st.lists(children, min_size=1, max_size=3).map(
                lambda found: Union(tuple(found))
            ),
        )

    return st.recursive(leaves, composite, max_leaves=6)


@st.composite
def schemas(draw) -> Schema:
    """Draw a schema of one to three tables."""
    table_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    tables = [draw(tables_named(name, table_names)) for name in table_names]
    return Schema(draw(st.text(max_size=12)), tables, description=draw(descriptions))


@st.composite
def tables_named(draw, name: str, table_names: list[str]) -> Table:
    kind = draw(st.sampled_from(["object", "object", "union", "any"]))
    table = Table(name, description=draw(descriptions), document_kind=kind)
    if kind == "any":
        return table
    variant_count = 2 if kind == "union" else 1
    for variant in range(variant_count):
        field_names = draw(st.lists(names, max_size=4, unique=True))
        for field_name in field_names:
            table.fields.append(
                Field(
                    field_name,
                    draw(validators(table_names)),
                    optional=draw(st.booleans()),
                    description=draw(descriptions),
                    unique=draw(st.booleans()),
                    variant=variant,
                )
            )
    if table.fields and kind == "object":
        table.indexes.append(
            Index(f"by_{table.fields[0].name}", [table.fields[0].name])
        )
    return table


def export_schemas() -> st.SearchStrategy[Schema]:
    """Return a strategy for schemas Convex accepts and schemas with keyword names."""
    return convex_strategies.schemas() | schemas()
