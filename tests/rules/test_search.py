from __future__ import annotations

import pytest

from designer.schemas.schema import Field, SearchIndex, VectorIndex
from designer.schemas.validators import Array, Literal, Scalar, Union
from tests.rules.helpers import (
    Case,
    check_fires,
    check_fix_clears,
    check_passes,
    findings_of,
    ids,
    number,
    schema,
    string,
    table,
)

vector = Array(Scalar("float64"))
FILTERS = [f"f{n}" for n in range(17)]


def posts(*, search=(), vectors=(), body=string, embedding=vector):
    return schema(
        table(
            "posts",
            Field("body", body),
            Field("embedding", embedding, optional=True),
            *(Field(name, string) for name in FILTERS),
            search_indexes=list(search),
            vector_indexes=list(vectors),
        )
    )


CASES = [
    Case(
        "search-field-not-string",
        "CVX020",
        "error",
        lambda: posts(search=[SearchIndex("search_body", "body")], body=number),
        lambda: posts(
            search=[SearchIndex("search_body", "body")],
            body=Union((Literal("draft"), Scalar("null"))),
        ),
        "Search index `search_body` on table `posts` searches `body`, which is not a "
        "string field.",
        "posts#search_body",
    ),
    Case(
        "search-too-many-filters",
        "CVX021",
        "error",
        lambda: posts(search=[SearchIndex("search_body", "body", FILTERS)]),
        lambda: posts(search=[SearchIndex("search_body", "body", FILTERS[:16])]),
        "Search index `search_body` on table `posts` has 17 filter fields; the "
        "maximum is 16.",
        "posts#search_body",
    ),
    Case(
        "search-duplicate",
        "CVX022",
        "error",
        lambda: posts(
            search=[
                SearchIndex("search_body", "body", ["f0", "f1"]),
                SearchIndex("search_body_again", "body", ["f1", "f0"]),
            ]
        ),
        lambda: posts(
            search=[
                SearchIndex("search_body", "body", ["f0", "f1"]),
                SearchIndex("search_body_by_f2", "body", ["f2"]),
            ]
        ),
        "Search index `search_body_again` on table `posts` has the same search field "
        "and filter fields as `search_body`; remove one of them.",
        "posts#search_body_again",
        ("remove_index", {"table": "posts", "index": "search_body_again"}),
    ),
    Case(
        "vector-field-not-float-array",
        "CVX023",
        "error",
        lambda: posts(
            vectors=[VectorIndex("by_embedding", "embedding", 8)],
            embedding=Array(Scalar("int64")),
        ),
        lambda: posts(
            vectors=[VectorIndex("by_embedding", "embedding", 8)],
            embedding=Union((Array(number), Scalar("null"))),
        ),
        "Vector index `by_embedding` on table `posts` uses `embedding`, which is not "
        "an array of float64.",
        "posts#by_embedding",
    ),
    Case(
        "vector-dimensions-too-high",
        "CVX024",
        "error",
        lambda: posts(vectors=[VectorIndex("by_embedding", "embedding", 4097)]),
        lambda: posts(vectors=[VectorIndex("by_embedding", "embedding", 4096)]),
        "Vector index `by_embedding` on table `posts` sets `dimensions` to 4097; it must "
        "be between 2 and 4096.",
        "posts#by_embedding",
    ),
    Case(
        "vector-dimensions-too-low",
        "CVX024",
        "error",
        lambda: posts(vectors=[VectorIndex("by_embedding", "embedding", 1)]),
        lambda: posts(vectors=[VectorIndex("by_embedding", "embedding", 2)]),
        "Vector index `by_embedding` on table `posts` sets `dimensions` to 1; it must "
        "be between 2 and 4096.",
        "posts#by_embedding",
    ),
    Case(
        "vector-too-many-filters",
        "CVX025",
        "error",
        lambda: posts(vectors=[VectorIndex("by_embedding", "embedding", 8, FILTERS)]),
        lambda: posts(
            vectors=[VectorIndex("by_embedding", "embedding", 8, FILTERS[:16])]
        ),
        "Vector index `by_embedding` on table `posts` has 17 filter fields; the "
        "maximum is 16.",
        "posts#by_embedding",
    ),
    Case(
        "vector-duplicate",
        "CVX026",
        "error",
        lambda: posts(
            vectors=[
                VectorIndex("by_embedding", "embedding", 8),
                VectorIndex("by_embedding_f0", "embedding", 8, ["f0"]),
            ]
        ),
        lambda: posts(
            vectors=[
                VectorIndex("by_embedding", "embedding", 8),
                VectorIndex("by_embedding_16", "embedding", 16),
            ]
        ),
        "Vector index `by_embedding_f0` on table `posts` has the same field and "
        "dimensions as `by_embedding`; remove one of them.",
        "posts#by_embedding_f0",
        ("remove_index", {"table": "posts", "index": "by_embedding_f0"}),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_rule_fires(case):
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_rule_passes_on_good_shape(case):
    check_passes(case)


FIXED = [c for c in CASES if c.fix]


@pytest.mark.parametrize("case", FIXED, ids=ids(FIXED))
def test_fix_clears_finding(case):
    check_fix_clears(case)


def test_vector_field_any_is_accepted():
    target = posts(
        vectors=[VectorIndex("by_embedding", "embedding", 8)], embedding=Scalar("any")
    )

    assert findings_of(target, "CVX023") == []


def test_missing_search_field_reported_once_as_missing():
    target = posts(search=[SearchIndex("search_title", "title")])

    assert findings_of(target, "CVX020") == []
    assert [f.location.key for f in findings_of(target, "CVX017")] == [
        "posts#search_title"
    ]
