"""The change history of a project."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from designer.accounts.access import get_project
from designer.review.diff import Change as SchemaChange

PAGE_SIZE = 50


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug)
    entries = project.changes.select_related("user")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (entry, [SchemaChange.from_data(c) for c in entry.changes]) for entry in page
    ]
    context = {"project": project, "page": page, "rows": rows}
    return render(request, "review/history.html", context)
