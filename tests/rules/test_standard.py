from __future__ import annotations

import pytest

from designer.schemas.schema import Field, Index, Table
from designer.schemas.validators import Id, Member, Object, Scalar, Union
from tests.rules.helpers import (
    Case,
    boolean,
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

NUMBER = {"kind": "number"}

CASES = [
    Case(
        "timestamps-missing",
        "STD002",
        "warning",
        lambda: schema(
            Table("posts", [Field("title", string), Field("createdAt", number)])
        ),
        lambda: schema(table("posts", Field("title", string))),
        "Table `posts` has no `updatedAt` field; add it as `v.number()` (milliseconds "
        "since the epoch).",
        "posts.updatedAt",
        ("add_field", {"table": "posts", "name": "updatedAt", "validator": NUMBER}),
    ),
    Case(
        "timestamp-not-number",
        "STD003",
        "warning",
        lambda: schema(
            Table(
                "posts",
                [Field("createdAt", Scalar("int64")), Field("updatedAt", number)],
            )
        ),
        lambda: schema(
            Table(
                "posts",
                [
                    Field("createdAt", Scalar("float64")),
                    Field("updatedAt", Union((number, null))),
                ],
            )
        ),
        "Timestamp `posts.createdAt` should be `v.number()` (milliseconds since the "
        "epoch), not `int64`.",
        "posts.createdAt",
        (
            "set_field_validator",
            {"table": "posts", "field": "createdAt", "validator": NUMBER},
        ),
    ),
    Case(
        "optional-and-nullable",
        "STD004",
        "info",
        lambda: schema(
            table("posts", Field("deletedAt", Union((number, null)), optional=True))
        ),
        lambda: schema(table("posts", Field("deletedAt", Union((number, null))))),
        "Field `posts.deletedAt` may be absent and may be null; `v.optional` alone "
        'already means "may be absent", so choose one way to store no value.',
        "posts.deletedAt",
    ),
    Case(
        "unique-without-index",
        "STD005",
        "warning",
        lambda: schema(
            table(
                "users",
                Field("email", string, unique=True),
                Field("name", string),
                indexes=[Index("by_name_and_email", ["name", "email"])],
            )
        ),
        lambda: schema(
            table(
                "users",
                Field("email", string, unique=True),
                Field("name", string),
                indexes=[Index("by_email_and_name", ["email", "name"])],
            )
        ),
        "Field `users.email` is marked unique but no index starts with it; Convex has "
        "no unique constraint, so add an index such as `by_email` and check it before "
        "every write.",
        "users.email",
        ("add_index", {"table": "users", "name": "by_email", "fields": ["email"]}),
    ),
    Case(
        "unique-field-optional",
        "STD006",
        "warning",
        lambda: schema(
            table(
                "users",
                Field("email", string, unique=True, optional=True),
                indexes=[Index("by_email", ["email"])],
            )
        ),
        lambda: schema(
            table(
                "users",
                Field("email", string, unique=True),
                indexes=[Index("by_email", ["email"])],
            )
        ),
        "Field `users.email` is marked unique but is optional; make it required.",
        "users.email",
        ("set_field_optional", {"table": "users", "field": "email", "optional": False}),
    ),
    Case(
        "string-reference-with-match",
        "STD007",
        "warning",
        lambda: schema(
            table("authors", Field("name", string)),
            table(
                "posts",
                Field("authorId", Union((string, null))),
                indexes=[Index("by_authorId", ["authorId"])],
            ),
        ),
        lambda: schema(
            table("authors", Field("name", string)),
            table(
                "posts",
                Field("authorId", Union((Id("authors"), null))),
                indexes=[Index("by_authorId", ["authorId"])],
            ),
        ),
        'Field `posts.authorId` looks like a reference to `authors`; use `v.id("authors")` '
        "instead of a string.",
        "posts.authorId",
        (
            "set_field_validator",
            {
                "table": "posts",
                "field": "authorId",
                "validator": Union((Id("authors"), null)).to_data(),
            },
        ),
    ),
    Case(
        "string-reference-without-match",
        "STD007",
        "warning",
        lambda: schema(
            table("posts", Field("meta", Object((Member("stripeCustomerId", string),))))
        ),
        lambda: schema(
            table("posts", Field("meta", Object((Member("stripeCustomer", string),))))
        ),
        "Field `posts.meta.stripeCustomerId` looks like a reference but is a string; "
        'store document IDs with `v.id("table")`.',
        "posts.meta.stripeCustomerId",
    ),
    Case(
        "compound-index-hint",
        "STD008",
        "info",
        lambda: schema(
            table(
                "posts",
                Field("status", string),
                Field("channel", string),
                indexes=[
                    Index("by_status", ["status"]),
                    Index("by_channel", ["channel"]),
                ],
            )
        ),
        lambda: schema(
            table(
                "posts",
                Field("status", string),
                Field("channel", string),
                indexes=[Index("by_status_and_channel", ["status", "channel"])],
            )
        ),
        "Table `posts` has the single-field indexes `by_status` and `by_channel`; if "
        "queries filter on both fields, one compound index such as "
        "`by_status_and_channel` serves them.",
        "posts",
    ),
    Case(
        "reference-without-index",
        "STD009",
        "info",
        lambda: schema(
            table("users", Field("name", string)),
            table("posts", Field("authorId", Id("users"))),
        ),
        lambda: schema(
            table("users", Field("name", string)),
            table(
                "posts",
                Field("authorId", Id("users")),
                Field("title", string),
                indexes=[Index("by_authorId_and_title", ["authorId", "title"])],
            ),
        ),
        "Reference `posts.authorId` has no index starting with it; add one such as "
        "`by_authorId` to look documents up by it.",
        "posts.authorId",
        (
            "add_index",
            {"table": "posts", "name": "by_authorId", "fields": ["authorId"]},
        ),
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


def test_string_reference_matches_singular_table():
    target = schema(
        table("person", Field("name", string)),
        table("notes", Field("personId", string)),
    )

    [finding] = findings_of(target, "STD007")

    assert finding.fix.params["validator"] == Id("person").to_data()


def test_better_auth_tables_keep_string_references():
    target = schema(
        Table("user", [Field("email", string), Field("emailVerified", boolean)]),
        Table("session", [Field("userId", string), Field("token", string)]),
        table("users", Field("name", string)),
    )

    assert findings_of(target, "STD007") == []
    assert findings_of(target, "STD004") == []


def test_better_auth_tables_skip_timestamp_presence():
    target = schema(
        Table("user", [Field("email", string), Field("emailVerified", boolean)]),
        Table("jwks", [Field("publicKey", string), Field("createdAt", number)]),
    )

    assert findings_of(target, "STD002") == []


def test_storage_reference_needs_no_index():
    target = schema(table("files", Field("blobId", Id("_storage"))))

    assert findings_of(target, "STD009") == []
