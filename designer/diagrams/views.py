"""The diagram fragment of the workspace, and diagram downloads.

Options that do not fit the schema (an unknown table or group, an invalid
direction) return 422. A layout that runs out of time returns 422 too,
because htmx swaps 422 into the page, and the message asks the user to show
a smaller part of the schema. A missing or failing ``dot`` is the server's
fault and returns 503.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from designer.accounts.access import get_project
from designer.diagrams.dot import (
    RANKDIRS,
    DiagramOptions,
    DiagramOptionsError,
    diagram_source,
    error_findings,
    groups,
)
from designer.diagrams.labels import CommentMark
from designer.diagrams.render import (
    MEDIA_TYPES,
    DiagramError,
    DiagramTimeout,
    inline_svg,
)
from designer.diagrams.render import render as render_diagram
from designer.review.comments import comment_counts, table_counts
from designer.schemas.models import Project
from designer.schemas.schema import Schema, Table
from designer.schemas.store import load_schema

OPTION_KEYS = ("focus", "group", "rankdir", "types")


def diagram(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the diagram with its toolbar, using the options remembered for the session."""
    project = get_project(request, slug)
    schema = load_schema(project)
    context = {"project": project, "schema": schema, "groups": groups(schema)}
    context["rankdirs"] = RANKDIRS
    try:
        options = _options(request, schema)
        source = _source(request, schema, options, _comment_marks(project, schema))
        svg = render_diagram(source, "svg")
    except DiagramOptionsError as error:
        return _page(request, {**context, "options": DiagramOptions()}, error, 422)
    except DiagramTimeout as error:
        return _page(request, {**context, "options": options}, error, 422)
    except DiagramError as error:
        return _page(request, {**context, "options": options}, error, 503)
    context.update(options=options, svg=inline_svg(svg))
    context["downloads"] = _downloads(schema.slug, options)
    return _page(request, context)


def diagram_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Send the diagram as an attachment in ``fmt``, with the session's options."""
    if fmt not in MEDIA_TYPES:
        raise Http404(f"Diagram format {fmt!r} not found: use svg, png, pdf or dot.")
    project = get_project(request, slug)
    schema = load_schema(project)
    try:
        options = _options(request, schema)
        output = render_diagram(_source(request, schema, options), fmt)
    except (DiagramOptionsError, DiagramTimeout) as error:
        return _text(error, 422)
    except DiagramError as error:
        return _text(error, 503)
    response = HttpResponse(output, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.{fmt}"'
    return response


def _options(request: HttpRequest, schema: Schema) -> DiagramOptions:
    """Read the options from the query, or else from the session.

    Options given in the query are checked and remembered for the project,
    so that the re-render after each saved change keeps the chosen view.
    Remembered options that no longer fit (a table was renamed) are dropped.
    """
    session_key = f"diagram-options:{schema.slug}"
    if any(key in request.GET for key in OPTION_KEYS):
        options = DiagramOptions(
            focus=request.GET.get("focus", ""),
            group=request.GET.get("group", ""),
            rankdir=request.GET.get("rankdir", "LR"),
            show_types=request.GET.get("types", "1") != "0",
        )
        options.check(schema)
        request.session[session_key] = _query(options)
        return options
    stored = DiagramOptions(**_stored(request.session.get(session_key)))
    try:
        stored.check(schema)
    except DiagramOptionsError:
        return DiagramOptions()
    return stored


def _stored(query: object) -> dict[str, object]:
    if not isinstance(query, dict):
        return {}
    return {
        "focus": str(query.get("focus", "")),
        "group": str(query.get("group", "")),
        "rankdir": str(query.get("rankdir", "LR")),
        "show_types": query.get("types", "1") != "0",
    }


def _query(options: DiagramOptions) -> dict[str, str]:
    return {
        "focus": options.focus,
        "group": options.group,
        "rankdir": options.rankdir,
        "types": "1" if options.show_types else "0",
    }


def _downloads(slug: str, options: DiagramOptions) -> list[tuple[str, str]]:
    query = urlencode(_query(options))
    return [
        (fmt.upper(), reverse("diagram-download", args=[slug, fmt]) + f"?{query}")
        for fmt in MEDIA_TYPES
    ]


def _source(
    request: HttpRequest,
    schema: Schema,
    options: DiagramOptions,
    comments: dict[str, CommentMark] | None = None,
) -> str:
    def table_url(table: Table) -> str | None:
        if table.id is None:
            return None
        return reverse("table-edit", args=[schema.slug, table.id])

    findings = error_findings(schema)
    return diagram_source(schema, options, findings, table_url, comments)


def _comment_marks(project: Project, schema: Schema) -> dict[str, CommentMark]:
    """Return the comment marker of each table with review comments.

    Only the workspace diagram shows them, because downloads go to people
    who may not be able to open the comment pages.
    """
    counts = table_counts(comment_counts(project), schema.table_names())
    url = reverse("comment-list", args=[project.slug])
    return {
        name: CommentMark(count, f"{url}?target={quote(name, safe='')}")
        for name, count in counts.items()
    }


def _page(
    request: HttpRequest,
    context: dict[str, object],
    error: Exception | None = None,
    status: int = 200,
) -> HttpResponse:
    template = "diagrams/diagram.html"
    if request.htmx:
        template += "#diagram"
    context["error"] = str(error) if error else ""
    return render(request, template, context, status=status)


def _text(error: Exception, status: int) -> HttpResponse:
    return HttpResponse(
        str(error), status=status, content_type="text/plain; charset=utf-8"
    )
