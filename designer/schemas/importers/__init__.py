"""Importers turn a file into a new project.

``jsonfile`` reads the designer's own project file, ``typescript`` reads a
Convex ``schema.ts`` and ``files`` picks between them and names the new
project. ``name_problems`` lists what Convex would reject in a
schema's names and references, so importers can refuse it before anything
is created.
"""

from __future__ import annotations

from collections.abc import Iterator

from designer.schemas.identifiers import (
    RESERVED_INDEX_NAMES,
    SYSTEM_TABLES,
    identifier_problem,
)
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Id, Object


class ImportProblem(ValueError):
    """Raised when a file cannot be imported; the message names the problem and where.

    ``line`` and ``column`` count from 1, and are 0 when the problem has no
    single place. ``source_line`` is that line of the file, or "" when it is
    too long to show.
    """

    def __init__(
        self, message: str, line: int = 0, column: int = 0, source_line: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.source_line = source_line


def name_problems(schema: Schema) -> list[str]:
    """Return one message per name Convex rejects or reference to a missing table."""
    problems: list[str] = []
    seen: set[str] = set()
    for table in schema.tables:
        where = f"table {table.name!r}"
        problems.extend(
            _name(where, "name", table.name, reserved_prefix="system tables")
        )
        if table.name in seen:
            problems.append(f"{where}: the schema has two tables with this name.")
        seen.add(table.name)
        problems.extend(_table_problems(schema, table, where))
    return problems


def _name(where: str, what: str, name: str, reserved_prefix: str = "") -> Iterator[str]:
    problem = identifier_problem(name)
    if problem:
        yield f"{where}: the {what} {problem}."
    elif reserved_prefix and name.startswith("_"):
        yield f"{where}: the {what} starts with '_', which Convex reserves for {reserved_prefix}."


def _table_problems(schema: Schema, table: Table, where: str) -> Iterator[str]:
    known = schema.table_names() | set(SYSTEM_TABLES)
    seen: set[tuple[int, str]] = set()
    for f in table.fields:
        field_where = f"{where}, field {f.name!r}"
        yield from _name(field_where, "name", f.name, reserved_prefix="system fields")
        if (f.variant, f.name) in seen:
            yield f"{field_where}: the table has two fields with this name."
        seen.add((f.variant, f.name))
        for path, validator in f.validator.walk(f.name):
            if isinstance(validator, Id) and validator.table not in known:
                yield (
                    f"{where}, field {path!r}: v.id refers to a table "
                    f"{validator.table!r} that does not exist."
                )
            if isinstance(validator, Object):
                yield from _member_problems(where, path, validator)
    yield from _index_problems(table, where)


def _member_problems(where: str, path: str, validator: Object) -> Iterator[str]:
    names = [m.name for m in validator.members]
    for name in names:
        yield from _name(f"{where}, field {f'{path}.{name}'!r}", "name", name)
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"{where}, field {path!r}: the object has two members named {name!r}."


def _index_problems(table: Table, where: str) -> Iterator[str]:
    names = table.all_index_names()
    for name in names:
        index_where = f"{where}, index {name!r}"
        yield from _name(index_where, "name", name, reserved_prefix="system indexes")
        if name in RESERVED_INDEX_NAMES:
            yield f"{index_where}: Convex reserves this index name."
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"{where}: two indexes are named {name!r}."
    for vector in table.vector_indexes:
        if vector.dimensions < 1:
            yield (
                f"{where}, index {vector.name!r}: dimensions must be a positive "
                f"whole number, not {vector.dimensions}."
            )
