from __future__ import annotations

import pytest

from designer.schemas.rules import CATALOGUE, lint
from designer.schemas.schema import Field, Table
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
from tests.rules.helpers import (
    Case,
    check_fires,
    check_fix_clears,
    check_passes,
    findings_of,
    ids,
    null,
    number,
    schema,
    string,
    table,
)


def nested(levels: int):
    """Return a validator adding ``levels`` levels of nesting."""
    validator = string
    for _ in range(levels):
        validator = Object((Member("next", validator),))
    return validator


def wide_object(count: int):
    return Object(tuple(Member(f"m{n}", string) for n in range(count)))


CASES = [
    Case(
        "id-unknown-table-with-fix",
        "CVX030",
        "error",
        lambda: schema(
            table("users", Field("name", string)),
            table("posts", Field("authorId", Union((Id("user"), null)))),
        ),
        lambda: schema(
            table("users", Field("name", string)),
            table("posts", Field("fileId", Id("_storage"))),
        ),
        "Field `posts.authorId` references table `user`, which is not in the schema.",
        "posts.authorId",
        (
            "set_field_validator",
            {
                "table": "posts",
                "field": "authorId",
                "validator": Union((Id("users"), null)).to_data(),
            },
        ),
    ),
    Case(
        "id-unknown-table-nested",
        "CVX030",
        "error",
        lambda: schema(table("posts", Field("refs", Array(Id("comments"))))),
        lambda: schema(
            table("posts", Field("refs", Array(Id("comments")))),
            table("comments", Field("body", string)),
        ),
        "Field `posts.refs[]` references table `comments`, which is not in the schema.",
        "posts.refs[]",
    ),
    Case(
        "record-literal-keys",
        "CVX031",
        "error",
        lambda: schema(
            table(
                "posts",
                Field("counts", Record(Union((Literal("a"), Literal("b"))), number)),
            )
        ),
        lambda: schema(
            table(
                "posts", Field("counts", Record(Union((string, Id("posts"))), number))
            )
        ),
        "Record `posts.counts` has literal keys; use `v.object` for a fixed set of keys.",
        "posts.counts",
    ),
    Case(
        "record-number-keys",
        "CVX031",
        "error",
        lambda: schema(
            table(
                "posts",
                Field("meta", Object((Member("scores", Record(number, number)),))),
            )
        ),
        lambda: schema(
            table(
                "posts",
                Field("meta", Object((Member("scores", Record(string, number)),))),
            )
        ),
        "Record `posts.meta.scores` has keys of type `number`; record keys must be "
        "strings or IDs.",
        "posts.meta.scores",
    ),
    Case(
        "document-too-nested",
        "CVX032",
        "error",
        lambda: schema(table("trees", Field("root", nested(16)))),
        lambda: schema(table("trees", Field("root", nested(15)))),
        "Documents of `trees` are nested 17 levels deep through `root`; Convex allows "
        "at most 16.",
        "trees.root",
    ),
    Case(
        "object-too-many-fields",
        "CVX033",
        "error",
        lambda: schema(table("wide", Field("data", wide_object(1025)))),
        lambda: schema(table("wide", Field("data", wide_object(1024)))),
        "Object `wide.data` has 1025 fields; Convex allows at most 1024.",
        "wide.data",
    ),
    Case(
        "document-too-many-fields",
        "CVX033",
        "error",
        lambda: schema(Table("wide", [Field(f"f{n}", string) for n in range(1025)])),
        lambda: schema(Table("wide", [Field(f"f{n}", string) for n in range(1024)])),
        "Object `wide` has 1025 fields; Convex allows at most 1024.",
        "wide",
    ),
    Case(
        "union-table-without-variants",
        "CVX035",
        "error",
        lambda: schema(Table("events", document_kind="union")),
        lambda: schema(Table("events", [Field("kind", string)], document_kind="union")),
        "Table `events` is a union of objects with no variants; add fields or make it "
        "an object table.",
        "events",
    ),
    Case(
        "any-table-with-fields",
        "CVX036",
        "error",
        lambda: schema(Table("blobs", [Field("kind", string)], document_kind="any")),
        lambda: schema(Table("blobs", document_kind="any")),
        "Table `blobs` accepts any document (`v.any()`), so its declared fields "
        "(`kind`) are ignored; make it an object table or remove them.",
        "blobs",
    ),
    Case(
        "object-table-with-variant-field",
        "CVX036",
        "error",
        lambda: schema(
            table("events", Field("kind", string), Field("url", string, variant=1))
        ),
        lambda: schema(
            table(
                "events",
                Field("kind", string),
                Field("url", string, variant=1),
                document_kind="union",
            )
        ),
        "Field `events.url` belongs to variant 1, but `events` is an object table with "
        "a single shape; make it a union table.",
        "events.url",
    ),
    Case(
        "any-validator",
        "DSG002",
        "info",
        lambda: schema(table("posts", Field("meta", Scalar("any")))),
        lambda: schema(table("posts", Field("meta", Record(string, string)))),
        "Field `posts.meta` accepts any value (`v.any()`); it is neither checked nor "
        "typed.",
        "posts.meta",
    ),
    Case(
        "any-table",
        "DSG002",
        "info",
        lambda: schema(Table("blobs", document_kind="any")),
        lambda: schema(table("blobs", Field("kind", string))),
        "Table `blobs` accepts any document (`v.any()`); its documents are neither "
        "checked nor typed.",
        "blobs",
    ),
    Case(
        "empty-union",
        "DSG006",
        "warning",
        lambda: schema(table("posts", Field("never", Union(()), optional=True))),
        lambda: schema(table("posts", Field("never", Union((string,)), optional=True))),
        "Field `posts.never` is an empty union, which no value matches.",
        "posts.never",
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


def test_retired_code_stays_unused():
    assert "CVX034" not in CATALOGUE


def test_nesting_counts_arrays_and_records():
    deep = string
    for level in range(15):
        deep = Array(deep) if level % 2 else Record(string, deep)
    target = schema(table("trees", Field("root", deep)))
    deeper = schema(table("trees", Field("root", Array(deep))))

    assert findings_of(target, "CVX032") == []
    assert len(findings_of(deeper, "CVX032")) == 1


def test_too_many_tables():
    rule = CATALOGUE["CVX037"]
    over = schema(*(Table(f"t{n}") for n in range(10_001)))
    limit = schema(*(Table(f"t{n}") for n in range(10_000)))

    [finding] = lint(over, rules=[rule])

    assert (
        finding.message == "The schema has 10,001 tables; Convex allows at most 10,000."
    )
    assert finding.location.key == ""
    assert str(finding.severity) == "error"
    assert lint(limit, rules=[rule]) == []


def test_scheduled_functions_reference_is_known():
    target = schema(table("jobs", Field("jobId", Id("_scheduled_functions"))))

    assert findings_of(target, "CVX030") == []
