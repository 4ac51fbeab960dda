"""Versions: save the live schema as a snapshot, read one back, restore one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from designer.review.history import save_with_history
from designer.review.models import Version
from designer.schemas import models as schema_models
from designer.schemas.schema import Schema
from designer.schemas.store import load_schema

_INDEX_KINDS = ("indexes", "search_indexes", "vector_indexes")


def element_ids(schema: Schema) -> dict[str, Any]:
    """Return the element ids of ``schema`` in the order of ``to_data()``."""
    return {
        "tables": [
            {
                "id": table.id,
                "fields": [f.id for f in table.fields],
                **{kind: [i.id for i in getattr(table, kind)] for kind in _INDEX_KINDS},
            }
            for table in schema.tables
        ]
    }


def version_schema(version: Version) -> Schema:
    """Return the schema a version holds, with the element ids it had."""
    schema = Schema.from_data(version.data)
    schema.id = version.project_id
    schema.slug = version.project.slug
    tables = version.element_ids.get("tables", [])
    for table, ids in zip(schema.tables, tables, strict=False):
        table.id = ids.get("id")
        for attribute in ("fields", *_INDEX_KINDS):
            for element, element_id in zip(
                getattr(table, attribute), ids.get(attribute, []), strict=False
            ):
                element.id = element_id
    return schema


@transaction.atomic
def create_version(
    project: schema_models.Project,
    user,
    name: str,
    message: str = "",
    automatic: bool = False,
) -> Version:
    """Save the project's current schema as the next numbered version."""
    # Locking the project row serialises numbering between concurrent saves.
    locked = schema_models.Project.objects.select_for_update().get(pk=project.pk)
    schema = load_schema(locked)
    latest = Version.objects.filter(project=locked).aggregate(n=Max("number"))["n"]
    return Version.objects.create(
        project=locked,
        number=(latest or 0) + 1,
        name=name,
        message=message,
        data=schema.to_data(),
        element_ids=element_ids(schema),
        revision=locked.revision,
        automatic=automatic,
        created_by=user,
    )


@transaction.atomic
def restore_version(
    project: schema_models.Project, version: Version, user
) -> tuple[Version, schema_models.Project]:
    """Make ``version`` the live schema, keeping the current state as a version.

    Returns the automatic version of the state before the restore and the
    saved project. The restore is recorded in the history like any edit.
    """
    backup = create_version(
        project,
        user,
        name=f"Before restoring v{version.number}",
        message=f"Saved automatically before v{version.number} was restored.",
        automatic=True,
    )
    schema = version_schema(version)
    _forget_deleted_ids(project, schema)
    saved = save_with_history(project, schema, user)
    return backup, saved


def _forget_deleted_ids(project: schema_models.Project, schema: Schema) -> None:
    """Clear ids of elements deleted since the snapshot, so they are re-created."""
    live_tables = set(
        schema_models.Table.objects.filter(project=project).values_list("pk", flat=True)
    )
    in_project = {"table__project": project}
    live = {
        "fields": schema_models.Field.objects.filter(**in_project),
        "indexes": schema_models.Index.objects.filter(**in_project),
        "search_indexes": schema_models.SearchIndex.objects.filter(**in_project),
        "vector_indexes": schema_models.VectorIndex.objects.filter(**in_project),
    }
    live_ids = {k: set(q.values_list("pk", flat=True)) for k, q in live.items()}
    for table in schema.tables:
        if table.id not in live_tables:
            table.id = None
        for attribute, ids in live_ids.items():
            for element in getattr(table, attribute):
                if element.id not in ids:
                    element.id = None
