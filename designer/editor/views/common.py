"""Helpers shared by the editor views: rendering the workspace and saving."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import push_url, reswap, retarget, trigger_client_event

from designer.accounts.access import get_membership
from designer.accounts.models import Role
from designer.editor import edits, forms, snapshots, workspace
from designer.review.comments import comment_counts, count_within
from designer.review.history import WHOLE_PROJECT, conflicting_change, save_with_history
from designer.review.models import Change as HistoryEntry
from designer.review.models import Review
from designer.schemas import store
from designer.schemas.models import Project
from designer.schemas.schema import Schema, Table

WORKSPACE = "editor/workspace.html"


def workspace_context(
    request: HttpRequest,
    project: Project,
    schema: Schema,
    table: Table | None,
    bound: dict[str, Any] | None = None,
    focus: str = "",
) -> dict[str, Any]:
    """Build everything the workspace template shows.

    ``bound`` maps a form key ("field-add", "field-12", ...) to a bound form
    with errors, shown instead of a blank one.
    """
    findings = workspace.project_findings(schema)
    shown = workspace.show_findings(schema, findings)
    by_anchor = workspace.element_findings(shown, table) if table else {}
    context = {
        "project": project,
        "schema": schema,
        "slug": project.slug,
        "revision": project.revision,
        "table": table,
        "counts": workspace.counts(findings),
        "groups": workspace.table_groups(schema, findings),
        "findings": workspace.filter_findings(shown, request.GET),
        "all_findings": shown,
        "filters": {k: request.GET.get(k, "") for k in ("severity", "table", "rule")},
        "rule_codes": sorted({f.code for f in findings}),
        "diagram_url": workspace.diagram_url(project.slug),
        "exporters": workspace.exporters(),
        "undo": snapshots.latest_snapshot(project),
        "forms": bound or {},
        "focus": focus,
    }
    bound = bound or {}
    membership = get_membership(request, project.slug)
    context["can_edit"] = membership.allows(Role.EDITOR)
    context["is_owner"] = membership.allows(Role.OWNER)
    comments = comment_counts(project)
    context["comment_total"] = sum(comments.values())
    context["open_reviews"] = project.reviews.filter(state=Review.State.OPEN).count()
    for group in context["groups"]:
        for row in group["tables"]:
            row["comments"] = count_within(comments, row["table"].name)
    context["table_add_form"] = bound.get("table-add") or _blank(
        forms.TableForm, schema
    )
    if table is not None:
        rows = workspace.field_rows(table, by_anchor)
        for row in rows:
            row["form"] = bound.get(f"field-{row['field'].id}") or _field_form(
                schema, table, row
            )
            row["comment_target"] = f"{table.name}.{row['field'].name}"
            row["comments"] = count_within(comments, row["comment_target"])
            row["comment_next"] = f"{table_url(project, table)}#field-{row['field'].id}"
        context.update(
            table_comments=count_within(comments, table.name),
            table_findings=by_anchor.get("table-settings", []),
            field_rows=rows,
            index_rows=workspace.index_rows(table, by_anchor),
            paths=workspace.field_paths(table),
            table_names=sorted(schema.table_names()),
            table_form=bound.get("table-settings") or _table_form(schema, table),
            **{
                f"{key.replace('-', '_')}_form": bound.get(key)
                or _blank(form_class, schema, table)
                for key, form_class in _ADD_FORMS.items()
            },
        )
    return context


_ADD_FORMS = {
    "field-add": forms.FieldForm,
    "index-add": forms.IndexForm,
    "search-index-add": forms.SearchIndexForm,
    "vector-index-add": forms.VectorIndexForm,
}


def _blank(form_class, schema: Schema, table: Table | None = None):
    return form_class(schema=schema, table=table)


def _table_form(schema: Schema, table: Table) -> forms.TableForm:
    initial = {
        "name": table.name,
        "description": table.description,
        "group": table.group,
        "document_kind": table.document_kind,
    }
    return forms.TableForm(initial=initial, schema=schema, table=None, element=table)


def _field_form(schema: Schema, table: Table, row: dict[str, Any]) -> forms.FieldForm:
    field = row["field"]
    initial = {
        "name": field.name,
        "type": row["type"],
        "optional": field.optional,
        "unique": field.unique,
        "description": field.description,
        "variant": field.variant,
    }
    return forms.FieldForm(initial=initial, schema=schema, table=table, element=field)


def render_workspace(
    request: HttpRequest,
    project: Project,
    schema: Schema,
    table: Table | None,
    *,
    status: int = 200,
    bound: dict[str, Any] | None = None,
    focus: str = "",
) -> HttpResponse:
    """Render the page, or for htmx the editor with the other regions out of band."""
    context = workspace_context(request, project, schema, table, bound, focus)
    template = f"{WORKSPACE}#changed" if request.htmx else WORKSPACE
    return render(request, template, context, status=status)


def table_url(project: Project, table: Table | None) -> str:
    if table is None or table.id is None:
        return reverse("workspace", args=[project.slug])
    return reverse("table-edit", args=[project.slug, table.id])


class Retry(Exception):
    """Raised by ``save`` when another save slipped in after the schema was loaded.

    The edit did not conflict with anything, so the caller loads the schema
    again, reapplies the edit and saves (see ``with_retries``).
    """


def save(
    request: HttpRequest,
    project: Project,
    schema: Schema,
    before: dict[str, Any],
    label: str,
    revision: int,
    target: str | None = WHOLE_PROJECT,
) -> HttpResponse | None:
    """Save ``schema`` with an undo snapshot of ``before`` and a history entry.

    ``project`` must be fetched just before ``schema`` was loaded. When the
    page's ``revision`` is older, the save still goes ahead, because the edit
    was applied to the current schema. The exception is a change saved since
    then that touched ``target`` (see ``conflicting_change``): the function
    then returns a 409 response naming that change.

    Raises:
        Retry: the project changed between loading and saving.
    """
    expected = revision
    if revision != project.revision:
        other = conflicting_change(project, revision, target)
        if other is not None:
            return conflict(request, project, other)
        expected = project.revision
    try:
        with transaction.atomic():
            snapshots.take_snapshot(project, before, label, request.user)
            save_with_history(project, schema, request.user, expected, label)
    except store.StaleRevision:
        raise Retry from None
    return None


def with_retries(
    request: HttpRequest, project: Project, attempt, attempts: int = 3
) -> HttpResponse:
    """Return ``attempt()``, run again while it raises Retry, else a 409."""
    for _ in range(attempts):
        try:
            return attempt()
        except Retry:
            continue
    return conflict(request, project)


def saved(
    request: HttpRequest,
    project: Project,
    schema: Schema,
    table: Table | None,
    focus: str = "",
) -> HttpResponse:
    """Return the response to a saved change: fresh regions for htmx, else a redirect."""
    url = table_url(project, table)
    if not request.htmx:
        return redirect(url)
    response = render_workspace(request, project, schema, table, focus=focus)
    push_url(response, url)
    return trigger_client_event(response, "schema-changed")


def conflict(
    request: HttpRequest, project: Project, other: HistoryEntry | None = None
) -> HttpResponse:
    """Return a 409 response because someone saved the project after this page loaded."""
    current = request.headers.get("HX-Current-URL", "")
    safe = url_has_allowed_host_and_scheme(current, {request.get_host()})
    reload_url = current if safe else reverse("workspace", args=[project.slug])
    context = {"project": project, "reload_url": reload_url, "other": other}
    if not request.htmx:
        return render(request, "editor/conflict.html", context, status=409)
    response = render(request, "editor/conflict.html#notice", context, status=409)
    return reswap(retarget(response, "#notice"), "innerHTML")


def notice(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """Return a response that shows ``message`` in the workspace's notice area."""
    context = {"message": message}
    if not request.htmx:
        return render(request, "editor/message.html", context, status=status)
    response = render(request, "editor/message.html#notice", context, status=status)
    return reswap(retarget(response, "#notice"), "innerHTML")


def load_table(schema: Schema, table_id: int) -> Table:
    table = edits.find_table(schema, table_id)
    if table is None:
        raise Http404("No such table in this project.")
    return table


def revision_of(request: HttpRequest) -> int | None:
    """Return the revision the page was rendered with, or None when missing."""
    form = forms.RevisionForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else None
