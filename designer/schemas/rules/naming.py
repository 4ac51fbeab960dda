"""Rules on the names of tables, fields and indexes."""

from __future__ import annotations

from collections.abc import Iterable

from designer.schemas.identifiers import (
    RESERVED_INDEX_NAMES,
    SYSTEM_FIELDS,
    identifier_problem,
)
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
    camel_case,
    free_index_name,
    index_name_for,
    is_better_auth_table,
    object_nodes,
    plural_table_name,
    split_words,
)
from designer.schemas.schema import Schema, Table


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


@register
class ReservedTableName(Rule):
    """Convex keeps table names that start with an underscore for its system
    tables (``_storage``, ``_scheduled_functions``) and rejects the deploy
    with ``TableNameReserved``."""

    code = "CVX002"
    severity = Severity.ERROR
    title = "Reserved table name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if table.name.startswith("_") and not identifier_problem(table.name):
                suggestion = table.name.lstrip("_")
                fix = None
                if schema.table(suggestion) is None and not identifier_problem(
                    suggestion
                ):
                    fix = Fix(
                        f"Rename to `{suggestion}`",
                        "rename_table",
                        {"table": table.name, "name": suggestion},
                    )
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` starts with an underscore, which Convex "
                    "reserves for system tables.",
                    fix,
                )


@register
class InvalidFieldName(Rule):
    """Every field name declared in a schema must be a Convex identifier, at
    the top level and inside nested ``v.object`` validators. An identifier
    has ASCII letters, digits and underscores, does not start with a digit,
    is at most 64 characters long and is not made of underscores only."""

    code = "CVX003"
    severity = Severity.ERROR
    title = "Invalid field name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            problem = identifier_problem(field.name)
            if problem:
                yield self.finding(
                    Location(table.name, field.name),
                    f"Field name {field.name!r} in table `{table.name}` {problem}.",
                    self._rename(table, field.name),
                )
            for path, obj in object_nodes(field):
                for member in obj.members:
                    problem = identifier_problem(member.name)
                    if problem:
                        yield self.finding(
                            Location(table.name, f"{path}.{member.name}"),
                            f"Field name {member.name!r} inside `{table.name}.{path}` "
                            f"{problem}.",
                        )

    def _rename(self, table: Table, name: str) -> Fix | None:
        words = split_words(name)
        if not words:
            return None
        suggestion = camel_case(words)
        if identifier_problem(suggestion) or table.field(suggestion) is not None:
            return None
        return Fix(
            f"Rename to `{suggestion}`",
            "rename_field",
            {"table": table.name, "field": name, "name": suggestion},
        )


@register
class SystemFieldDeclared(Rule):
    """Convex adds ``_id`` and ``_creationTime`` to every document by itself.
    Declaring them is wrong: the backend drops top-level underscore fields
    from the table schema instead of checking them, so the declaration only
    misleads, and the designer treats it as an error."""

    code = "CVX004"
    severity = Severity.ERROR
    title = "System field declared"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if field.name in SYSTEM_FIELDS:
                yield self.finding(
                    Location(table.name, field.name),
                    f"Table `{table.name}` declares the system field `{field.name}`; "
                    "Convex adds it to every document, so remove it.",
                    Fix(
                        f"Remove `{field.name}`",
                        "remove_field",
                        {"table": table.name, "field": field.name},
                    ),
                )


@register
class ReservedFieldName(Rule):
    """Field names starting with an underscore are kept for system fields:
    documents with such a top-level field are rejected. Convex's docs forbid
    a leading underscore in nested object keys too (its value checks only
    reject ``$``), so the designer rejects both."""

    code = "CVX005"
    severity = Severity.ERROR
    title = "Reserved field name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if self._reserved(field.name) and field.name not in SYSTEM_FIELDS:
                yield self.finding(
                    Location(table.name, field.name),
                    f"Field `{table.name}.{field.name}` starts with an underscore, "
                    "which Convex reserves for system fields.",
                    self._rename(table, field.name),
                )
            for path, obj in object_nodes(field):
                for member in obj.members:
                    if self._reserved(member.name):
                        where = f"{path}.{member.name}"
                        yield self.finding(
                            Location(table.name, where),
                            f"Field `{table.name}.{where}` starts with an underscore, "
                            "which Convex does not allow in object keys.",
                        )

    def _reserved(self, name: str) -> bool:
        return name.startswith("_") and not identifier_problem(name)

    def _rename(self, table: Table, name: str) -> Fix | None:
        suggestion = name.lstrip("_")
        if identifier_problem(suggestion) or table.field(suggestion) is not None:
            return None
        return Fix(
            f"Rename to `{suggestion}`",
            "rename_field",
            {"table": table.name, "field": name, "name": suggestion},
        )


@register
class DuplicateFieldName(Rule):
    """An object cannot declare the same key twice: in ``schema.ts`` the
    second entry silently replaces the first. For a union table, the same
    name in two different variants is fine."""

    code = "CVX009"
    severity = Severity.ERROR
    title = "Duplicate field name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for variant in table.variants():
                yield from self._repeats(table, "", [f.name for f in variant])
            for field in table.fields:
                for path, obj in object_nodes(field):
                    names = [m.name for m in obj.members]
                    yield from self._repeats(table, f"{path}.", names)

    def _repeats(
        self, table: Table, prefix: str, names: list[str]
    ) -> Iterable[Finding]:
        for name in sorted({n for n in names if names.count(n) > 1}):
            yield self.finding(
                Location(table.name, f"{prefix}{name}"),
                f"Field `{table.name}.{prefix}{name}` is declared "
                f"{names.count(name)} times; keep one.",
            )


@register
class InvalidIndexName(Rule):
    """Index names of every kind (database, search, vector) must be Convex
    identifiers: ASCII letters, digits and underscores, not starting with a
    digit, at most 64 characters."""

    code = "CVX006"
    severity = Severity.ERROR
    title = "Invalid index name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for name in table.all_index_names():
                problem = identifier_problem(name)
                if problem:
                    yield self.finding(
                        Location(table.name, index=name),
                        f"Index name {name!r} on table `{table.name}` {problem}.",
                    )


@register
class ReservedIndexName(Rule):
    """Every table already has the indexes ``by_id`` and
    ``by_creation_time``, and index names starting with an underscore are
    kept for Convex, so the deploy fails with ``IndexNameReserved``."""

    code = "CVX007"
    severity = Severity.ERROR
    title = "Reserved index name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for index, fields in _named_indexes(table):
                reserved = index in RESERVED_INDEX_NAMES or index.startswith("_")
                if not reserved or identifier_problem(index):
                    continue
                yield self.finding(
                    Location(table.name, index=index),
                    f"Index `{index}` on table `{table.name}` uses a reserved name; "
                    "Convex keeps `by_id`, `by_creation_time` and names starting "
                    "with an underscore for itself.",
                    self._rename(table, index, fields),
                )

    def _rename(self, table: Table, index: str, fields: list[str]) -> Fix | None:
        candidates = [index_name_for(fields)] if fields else []
        candidates.append(index.lstrip("_"))
        name = free_index_name(
            table, [c for c in candidates if c not in RESERVED_INDEX_NAMES]
        )
        if not name:
            return None
        return Fix(
            f"Rename to `{name}`",
            "rename_index",
            {"table": table.name, "index": index, "name": name},
        )


@register
class DuplicateIndexName(Rule):
    """Index names must be unique within a table across database, search and
    vector indexes, staged or not (``IndexNamesNotUnique``)."""

    code = "CVX008"
    severity = Severity.ERROR
    title = "Duplicate index name"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            names = table.all_index_names()
            for name in sorted({n for n in names if names.count(n) > 1}):
                yield self.finding(
                    Location(table.name, index=name),
                    f"Table `{table.name}` defines {names.count(name)} indexes named "
                    f"`{name}`; index names must be unique within a table.",
                )


@register
class PluralTableName(Rule):
    """The team standard names tables in the plural, in camelCase
    (``users``, ``blogPosts``), following Convex's own examples.
    Contradiction resolved: Better Auth's tables ``user``, ``session``,
    ``account``, ``verification`` and ``jwks`` are singular because the
    Convex adapter runs with ``usePlural: false``; renaming them breaks
    authentication, so they are exempt whenever the schema contains Better
    Auth's tables (two of those names, or ``user`` with ``emailVerified``).
    A lone ``user`` table without them is an ordinary table and is checked."""

    code = "STD001"
    severity = Severity.WARNING
    title = "Table name not plural camelCase"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if identifier_problem(table.name) or table.name.startswith("_"):
                continue
            if is_better_auth_table(schema, table):
                continue
            suggestion = plural_table_name(table.name)
            if not suggestion or suggestion == table.name:
                continue
            fix = None
            if schema.table(suggestion) is None:
                fix = Fix(
                    f"Rename to `{suggestion}`",
                    "rename_table",
                    {"table": table.name, "name": suggestion},
                )
            yield self.finding(
                Location(table.name),
                f"Table `{table.name}` should have a plural, camelCase name such as "
                f"`{suggestion}`.",
                fix,
            )


def _named_indexes(table: Table) -> Iterable[tuple[str, list[str]]]:
    for index in table.indexes:
        yield index.name, list(index.fields)
    for search in table.search_indexes:
        yield search.name, []
    for vector in table.vector_indexes:
        yield vector.name, []
