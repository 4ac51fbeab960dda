"""The workspace and the views that change a project's schema."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from designer.accounts.access import get_project
from designer.accounts.models import Role
from designer.editor import edits, forms, snapshots
from designer.editor.views.common import (
    conflict,
    load_table,
    notice,
    render_workspace,
    revision_of,
    save,
    saved,
    with_retries,
    workspace_context,
)
from designer.review.history import WHOLE_PROJECT, save_with_history
from designer.schemas import operations, store
from designer.schemas.rules import lint
from designer.schemas.schema import Schema, Suppression, Table

# After a save, the input a user most likely types into next.
NEXT_FOCUS = {
    "table-add": "field-add",
    "field-add": "field-add",
    "index-add": "index-add",
    "search-index-add": "search-index-add",
    "vector-index-add": "vector-index-add",
}


@require_GET
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.REVIEWER)
    schema = store.load_schema(project)
    return render_workspace(request, project, schema, None)


@require_GET
def table_edit(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    project = get_project(request, slug, Role.REVIEWER)
    schema = store.load_schema(project)
    return render_workspace(request, project, schema, load_table(schema, table_id))


@require_GET
def findings_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the findings panel filtered by the query, or redirect to the full page."""
    project = get_project(request, slug, Role.REVIEWER)
    if not request.htmx:
        query = request.GET.urlencode()
        return redirect(f"{reverse('workspace', args=[slug])}?{query}")
    schema = store.load_schema(project)
    context = workspace_context(request, project, schema, None)
    return render(request, "editor/workspace.html#findings", context)


def _targets(
    schema: Schema, key: str, table_id: int | None, element_id: int | None
) -> tuple[Table | None, Any]:
    """Return the table and the element an edit applies to."""
    if key == "table-add":
        return None, None
    table = load_table(schema, table_id)
    if key == "table-update":
        return None, table
    if not edits.EDITS[key].updates:
        return table, None
    field = edits.find_field(table, element_id)
    if field is None:
        raise Http404("No such field in this table.")
    return table, field


def _form_key(key: str, element_id: int | None) -> str:
    if key == "field-update":
        return f"field-{element_id}"
    return "table-settings" if key == "table-update" else key


def _bind(request: HttpRequest, schema: Schema, key: str, table_id, element_id):
    """Bind the edit's form and apply it to ``schema`` when valid."""
    edit = edits.EDITS[key]
    table, element = _targets(schema, key, table_id, element_id)
    form = edit.form_class(request.POST, schema=schema, table=table, element=element)
    change = None
    if form.is_valid():
        try:
            change = edit.apply(schema, table, element, form.cleaned_data)
        except operations.OperationError as error:
            form.add_error(None, str(error))
    return form, change, table


def _target_key(schema: Schema, key: str, table_id, element_id) -> str | None:
    """Return the Location key of the element an edit changes; None for additions."""
    if not edits.EDITS[key].updates and key != "table-update":
        return None
    table, element = _targets(schema, key, table_id, element_id)
    if table is None:
        return element.name
    return f"{table.name}.{element.name}"


def run_edit(
    request: HttpRequest,
    slug: str,
    key: str,
    table_id: int | None = None,
    element_id: int | None = None,
) -> HttpResponse:
    """Validate, apply and save one edit. An invalid form gets a 422 with its messages."""
    project = get_project(request, slug, Role.EDITOR)

    def attempt() -> HttpResponse:
        current = get_project(request, slug, Role.EDITOR)
        schema = store.load_schema(current)
        before = snapshots.snapshot_data(schema)
        target = _target_key(schema, key, table_id, element_id)
        form, change, table = _bind(request, schema, key, table_id, element_id)
        if change is None:
            fresh = store.load_schema(current)
            fresh_table = edits.find_table(fresh, table_id) if table_id else None
            bound = {_form_key(key, element_id): form}
            return render_workspace(
                request, current, fresh, fresh_table, status=422, bound=bound
            )

        revision = form.cleaned_data["revision"]
        failed = save(request, current, schema, before, change.label, revision, target)
        if failed:
            return failed
        selected = schema.table(change.location.table)
        focus = NEXT_FOCUS.get(key, "")
        return saved(request, current, schema, selected, focus=focus)

    return with_retries(request, project, attempt)


