"""Undo: a snapshot of the schema before each saved change, restored on request.

A snapshot is ``Schema.to_data()`` plus the id of every table, field and
index, so restoring it keeps the rows that did not change instead of
recreating them.
"""

from __future__ import annotations

from typing import Any

from designer.editor.models import Snapshot
from designer.schemas.models import Project
from designer.schemas.schema import Schema

KEPT_SNAPSHOTS = 20
_CHILDREN = (
    ("fields", "fields"),
    ("indexes", "indexes"),
    ("search_indexes", "searchIndexes"),
    ("vector_indexes", "vectorIndexes"),
)


def snapshot_data(schema: Schema) -> dict[str, Any]:
    """Return ``schema.to_data()`` with an ``ids`` tree beside it."""
    ids = [
        {
            "id": t.id,
            **{key: [e.id for e in getattr(t, attr)] for attr, key in _CHILDREN},
        }
        for t in schema.tables
    ]
    return {"schema": schema.to_data(), "ids": ids}


def schema_from_snapshot(data: dict[str, Any]) -> Schema:
    """Rebuild the schema of ``snapshot_data`` output, ids included."""
    schema = Schema.from_data(data["schema"])
    for table, ids in zip(schema.tables, data["ids"], strict=True):
        table.id = ids["id"]
        for attr, key in _CHILDREN:
            for element, element_id in zip(getattr(table, attr), ids[key], strict=True):
                element.id = element_id
    return schema


def take_snapshot(project: Project, data: dict[str, Any], label: str, user) -> None:
    """Keep ``data`` (from ``snapshot_data``) as the state before the change ``label``.

    Only the newest KEPT_SNAPSHOTS of the project stay.
    """
    Snapshot.objects.create(
        project=project,
        data=data,
        label=label,
        user=user if user.is_authenticated else None,
    )
    old = Snapshot.objects.filter(project=project)[KEPT_SNAPSHOTS:]
    Snapshot.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()


def latest_snapshot(project: Project) -> Snapshot | None:
    return Snapshot.objects.filter(project=project).first()
