"""Diagram formats for the export registry and ``manage.py export_schema``."""

from __future__ import annotations

from collections.abc import Callable

from designer.diagrams.dot import diagram_source, error_findings
from designer.diagrams.render import render
from designer.schemas.schema import Schema

DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf")
# The diagram formats that are UTF-8 text, and so may go to a terminal.
TEXT_DIAGRAM_FORMATS = ("dot", "svg")


def diagram_exporter(fmt: str) -> Callable[[Schema], bytes]:
    """Return a function that renders a whole schema's diagram in ``fmt``."""

    def export(schema: Schema) -> bytes:
        # An exported file has no server behind it, so nodes carry no links.
        return render(diagram_source(schema, findings=error_findings(schema)), fmt)

    export.__name__ = f"export_{fmt}"
    return export


def register_formats(registry: dict[str, Callable[[Schema], bytes]]) -> None:
    """Add the diagram formats to a ``BINARY_EXPORTERS`` registry."""
    for fmt in DIAGRAM_FORMATS:
        if fmt in registry:
            raise ValueError(f"Export format {fmt!r} is registered twice.")
        registry[fmt] = diagram_exporter(fmt)
