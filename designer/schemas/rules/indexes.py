"""Rules on database indexes, index fields and the number of indexes per table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from designer.schemas.identifiers import SYSTEM_FIELDS, identifier_problem
from designer.schemas.rules.base import (
    Finding,
    Fix,
    Location,
    Rule,
    Severity,
    Source,
    register,
)
from designer.schemas.schema import Schema, Table

MAX_INDEX_FIELDS = 15
MAX_INDEXES = 32
MAX_SEARCH_INDEXES = 4
MAX_VECTOR_INDEXES = 4


@register
class EmptyIndex(Rule):
    """A database index needs at least one field (``EmptyIndex``)."""

    code = "CVX010"
    severity = Severity.ERROR
    title = "Index without fields"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for index in table.indexes:
                if not index.fields:
                    yield self.finding(
                        Location(table.name, index=index.name),
                        f"Index `{index.name}` on table `{table.name}` has no fields; "
                        "add at least one.",
                        Fix(
                            f"Remove `{index.name}`",
                            "remove_index",
                            {"table": table.name, "index": index.name},
                        ),
                    )


@register
class RepeatedIndexField(Rule):
    """A field may appear only once in an index
    (``FieldsNotUniqueWithinIndex``)."""

    code = "CVX011"
    severity = Severity.ERROR
    title = "Field repeated in index"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for index in table.indexes:
                repeated = sorted(
                    {f for f in index.fields if index.fields.count(f) > 1}
                )
                for path in repeated:
                    yield self.finding(
                        Location(table.name, index=index.name),
                        f"Index `{index.name}` on table `{table.name}` lists `{path}` "
                        f"{index.fields.count(path)} times; index fields must be unique.",
                    )


@register
class SystemFieldInIndex(Rule):
    """``_id`` and ``_creationTime`` are not allowed as index fields:
    Convex appends ``_creationTime`` (then ``_id``) to every index itself,
    and a document is loaded by ID with ``db.get``."""

    code = "CVX012"
    severity = Severity.ERROR
    title = "System field in index"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for index in table.indexes:
                for path in index.fields:
                    if path in SYSTEM_FIELDS:
                        yield self.finding(
                            Location(table.name, index=index.name),
                            f"Index `{index.name}` on table `{table.name}` lists the "
                            f"system field `{path}`; Convex adds `_creationTime` and "
                            "`_id` to every index by itself, so remove it.",
                        )


@register
class ReservedIndexPath(Rule):
    """No part of an index field path may start with an underscore
    (``IndexFieldNameReserved``); ``_id`` and ``_creationTime`` themselves
    are reported by CVX012."""

    code = "CVX013"
    severity = Severity.ERROR
    title = "Reserved name in index path"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, name, path in _index_paths(schema):
            if path in SYSTEM_FIELDS:
                continue
            if any(
                s.startswith("_") and not identifier_problem(s) for s in path.split(".")
            ):
                yield self.finding(
                    Location(table.name, index=name),
                    f"Index `{name}` on table `{table.name}` uses the field path "
                    f"`{path}`; path parts starting with an underscore are reserved.",
                )


@register
class InvalidIndexPath(Rule):
    """Each dot-separated part of an index field path must be a Convex
    identifier (``InvalidIndexField``), for database, search and vector
    indexes alike."""

    code = "CVX014"
    severity = Severity.ERROR
    title = "Invalid index field path"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, name, path in _index_paths(schema):
            problems = [(s, identifier_problem(s)) for s in path.split(".")]
            segment, problem = next(((s, p) for s, p in problems if p), ("", ""))
            if problem:
                yield self.finding(
                    Location(table.name, index=name),
                    f"Index `{name}` on table `{table.name}` uses the field path "
                    f"{path!r}, whose part {segment!r} {problem}.",
                )


@register
class TooManyIndexFields(Rule):
    """An index may have up to 16 fields counting the ``_creationTime``
    Convex appends, so at most 15 of your own (``IndexTooManyFields``)."""

    code = "CVX015"
    severity = Severity.ERROR
    title = "Too many index fields"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for index in table.indexes:
                if len(index.fields) > MAX_INDEX_FIELDS:
                    yield self.finding(
                        Location(table.name, index=index.name),
                        f"Index `{index.name}` on table `{table.name}` has "
                        f"{len(index.fields)} fields; the maximum is "
                        f"{MAX_INDEX_FIELDS} because Convex appends `_creationTime`.",
                    )


@register
class DuplicateIndex(Rule):
    """Two database indexes of a table (staged ones included) may not list
    the same fields in the same order (``IndexNotUnique``). The fix removes
    the later one."""

    code = "CVX016"
    severity = Severity.ERROR
    title = "Duplicate index"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            first: dict[tuple[str, ...], str] = {}
            for index in table.indexes:
                key = tuple(index.fields)
                if key and key in first:
                    yield self.finding(
                        Location(table.name, index=index.name),
                        f"Index `{index.name}` on table `{table.name}` has the same "
                        f"fields as `{first[key]}`; remove one of them.",
                        Fix(
                            f"Remove `{index.name}`",
                            "remove_index",
                            {"table": table.name, "index": index.name},
                        ),
                    )
                first.setdefault(key, index.name)


@register
class MissingIndexField(Rule):
    """With ``schemaValidation`` on (the default), every field a database
    index, a search index (search and filter fields) or a vector index
    (vector field) names must be able to exist in the table's documents,
    through nested objects, unions and optional fields. Convex does not
    check vector filter fields, and skips the check for ``v.any()`` tables
    and when ``schemaValidation`` is off."""

    code = "CVX017"
    severity = Severity.ERROR
    title = "Index field does not exist"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        if not schema.schema_validation:
            return
        for table, name, path in _index_paths(schema, vector_filters=False):
            if table.document_kind == "any" or _has_bad_segment(path):
                continue
            if not table.resolve_path(path):
                yield self.finding(
                    Location(table.name, index=name),
                    f"Index `{name}` on table `{table.name}` uses the field `{path}`, "
                    "which does not exist in the table.",
                )


@register
class TooManyIndexes(Rule):
    """Convex documents a limit of 32 indexes per table, counting database,
    search and vector indexes, staged ones included. The backend source
    currently enforces 64 with no sub-limits; the designer keeps to the
    documented 32 because that is the bound Convex promises."""

    code = "CVX018"
    severity = Severity.ERROR
    title = "Too many indexes"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            count = len(table.all_index_names())
            if count > MAX_INDEXES:
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` has {count} indexes; Convex documents a "
                    f"maximum of {MAX_INDEXES} per table.",
                )


@register
class TooManySearchIndexes(Rule):
    """Convex documents at most 4 search indexes per table. The backend
    source enforces only 64 indexes in total with no sub-limits; the designer
    keeps to the documented bound."""

    code = "CVX027"
    severity = Severity.ERROR
    title = "Too many search indexes"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            count = len(table.search_indexes)
            if count > MAX_SEARCH_INDEXES:
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` has {count} search indexes; Convex "
                    f"documents a maximum of {MAX_SEARCH_INDEXES}.",
                )


@register
class TooManyVectorIndexes(Rule):
    """Convex documents at most 4 vector indexes per table. The backend
    source enforces only 64 indexes in total with no sub-limits; the designer
    keeps to the documented bound."""

    code = "CVX028"
    severity = Severity.ERROR
    title = "Too many vector indexes"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            count = len(table.vector_indexes)
            if count > MAX_VECTOR_INDEXES:
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` has {count} vector indexes; Convex "
                    f"documents a maximum of {MAX_VECTOR_INDEXES}.",
                )


def _index_paths(
    schema: Schema, vector_filters: bool = True
) -> Iterator[tuple[Table, str, str]]:
    """Yield ``(table, index name, field path)`` for every field of every index."""
    for table in schema.tables:
        for index in table.indexes:
            for path in dict.fromkeys(index.fields):
                yield table, index.name, path
        for search in table.search_indexes:
            for path in dict.fromkeys([search.search_field, *search.filter_fields]):
                yield table, search.name, path
        for vector in table.vector_indexes:
            paths = [vector.vector_field]
            if vector_filters:
                paths.extend(vector.filter_fields)
            for path in dict.fromkeys(paths):
                yield table, vector.name, path


def _has_bad_segment(path: str) -> bool:
    return any(identifier_problem(s) or s.startswith("_") for s in path.split("."))
