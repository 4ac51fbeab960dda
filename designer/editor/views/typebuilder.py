"""Views that return the fragments of the step-by-step type builder to htmx.

None of these views saves anything: the builder writes the type's text into
the field form's type input, and the field form saves as it always does.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from designer.accounts.access import get_project
from designer.accounts.models import Role
from designer.editor import typebuilder
from designer.editor.typebuilder import BuilderError
from designer.editor.typesyntax import TypeSyntaxError, format_type, parse_type
from designer.schemas.models import Project
from designer.schemas.validators import Scalar

TEMPLATE = "editor/type_builder.html"
# The HTML id of the type input that the builder writes into.
_INPUT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,80}\Z")


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain")


def _context(slug: str, project: Project, **values) -> dict:
    """Return what every builder fragment needs, with ``values`` added."""
    # Only the table names: loading the whole schema would cost more queries.
    tables = project.tables.order_by("name").values_list("name", flat=True)
    return {
        "slug": slug,
        "tables": list(tables),
        "kind_groups": typebuilder.KIND_GROUPS,
        "literal_choices": typebuilder.LITERAL_CHOICES,
        **values,
    }


@require_GET
def type_builder(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the builder for one type input, showing the type in its text."""
    project = get_project(request, slug, Role.REVIEWER)
    root, target = request.GET.get("root", ""), request.GET.get("for", "")
    if not typebuilder.ROOT.match(root) or not _INPUT_ID.match(target):
        return _bad("The builder needs a valid root and type input id.")
    text = request.GET.get("type", "").strip()
    validator, optional, problem = Scalar("string"), False, ""
    node = typebuilder.new_node(root, "string")
    if text:
        try:
            validator, optional = parse_type(text)
            node = typebuilder.node_from_validator(validator, root)
        except (TypeSyntaxError, BuilderError) as error:
            # The builder starts afresh, and the text stays until it is replaced.
            validator, optional, problem = Scalar("string"), False, str(error)
    context = _context(
        slug,
        project,
        root=root,
        target=target,
        node=node,
        optional=optional,
        problem=problem,
        text="" if problem else format_type(validator, optional),
    )
    return render(request, f"{TEMPLATE}#builder", context)


@require_GET
def type_builder_node(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the inner part of one chooser for the kind it now has."""
    project = get_project(request, slug, Role.REVIEWER)
    prefix, role = request.GET.get("prefix", ""), request.GET.get("role", "root")
    if not typebuilder.PREFIX.match(prefix) or role not in typebuilder.LABELS:
        return _bad("The chooser's prefix or role is invalid.")
    kind = request.GET.get(prefix, "string")
    context = _context(slug, project, node=typebuilder.new_node(prefix, kind, role))
    response = render(request, f"{TEMPLATE}#body", context)
    return trigger_client_event(response, "builder-changed", after="settle")


@require_GET
def type_builder_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Return a new union option or object member for the chooser ``parent``."""
    project = get_project(request, slug, Role.REVIEWER)
    parent, addition = request.GET.get("parent", ""), request.GET.get("what", "")
    if not typebuilder.PREFIX.match(parent) or addition not in ("option", "member"):
        return _bad("The chooser's prefix or the element to add is invalid.")
    context = _context(slug, project, autofocus=True)
    if addition == "option":
        context["node"] = typebuilder.new_option(parent)
        partial = "option"
    else:
        context["member"] = typebuilder.new_member(parent)
        partial = "member"
    response = render(request, f"{TEMPLATE}#{partial}", context)
    return trigger_client_event(response, "builder-changed", after="settle")


@require_GET
def type_builder_text(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the text of the type the builder shows and send it to the type input.

    An incomplete builder gets a 422 saying what is missing, and the type
    input keeps its text.
    """
    get_project(request, slug, Role.REVIEWER)
    root, target = request.GET.get("_root", ""), request.GET.get("_for", "")
    if not typebuilder.ROOT.match(root) or not _INPUT_ID.match(target):
        return _bad("The builder needs a valid root and type input id.")
    try:
        validator = typebuilder.validator_from_params(request.GET, root)
    except BuilderError as error:
        context = {"problem": str(error)}
        return render(request, f"{TEMPLATE}#status", context, status=422)
    text = format_type(validator, "_optional" in request.GET)
    response = render(request, f"{TEMPLATE}#status", {"text": text})
    return trigger_client_event(response, "type-built", {"input": target, "text": text})
