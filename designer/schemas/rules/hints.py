"""Design hints: redundant indexes, unbounded arrays, reference cycles, names."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from designer.schemas.identifiers import RESERVED_INDEX_NAMES
from designer.schemas.rules.base import (
    Finding,
    Fix,
    Location,
    Rule,
    Severity,
    Source,
    register,
)
from designer.schemas.rules.common import (
    field_nodes,
    free_index_name,
    index_name_for,
    is_better_auth_table,
)
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Array, Id


@register
class RedundantPrefixIndex(Rule):
    """An index whose fields are a prefix of another index's fields
    (``by_a`` next to ``by_a_and_b``) is usually redundant: the longer index
    serves the same queries, and each index costs storage and write time.
    Keep it only when you need ``a`` ordered by ``_creationTime``, which the
    longer index cannot give. Staged indexes are not compared."""

    code = "DSG001"
    severity = Severity.INFO
    title = "Redundant prefix index"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            ready = [i for i in table.indexes if not i.staged and i.fields]
            for short in ready:
                longer = next(
                    (
                        i
                        for i in ready
                        if len(i.fields) > len(short.fields)
                        and i.fields[: len(short.fields)] == short.fields
                    ),
                    None,
                )
                if longer is None:
                    continue
                yield self.finding(
                    Location(table.name, index=short.name),
                    f"Index `{short.name}` on table `{table.name}` is a prefix of "
                    f"`{longer.name}`, which serves the same queries.",
                    Fix(
                        f"Remove `{short.name}`",
                        "remove_index",
                        {"table": table.name, "index": short.name},
                    ),
                )


@register
class UnboundedArray(Rule):
    """The team standard suggests embedding related data, but an array of
    objects or of IDs grows with use. A document contains at most 8192
    elements per array and 1 MiB in total, and every change rewrites the
    whole document. When the list has no small fixed bound, store the items
    in a child table with a reference back and an index on it."""

    code = "DSG003"
    severity = Severity.INFO
    title = "Array may grow without bound"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if is_better_auth_table(schema, table):
                continue
            for node in field_nodes(field):
                if not isinstance(node.validator, Array):
                    continue
                element = node.validator.element
                if element.kind not in ("object", "id"):
                    continue
                what = "objects" if element.kind == "object" else "IDs"
                yield self.finding(
                    Location(table.name, node.path),
                    f"Field `{table.name}.{node.path}` is an array of {what}; if it "
                    "can grow without bound, move the items to their own table.",
                )


@register
class CircularRequiredReferences(Rule):
    """Required ``v.id`` fields that lead from a table back to itself,
    directly or through other tables, make it impossible to insert the first
    document of the cycle, because each one needs the ID of another first.
    Make one of the references optional or nullable. Each field on such a
    cycle is reported, and the fix makes that field optional."""

    code = "DSG004"
    severity = Severity.WARNING
    title = "Circular required references"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        edges = _required_references(schema)
        outgoing: dict[str, list[tuple[str, str]]] = {}
        for table, field, target in edges:
            outgoing.setdefault(table.name, []).append(
                (f"`{table.name}.{field.name}`", target)
            )
        for table, field, target in edges:
            path = _path_back(outgoing, target, table.name)
            if path is None:
                continue
            cycle = " → ".join([f"`{table.name}.{field.name}`", *path])
            yield self.finding(
                Location(table.name, field.name),
                f"Required references form a cycle ({cycle} → `{table.name}`), so "
                "no document of it can be inserted first; make one of them "
                "optional.",
                Fix(
                    "Make it optional",
                    "set_field_optional",
                    {"table": table.name, "field": field.name, "optional": True},
                ),
            )


@register
class IndexNameHidesFields(Rule):
    """Convex's convention names an index after all its fields, such as
    ``by_channel_and_user`` (``by_channel_user`` is read the same way), so a
    query's ``withIndex`` shows which fields it can use. Better Auth's
    tables are exempt because the adapter generates their index names."""

    code = "DSG005"
    severity = Severity.INFO
    title = "Index name does not list its fields"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if is_better_auth_table(schema, table):
                continue
            for index in table.indexes:
                if not index.fields or _names_fields(index.name, index.fields):
                    continue
                if index.name in RESERVED_INDEX_NAMES:
                    continue  # CVX007 reports it with the same rename.
                expected = index_name_for(index.fields)
                yield self.finding(
                    Location(table.name, index=index.name),
                    f"Index `{index.name}` on table `{table.name}` does not list its "
                    f"fields; name it like `{expected}`.",
                    _rename(table, index.name, expected),
                )


def _names_fields(name: str, fields: list[str]) -> bool:
    parts = [f.replace(".", "_") for f in fields]
    return name in ("by_" + "_and_".join(parts), "by_" + "_".join(parts))


def _rename(table: Table, index: str, expected: str) -> Fix | None:
    if not free_index_name(table, [expected]):
        return None
    return Fix(
        f"Rename to `{expected}`",
        "rename_index",
        {"table": table.name, "index": index, "name": expected},
    )


def _required_references(schema: Schema) -> list[tuple[Table, Field, str]]:
    """Return ``(table, field, target table)`` for each required top-level ``v.id``."""
    return [
        (table, field, field.validator.table)
        for table, field in schema.iter_fields()
        if not field.optional and isinstance(field.validator, Id)
    ]


def _path_back(
    outgoing: dict[str, list[tuple[str, str]]], start: str, goal: str
) -> list[str] | None:
    """Return the field path from table ``start`` back to ``goal``, or None."""
    queue = deque([(start, [])])
    visited = {start}
    while queue:
        current, path = queue.popleft()
        if current == goal:
            return path
        for label, target in outgoing.get(current, ()):
            if target not in visited:
                visited.add(target)
                queue.append((target, [*path, label]))
    return None
