from __future__ import annotations

import pytest

from designer.review.history import save_with_history
from designer.review.models import Change, Version
from designer.review.snapshots import create_version, restore_version, version_schema
from designer.schemas import models as schema_models
from designer.schemas.schema import Field
from designer.schemas.store import StaleRevision, load_schema
from designer.schemas.validators import Scalar
from tests.factories import make_blog_schema
from tests.review.helpers import make_team

pytestmark = pytest.mark.django_db


def test_create_version_numbers_and_snapshots():
    team = make_team()

    first = create_version(team.project, team.owner, "Start")
    second = create_version(team.project, team.editor, "Again", "same schema")

    assert (first.number, second.number) == (1, 2)
    assert first.data == make_blog_schema().to_data()
    assert second.message == "same schema"
    assert second.created_by == team.editor


def test_version_schema_keeps_element_ids():
    team = make_team()
    live = load_schema(team.project)
    version = create_version(team.project, team.owner, "Start")

    schema = version_schema(version)

    assert [t.id for t in schema.tables] == [t.id for t in live.tables]
    assert [f.id for f in schema.table("posts").fields] == [
        f.id for f in live.table("posts").fields
    ]
    assert schema.table("posts").vector_indexes[0].id is not None


def test_save_with_history_records_who_and_what():
    team = make_team()
    schema = load_schema(team.project)
    schema.table("users").field("name").name = "fullName"
    schema.table("users").fields.append(Field("bio", Scalar("string"), optional=True))

    save_with_history(team.project, schema, team.editor, expected_revision=0)

    entry = Change.objects.get(project=team.project)
    assert entry.user == team.editor
    assert entry.revision == 1
    assert entry.summary == (
        "Renamed field users.name → users.fullName; added field users.bio."
    )
    assert [c["classification"] for c in entry.changes] == ["migration", "safe"]


def test_save_with_history_stale_revision_records_nothing():
    team = make_team()
    schema = load_schema(team.project)
    save_with_history(team.project, load_schema(team.project), team.owner, 0)

    with pytest.raises(StaleRevision):
        save_with_history(team.project, schema, team.editor, expected_revision=0)

    assert Change.objects.filter(project=team.project).count() == 1


def test_restore_saves_current_state_first():
    team = make_team()
    start = create_version(team.project, team.owner, "Start")
    schema = load_schema(team.project)
    schema.tables = [t for t in schema.tables if t.name != "posts"]
    save_with_history(team.project, schema, team.editor)

    backup, saved = restore_version(team.project, start, team.owner)

    assert backup.automatic is True
    assert backup.name == "Before restoring v1"
    assert [t["name"] for t in backup.data["tables"]] == ["users"]
    assert load_schema(team.project).to_data() == make_blog_schema().to_data()
    assert saved.revision == 2
    history = list(Change.objects.filter(project=team.project).order_by("revision"))
    assert [h.summary for h in history] == [
        "Removed table posts.",
        "Added table posts.",
    ]
    assert history[1].user == team.owner


def test_restore_keeps_ids_of_surviving_elements():
    team = make_team()
    start = create_version(team.project, team.owner, "Start")
    users_id = load_schema(team.project).table("users").id
    schema = load_schema(team.project)
    schema.table("users").name = "people"
    save_with_history(team.project, schema, team.owner)

    restore_version(team.project, start, team.owner)

    restored = load_schema(team.project)
    assert restored.table("users").id == users_id
    assert schema_models.Table.objects.filter(project=team.project).count() == 2
    assert Version.objects.filter(project=team.project).count() == 2
