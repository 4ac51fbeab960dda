"""The change history of a project: every saved change, who made it and what.

Editors save through ``save_with_history`` instead of calling
``store.save_schema`` directly, so that the store stays free of users while
no saved change goes unrecorded.
"""

from __future__ import annotations

from django.db import transaction

from designer.review import diff
from designer.review.comments import follow_renames
from designer.review.models import Change
from designer.schemas import models as schema_models
from designer.schemas import store
from designer.schemas.schema import Schema


@transaction.atomic
def save_with_history(
    project: schema_models.Project,
    schema: Schema,
    user,
    expected_revision: int | None = None,
    label: str = "",
) -> schema_models.Project:
    """Save ``schema`` like ``store.save_schema`` and record what changed.

    The before state is loaded under the same row lock the save takes, so
    the recorded diff is exactly the saved change. ``label`` (such as
    "suppress X at users") is the summary when the diff finds no change,
    as for rule settings and suppressions.

    Raises:
        StaleRevision: ``expected_revision`` is not the project's revision.
    """
    locked = schema_models.Project.objects.select_for_update().get(pk=project.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise store.StaleRevision(locked, expected_revision)
    before = store.load_schema(locked)
    changes = diff.diff(before, _with_project_id(schema, project))
    saved = store.save_schema(project, schema, expected_revision)
    record_change(saved, user, changes, label)
    follow_renames(saved, changes)
    return saved


# An edit's target meaning "the whole project": any other change conflicts.
WHOLE_PROJECT = "*"


def conflicting_change(
    project: schema_models.Project, since_revision: int, target: str | None
) -> Change | None:
    """Return a change saved after ``since_revision`` that touched ``target``.

    ``target`` is the Location key of the element an edit changes, None for an
    edit that only adds elements (a name clash is caught by the form), or
    WHOLE_PROJECT. Changes to other elements do not conflict: the edit is
    applied to the current schema, so it keeps them.
    """
    later = Change.objects.filter(project=project, revision__gt=since_revision)
    if target is None:
        return None
    for entry in later.order_by("revision"):
        if target == WHOLE_PROJECT:
            return entry
        for change in entry.changes:
            if _touches(change, target):
                return entry
    return None


def _touches(change: dict[str, str], target: str) -> bool:
    keys = {change.get("location", ""), change.get("oldLocation", "")} - {""}
    for key in keys:
        if key == target or key.startswith((f"{target}.", f"{target}#")):
            return True
        # Removing or renaming a table touches everything in it.
        if target.startswith((f"{key}.", f"{key}#")) and change["element"] == "table":
            return change["action"] != "changed"
    return False


def record_change(
    project: schema_models.Project, user, changes: list[diff.Change], label: str = ""
) -> Change:
    """Store one history entry for the project's current revision."""
    summary = diff.summarize(changes)
    if not changes and label:
        summary = label[0].upper() + label[1:] + "."
    return Change.objects.create(
        project=project,
        user=user if user is not None and user.is_authenticated else None,
        revision=project.revision,
        summary=summary,
        changes=[c.to_data() for c in changes],
    )


def _with_project_id(schema: Schema, project: schema_models.Project) -> Schema:
    # The diff matches elements by id only when both schemas carry the same
    # project id, and a schema built by hand may lack it.
    if schema.id is None:
        schema.id = project.pk
    return schema
