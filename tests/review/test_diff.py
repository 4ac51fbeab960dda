from __future__ import annotations

import copy

import pytest

from designer.review.diff import (
    MIGRATION,
    SAFE,
    Change,
    accepts,
    describe,
    diff,
    summarize,
    unified,
)
from designer.schemas.schema import Field, Index, Schema, Table, VectorIndex
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
from tests.factories import make_blog_schema

string = Scalar("string")
number = Scalar("number")


def changed(before: Schema, change) -> list[tuple[str, str, str, str]]:
    after = copy.deepcopy(before)
    change(after)
    return [
        (c.action, c.element, c.location, c.classification) for c in diff(before, after)
    ]


def test_diff_identical_schemas_is_empty():
    assert diff(make_blog_schema(), make_blog_schema()) == []


def test_diff_new_table_is_safe():
    def add(schema):
        schema.tables.append(Table("tags", fields=[Field("name", string)]))

    assert changed(make_blog_schema(), add) == [("added", "table", "tags", SAFE)]


def test_diff_removed_table_needs_migration():
    def remove(schema):
        schema.tables.pop(0)

    assert changed(make_blog_schema(), remove) == [
        ("removed", "table", "users", MIGRATION)
    ]


def test_diff_new_optional_field_is_safe():
    def add(schema):
        schema.table("users").fields.append(Field("bio", string, optional=True))

    assert changed(make_blog_schema(), add) == [("added", "field", "users.bio", SAFE)]


def test_diff_new_required_field_needs_migration():
    def add(schema):
        schema.table("users").fields.append(Field("bio", string))

    result = diff(make_blog_schema(), _after(add))

    assert [(c.location, c.classification) for c in result] == [
        ("users.bio", MIGRATION)
    ]
    assert "backfill" in result[0].reason


def test_diff_required_to_optional_is_safe():
    def loosen(schema):
        schema.table("users").field("name").optional = True

    result = diff(make_blog_schema(), _after(loosen))

    assert [(c.summary, c.classification) for c in result] == [
        ("changed field users.name: required → optional", SAFE)
    ]


def test_diff_optional_to_required_needs_migration():
    def tighten(schema):
        schema.table("posts").field("cover").optional = False

    assert changed(make_blog_schema(), tighten) == [
        ("changed", "field", "posts.cover", MIGRATION)
    ]


def test_diff_extra_union_member_is_safe():
    def widen(schema):
        role = schema.table("users").field("role")
        role.validator = Union((*role.validator.members, Literal("guest")))

    result = diff(make_blog_schema(), _after(widen))

    assert [(c.summary, c.classification) for c in result] == [
        (
            'changed validator users.role: "admin" | "member" → '
            '"admin" | "member" | "guest"',
            SAFE,
        )
    ]


def test_diff_removed_union_member_needs_migration():
    def narrow(schema):
        schema.table("users").field("role").validator = Literal("admin")

    assert changed(make_blog_schema(), narrow) == [
        ("changed", "validator", "users.role", MIGRATION)
    ]


def test_diff_literal_to_base_type_is_safe():
    def widen(schema):
        schema.table("users").field("role").validator = string

    assert changed(make_blog_schema(), widen) == [
        ("changed", "validator", "users.role", SAFE)
    ]


def test_diff_changed_scalar_type_needs_migration():
    def change(schema):
        schema.table("posts").field("title").validator = number

    assert changed(make_blog_schema(), change) == [
        ("changed", "validator", "posts.title", MIGRATION)
    ]


def test_diff_changed_id_target_needs_migration():
    def retarget(schema):
        schema.tables.append(Table("authors", fields=[Field("name", string)]))
        schema.table("posts").field("authorId").validator = Id("authors")

    result = diff(make_blog_schema(), _after(retarget))

    assert [(c.element, c.location, c.classification) for c in result] == [
        ("id target", "posts.authorId", MIGRATION),
        ("table", "authors", SAFE),
    ]
    assert result[0].detail == "id<users> → id<authors>"


