"""Versions: list, save, view read-only, compare and restore."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from designer.accounts.access import get_project
from designer.accounts.models import Role
from designer.review.comparison import compare
from designer.review.diagrams import schema_diagram
from designer.review.exports import schema_ts
from designer.review.forms import ShareForm, VersionForm
from designer.review.models import Version
from designer.review.snapshots import create_version, restore_version, version_schema
from designer.review.views.roles import can_edit
from designer.schemas.models import Project
from designer.schemas.store import load_schema


@require_http_methods(["GET", "POST"])
def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, slug)
    project = get_project(request, slug)
    return _render_list(request, project, VersionForm())


def _create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.EDITOR)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_list(request, project, form, status=422)
    version = create_version(project, request.user, **form.cleaned_data)
    messages.success(request, f"Saved the current schema as v{version.number}.")
    return redirect("version-detail", slug=slug, number=version.number)


def _render_list(request, project: Project, form, status: int = 200) -> HttpResponse:
    context = {
        "project": project,
        "versions": project.versions.select_related("created_by"),
        "form": form,
        "can_edit": can_edit(request, project),
    }
    return render(request, "review/version_list.html", context, status=status)


@require_GET
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = get_project(request, slug)
    version = _get_version(project, number)
    schema = version_schema(version)
    context = {
        "project": project,
        "version": version,
        "schema_ts": schema_ts(schema),
        "diagram": schema_diagram(schema),
        "share_links": version.share_links.all(),
        "share_form": ShareForm(),
        "reviews": version.reviews.all(),
        "can_edit": can_edit(request, project),
    }
    return render(request, "review/version_detail.html", context)


@require_GET
def version_diff(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Compare a version with another (``?against=N``) or the live schema."""
    project = get_project(request, slug)
    version = _get_version(project, number)
    against = request.GET.get("against", "current")
    if against == "current":
        after, after_label = load_schema(project), "current schema"
    elif against.isdigit():
        other = _get_version(project, int(against))
        after, after_label = version_schema(other), f"v{other.number}"
    else:
        return HttpResponse(
            "against must be a version number or 'current'.", status=400
        )
    comparison = compare(
        version_schema(version), after, f"v{version.number}", after_label
    )
    context = {
        "project": project,
        "version": version,
        "against": against,
        "comparison": comparison,
        "versions": project.versions.exclude(pk=version.pk),
    }
    return render(request, "review/version_diff.html", context)


@require_POST
def version_restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = get_project(request, slug, Role.EDITOR)
    version = _get_version(project, number)
    backup, _ = restore_version(project, version, request.user)
    messages.success(
        request,
        f"Restored v{version.number}. The schema before it is kept as v{backup.number}.",
    )
    response = redirect("version-detail", slug=slug, number=version.number)
    return trigger_client_event(response, "schema-changed")


def _get_version(project: Project, number: int) -> Version:
    return get_object_or_404(
        Version.objects.select_related("project", "created_by"),
        project=project,
        number=number,
    )
