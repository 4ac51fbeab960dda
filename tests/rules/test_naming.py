from __future__ import annotations

import pytest

from designer.schemas.rules import lint
from designer.schemas.schema import Field, Index, SearchIndex, Table, VectorIndex
from designer.schemas.validators import Array, Member, Object, Scalar
from tests.rules.helpers import (
    Case,
    boolean,
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

CASES = [
    Case(
        "table-name-invalid",
        "CVX001",
        "error",
        lambda: schema(table("blog posts", Field("title", string))),
        lambda: schema(table("blogPosts", Field("title", string))),
        "Table name 'blog posts' contains ' '; only ASCII letters, digits and "
        "underscores are allowed.",
        "blog posts",
    ),
    Case(
        "table-name-reserved",
        "CVX002",
        "error",
        lambda: schema(table("_posts", Field("title", string))),
        lambda: schema(table("posts", Field("title", string))),
        "Table `_posts` starts with an underscore, which Convex reserves for "
        "system tables.",
        "_posts",
        ("rename_table", {"table": "_posts", "name": "posts"}),
    ),
    Case(
        "field-name-invalid",
        "CVX003",
        "error",
        lambda: schema(table("users", Field("first-name", string))),
        lambda: schema(table("users", Field("first_name", string))),
        "Field name 'first-name' in table `users` contains '-'; only ASCII letters, "
        "digits and underscores are allowed.",
        "users.first-name",
        (
            "rename_field",
            {"table": "users", "field": "first-name", "name": "firstName"},
        ),
    ),
    Case(
        "nested-field-name-invalid",
        "CVX003",
        "error",
        lambda: schema(
            table("users", Field("profile", Object((Member("ñame", string),))))
        ),
        lambda: schema(
            table("users", Field("profile", Object((Member("name", string),))))
        ),
        "Field name 'ñame' inside `users.profile` contains 'ñ'; only ASCII letters, "
        "digits and underscores are allowed.",
        "users.profile.ñame",
    ),
    Case(
        "system-field-declared",
        "CVX004",
        "error",
        lambda: schema(table("users", Field("_creationTime", number))),
        lambda: schema(table("users", Field("name", string))),
        "Table `users` declares the system field `_creationTime`; Convex adds it to "
        "every document, so remove it.",
        "users._creationTime",
        ("remove_field", {"table": "users", "field": "_creationTime"}),
    ),
    Case(
        "field-name-reserved",
        "CVX005",
        "error",
        lambda: schema(table("users", Field("_owner", string))),
        lambda: schema(table("users", Field("owner_", string))),
        "Field `users._owner` starts with an underscore, which Convex reserves for "
        "system fields.",
        "users._owner",
        ("rename_field", {"table": "users", "field": "_owner", "name": "owner"}),
    ),
    Case(
        "nested-field-name-reserved",
        "CVX005",
        "error",
        lambda: schema(
            table("users", Field("tags", Array(Object((Member("_key", string),)))))
        ),
        lambda: schema(
            table("users", Field("tags", Array(Object((Member("key", string),)))))
        ),
        "Field `users.tags[]._key` starts with an underscore, which Convex does not "
        "allow in object keys.",
        "users.tags[]._key",
    ),
    Case(
        "field-name-duplicate",
        "CVX009",
        "error",
        lambda: schema(table("users", Field("name", string), Field("name", number))),
        lambda: schema(
            table(
                "users",
                Field("name", string),
                Field("name", number, variant=1),
                document_kind="union",
            )
        ),
        "Field `users.name` is declared 2 times; keep one.",
        "users.name",
    ),
    Case(
        "index-name-invalid",
        "CVX006",
        "error",
        lambda: schema(
            table(
                "users", Field("email", string), indexes=[Index("by email", ["email"])]
            )
        ),
        lambda: schema(
            table(
                "users", Field("email", string), indexes=[Index("by_email", ["email"])]
            )
        ),
        "Index name 'by email' on table `users` contains ' '; only ASCII letters, "
        "digits and underscores are allowed.",
        "users#by email",
    ),
    Case(
        "index-name-reserved",
        "CVX007",
        "error",
        lambda: schema(
            table("users", Field("email", string), indexes=[Index("by_id", ["email"])])
        ),
        lambda: schema(
            table(
                "users", Field("email", string), indexes=[Index("by_email", ["email"])]
            )
        ),
        "Index `by_id` on table `users` uses a reserved name; Convex keeps `by_id`, "
        "`by_creation_time` and names starting with an underscore for itself.",
        "users#by_id",
        ("rename_index", {"table": "users", "index": "by_id", "name": "by_email"}),
    ),
    Case(
        "index-name-duplicate-across-kinds",
        "CVX008",
        "error",
        lambda: schema(
            table(
                "posts",
                Field("body", string),
                Field("embedding", vector),
                search_indexes=[SearchIndex("by_body", "body")],
                vector_indexes=[VectorIndex("by_body", "embedding", 8)],
            )
        ),
        lambda: schema(
            table(
                "posts",
                Field("body", string),
                Field("embedding", vector),
                search_indexes=[SearchIndex("search_body", "body")],
                vector_indexes=[VectorIndex("by_embedding", "embedding", 8)],
            )
        ),
        "Table `posts` defines 2 indexes named `by_body`; index names must be unique "
        "within a table.",
        "posts#by_body",
    ),
    Case(
        "table-name-singular",
        "STD001",
        "warning",
        lambda: schema(table("Post", Field("title", string))),
        lambda: schema(table("posts", Field("title", string))),
        "Table `Post` should have a plural, camelCase name such as `posts`.",
        "Post",
        ("rename_table", {"table": "Post", "name": "posts"}),
    ),
    Case(
        "table-name-snake-case",
        "STD001",
        "warning",
        lambda: schema(table("blog_category", Field("title", string))),
        lambda: schema(table("blogCategories", Field("title", string))),
        "Table `blog_category` should have a plural, camelCase name such as "
        "`blogCategories`.",
        "blog_category",
        ("rename_table", {"table": "blog_category", "name": "blogCategories"}),
    ),
    Case(
        "lone-user-table-is-not-better-auth",
        "STD001",
        "warning",
        lambda: schema(table("user", Field("name", string))),
        lambda: schema(
            table("user", Field("name", string), Field("emailVerified", boolean))
        ),
        "Table `user` should have a plural, camelCase name such as `users`.",
        "user",
        ("rename_table", {"table": "user", "name": "users"}),
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


def test_plural_rule_exempts_better_auth_tables():
    target = schema(
        Table("user", [Field("email", string), Field("emailVerified", boolean)]),
        Table("session", [Field("token", string)]),
        Table("account", [Field("userId", string)]),
        Table("verification", [Field("identifier", string)]),
        Table("jwks", [Field("publicKey", string)]),
    )

    assert findings_of(target, "STD001") == []


def test_plural_rule_suggests_irregular_plurals():
    target = schema(table("person", Field("name", string)), table("category"))

    messages = [f.message for f in findings_of(target, "STD001")]

    assert messages == [
        "Table `category` should have a plural, camelCase name such as `categories`.",
        "Table `person` should have a plural, camelCase name such as `people`.",
    ]


def test_rename_fix_absent_when_target_taken():
    target = schema(
        table("Post", Field("a", string)), table("posts", Field("a", string))
    )

    [finding] = findings_of(target, "STD001")

    assert finding.fix is None


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'quote"s',
    "back\\slash",
    "new\nline",
    "*/ end",
    "${injected}",
    "таблица",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_reported_not_crashing(name):
    target = schema(
        table(
            name,
            Field(name, string),
            Field("nested", Object((Member(name, string),))),
            indexes=[Index(name, [name])],
        )
    )

    codes = {f.code for f in lint(target)}

    assert {"CVX001", "CVX003", "CVX006", "CVX014"} <= codes
