"""Deploy classification of typical edits to the demo schema, exactly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from designer.accounts.models import Membership, Role
from designer.review.diff import diff
from designer.review.snapshots import create_version
from designer.schemas import store
from designer.schemas.demo import demo_schema
from designer.schemas.schema import Field, Index, Schema
from designer.schemas.validators import Literal, Scalar, Union
from tests.review.helpers import change_rows


def add_optional_field(schema: Schema) -> None:
    schema.table("documents").fields.append(
        Field("summary", Scalar("string"), optional=True)
    )


def add_required_field(schema: Schema) -> None:
    schema.table("workspaces").fields.append(Field("icon", Scalar("string")))


def remove_table(schema: Schema) -> None:
    schema.tables.remove(schema.table("favorites"))


def add_index(schema: Schema) -> None:
    schema.table("documents").indexes.append(Index("by_title", ["title"]))


def narrow_union(schema: Schema) -> None:
    plan = schema.table("workspaces").field("plan")
    plan.validator = Union((Literal("free"), Literal("team")))


def widen_union(schema: Schema) -> None:
    role = schema.table("members").field("role")
    role.validator = Union((*role.validator.members, Literal("guest")))


def make_required_optional(schema: Schema) -> None:
    schema.table("documents").field("title").optional = True


def make_optional_required(schema: Schema) -> None:
    schema.table("documents").field("parentId").optional = False


CASES = [
    (add_optional_field, [("added", "field", "documents.summary", "safe")]),
    (add_required_field, [("added", "field", "workspaces.icon", "migration")]),
    (remove_table, [("removed", "table", "favorites", "migration")]),
    (add_index, [("added", "index", "documents#by_title", "safe")]),
    (narrow_union, [("changed", "validator", "workspaces.plan", "migration")]),
    (widen_union, [("changed", "validator", "members.role", "safe")]),
    (make_required_optional, [("changed", "field", "documents.title", "safe")]),
    (make_optional_required, [("changed", "field", "documents.parentId", "migration")]),
]


def _rows(changes) -> list[tuple[str, str, str, str]]:
    return [(c.action, c.element, c.location, c.classification) for c in changes]


@pytest.mark.parametrize(
    ("edit", "expected"), CASES, ids=[edit.__name__ for edit, _ in CASES]
)
def test_diff_of_demo_edit(edit, expected):
    changed = demo_schema()
    edit(changed)

    assert _rows(diff(demo_schema(), changed)) == expected


@pytest.mark.django_db
def test_diff_page_lists_demo_edits(client):
    project = store.create_project(demo_schema(), slug="demo")
    reviewer = User.objects.create_user("ravi")
    Membership.objects.create(project=project, user=reviewer, role=Role.REVIEWER)
    create_version(project, reviewer, "Before")
    schema = store.load_schema(project)
    for edit, _ in CASES:
        edit(schema)
    store.save_schema(project, schema)
    client.force_login(reviewer)

    response = client.get(reverse("version-diff", kwargs={"slug": "demo", "number": 1}))

    assert response.status_code == 200
    assert change_rows(response.content.decode()) == [
        ("removed", "table", "favorites", "migration"),
        ("changed", "validator", "workspaces.plan", "migration"),
        ("added", "field", "workspaces.icon", "migration"),
        ("changed", "validator", "members.role", "safe"),
        ("changed", "field", "documents.parentId", "migration"),
        ("changed", "field", "documents.title", "safe"),
        ("added", "field", "documents.summary", "safe"),
        ("added", "index", "documents#by_title", "safe"),
    ]
    assert "Needs a migration." in response.content.decode()