def test_diff_reports_nested_members_at_their_path():
    def nest(schema):
        seo = schema.table("posts").field("seo")
        seo.validator = Object(
            (
                Member("slug", number),
                Member("keywords", Array(string)),
                Member("canonical", string, optional=True),
            )
        )

    assert changed(make_blog_schema(), nest) == [
        ("changed", "validator", "posts.seo.slug", MIGRATION),
        ("changed", "member", "posts.seo.keywords", MIGRATION),
        ("added", "member", "posts.seo.canonical", SAFE),
    ]


def test_diff_removed_nested_member_needs_migration():
    def drop(schema):
        schema.table("posts").field("seo").validator = Object((Member("slug", string),))

    assert changed(make_blog_schema(), drop) == [
        ("removed", "member", "posts.seo.keywords", MIGRATION)
    ]


def test_diff_detects_field_rename_by_id():
    before = _with_ids(make_blog_schema())
    after = copy.deepcopy(before)
    after.table("users").field("name").name = "fullName"

    result = diff(before, after)

    assert [(c.action, c.old_location, c.location) for c in result] == [
        ("renamed", "users.name", "users.fullName")
    ]
    assert result[0].classification == MIGRATION


def test_diff_id_match_wins_over_same_name():
    # Swapping two names keeps each element: both are renames, not changes.
    before = _with_ids(make_blog_schema())
    after = copy.deepcopy(before)
    users = after.table("users")
    users.fields[0].name, users.fields[1].name = "email", "name"

    result = diff(before, after)

    assert [(c.action, c.old_location, c.location) for c in result] == [
        ("renamed", "users.name", "users.email"),
        ("renamed", "users.email", "users.name"),
    ]


def test_diff_detects_table_rename_by_shape_without_ids():
    def rename(schema):
        schema.table("users").name = "people"
        schema.table("posts").field("authorId").validator = Id("people")

    result = diff(make_blog_schema(), _after(rename))

    assert [(c.action, c.element, c.old_location, c.location) for c in result] == [
        ("renamed", "table", "users", "people"),
        ("changed", "id target", "", "posts.authorId"),
    ]


def test_diff_detects_field_rename_by_shape_without_ids():
    def rename(schema):
        schema.table("posts").field("body").name = "content"

    result = diff(make_blog_schema(), _after(rename))

    assert [(c.action, c.old_location, c.location) for c in result] == [
        ("renamed", "posts.body", "posts.content")
    ]


def test_diff_ambiguous_shapes_are_not_renames():
    # createdAt and updatedAt share a shape, so renaming both is two
    # removals and two additions, not a guess.
    def rename(schema):
        users = schema.table("users")
        users.field("createdAt").name = "created"
        users.field("updatedAt").name = "updated"

    assert changed(make_blog_schema(), rename) == [
        ("removed", "field", "users.createdAt", MIGRATION),
        ("removed", "field", "users.updatedAt", MIGRATION),
        ("added", "field", "users.created", MIGRATION),
        ("added", "field", "users.updated", MIGRATION),
    ]


def test_diff_indexes_added_removed_renamed_changed():
    def edit(schema):
        users = schema.table("users")
        users.indexes = [Index("by_mail", ["email"]), Index("by_name", ["name"])]
        posts = schema.table("posts")
        posts.indexes[0].fields = ["authorId"]

    assert changed(make_blog_schema(), edit) == [
        ("renamed", "index", "users#by_mail", SAFE),
        ("added", "index", "users#by_name", SAFE),
        ("changed", "index", "posts#by_authorId_and_published", SAFE),
    ]


def test_diff_removed_index_is_safe():
    def drop(schema):
        schema.table("posts").search_indexes = []

    assert changed(make_blog_schema(), drop) == [
        ("removed", "search index", "posts#search_body", SAFE)
    ]


