"""ER diagrams of versions, and of a diff with changed tables coloured.

Uses the diagram app's DOT builder and ``dot`` renderer unchanged. The diff
colours come from a style sheet keyed on the ids of the table nodes, so the
diff page reuses the cached layout of the plain diagram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from designer.diagrams.dot import diagram_source
from designer.diagrams.labels import element_id
from designer.diagrams.render import DiagramError, inline_svg, render
from designer.review.diff import ADDED, Change
from designer.schemas.schema import Schema

ADDED_COLOR = "#2e7d32"
CHANGED_COLOR = "#ef6c00"


@dataclass(frozen=True)
class Diagram:
    """An inline SVG diagram, or the message saying why there is none."""

    svg: str = ""
    error: str = ""
    style: str = ""


def schema_diagram(schema: Schema) -> Diagram:
    """Return the ER diagram of ``schema`` as inline SVG."""
    try:
        svg = render(diagram_source(schema), "svg")
    except DiagramError as error:
        return Diagram(error=str(error))
    return Diagram(svg=inline_svg(svg))


def diff_diagram(after: Schema, changes: Sequence[Change]) -> Diagram:
    """Return the diagram of ``after`` with added and changed tables outlined."""
    diagram = schema_diagram(after)
    if not diagram.svg:
        return diagram
    return Diagram(svg=diagram.svg, style=diff_style(after, changes))


def diff_style(after: Schema, changes: Sequence[Change]) -> str:
    """Return CSS that outlines each added table green and each changed one orange."""
    colors: dict[str, str] = {}
    for change in changes:
        table = change.location.split("#")[0].split(".")[0]
        # Removed tables and schema options have no node to colour.
        if after.table(table) is None:
            continue
        if change.element == "table" and change.action == ADDED:
            colors[table] = ADDED_COLOR
        else:
            colors.setdefault(table, CHANGED_COLOR)
    # element_id keeps only [A-Za-z0-9_-], so the selector needs no escaping.
    rule = "#{} polygon {{ stroke: {}; stroke-width: 3px; }}"
    return "\n".join(
        rule.format(element_id("table-", name), color) for name, color in colors.items()
    )
