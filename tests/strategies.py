"""Hypothesis strategies for random schemas that Convex accepts.

``schemas()`` draws a whole ``Schema`` with tables of every document kind
and fields of every validator kind, nested a few levels. Its ``v.id``
references point at tables of the same schema, and its database, search and
vector indexes at existing fields. Descriptions are full of characters that
must be escaped. Names follow Convex's identifier rules, so Convex accepts
every drawn schema.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from designer.schemas.schema import (
    Field,
    Index,
    RuleSetting,
    Schema,
    SearchIndex,
    Suppression,
    Table,
    VectorIndex,
)
from designer.schemas.validators import (
    SCALAR_KINDS,
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

_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_REST = _FIRST + "0123456789_"
_RESERVED_INDEX_NAMES = {"by_id", "by_creation_time"}
_INT64 = 2**63
# JavaScript numbers hold integers exactly up to 2**53.
_SAFE_INTEGER = 2**53

# Text that tries to break out of comments, strings and markup.
HOSTILE_TEXTS = [
    "*/ alert(1) /*",
    "</script><script>alert(1)</script>",
    "say \"hi\" and 'bye'",
    "back\\slash \\u0041",
    "line one\nline two\r\nline three",
    "${process.exit(1)}",
    "sep\u2028arated\u2029text",
    "Ünïcödé 用户 ✓",
]


@cache
def identifiers(max_size: int = 64) -> st.SearchStrategy[str]:
    """Names Convex accepts for tables, fields and indexes (no leading underscore)."""
    short = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_FIRST),
        st.text(_REST, max_size=10),
    )
    long = st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_FIRST),
        st.text(_REST, min_size=20, max_size=max_size - 1),
    )
    return st.one_of(short, short, short, long)


@cache
def descriptions() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.just(""),
        st.sampled_from(HOSTILE_TEXTS),
        st.text(max_size=40),
    )


@cache
def literals() -> st.SearchStrategy[Literal]:
    floats = st.floats(allow_nan=False, allow_infinity=False)
    return st.one_of(
        st.builds(Literal, st.text(max_size=12), st.just("string")),
        st.builds(Literal, st.sampled_from(HOSTILE_TEXTS), st.just("string")),
        st.builds(
            Literal,
            st.integers(-_SAFE_INTEGER, _SAFE_INTEGER) | floats,
            st.just("number"),
        ),
        st.builds(Literal, st.booleans(), st.just("boolean")),
        st.builds(Literal, st.integers(-_INT64, _INT64 - 1), st.just("bigint")),
    )


@cache
def validators(
    table_names: tuple[str, ...], descriptions_too: bool = True
) -> st.SearchStrategy[Validator]:
    """Validators of every kind, nested up to a few levels, with ids to ``table_names``."""
    leaves: list[st.SearchStrategy[Validator]] = [
        st.sampled_from(SCALAR_KINDS).map(Scalar),
        literals(),
    ]
    if table_names:
        leaves.append(st.sampled_from(table_names).map(Id))
    record_keys: list[Validator] = [Scalar("string")] + [Id(t) for t in table_names]
    texts = descriptions() if descriptions_too else st.just("")

    def extend(children: st.SearchStrategy[Validator]) -> st.SearchStrategy[Validator]:
        def members(names: list[str]) -> st.SearchStrategy[tuple[Member, ...]]:
            return st.tuples(
                *(
                    st.builds(Member, st.just(name), children, st.booleans(), texts)
                    for name in names
                )
            )

        # Names are drawn first, so no strategy around `children` ever needs
        # a filter: Hypothesis writes the repr of a filtered strategy, and the
        # repr of this recursive one is tens of kilobytes.
        objects = st.lists(identifiers(), max_size=4, unique=True).flatmap(members)
        return st.one_of(
            st.builds(Array, children),
            objects.map(Object),
            st.builds(Record, st.sampled_from(record_keys), children),
            st.lists(children, min_size=1, max_size=4).map(lambda ms: Union(tuple(ms))),
        )

    return st.recursive(st.one_of(*leaves), extend, max_leaves=8)


@st.composite
def tables(
    draw: st.DrawFn, name: str, table_names: list[str], descriptions_too: bool = True
) -> Table:
    """One table called ``name`` whose indexes point at its own fields."""
    kind = draw(st.sampled_from(["object", "object", "object", "union", "any"]))
    table = Table(
        name,
        description=draw(descriptions()) if descriptions_too else "",
        group=draw(st.sampled_from(["", "", "Core", "Better Auth"])),
        document_kind=kind,
    )
    if kind == "any":
        return table
    variant_count = draw(st.integers(1, 3)) if kind == "union" else 1
    for variant in range(variant_count):
        names = draw(st.lists(identifiers(), max_size=5, unique=True))
        for field_name in names:
            table.fields.append(
                Field(
                    field_name,
                    draw(validators(tuple(table_names), descriptions_too)),
                    optional=draw(st.booleans()),
                    description=draw(descriptions()) if descriptions_too else "",
                    unique=draw(st.booleans()),
                    variant=variant,
                )
            )
    if kind == "object":
        _add_vector_field(draw, table)
        _add_indexes(draw, table)
    return table


def _add_vector_field(draw: st.DrawFn, table: Table) -> None:
    if draw(st.booleans()) and table.field("embedding") is None:
        table.fields.append(
            Field("embedding", Array(Scalar("float64")), optional=draw(st.booleans()))
        )


def _add_indexes(draw: st.DrawFn, table: Table) -> None:
    field_names = [f.name for f in table.fields]
    if not field_names:
        return
    index_names = draw(
        st.lists(
            identifiers().filter(lambda n: n not in _RESERVED_INDEX_NAMES),
            max_size=4,
            unique=True,
        )
    )
    paths = st.lists(st.sampled_from(field_names), min_size=1, max_size=3, unique=True)
    strings = [f.name for f in table.fields if f.validator == Scalar("string")]
    for index_name in index_names:
        staged = draw(st.booleans())
        choice = draw(st.sampled_from(["index", "index", "search", "vector"]))
        if choice == "search" and strings:
            filters = draw(
                st.lists(st.sampled_from(field_names), max_size=2, unique=True)
            )
            table.search_indexes.append(
                SearchIndex(index_name, draw(st.sampled_from(strings)), filters, staged)
            )
        elif choice == "vector" and table.field("embedding") is not None:
            filters = draw(
                st.lists(st.sampled_from(field_names), max_size=2, unique=True)
            )
            dimensions = draw(st.integers(2, 4096))
            table.vector_indexes.append(
                VectorIndex(index_name, "embedding", dimensions, filters, staged)
            )
        else:
            table.indexes.append(Index(index_name, draw(paths), staged))


@st.composite
def schemas(
    draw: st.DrawFn, descriptions_too: bool = True, settings_too: bool = True
) -> Schema:
    """A whole schema of up to four tables.

    With ``descriptions_too=False`` no element has a description, for
    formats that cannot carry them; with ``settings_too=False`` the schema
    has no rule settings or suppressions.
    """
    names = draw(st.lists(identifiers(), min_size=0, max_size=4, unique=True))
    schema = Schema(
        name=draw(st.text(min_size=1, max_size=30).filter(str.strip)),
        description=draw(descriptions()) if descriptions_too else "",
        schema_validation=draw(st.booleans()),
        strict_table_name_types=draw(st.booleans()),
    )
    for name in names:
        schema.tables.append(draw(tables(name, names, descriptions_too)))
    if settings_too:
        codes = st.sampled_from(["CVX001", "CVX002", "STD001", "DSG001"])
        schema.rule_settings = draw(
            st.lists(
                st.builds(
                    RuleSetting,
                    codes,
                    st.booleans(),
                    st.sampled_from(["", "error", "warning", "info"]),
                ),
                max_size=2,
                unique_by=lambda r: r.code,
            )
        )
        schema.suppressions = draw(
            st.lists(
                st.builds(
                    Suppression,
                    codes,
                    st.sampled_from(names or ["t"]),
                    descriptions().filter(bool),
                ),
                max_size=2,
                unique_by=lambda x: (x.code, x.location),
            )
        )
    return schema
