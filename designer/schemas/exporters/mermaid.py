"""Export a schema as a Mermaid ``erDiagram``, which GitHub renders in Markdown.

Each table is an entity listing its system fields and top-level fields, and
its attribute comments contain the full Convex type and the description. Each
``v.id`` becomes a relationship from the referenced table to the table that
stores the id. Names Mermaid cannot take as they are get a safe identifier,
and the entity shows the real name as its label.
"""

from __future__ import annotations

import json
import re

from designer.schemas.exporters.dbml import type_text
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Validator

_ENTITY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ATTRIBUTE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
# Words the erDiagram grammar reads as statements, never taken as entity ids.
_KEYWORDS = frozenset(
    [
        "erdiagram",
        "direction",
        "style",
        "classdef",
        "class",
        "acctitle",
        "accdescr",
        "title",
        "end",
    ]
)
# Mermaid decodes entities such as #34; in text, and %% may start a directive,
# so these characters are written as entities.
_TEXT_ESCAPES = {"#": "#35;", '"': "#34;", "%": "#37;", "<": "#60;", ">": "#62;"}
INDENT = "    "


def render(schema: Schema) -> str:
    """Return the Mermaid diagram for ``schema``, with the schema name as title."""
    entities = _entity_ids(schema)
    lines = ["---", f"title: {json.dumps(schema.name)}", "---", "erDiagram"]
    relationships: list[str] = []
    for table in schema.tables:
        lines.extend(_entity(table, entities[table.name]))
        relationships.extend(_relationships(table, entities))
    lines.extend(dict.fromkeys(relationships))
    return "\n".join(lines) + "\n"


def text(value: str) -> str:
    """Return ``value`` as the inside of a quoted Mermaid string, on one line."""
    flat = " ".join(value.splitlines())
    return "".join(_TEXT_ESCAPES.get(char, char) for char in flat)


def _entity_ids(schema: Schema) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for table in schema.tables:
        if table.name in ids:
            continue
        candidate = table.name
        if not _ENTITY.match(candidate) or candidate.lower() in _KEYWORDS:
            candidate = "t_" + re.sub(r"[^A-Za-z0-9_]", "_", table.name)
        base, n = candidate, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        ids[table.name] = candidate
    return ids


def _entity(table: Table, entity_id: str) -> list[str]:
    head = entity_id
    if entity_id != table.name:
        head += f'["{text(table.name)}"]'
    lines = [f"{INDENT}{head} {{", f'{INDENT * 2}id _id PK "{text(table.name)}"']
    lines.append(f"{INDENT * 2}number _creationTime")
    taken = {"_id", "_creationTime"}
    for fields in _fields_by_name(table).values():
        lines.append(INDENT * 2 + _attribute(fields, taken))
    lines.append(f"{INDENT}}}")
    return lines


def _fields_by_name(table: Table) -> dict[str, list[Field]]:
    """Group the fields of all variants by name, so each becomes one attribute."""
    groups: dict[str, list[Field]] = {}
    for f in table.fields:
        groups.setdefault(f.name, []).append(f)
    return groups


def _attribute(fields: list[Field], taken: set[str]) -> str:
    first = fields[0]
    attribute = first.name if _ATTRIBUTE.match(first.name) else _safe_name(first.name)
    base, n = attribute, 2
    while attribute in taken:
        attribute, n = f"{base}_{n}", n + 1
    taken.add(attribute)
    keys = []
    if any(node.kind == "id" for f in fields for _path, node in f.validator.walk()):
        keys.append("FK")
    if any(f.unique for f in fields):
        keys.append("UK")
    types = [type_text(f.validator) + ("?" if f.optional else "") for f in fields]
    comment = " | ".join(dict.fromkeys(types))
    if attribute != first.name:
        comment = f"{first.name}: {comment}"
    descriptions = [f.description for f in fields if f.description]
    if descriptions:
        comment += " - " + " ".join(dict.fromkeys(descriptions))
    line = f"{mermaid_type(first.validator)} {attribute}"
    if keys:
        line += " " + ", ".join(keys)
    return f'{line} "{text(comment)}"'


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return safe if _ATTRIBUTE.match(safe) else f"f_{safe}"


def mermaid_type(validator: Validator) -> str:
    """Return a one-word type Mermaid accepts, such as ``string[]``."""
    kind = validator.kind
    if kind == "array":
        return mermaid_type(validator.element) + "[]"
    if kind == "union":
        others = [m for m in validator.members if m.kind != "null"]
        if len(others) == 1:
            return mermaid_type(others[0])
        if others and all(m.kind == "literal" for m in others):
            return "enum"
    return kind


def _relationships(table: Table, entities: dict[str, str]) -> list[str]:
    found = []
    for f in table.fields:
        direct = _direct_id(f.validator)
        for _path, node in f.validator.walk():
            if node.kind != "id" or node.table not in entities:
                continue
            if node is direct and not f.optional and not _admits_null(f.validator):
                cardinality = "||--o{"
            elif node is direct:
                cardinality = "|o--o{"
            else:
                cardinality = "}o--o{"
            source, target = entities[node.table], entities[table.name]
            found.append(f'{INDENT}{source} {cardinality} {target} : "{text(f.name)}"')
    return found


def _direct_id(validator: Validator) -> Validator | None:
    """Return the id that is a field's whole value, alone or with null, else None."""
    if validator.kind == "id":
        return validator
    if validator.kind == "union":
        others = [m for m in validator.members if m.kind != "null"]
        if len(others) == 1 and others[0].kind == "id":
            return others[0]
    return None


def _admits_null(validator: Validator) -> bool:
    if validator.kind == "union":
        return any(m.kind == "null" for m in validator.members)
    return False
