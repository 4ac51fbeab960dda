"""Rules on the names of tables, fields and indexes."""

from __future__ import annotations

from collections.abc import Iterable

from designer.schemas.identifiers import identifier_problem
from designer.schemas.rules.base import (
    Finding,
    Location,
    Rule,
    Severity,
    Source,
    register,
)
from designer.schemas.schema import Schema


@register
class InvalidTableName(Rule):
    """Convex rejects the deploy when a table name is not an identifier: ASCII
    letters, digits and underscores, starting with a letter, at most 64
    characters."""

    code = "CVX001"
    severity = Severity.ERROR
    title = "Invalid table name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            problem = identifier_problem(table.name)
            if problem:
                yield self.finding(
                    Location(table.name),
                    f"Table name {table.name!r} {problem}.",
                )
