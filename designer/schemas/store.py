"""Load an in-memory schema from the database, and write one back.

Every change to a project goes through ``save_schema``: callers load the
schema, change the dataclasses, and save. Saving compares by element id, so
rows that did not change are not written, and ids (which comments and
history refer to) survive renames.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from designer.schemas import models
from designer.schemas import schema as s
from designer.schemas.validators import validator_from_data


class StaleRevision(Exception):
    """Raised when a change was made against an older revision of the project."""

    def __init__(self, project: models.Project, expected: int) -> None:
        self.project = project
        self.expected = expected
        super().__init__(
            f"Project {project.slug!r} changed since this copy was loaded "
            f"(revision {project.revision}, the edit was made on {expected})."
        )


def load_schema(project: models.Project) -> s.Schema:
    """Load a project's schema in a fixed number of queries, whatever its size."""
    tables = list(models.Table.objects.filter(project=project))
    by_table: dict[int, s.Table] = {}
    result = s.Schema(
        name=project.name,
        slug=project.slug,
        id=project.pk,
        description=project.description,
        schema_path=project.schema_path,
        schema_validation=project.schema_validation,
        strict_table_name_types=project.strict_table_name_types,
    )
    for row in tables:
        table = s.Table(
            name=row.name,
            description=row.description,
            group=row.group,
            document_kind=row.document_kind,
            id=row.pk,
        )
        by_table[row.pk] = table
        result.tables.append(table)

    in_project = {"table__project": project}
    for row in models.Field.objects.filter(**in_project):
        by_table[row.table_id].fields.append(
            s.Field(
                name=row.name,
                validator=validator_from_data(row.validator),
                optional=row.optional,
                description=row.description,
                unique=row.unique,
                variant=row.variant,
                id=row.pk,
            )
        )
    for row in models.Index.objects.filter(**in_project):
        by_table[row.table_id].indexes.append(
            s.Index(row.name, list(row.fields), row.staged, id=row.pk)
        )
    for row in models.SearchIndex.objects.filter(**in_project):
        by_table[row.table_id].search_indexes.append(
            s.SearchIndex(
                row.name,
                row.search_field,
                list(row.filter_fields),
                row.staged,
                id=row.pk,
            )
        )
    for row in models.VectorIndex.objects.filter(**in_project):
        by_table[row.table_id].vector_indexes.append(
            s.VectorIndex(
                row.name,
                row.vector_field,
                row.dimensions,
                list(row.filter_fields),
                row.staged,
                id=row.pk,
            )
        )
    result.rule_settings = [
        s.RuleSetting(r.code, r.enabled, r.severity)
        for r in models.RuleSetting.objects.filter(project=project)
    ]
    result.suppressions = [
        s.Suppression(r.code, r.location, r.reason)
        for r in models.Suppression.objects.filter(project=project)
    ]
    return result


def unique_slug(name: str) -> str:
    """Return a slug for ``name`` that no project uses yet."""
    base = slugify(name)[:70] or "project"
    slug, n = base, 2
    while models.Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_project(schema: s.Schema, slug: str = "") -> models.Project:
    """Create a project holding ``schema``; all or nothing."""
    project = models.Project.objects.create(
        name=schema.name,
        slug=slug or unique_slug(schema.name),
        description=schema.description,
        schema_path=schema.schema_path,
        schema_validation=schema.schema_validation,
        strict_table_name_types=schema.strict_table_name_types,
    )
    for table in schema.tables:
        table.id = None
        for element in _elements(table):
            element.id = None
    _write(project, schema)
    return project


