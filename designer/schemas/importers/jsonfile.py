"""Read a JSON project file (``exporters.jsonfile``) back into a new project."""

from __future__ import annotations

import json
import re
from typing import Any

from designer.schemas import store
from designer.schemas.exporters.jsonfile import FORMAT, VERSION
from designer.schemas.importers import ImportProblem, name_problems
from designer.schemas.models import Project
from designer.schemas.schema import Schema, SchemaDataError
from designer.schemas.validators import MAX_NESTING

SEVERITIES = ("", "error", "warning", "info")
# Each validator level takes at most three JSON levels (an object's members
# list, the member, its validator), so every file the designer writes fits.
# It is checked before parsing because json.loads recurses once per level.
MAX_JSON_NESTING = 3 * MAX_NESTING + 16
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# Longer lines are not shown under an error: a minified file is one line.
MAX_SOURCE_LINE = 200
# Column sizes of designer.schemas.models, checked here so that a long value
# is a clear message instead of a database error.
MAX_LENGTHS = {
    "name": 200,
    "schema path": 300,
    "group": 100,
    "rule code": 20,
    "suppression location": 300,
}


def read_project_file(text: str) -> Schema:
    """Parse and check a project file.

    Raises:
        ImportProblem: the text is not a project file this designer reads, or
            its schema has names Convex rejects; the message names the place.
    """
    # Some editors on Windows start UTF-8 files with a byte order mark.
    text = text.removeprefix("\ufeff")
    _check_nesting(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"The project file is not valid JSON: {error.msg} at line "
            f"{error.lineno}, column {error.colno}.",
            *_place(text, error.pos),
        ) from None
    project = _unwrap(data)
    try:
        schema = Schema.from_data(project)
    except SchemaDataError as error:
        raise ImportProblem(f"Invalid project file: {error}") from None
    problems = name_problems(schema) + _setting_problems(schema)
    if problems:
        raise ImportProblem("Invalid project file: " + " ".join(problems))
    return schema


def import_project_file(text: str, name: str = "") -> Project:
    """Create a project from a project file; nothing is created when it is invalid."""
    schema = read_project_file(text)
    if name:
        schema.name = name
    return store.create_project(schema)


def _check_nesting(text: str) -> None:
    depth = 0
    for match in _BRACKETS.finditer(text):
        bracket = match[0]
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_NESTING:
                raise ImportProblem(
                    f"The project file nests brackets more than {MAX_JSON_NESTING} "
                    "levels deep; a file the designer writes never does.",
                    *_place(text, match.start()),
                )
        elif bracket in "]}":
            depth -= 1


def _place(text: str, offset: int) -> tuple[int, int, str]:
    """Return the 1-based line and column of ``offset`` and the line, if short."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : end if end >= 0 else len(text)].rstrip()
    source_line = line if len(line) <= MAX_SOURCE_LINE else ""
    return text.count("\n", 0, offset) + 1, offset - start + 1, source_line


def _unwrap(data: Any) -> Any:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ImportProblem(
            f"This is not a Convex Schema Designer project file: `format` is "
            f"{found!r}, expected {FORMAT!r}."
        )
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ImportProblem(
            f"Unknown project file version {version!r}; this designer reads "
            f"version {VERSION}."
        )
    if "project" not in data:
        raise ImportProblem("The project file has no `project` object.")
    return data["project"]


def _setting_problems(schema: Schema) -> list[str]:
    problems = []
    lengths = [
        ("name", schema.name),
        ("schema path", schema.schema_path),
        *(("group", t.group) for t in schema.tables),
        *(("rule code", r.code) for r in schema.rule_settings),
        *(("rule code", x.code) for x in schema.suppressions),
        *(("suppression location", x.location) for x in schema.suppressions),
    ]
    for what, value in lengths:
        if len(value) > MAX_LENGTHS[what]:
            problems.append(
                f"The {what} {value[:40]!r}... is {len(value)} characters long; "
                f"the maximum is {MAX_LENGTHS[what]}."
            )
    for setting in schema.rule_settings:
        if setting.severity not in SEVERITIES:
            problems.append(
                f"ruleSettings {setting.code!r}: severity must be one of "
                f"error, warning, info, not {setting.severity!r}."
            )
    return problems
