"""Import a file of either kind, telling them apart, and name the new project."""

from __future__ import annotations

import re
from pathlib import PurePath

from designer.schemas.importers.jsonfile import read_project_file
from designer.schemas.importers.typescript import (
    DEFAULT_NAME,
    ImportResult,
    import_typescript,
)

# Folders around schema.ts in most Convex projects, so they do not name one.
_CONVEX_FOLDERS = {"convex", "src", ""}
_SCHEMA_SUFFIX = re.compile(r"(?:^|[\s._-]+)schema$", re.IGNORECASE)


def file_format(text: str, file_name: str = "") -> str:
    """Return "json" for a project file and "ts" for a schema.ts, by name or content."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix in (".json", ".ts"):
        return suffix[1:]
    # In practice a schema.ts starts with imports or comments, not with "{".
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "ts"


def import_file(text: str, file_name: str = "", name: str = "") -> ImportResult:
    """Import ``text``, a project file or a schema.ts, as a schema named ``name``.

    Without ``name`` the project keeps the name a project file contains, or is
    named after ``file_name`` (a path or a bare file name).

    Raises:
        ImportProblem: the text cannot be imported. The message names the place.
    """
    if file_format(text, file_name) == "json":
        result = ImportResult(read_project_file(text))
        own_name = result.schema.name.strip()
    else:
        result, own_name = import_typescript(text), ""
    result.schema.name = (
        name.strip() or own_name or project_name(file_name) or DEFAULT_NAME
    )
    return result


def project_name(file_name: str) -> str:
    """Name a project after its file: "shop/convex/schema.ts" is "Shop".

    A trailing "schema" is dropped, and of a name joined with "__" (as in
    "owner__repo__schema.ts") the last part is kept; "_" and "-" become
    spaces. A file named just "schema" is named after its folder instead.
    """
    path = PurePath(file_name.replace("\\", "/"))
    words = _words(path.stem)
    folders = [p for p in reversed(path.parent.parts) if p not in ("/", ".")]
    while not words and folders:
        folder = folders.pop(0)
        if folder.lower() not in _CONVEX_FOLDERS:
            words = _words(folder)
    return words[:1].upper() + words[1:]


def _words(stem: str) -> str:
    parts = [_SCHEMA_SUFFIX.sub("", part) for part in stem.split("__")]
    parts = [part for part in parts if part.strip(" _-.")]
    last = parts[-1] if parts else ""
    return " ".join(re.sub(r"[_-]+", " ", last).split())