@require_POST
def validate(request: HttpRequest, slug: str) -> HttpResponse:
    """Show what saving the posted form would give, without saving anything."""
    project = get_project(request, slug, Role.EDITOR)
    key = request.POST.get("edit", "")
    if key not in edits.EDITS:
        return HttpResponse(f"Unknown edit {key!r}.", status=400)
    schema = store.load_schema(project)
    form, change, _ = _bind(
        request,
        schema,
        key,
        _int(request.POST.get("table_id")),
        _int(request.POST.get("element_id")),
    )
    findings = []
    if change is not None:
        findings = [
            f for f in lint(schema) if edits.concerns(f.location, change.location)
        ]
    errors = [
        e for name, errs in form.errors.items() if name != "revision" for e in errs
    ]
    context = {"errors": errors, "findings": findings, "valid": change is not None}
    return render(request, "editor/workspace.html#feedback", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404("Invalid element id.") from None


@require_POST
def table_add(request: HttpRequest, slug: str) -> HttpResponse:
    return run_edit(request, slug, "table-add")


@require_POST
def table_update(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return run_edit(request, slug, "table-update", table_id)


@require_POST
def field_add(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return run_edit(request, slug, "field-add", table_id)


@require_POST
def field_update(
    request: HttpRequest, slug: str, table_id: int, field_id: int
) -> HttpResponse:
    return run_edit(request, slug, "field-update", table_id, field_id)


@require_POST
def index_add(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return run_edit(request, slug, "index-add", table_id)


@require_POST
def search_index_add(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return run_edit(request, slug, "search-index-add", table_id)


@require_POST
def vector_index_add(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return run_edit(request, slug, "vector-index-add", table_id)


def _change(
    request: HttpRequest,
    slug: str,
    table_id: int | None,
    change,
    target=WHOLE_PROJECT,
) -> HttpResponse:
    """Apply ``change(schema, table)`` (which returns a label) and save it.

    ``target(schema, table)`` returns the Location key of the element the
    change touches, for the conflict check of ``save``; by default any later
    change conflicts.
    """
    project = get_project(request, slug, Role.EDITOR)
    revision = revision_of(request)
    if revision is None:
        return notice(
            request, "The form is missing the project revision; reload the page.", 400
        )

    def attempt() -> HttpResponse:
        current = get_project(request, slug, Role.EDITOR)
        schema = store.load_schema(current)
        before = snapshots.snapshot_data(schema)
        table = load_table(schema, table_id) if table_id is not None else None
        key = target(schema, table) if callable(target) else target
        try:
            label = change(schema, table)
        except operations.OperationError as error:
            return notice(request, str(error), 422)
        failed = save(request, current, schema, before, label, revision, key)
        if failed:
            return failed
        still_there = any(t is table for t in schema.tables)
        return saved(request, current, schema, table if still_there else None)

    return with_retries(request, project, attempt)


@require_POST
def table_delete(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    return _change(
        request, slug, table_id, edits.delete_table, lambda schema, table: table.name
    )


@require_POST
def field_delete(
    request: HttpRequest, slug: str, table_id: int, field_id: int
) -> HttpResponse:
    def delete(schema: Schema, table: Table) -> str:
        return edits.delete_field(schema, table, _field(table, field_id))

    return _change(request, slug, table_id, delete, _field_key(field_id))


@require_POST
def field_move(
    request: HttpRequest, slug: str, table_id: int, field_id: int
) -> HttpResponse:
    direction = request.POST.get("direction", "")

    def move(schema: Schema, table: Table) -> str:
        return edits.move_field(table, _field(table, field_id), direction)

    # Moving reorders the table's fields, so it conflicts with other changes
    # to the table.
    return _change(request, slug, table_id, move, lambda schema, table: table.name)


def _field_key(field_id: int):
    def key(schema: Schema, table: Table) -> str:
        return f"{table.name}.{_field(table, field_id).name}"

    return key


def _field(table: Table, field_id: int):
    field = edits.find_field(table, field_id)
    if field is None:
        raise Http404("No such field in this table.")
    return field


@require_POST
def index_delete(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    name = request.POST.get("name", "")

    def delete(schema: Schema, table: Table) -> str:
        return edits.delete_index(schema, table, name)

    return _change(
        request, slug, table_id, delete, lambda schema, table: f"{table.name}#{name}"
    )


@require_POST
def finding_fix(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply the fix of the finding named by code and location, as linted now."""
    code, location = request.POST.get("code", ""), request.POST.get("location", "")
    selected = _int(request.POST.get("table_id"))

    def fix(schema: Schema, table: Table | None) -> str:
        finding = next(
            (
                f
                for f in lint(schema)
                if f.code == code and f.location.key == location and f.fix
            ),
            None,
        )
        if finding is None:
            raise operations.OperationError(
                f"There is no fixable finding {code} at {location!r} any more."
            )
        operations.apply(schema, finding.fix.operation, finding.fix.params)
        return f"fix {code} at {location}"

    return _change(request, slug, selected, fix, location)


@require_POST
def finding_suppress(request: HttpRequest, slug: str) -> HttpResponse:
    form = forms.SuppressForm(request.POST)
    if not form.is_valid():
        get_project(request, slug, Role.EDITOR)
        messages = [e for errs in form.errors.values() for e in errs]
        return notice(request, " ".join(messages), 422)
    data = form.cleaned_data
    selected = _int(request.POST.get("table_id"))

    def suppress(schema: Schema, table: Table | None) -> str:
        if any(
            s.code == data["code"] and s.location == data["location"]
            for s in schema.suppressions
        ):
            raise operations.OperationError("This finding is already suppressed.")
        schema.suppressions.append(
            Suppression(data["code"], data["location"], data["reason"])
        )
        return f"suppress {data['code']} at {data['location']}"

    return _change(request, slug, selected, suppress, None)


@require_POST
def undo(request: HttpRequest, slug: str) -> HttpResponse:
    """Restore the schema as it was before the last saved change."""
    project = get_project(request, slug, Role.EDITOR)
    revision = revision_of(request)
    snapshot = snapshots.latest_snapshot(project)
    if snapshot is None or revision is None:
        return notice(request, "There is nothing to undo.", 422)
    schema = snapshots.schema_from_snapshot(snapshot.data)
    try:
        with transaction.atomic():
            save_with_history(
                project, schema, request.user, revision, f"undo {snapshot.label}"
            )
            snapshot.delete()
    except store.StaleRevision:
        return conflict(request, project)
    selected = edits.find_table(schema, _int(request.POST.get("table_id")) or -1)
    return saved(request, project, schema, selected)
