from __future__ import annotations

import pytest

from designer.schemas.schema import Field, Index, SearchIndex, VectorIndex
from designer.schemas.validators import Array, Member, Object, Scalar, Union
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


def users(*indexes: Index, **options):
    fields = [Field(f"f{n}", string) for n in range(20)]
    return schema(
        table("users", Field("email", string), *fields, indexes=list(indexes)),
        **options,
    )


def many_indexes(db: int, search: int = 0, vectors: int = 0):
    return schema(
        table(
            "posts",
            Field("body", string),
            Field("embedding", vector),
            *(Field(f"f{n}", string) for n in range(db)),
            indexes=[Index(f"by_f{n}", [f"f{n}"]) for n in range(db)],
            search_indexes=[
                SearchIndex(f"search{n}", "body", [f"f{n}"]) for n in range(search)
            ],
            vector_indexes=[
                VectorIndex(f"vector{n}", "embedding", 2 + n) for n in range(vectors)
            ],
        )
    )


CASES = [
    Case(
        "index-empty",
        "CVX010",
        "error",
        lambda: users(Index("by_nothing", [])),
        lambda: users(Index("by_email", ["email"])),
        "Index `by_nothing` on table `users` has no fields; add at least one.",
        "users#by_nothing",
        ("remove_index", {"table": "users", "index": "by_nothing"}),
    ),
    Case(
        "index-field-repeated",
        "CVX011",
        "error",
        lambda: users(Index("by_email_and_email", ["email", "email"])),
        lambda: users(Index("by_email_and_f0", ["email", "f0"])),
        "Index `by_email_and_email` on table `users` lists `email` 2 times; index "
        "fields must be unique.",
        "users#by_email_and_email",
    ),
    Case(
        "index-system-field",
        "CVX012",
        "error",
        lambda: users(Index("by_email_and_time", ["email", "_creationTime"])),
        lambda: users(Index("by_email", ["email"])),
        "Index `by_email_and_time` on table `users` lists the system field "
        "`_creationTime`; Convex adds `_creationTime` and `_id` to every index by "
        "itself, so remove it.",
        "users#by_email_and_time",
    ),
    Case(
        "index-path-reserved",
        "CVX013",
        "error",
        lambda: schema(
            table(
                "users",
                Field("profile", Object((Member("name", string),))),
                indexes=[Index("by_profile", ["profile._name"])],
            )
        ),
        lambda: schema(
            table(
                "users",
                Field("profile", Object((Member("name", string),))),
                indexes=[Index("by_profile_name", ["profile.name"])],
            )
        ),
        "Index `by_profile` on table `users` uses the field path `profile._name`; "
        "path parts starting with an underscore are reserved.",
        "users#by_profile",
    ),
    Case(
        "index-path-invalid",
        "CVX014",
        "error",
        lambda: users(Index("by_email", ["email.", "f0"])),
        lambda: users(Index("by_email_and_f0", ["email", "f0"])),
        "Index `by_email` on table `users` uses the field path 'email.', whose part "
        "'' is empty.",
        "users#by_email",
    ),
    Case(
        "index-too-many-fields",
        "CVX015",
        "error",
        lambda: users(Index("by_many", [f"f{n}" for n in range(16)])),
        lambda: users(Index("by_many", [f"f{n}" for n in range(15)])),
        "Index `by_many` on table `users` has 16 fields; the maximum is 15 because "
        "Convex appends `_creationTime`.",
        "users#by_many",
    ),
    Case(
        "index-duplicate",
        "CVX016",
        "error",
        lambda: users(Index("by_email", ["email"]), Index("email_lookup", ["email"])),
        lambda: users(
            Index("by_email", ["email"]), Index("by_email_and_f0", ["email", "f0"])
        ),
        "Index `email_lookup` on table `users` has the same fields as `by_email`; "
        "remove one of them.",
        "users#email_lookup",
        ("remove_index", {"table": "users", "index": "email_lookup"}),
    ),
    Case(
        "index-field-missing",
        "CVX017",
        "error",
        lambda: users(Index("by_mail", ["mail"])),
        lambda: users(Index("by_mail", ["mail"]), schema_validation=False),
        "Index `by_mail` on table `users` uses the field `mail`, which does not "
        "exist in the table.",
        "users#by_mail",
    ),
    Case(
        "search-filter-field-missing",
        "CVX017",
        "error",
        lambda: schema(
            table(
                "posts",
                Field("body", string),
                search_indexes=[SearchIndex("search_body", "body", ["authorId"])],
            )
        ),
        lambda: schema(
            table(
                "posts",
                Field("body", string),
                Field("authorId", string),
                search_indexes=[SearchIndex("search_body", "body", ["authorId"])],
            )
        ),
        "Index `search_body` on table `posts` uses the field `authorId`, which does "
        "not exist in the table.",
        "posts#search_body",
    ),
    Case(
        "indexes-too-many",
        "CVX018",
        "error",
        lambda: many_indexes(31, search=1, vectors=1),
        lambda: many_indexes(30, search=1, vectors=1),
        "Table `posts` has 33 indexes; Convex documents a maximum of 32 per table.",
        "posts",
    ),
    Case(
        "search-indexes-too-many",
        "CVX027",
        "error",
        lambda: many_indexes(5, search=5),
        lambda: many_indexes(5, search=4),
        "Table `posts` has 5 search indexes; Convex documents a maximum of 4.",
        "posts",
    ),
    Case(
        "vector-indexes-too-many",
        "CVX028",
        "error",
        lambda: many_indexes(0, vectors=5),
        lambda: many_indexes(0, vectors=4),
        "Table `posts` has 5 vector indexes; Convex documents a maximum of 4.",
        "posts",
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


def test_index_paths_resolve_through_unions_and_optionals():
    profile = Object((Member("city", string, optional=True),))
    target = schema(
        table(
            "users",
            Field("address", Union((profile, Scalar("null"))), optional=True),
            indexes=[Index("by_address_city", ["address.city"])],
        )
    )

    assert findings_of(target, "CVX017") == []


def test_index_fields_unchecked_on_any_table():
    target = schema(
        table("blobs", indexes=[Index("by_kind", ["kind"])], document_kind="any")
    )

    assert findings_of(target, "CVX017") == []


def test_vector_filter_fields_are_not_checked_for_existence():
    target = schema(
        table(
            "posts",
            Field("embedding", vector),
            vector_indexes=[VectorIndex("by_embedding", "embedding", 8, ["missing"])],
        )
    )

    assert findings_of(target, "CVX017") == []


def test_system_field_in_index_not_reported_twice():
    target = users(Index("by_id_field", ["_id"]))

    codes = [
        f.code for f in findings_of(target, "CVX013") + findings_of(target, "CVX017")
    ]

    assert codes == []
    assert len(findings_of(target, "CVX012")) == 1


def test_timestamp_field_number_is_valid_index_field():
    target = schema(
        table("events", Field("at", number), indexes=[Index("by_at", ["at"])])
    )

    assert findings_of(target, "CVX017") == []
