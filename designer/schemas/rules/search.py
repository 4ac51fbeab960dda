"""Rules on search (full text) and vector indexes."""

from __future__ import annotations

from collections.abc import Iterable

from designer.schemas.rules.base import (
    Finding,
    Fix,
    Location,
    Rule,
    Severity,
    Source,
    register,
)
from designer.schemas.rules.common import NUMBER_KINDS
from designer.schemas.schema import Schema
from designer.schemas.validators import Validator

MAX_FILTER_FIELDS = 16
MIN_DIMENSIONS = 2
MAX_DIMENSIONS = 4096


@register
class SearchFieldNotString(Rule):
    """The search field of a search index must be a string field
    (``v.string()``, a string literal, or a union of those). Convex checks
    at deploy only that the field exists, but documents whose value is not a
    string are left out of the index, so the designer reports it as an
    error."""

    code = "CVX020"
    severity = Severity.ERROR
    title = "Search field is not a string"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for search in table.search_indexes:
                found = table.resolve_path(search.search_field)
                if found and not any(_can_be_string(v) for v in found):
                    yield self.finding(
                        Location(table.name, index=search.name),
                        f"Search index `{search.name}` on table `{table.name}` "
                        f"searches `{search.search_field}`, which is not a string "
                        "field.",
                    )


@register
class TooManySearchFilterFields(Rule):
    """A search index may have up to 16 filter fields
    (``IndexTooManyFilterFields``)."""

    code = "CVX021"
    severity = Severity.ERROR
    title = "Too many search filter fields"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for search in table.search_indexes:
                if len(search.filter_fields) > MAX_FILTER_FIELDS:
                    yield self.finding(
                        Location(table.name, index=search.name),
                        f"Search index `{search.name}` on table `{table.name}` has "
                        f"{len(search.filter_fields)} filter fields; the maximum is "
                        f"{MAX_FILTER_FIELDS}.",
                    )


@register
class DuplicateSearchIndex(Rule):
    """Two search indexes of a table may share a search field only when
    their sets of filter fields differ (``SearchIndexFieldNotUnique``). The
    fix removes the later one."""

    code = "CVX022"
    severity = Severity.ERROR
    title = "Duplicate search index"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            first: dict[tuple[str, frozenset[str]], str] = {}
            for search in table.search_indexes:
                key = (search.search_field, frozenset(search.filter_fields))
                if key in first:
                    yield self.finding(
                        Location(table.name, index=search.name),
                        f"Search index `{search.name}` on table `{table.name}` has "
                        f"the same search field and filter fields as "
                        f"`{first[key]}`; remove one of them.",
                        _remove(table.name, search.name),
                    )
                first.setdefault(key, search.name)


@register
class VectorFieldType(Rule):
    """The field of a vector index must be an array of float64
    (``v.array(v.float64())`` or ``v.array(v.number())``), possibly optional
    or inside a union, or ``v.any()``. Any other type fails the deploy with
    ``SchemaDefinitionError``."""

    code = "CVX023"
    severity = Severity.ERROR
    title = "Vector field is not an array of float64"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for vector in table.vector_indexes:
                found = table.resolve_path(vector.vector_field)
                if found and not any(_is_vector(v) for v in found):
                    yield self.finding(
                        Location(table.name, index=vector.name),
                        f"Vector index `{vector.name}` on table `{table.name}` uses "
                        f"`{vector.vector_field}`, which is not an array of float64.",
                    )


@register
class VectorDimensions(Rule):
    """Vector indexes take between 2 and 4096 dimensions
    (``InvalidVectorDimensionError``)."""

    code = "CVX024"
    severity = Severity.ERROR
    title = "Vector dimensions out of range"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for vector in table.vector_indexes:
                if not MIN_DIMENSIONS <= vector.dimensions <= MAX_DIMENSIONS:
                    yield self.finding(
                        Location(table.name, index=vector.name),
                        f"Vector index `{vector.name}` on table `{table.name}` sets "
                        f"`dimensions` to {vector.dimensions}; it must be between "
                        f"{MIN_DIMENSIONS} and {MAX_DIMENSIONS}.",
                    )


@register
class TooManyVectorFilterFields(Rule):
    """A vector index may have up to 16 filter fields
    (``IndexTooManyFilterFields``)."""

    code = "CVX025"
    severity = Severity.ERROR
    title = "Too many vector filter fields"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for vector in table.vector_indexes:
                if len(vector.filter_fields) > MAX_FILTER_FIELDS:
                    yield self.finding(
                        Location(table.name, index=vector.name),
                        f"Vector index `{vector.name}` on table `{table.name}` has "
                        f"{len(vector.filter_fields)} filter fields; the maximum is "
                        f"{MAX_FILTER_FIELDS}.",
                    )


@register
class DuplicateVectorIndex(Rule):
    """Two vector indexes of a table may not use the same vector field with
    the same dimensions (``VectorIndexFieldNotUnique``). The fix removes the
    later one."""

    code = "CVX026"
    severity = Severity.ERROR
    title = "Duplicate vector index"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            first: dict[tuple[str, int], str] = {}
            for vector in table.vector_indexes:
                key = (vector.vector_field, vector.dimensions)
                if key in first:
                    yield self.finding(
                        Location(table.name, index=vector.name),
                        f"Vector index `{vector.name}` on table `{table.name}` has "
                        f"the same field and dimensions as `{first[key]}`; remove "
                        "one of them.",
                        _remove(table.name, vector.name),
                    )
                first.setdefault(key, vector.name)


def _remove(table: str, index: str) -> Fix:
    return Fix(f"Remove `{index}`", "remove_index", {"table": table, "index": index})


def _can_be_string(validator: Validator) -> bool:
    if validator.kind in ("string", "any"):
        return True
    if validator.kind == "literal":
        return validator.type == "string"  # type: ignore[attr-defined]
    if validator.kind == "union":
        return any(_can_be_string(m) for m in validator.members)  # type: ignore[attr-defined]
    return False


def _is_vector(validator: Validator) -> bool:
    if validator.kind == "any":
        return True
    if validator.kind == "array":
        return validator.element.kind in NUMBER_KINDS  # type: ignore[attr-defined]
    if validator.kind == "union":
        return any(_is_vector(m) for m in validator.members)  # type: ignore[attr-defined]
    return False