def test_diff_vector_dimensions_need_migration():
    def resize(schema):
        schema.table("posts").vector_indexes = [
            VectorIndex("by_embedding", "embedding", 768, ["authorId"])
        ]

    result = diff(make_blog_schema(), _after(resize))

    assert [(c.summary, c.classification) for c in result] == [
        ("changed vector index posts#by_embedding: 1536 → 768 dimensions", MIGRATION)
    ]


def test_diff_schema_validation_turned_on_needs_migration():
    before = make_blog_schema()
    before.schema_validation = False

    result = diff(before, make_blog_schema())

    assert [(c.location, c.classification) for c in result] == [
        ("schemaValidation", MIGRATION)
    ]


def test_diff_union_table_fields_match_per_variant():
    def make():
        return Schema(
            "s",
            [
                Table(
                    "events",
                    document_kind="union",
                    fields=[
                        Field("kind", Literal("a")),
                        Field("kind", Literal("b"), variant=1),
                        Field("size", number, variant=1),
                    ],
                )
            ],
        )

    after = make()
    after.tables[0].fields[2].optional = True

    assert [(c.location, c.detail) for c in diff(make(), after)] == [
        ("events.size", "required → optional")
    ]


def test_diff_document_kind_object_to_any_is_safe():
    def loosen(schema):
        schema.table("users").document_kind = "any"

    assert changed(make_blog_schema(), loosen) == [
        ("changed", "document type", "users", SAFE)
    ]


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (Scalar("any"), string, True),
        (string, Scalar("any"), False),
        (number, Scalar("float64"), True),
        (Scalar("int64"), Literal(3, "bigint"), True),
        (number, Literal(3, "bigint"), False),
        (string, Id("users"), True),
        (Id("users"), string, False),
        (Array(Union((string, number))), Array(string), True),
        (Array(string), Array(Union((string, number))), False),
        (Record(string, number), Record(string, Literal(1, "number")), True),
        (
            Object((Member("a", string), Member("b", number, optional=True))),
            Object((Member("a", string),)),
            True,
        ),
        (
            Object((Member("a", string),)),
            Object((Member("a", string, optional=True),)),
            False,
        ),
        (Union((Scalar("null"), string)), Union((string,)), True),
        (Union(()), string, False),
        (string, Union(()), True),
    ],
)
def test_accepts_cases(new, old, expected):
    assert accepts(new, old) is expected


def test_describe_escapes_and_truncates():
    assert describe(Literal('a"b\\')) == '"a\\"b\\\\"'
    assert describe(Union(tuple(Literal(f"value{n}") for n in range(20)))).endswith("…")
    assert len(describe(Union(tuple(Literal(f"value{n}") for n in range(20))))) == 60


def test_summarize_names_first_three_and_counts_rest():
    changes = [Change("added", "table", f"t{n}", SAFE, "r") for n in range(5)]

    assert summarize(changes) == (
        "Added table t0; added table t1; added table t2; and 2 more."
    )
    assert summarize([]) == "No changes to tables, fields or indexes."


def test_change_round_trips_through_data():
    change = Change("renamed", "field", "a.b", MIGRATION, "why", "d", "a.c")

    assert Change.from_data(change.to_data()) == change


def test_unified_shows_changed_lines():
    text = unified("a\nb\n", "a\nc\n", "v1", "current")

    assert text == "--- v1\n+++ current\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
    assert unified("same\n", "same\n", "v1", "v2") == ""


def _after(change) -> Schema:
    schema = make_blog_schema()
    change(schema)
    return schema


def _with_ids(schema: Schema) -> Schema:
    schema.id = 1
    counter = iter(range(1, 10_000))
    for table in schema.tables:
        table.id = next(counter)
        for element in [*table.fields, *table.indexes, *table.search_indexes]:
            element.id = next(counter)
        for element in table.vector_indexes:
            element.id = next(counter)
    return schema
