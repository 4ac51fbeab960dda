"""Create a project from an uploaded or pasted schema.ts or project JSON file."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from designer.accounts.models import Membership, Role
from designer.imports.forms import ImportForm, too_large_paste_message
from designer.schemas import store
from designer.schemas.importers import ImportProblem
from designer.schemas.importers.files import import_file
from designer.schemas.importers.typescript import Note, Skipped
from designer.schemas.rules import lint
from designer.schemas.schema import SchemaDataError

logger = logging.getLogger(__name__)
PAGE = "imports/import.html"


# The CSRF check reads the form, and Django rejects a form whose text
# fields pass DATA_UPLOAD_MAX_MEMORY_SIZE with a bare 400 page. So the
# middleware leaves this view alone, and the view checks the size first and
# then CSRF, through csrf_protect on _import_project.
@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def import_project(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 - parses the form, or fails on its size
        except RequestDataTooBig:
            size = _content_length(request)
            logger.info("Rejected an import request of %d bytes: too large", size)
            error = {"message": too_large_paste_message(size)}
            return _render(request, {"form": ImportForm(), "error": error}, 422)
    return _import_project(request)


@csrf_protect
def _import_project(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, {"form": ImportForm()})

    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, {"form": form}, status=422)

    data = form.cleaned_data
    try:
        result = import_file(data["text"], data["file_name"], data["name"])
    except (ImportProblem, SchemaDataError) as error:
        return _render(request, {"form": form, "error": _error(error)}, status=422)

    with transaction.atomic():
        project = store.create_project(result.schema)
        Membership.objects.create(project=project, user=request.user, role=Role.OWNER)
    logger.info(
        "Imported project %s with %d tables", project.slug, len(result.schema.tables)
    )
    context = {
        "project": project,
        "result": result,
        "skipped": _report(result.skipped),
        "notes": _report(result.notes),
        "findings": lint(result.schema),
    }
    return _render(request, context)


def _content_length(request: HttpRequest) -> int:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return int(length) if length.isdigit() else 0


def _report(items: list[Skipped] | list[Note]) -> list[dict[str, Any]]:
    """Describe skipped or changed constructs, each with its source line unindented."""
    return [
        {
            "line": item.line,
            "column": item.column,
            "what": item.what,
            "code": item.source_line.strip(),
        }
        for item in items
    ]


def _error(error: Exception) -> dict[str, Any]:
    """Describe an import error for the template, with a caret under the column."""
    line = getattr(error, "line", 0)
    column = getattr(error, "column", 0)
    source_line = getattr(error, "source_line", "")
    prefix = "".join(c if c == "\t" else " " for c in source_line[: max(column - 1, 0)])
    return {
        "message": getattr(error, "message", str(error)),
        "line": line,
        "column": column,
        "source_line": source_line,
        "caret": f"{prefix}^" if line else "",
    }


def _render(
    request: HttpRequest, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    template = f"{PAGE}#panel" if request.htmx else PAGE
    return render(request, template, context, status=status)
