"""The JSON project file: a whole project, versioned, for backup and sharing.

The layout is described in ``docs/project-file.md``. ``importers.jsonfile``
reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from designer.schemas.schema import Schema

FORMAT = "convex-schema-designer"
VERSION = 1


def project_file_data(schema: Schema) -> dict[str, Any]:
    """Return the project file of ``schema`` as plain data."""
    return {"format": FORMAT, "version": VERSION, "project": schema.to_data()}


def render(schema: Schema) -> str:
    """Render ``schema`` as a project file: 2-space indent, trailing newline."""
    text = json.dumps(project_file_data(schema), indent=2, ensure_ascii=False)
    return text + "\n"
