from __future__ import annotations

import pytest

from designer.schemas.operations import apply
from designer.schemas.schema import Field, Index
from designer.schemas.validators import Array, Id, Member, Object, Union
from tests.rules.helpers import (
    Case,
    check_fires,
    check_fix_clears,
    check_passes,
    findings_of,
    ids,
    null,
    schema,
    string,
    table,
)


def posts(*indexes: Index):
    return schema(
        table(
            "posts",
            Field("status", string),
            Field("channel", string),
            indexes=list(indexes),
        )
    )


def cycle(optional_back: bool):
    return schema(
        table(
            "teams",
            Field("ownerId", Id("members")),
            indexes=[Index("by_ownerId", ["ownerId"])],
        ),
        table(
            "members",
            Field("teamId", Id("teams"), optional=optional_back),
            indexes=[Index("by_teamId", ["teamId"])],
        ),
    )


CASES = [
    Case(
        "redundant-prefix-index",
        "DSG001",
        "info",
        lambda: posts(
            Index("by_status", ["status"]),
            Index("by_status_and_channel", ["status", "channel"]),
        ),
        lambda: posts(
            Index("by_channel", ["channel"]),
            Index("by_status_and_channel", ["status", "channel"]),
        ),
        "Index `by_status` on table `posts` is a prefix of `by_status_and_channel`, "
        "which serves the same queries.",
        "posts#by_status",
        ("remove_index", {"table": "posts", "index": "by_status"}),
    ),
    Case(
        "array-of-objects",
        "DSG003",
        "info",
        lambda: schema(
            table("posts", Field("comments", Array(Object((Member("body", string),)))))
        ),
        lambda: schema(table("posts", Field("tags", Array(string)))),
        "Field `posts.comments` is an array of objects; if it can grow without bound, "
        "move the items to their own table.",
        "posts.comments",
    ),
    Case(
        "array-of-ids",
        "DSG003",
        "info",
        lambda: schema(table("posts", Field("likedBy", Array(Id("posts"))))),
        lambda: schema(table("posts", Field("likedBy", Id("posts")))),
        "Field `posts.likedBy` is an array of IDs; if it can grow without bound, move "
        "the items to their own table.",
        "posts.likedBy",
    ),
    Case(
        "self-reference-required",
        "DSG004",
        "warning",
        lambda: schema(
            table(
                "comments",
                Field("parentId", Id("comments")),
                indexes=[Index("by_parentId", ["parentId"])],
            )
        ),
        lambda: schema(
            table(
                "comments",
                Field("parentId", Union((Id("comments"), null))),
                indexes=[Index("by_parentId", ["parentId"])],
            )
        ),
        "Required references form a cycle (`comments.parentId` → `comments`), so no "
        "document of it can be inserted first; make one of them optional.",
        "comments.parentId",
        (
            "set_field_optional",
            {"table": "comments", "field": "parentId", "optional": True},
        ),
    ),
    Case(
        "index-name-hides-fields",
        "DSG005",
        "info",
        lambda: posts(Index("status_idx", ["status", "channel"])),
        lambda: posts(Index("by_status_channel", ["status", "channel"])),
        "Index `status_idx` on table `posts` does not list its fields; name it like "
        "`by_status_and_channel`.",
        "posts#status_idx",
        (
            "rename_index",
            {"table": "posts", "index": "status_idx", "name": "by_status_and_channel"},
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


def test_cycle_through_two_tables_reports_each_edge():
    found = findings_of(cycle(optional_back=False), "DSG004")

    assert [f.location.key for f in found] == ["members.teamId", "teams.ownerId"]
    assert found[1].message == (
        "Required references form a cycle (`teams.ownerId` → `members.teamId` → "
        "`teams`), so no document of it can be inserted first; make one of them "
        "optional."
    )


def test_optional_back_reference_breaks_cycle():
    assert findings_of(cycle(optional_back=True), "DSG004") == []


def test_one_fix_clears_whole_cycle():
    target = cycle(optional_back=False)
    first = findings_of(target, "DSG004")[0]

    apply(target, first.fix.operation, first.fix.params)

    assert findings_of(target, "DSG004") == []


def test_nested_array_location_path():
    target = schema(
        table(
            "posts",
            Field(
                "meta",
                Object((Member("links", Array(Object((Member("url", string),)))),)),
            ),
        )
    )

    [finding] = findings_of(target, "DSG003")

    assert finding.location.key == "posts.meta.links"


def test_staged_indexes_are_not_redundant():
    target = posts(
        Index("by_status", ["status"], staged=True),
        Index("by_status_and_channel", ["status", "channel"]),
    )

    assert findings_of(target, "DSG001") == []
