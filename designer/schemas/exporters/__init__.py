"""The registry of export formats.

``EXPORTERS`` maps a stable format code to an ``Exporter`` that renders a
schema as text (schema.ts, JSON, Zod, ...). ``BINARY_EXPORTERS`` maps a code
to a function that renders a schema as bytes (diagram images). The download
view and ``manage.py export_schema`` list whatever both dicts hold, so
registering a format is all the wiring it needs.

To add a text format, write a module in this package with a ``render``
function and register it at the bottom of this file with ``register``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from designer.schemas.schema import Schema


@dataclass(frozen=True)
class Exporter:
    """One text export format."""

    code: str
    label: str
    extension: str
    media_type: str
    render: Callable[[Schema], str]


EXPORTERS: dict[str, Exporter] = {}

# Formats rendered as bytes, such as diagram images: code -> (schema -> bytes).
BINARY_EXPORTERS: dict[str, Callable[[Schema], bytes]] = {}


def register(exporter: Exporter) -> Exporter:
    """Add ``exporter`` to ``EXPORTERS``; a code may be registered once."""
    if exporter.code in EXPORTERS or exporter.code in BINARY_EXPORTERS:
        raise ValueError(f"Export format {exporter.code!r} is registered twice.")
    EXPORTERS[exporter.code] = exporter
    return exporter


def _register_builtin() -> None:
    # Imported here so that format modules can import this package freely.
    from designer.schemas.exporters import convex, jsonfile

    register(
        Exporter(
            code="convex",
            label="Convex schema.ts",
            extension=".ts",
            media_type="text/typescript",
            render=convex.render,
        )
    )
    register(
        Exporter(
            code="json",
            label="Project file (JSON)",
            extension=".json",
            media_type="application/json",
            render=jsonfile.render,
        )
    )


def _register_code_formats() -> None:
    """Register the formats that describe documents in other languages."""
    from designer.schemas.exporters import dbml, jsonschema, mermaid, python, zod

    for code, label, extension, media_type, render in (
        ("zod", "Zod schemas (TypeScript)", ".zod.ts", "text/typescript", zod.render),
        ("python", "Pydantic models (Python)", ".py", "text/x-python", python.render),
        (
            "jsonschema",
            "JSON Schema",
            ".schema.json",
            "application/schema+json",
            jsonschema.render,
        ),
        ("dbml", "DBML (dbdiagram.io)", ".dbml", "text/plain", dbml.render),
        ("mermaid", "Mermaid ER diagram", ".mmd", "text/plain", mermaid.render),
    ):
        register(Exporter(code, label, extension, media_type, render))


_register_builtin()
_register_code_formats()


def _register_diagrams() -> None:
    # Imported here for the same reason as the built-in formats above.
    from designer.diagrams.exporters import register_formats

    register_formats(BINARY_EXPORTERS)


_register_diagrams()
