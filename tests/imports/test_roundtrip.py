"""import_typescript(render(schema)) gives the schema back."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings

from designer.schemas.exporters import EXPORTERS
from designer.schemas.importers.typescript import import_typescript
from designer.schemas.schema import Schema
from tests.strategies import schemas

LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def comment_form(text: str) -> str:
    """Return ``text`` as a description comes back from a schema.ts comment.

    A comment keeps neither line-break kinds nor the white space that ends a
    line or surrounds the whole text, and `*\\/` reads back as `*/`.
    """
    lines = [line.rstrip() for line in LINE_BREAKS.sub("\n", text).split("\n")]
    if len(lines) == 1:
        lines[0] = lines[0].strip()
    return "\n".join(lines).strip("\n").replace("*\\/", "*/")


def expected_data(schema: Schema) -> dict:
    """Return what schema.ts can carry of ``schema``: no groups or settings."""
    data = schema.to_data()
    data["description"] = comment_form(schema.description)
    for table in data["tables"]:
        table.pop("group", None)
        _normalise_descriptions(table)
        for field in table["fields"]:
            _normalise_descriptions(field)
    return data


def _normalise_descriptions(element: dict) -> None:
    if "description" in element:
        element["description"] = comment_form(element["description"])
        if not element["description"]:
            del element["description"]
    for member in _members(element.get("validator", {})):
        _normalise_descriptions(member)


def _members(validator: dict) -> list[dict]:
    """Return the object members anywhere inside a validator's data."""
    found = (
        list(validator.get("members", [])) if validator.get("kind") == "object" else []
    )
    nested = [m["validator"] for m in found]
    nested += [
        m for m in validator.get("members", []) if validator.get("kind") == "union"
    ]
    for key in ("element", "keys", "values"):
        if key in validator:
            nested.append(validator[key])
    for child in nested:
        found.extend(_members(child))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas(settings_too=False))
def test_import_of_export_is_the_schema(schema):
    text = EXPORTERS["convex"].render(schema)
    imported = import_typescript(text, schema.name)
    assert imported.skipped == []
    assert imported.schema.to_data() == expected_data(schema)


def test_comment_form_of_hostile_text():
    assert comment_form("  a \r\nb\u2028 c  ") == "  a\nb\n c"
    assert comment_form("  a  ") == "a"
    assert comment_form(" */ x ") == "*/ x"
