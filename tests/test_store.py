from __future__ import annotations

import pytest

from designer.schemas import models
from designer.schemas.schema import Field, Table
from designer.schemas.store import (
    StaleRevision,
    create_project,
    load_schema,
    save_schema,
)
from designer.schemas.validators import Id, Scalar
from tests.factories import make_blog_schema

pytestmark = pytest.mark.django_db


def test_round_trip_through_database():
    schema = make_blog_schema()
    project = create_project(schema)

    loaded = load_schema(project)

    assert loaded.to_data() == make_blog_schema().to_data()
    assert loaded.slug == "blog"


def test_load_uses_fixed_number_of_queries(django_assert_max_num_queries):
    schema = make_blog_schema()
    for n in range(40):
        schema.tables.append(
            Table(
                f"extra{n}",
                fields=[Field("ownerId", Id("users")), Field("x", Scalar("string"))],
            )
        )
    project = create_project(schema)

    with django_assert_max_num_queries(7):
        loaded = load_schema(project)

    assert len(loaded.tables) == 42


def test_save_swaps_two_field_names():
    project = create_project(make_blog_schema())
    schema = load_schema(project)
    users = schema.table("users")
    name, email = users.fields[0], users.fields[1]
    name.name, email.name = "email", "name"

    save_schema(project, schema)

    rows = {f.pk: f.name for f in models.Field.objects.filter(table__name="users")}
    assert rows[name.id] == "email"
    assert rows[email.id] == "name"


def test_save_deletes_missing_elements_and_bumps_revision():
    project = create_project(make_blog_schema())
    schema = load_schema(project)
    schema.tables = [t for t in schema.tables if t.name != "posts"]

    save_schema(project, schema)

    project.refresh_from_db()
    assert project.revision == 1
    assert list(models.Table.objects.values_list("name", flat=True)) == ["users"]
    assert not models.Field.objects.filter(table__name="posts").exists()


def test_save_rejects_stale_revision():
    project = create_project(make_blog_schema())
    schema = load_schema(project)
    save_schema(project, schema, expected_revision=0)

    with pytest.raises(StaleRevision):
        save_schema(project, schema, expected_revision=0)