@transaction.atomic
def save_schema(
    project: models.Project, schema: s.Schema, expected_revision: int | None = None
) -> models.Project:
    """Make the project's rows match ``schema`` and bump its revision.

    Elements are matched by id: an element whose id is None is created, one
    whose id is no longer present is deleted. With ``expected_revision``,
    raises StaleRevision when someone else saved in between.
    """
    locked = models.Project.objects.select_for_update().get(pk=project.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleRevision(locked, expected_revision)
    locked.name = schema.name
    locked.description = schema.description
    locked.schema_path = schema.schema_path
    locked.schema_validation = schema.schema_validation
    locked.strict_table_name_types = schema.strict_table_name_types
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    _write(locked, schema)
    project.revision = locked.revision
    project.name = locked.name
    return locked


def _elements(table: s.Table) -> Iterable[Any]:
    yield from table.fields
    yield from table.indexes
    yield from table.search_indexes
    yield from table.vector_indexes


def _write(project: models.Project, schema: s.Schema) -> None:
    _sync_rows(
        models.Table,
        models.Table.objects.filter(project=project),
        [(t, {"project_id": project.pk}) for t in schema.tables],
        lambda t: {
            "name": t.name,
            "description": t.description,
            "group": t.group,
            "document_kind": t.document_kind,
        },
    )
    in_project = {"table__project": project}
    _sync_rows(
        models.Field,
        models.Field.objects.filter(**in_project),
        _children(schema, "fields"),
        lambda f: {
            "name": f.name,
            "validator": f.validator.to_data(),
            "optional": f.optional,
            "description": f.description,
            "unique": f.unique,
            "variant": f.variant,
        },
    )
    _sync_rows(
        models.Index,
        models.Index.objects.filter(**in_project),
        _children(schema, "indexes"),
        lambda i: {"name": i.name, "fields": list(i.fields), "staged": i.staged},
    )
    _sync_rows(
        models.SearchIndex,
        models.SearchIndex.objects.filter(**in_project),
        _children(schema, "search_indexes"),
        lambda i: {
            "name": i.name,
            "search_field": i.search_field,
            "filter_fields": list(i.filter_fields),
            "staged": i.staged,
        },
    )
    _sync_rows(
        models.VectorIndex,
        models.VectorIndex.objects.filter(**in_project),
        _children(schema, "vector_indexes"),
        lambda i: {
            "name": i.name,
            "vector_field": i.vector_field,
            "dimensions": i.dimensions,
            "filter_fields": list(i.filter_fields),
            "staged": i.staged,
        },
    )
    _write_settings(project, schema)


def _children(schema: s.Schema, attribute: str) -> list[tuple[Any, dict[str, Any]]]:
    return [
        (element, {"table_id": table.id})
        for table in schema.tables
        for element in getattr(table, attribute)
    ]


def _sync_rows(model, rows, elements: list[tuple[Any, dict[str, Any]]], values) -> None:
    """Create, update and delete ``rows`` so they match ``elements``.

    Each element comes with the parent columns its row must carry; positions
    count from 0 within each parent.
    """
    kept = {e.id for e, _ in elements if e.id is not None}
    rows.exclude(pk__in=kept).delete()
    existing = {r.pk: r for r in rows}
    positions: dict[Any, int] = {}
    changed = []
    for element, parent in elements:
        key = tuple(parent.values())
        positions[key] = position = positions.get(key, -1) + 1
        wanted = {**parent, **values(element), "position": position}
        row = existing.get(element.id) if element.id is not None else None
        if row is not None and all(getattr(row, k) == v for k, v in wanted.items()):
            continue
        changed.append((element, row or model(), wanted))
    # Move changed rows out of the way first, so that swapping two names
    # never trips a unique constraint half-way.
    _clear_names(model, [row for _, row, _ in changed if row.pk])
    for element, row, wanted in changed:
        for key, value in wanted.items():
            setattr(row, key, value)
        row.save()
        element.id = row.pk


def _clear_names(model, rows: Iterable[Any]) -> None:
    """Give rows placeholder names so renames can be written in any order."""
    rows = list(rows)
    for row in rows:
        # No identifier starts with \x01, so the placeholder never clashes
        # with a real name. NUL would do as well, but PostgreSQL rejects it.
        row.name = f"\x01{row.pk}"
    if rows:
        model.objects.bulk_update(rows, ["name"])


def _write_settings(project: models.Project, schema: s.Schema) -> None:
    models.RuleSetting.objects.filter(project=project).delete()
    models.RuleSetting.objects.bulk_create(
        models.RuleSetting(
            project=project, code=r.code, enabled=r.enabled, severity=r.severity
        )
        for r in schema.rule_settings
    )
    models.Suppression.objects.filter(project=project).delete()
    models.Suppression.objects.bulk_create(
        models.Suppression(
            project=project, code=x.code, location=x.location, reason=x.reason
        )
        for x in schema.suppressions
    )
