"""Export a schema as DBML, the language dbdiagram.io reads.

Each table lists its system fields and top-level fields, with a Convex-style
type, ``not null`` for required fields that cannot hold null, and the
description as a note. Database, search and vector indexes go in the
``indexes`` block (search and vector ones with a note saying so), and every
``v.id`` becomes a ``Ref`` to the ``_id`` of its table. A union table lists the
fields of all its variants once each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from designer.schemas.identifiers import SYSTEM_FIELDS
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Validator

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# The DBML parser reads these words as keywords, so a name spelled like one is quoted.
_KEYWORDS = frozenset(
    [
        "table",
        "ref",
        "note",
        "indexes",
        "project",
        "enum",
        "tablegroup",
        "tablepartial",
        "as",
        "pk",
        "null",
        "not",
        "unique",
        "increment",
        "default",
        "primary",
        "key",
        "headercolor",
        "records",
        "checks",
        "check",
    ]
)
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
INDENT = "  "


def render(schema: Schema) -> str:
    """Return the DBML text for ``schema``."""
    parts = [_project(schema)]
    refs: list[str] = []
    names = schema.table_names()
    for table in schema.tables:
        parts.append(_table(table, names, refs))
    if refs:
        parts.append("\n".join(dict.fromkeys(refs)))
    return "\n\n".join(parts) + "\n"


def name(text: str) -> str:
    """Return ``text`` as a DBML name, quoted when it is not a plain identifier."""
    if _IDENTIFIER.match(text) and text.lower() not in _KEYWORDS:
        return text
    return '"' + _escape(text, '"') + '"'


def string(text: str) -> str:
    """Return ``text`` as a single-quoted DBML string."""
    return "'" + _escape(text, "'") + "'"


def _escape(text: str, quote: str) -> str:
    escapes = {**_ESCAPES, quote: "\\" + quote}
    return "".join(escapes.get(char, char) for char in text)


def type_text(validator: Validator) -> str:
    """Return a short Convex-style type, such as ``array<id<users>>``."""
    kind = validator.kind
    if kind == "id":
        return f"id<{validator.table}>"
    if kind == "literal":
        if validator.type == "bigint":
            return f"{validator.value}n"
        return json.dumps(validator.value, ensure_ascii=False)
    if kind == "array":
        return f"array<{type_text(validator.element)}>"
    if kind == "record":
        return f"record<{type_text(validator.keys)}, {type_text(validator.values)}>"
    if kind == "object":
        members = ", ".join(
            f"{m.name}{'?' if m.optional else ''}: {type_text(m.validator)}"
            for m in validator.members
        )
        return f"{{{members}}}"
    if kind == "union":
        return " | ".join(type_text(m) for m in validator.members) or "never"
    return kind


@dataclass
class _Column:
    name: str
    types: list[str] = field(default_factory=list)
    required_in: int = 0
    variants: list[int] = field(default_factory=list)
    unique: bool = False
    notes: list[str] = field(default_factory=list)
    validators: list[Validator] = field(default_factory=list)


def _project(schema: Schema) -> str:
    # The parser rejects an empty quoted project name.
    project_name = name(schema.name) if schema.name else "schema"
    lines = [f"Project {project_name} {{", f"{INDENT}database_type: 'Convex'"]
    if schema.description:
        lines.append(f"{INDENT}Note: {string(schema.description)}")
    lines.append("}")
    return "\n".join(lines)


def _table(table: Table, table_names: set[str], refs: list[str]) -> str:
    columns = _columns(table)
    notes = [table.description] if table.description else []
    if table.document_kind == "any":
        notes.append("Documents may have any fields.")
    header = f"Table {name(table.name)}"
    if notes:
        header += f" [note: {string(' '.join(notes))}]"
    lines = [f"{header} {{"]
    lines.append(f"{INDENT}_id {name(f'id<{table.name}>')} [pk]")
    lines.append(f'{INDENT}"_creationTime" number [not null]')
    variant_count = len(table.variants()) if table.document_kind == "union" else 1
    for column in columns.values():
        lines.append(INDENT + _column_line(column, variant_count))
        refs.extend(_refs(table.name, column, table_names))
    lines.extend(_indexes(table, set(columns) | {"_id", "_creationTime"}))
    lines.append("}")
    return "\n".join(lines)


def _columns(table: Table) -> dict[str, _Column]:
    columns: dict[str, _Column] = {}
    if table.document_kind == "any":
        return columns
    for f in table.fields:
        if f.name in SYSTEM_FIELDS:
            # Convex rejects such a field, and a second column would not parse.
            continue
        column = columns.setdefault(f.name, _Column(f.name))
        text = type_text(f.validator)
        if text not in column.types:
            column.types.append(text)
        if not f.optional and not _admits_null(f.validator):
            column.required_in += 1
        if f.variant not in column.variants:
            column.variants.append(f.variant)
        column.unique = column.unique or f.unique
        if f.description and f.description not in column.notes:
            column.notes.append(f.description)
        column.validators.append(f.validator)
    return columns


def _column_line(column: _Column, variant_count: int) -> str:
    settings = []
    if column.required_in == variant_count:
        settings.append("not null")
    if column.unique:
        settings.append("unique")
    notes = list(column.notes)
    if len(column.variants) < variant_count:
        numbers = ", ".join(str(n + 1) for n in sorted(column.variants))
        notes.append(f"Only in variant {numbers}.")
    if notes:
        settings.append(f"note: {string(' '.join(notes))}")
    line = f"{name(column.name)} {name(' | '.join(column.types))}"
    return f"{line} [{', '.join(settings)}]" if settings else line


def _admits_null(validator: Validator) -> bool:
    if validator.kind == "union":
        return any(_admits_null(m) for m in validator.members)
    return validator.kind in ("null", "any")


def _refs(table_name: str, column: _Column, table_names: set[str]) -> list[str]:
    """Return a ``Ref`` line for each table the column's ids point at."""
    found = []
    for validator in column.validators:
        direct = _direct_ids(validator)
        for _path, node in validator.walk():
            if node.kind != "id" or node.table not in table_names:
                continue
            # A single id (maybe nullable) is many-to-one, while ids in a list or
            # object make the relation many-to-many.
            arrow = ">" if node.table in direct else "<>"
            source = f"{name(table_name)}.{name(column.name)}"
            found.append(f"Ref: {source} {arrow} {name(node.table)}._id")
    return found


