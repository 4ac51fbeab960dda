"""Counting comments per element, and comments following renamed elements."""

from __future__ import annotations

import pytest

from designer.review.comments import (
    comment_counts,
    count_within,
    follow_renames,
    is_within,
    table_counts,
)
from designer.review.diff import diff
from designer.review.models import Comment
from designer.schemas.store import load_schema
from tests.review.helpers import make_team


@pytest.mark.parametrize(
    ("target", "key", "expected"),
    [
        ("users", "users", True),
        ("users.email", "users", True),
        ("users#by_email", "users", True),
        ("users.address.city", "users.address", True),
        ("usersArchive", "users", False),
        ("users.emailVerified", "users.email", False),
        ("users", "users.email", False),
        ("", "users", False),
    ],
)
def test_is_within(target, key, expected):
    assert is_within(target, key) is expected


def test_count_within_and_table_counts():
    counts = {"users": 1, "users.email": 2, "usersArchive": 4, "posts#by_x": 1, "": 3}

    assert count_within(counts, "users") == 3
    assert count_within(counts, "users.email") == 2
    assert table_counts(counts, ["users", "posts", "tags"]) == {"users": 3, "posts": 1}


@pytest.mark.django_db
def test_comment_counts_include_replies():
    team = make_team()
    first = Comment.objects.create(
        project=team.project, author=team.reviewer, target="posts", body="?"
    )
    Comment.objects.create(
        project=team.project, author=team.owner, target="posts", body="!", parent=first
    )
    Comment.objects.create(project=team.project, author=team.owner, body="Overall.")

    assert comment_counts(team.project) == {"posts": 2, "": 1}


@pytest.mark.django_db
def test_follow_renames_of_a_table_and_its_field():
    team = make_team()
    before = load_schema(team.project)
    table = before.tables[0]
    field = table.fields[0]
    old_table, old_field = table.name, field.name
    Comment.objects.create(
        project=team.project,
        author=team.reviewer,
        target=f"{old_table}.{old_field}",
        body="?",
    )
    after = load_schema(team.project)
    after.tables[0].name = "renamedTable"
    after.tables[0].fields[0].name = "renamedField"

    moved = follow_renames(team.project, diff(before, after))

    assert moved == 1
    assert Comment.objects.get().target == "renamedTable.renamedField"
