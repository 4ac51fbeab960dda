"""Project pages: list, create, settings, delete, and the downloads."""

from __future__ import annotations

import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from designer.accounts.access import get_project, projects_for
from designer.accounts.models import Membership, Role
from designer.editor import forms, workspace
from designer.review.history import save_with_history
from designer.schemas import store
from designer.schemas.rules import iter_rules
from designer.schemas.schema import RuleSetting, Schema

# Paths under /projects/ that other pages own, so no project may use them as slug.
RESERVED_SLUGS = ("new", "import")
STARTERS = {
    "better_auth": ("designer.schemas.starters", "better_auth_schema"),
    "demo": ("designer.schemas.demo", "demo_schema"),
}


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for project, role in projects_for(request.user):
        schema = store.load_schema(project)
        findings = workspace.project_findings(schema)
        rows.append(
            {
                "project": project,
                "role": role,
                "tables": len(schema.tables),
                "counts": workspace.counts(findings),
            }
        )
    return render(request, "editor/project_list.html", {"rows": rows})


def starter_schema(start: str, name: str) -> Schema | None:
    """Return the schema a new project starts from, or None if it is unavailable."""
    if start == "blank":
        return Schema(name=name)
    module_name, function_name = STARTERS[start]
    try:
        build = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError):
        return None
    schema = build()
    schema.name = name
    return schema


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name, start = form.cleaned_data["name"], form.cleaned_data["start"]
        schema = starter_schema(start, name)
        if schema is not None:
            project = _create(request, schema)
            messages.success(request, f"Project {project.name!r} created.")
            return redirect("workspace", project.slug)
        form.add_error(
            "start", "This starting point is not available yet; pick another."
        )
    status = 422 if form.is_bound else 200
    return render(request, "editor/project_create.html", {"form": form}, status=status)


@transaction.atomic
def _create(request: HttpRequest, schema: Schema):
    slug = store.unique_slug(schema.name)
    if slug in RESERVED_SLUGS:
        slug = store.unique_slug(f"{schema.name}-project")
    project = store.create_project(schema, slug=slug)
    Membership.objects.create(project=project, user=request.user, role=Role.OWNER)
    return project


@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.OWNER)
    schema = store.load_schema(project)
    initial = {
        "name": schema.name,
        "description": schema.description,
        "schema_path": schema.schema_path,
        "schema_validation": schema.schema_validation,
        "strict_table_name_types": schema.strict_table_name_types,
        "revision": project.revision,
    }
    form = forms.ProjectSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for key in ("name", "description", "schema_path", "schema_validation"):
            setattr(schema, key, data[key])
        schema.strict_table_name_types = data["strict_table_name_types"]
        try:
            save_with_history(
                project, schema, request.user, data["revision"], "edit settings"
            )
        except store.StaleRevision:
            return _stale(request, project)
        messages.success(request, "Settings saved.")
        return redirect("project-settings", project.slug)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "editor/project_settings.html",
        _settings_context(project, schema, form),
        status=status,
    )


def _settings_context(project, schema: Schema, form) -> dict:
    settings = {r.code: r for r in schema.rule_settings}
    rules = [
        {"rule": rule, "setting": settings.get(rule.code, RuleSetting(rule.code))}
        for rule in iter_rules()
    ]
    return {
        "project": project,
        "slug": project.slug,
        "form": form,
        "rules": rules,
        "suppressions": schema.suppressions,
        "revision": project.revision,
    }


def _stale(request: HttpRequest, project) -> HttpResponse:
    return render(request, "editor/conflict.html", {"project": project}, status=409)


@require_POST
def rule_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Save which rules are on and their severities, from the settings page."""
    project = get_project(request, slug, Role.OWNER)
    schema = store.load_schema(project)
    chosen = []
    for rule in iter_rules():
        enabled = request.POST.get(f"enabled-{rule.code}") == "on"
        severity = request.POST.get(f"severity-{rule.code}", "")
        if severity not in ("", "error", "warning", "info"):
            return render(
                request,
                "editor/message.html",
                {"message": f"Unknown severity {severity!r} for {rule.code}."},
                status=422,
            )
        if not enabled or severity:
            chosen.append(RuleSetting(rule.code, enabled, severity))
    schema.rule_settings = chosen
    return _save_settings(
        request, project, schema, "Rule settings saved.", "edit rule settings"
    )


@require_POST
def suppression_remove(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.OWNER)
    schema = store.load_schema(project)
    code, location = request.POST.get("code", ""), request.POST.get("location", "")
    remaining = [
        s for s in schema.suppressions if (s.code, s.location) != (code, location)
    ]
    if len(remaining) == len(schema.suppressions):
        raise Http404("No such suppression.")
    schema.suppressions = remaining
    return _save_settings(
        request,
        project,
        schema,
        f"{code} at {location} is reported again.",
        f"remove suppression of {code} at {location}",
    )


def _save_settings(
    request: HttpRequest, project, schema: Schema, message: str, label: str
):
    form = forms.RevisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "editor/message.html",
            {"message": "The form is missing the project revision; reload the page."},
            status=400,
        )
    try:
        save_with_history(
            project, schema, request.user, form.cleaned_data["revision"], label
        )
    except store.StaleRevision:
        return _stale(request, project)
    messages.success(request, message)
    return redirect("project-settings", project.slug)


@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for confirmation on GET. On POST, delete the project and its history."""
    project = get_project(request, slug, Role.OWNER)
    if request.method == "POST":
        name = project.name
        project.delete()
        messages.success(request, f"Project {name!r} deleted.")
        return redirect("project-list")
    return render(request, "editor/project_delete.html", {"project": project})


@require_GET
def export_download(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    project = get_project(request, slug, Role.REVIEWER)
    exporter = next((e for e in workspace.exporters() if e.code == format), None)
    if exporter is None:
        raise Http404(f"Unknown export format {format!r}.")
    text = exporter.render(store.load_schema(project))
    response = HttpResponse(text, content_type=exporter.media_type)
    filename = _filename(project.slug, exporter)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(slug: str, exporter) -> str:
    """Return the download name: schema.ts for Convex, else slug and extension."""
    extension = exporter.extension.lstrip(".")
    if extension == "ts" and exporter.code == "convex":
        return "schema.ts"
    return f"{slug}.{extension}"