def _direct_ids(validator: Validator) -> set[str]:
    if validator.kind == "id":
        return {validator.table}
    if validator.kind == "union":
        return {t for m in validator.members for t in _direct_ids(m)}
    return set()


def _indexes(table: Table, columns: set[str]) -> list[str]:
    entries = []
    for index in table.indexes:
        entries.append(_index_line(index.name, index.fields, columns, ""))
    for index in table.search_indexes:
        filters = ", ".join(index.filter_fields) or "none"
        note = f"Search index; filter fields: {filters}."
        entries.append(_index_line(index.name, [index.search_field], columns, note))
    for index in table.vector_indexes:
        filters = ", ".join(index.filter_fields) or "none"
        note = f"Vector index, {index.dimensions} dimensions; filter fields: {filters}."
        entries.append(_index_line(index.name, [index.vector_field], columns, note))
    entries = [entry for entry in entries if entry]
    if not entries:
        return []
    return [f"{INDENT}indexes {{", *entries, f"{INDENT}}}"]


def _index_line(index_name: str, paths: list[str], columns: set[str], note: str) -> str:
    """Return one line of the indexes block, or "" if DBML cannot express it."""
    parts = [_index_part(path, columns) for path in paths]
    if not parts or "" in parts:
        # TODO: an index on a path with a backtick or a line break is left
        # out, because DBML expressions cannot escape them.
        return ""
    target = parts[0] if len(parts) == 1 else f"({', '.join(parts)})"
    settings = [f"name: {string(index_name)}"]
    if note:
        settings.append(f"note: {string(note)}")
    return f"{INDENT * 2}{target} [{', '.join(settings)}]"


def _index_part(path: str, columns: set[str]) -> str:
    if path in columns:
        return name(path)
    # A nested path, or one the table lacks, is written as an expression,
    # since the parser checks that a named index column exists.
    if re.search(r"[`\r\n]", path) or not path:
        return ""
    return f"`{path}`"
