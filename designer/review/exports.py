"""The schema.ts text of a schema, as the pages and share links show it."""

from __future__ import annotations

from designer.schemas.exporters import EXPORTERS
from designer.schemas.schema import Schema


def schema_ts(schema: Schema) -> str:
    """Return the schema as the Convex ``schema.ts`` exporter renders it."""
    return EXPORTERS["convex"].render(schema)
