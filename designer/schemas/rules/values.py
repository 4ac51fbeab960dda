"""Rules on validators and document shapes: references, records, sizes, kinds."""

from __future__ import annotations

from collections.abc import Iterable

from designer.schemas.identifiers import SYSTEM_TABLES
from designer.schemas.operations import map_validator
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
    object_nodes,
    plural_table_name,
)
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Id, Literal, Record, Union, Validator

MAX_TABLES = 10_000
MAX_OBJECT_FIELDS = 1024
MAX_NESTING = 16


@register
class UnknownReferencedTable(Rule):
    """``v.id("t")`` must name a table of this schema, or one of the system
    tables ``_storage`` and ``_scheduled_functions``. Convex's backend
    accepts any identifier here, but no document can hold a valid ID of a
    table that does not exist, so the designer treats it as an error. The
    fix points the reference at the plural form of the name when that table
    exists (``v.id("user")`` to ``v.id("users")``)."""

    code = "CVX030"
    severity = Severity.ERROR
    title = "Reference to an unknown table"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        known = schema.table_names() | set(SYSTEM_TABLES)
        for table, field in schema.iter_fields():
            for node in field_nodes(field):
                if isinstance(node.validator, Id) and node.validator.table not in known:
                    missing = node.validator.table
                    yield self.finding(
                        Location(table.name, node.path),
                        f"Field `{table.name}.{node.path}` references table "
                        f"`{missing}`, which is not in the schema.",
                        self._repoint(schema, table, field, missing),
                    )

    def _repoint(
        self, schema: Schema, table: Table, field: Field, missing: str
    ) -> Fix | None:
        target = plural_table_name(missing)
        if not target or schema.table(target) is None:
            return None

        def repoint(v: Validator) -> Validator:
            return Id(target) if isinstance(v, Id) and v.table == missing else v

        return Fix(
            f"Reference `{target}` instead",
            "set_field_validator",
            {
                "table": table.name,
                "field": field.name,
                "validator": map_validator(field.validator, repoint).to_data(),
            },
        )


@register
class InvalidRecordKeys(Rule):
    """The keys of ``v.record(keys, values)`` must be ``v.string()``,
    ``v.id(...)`` or a union of those. String literal keys fail the deploy
    (``InvalidRecordType``: use ``v.object`` for a fixed set of keys). Keys
    of any other type, literals of other types included, are not strings:
    Convex rejects them, and the generated ``schema.ts`` does not type-check.
    Optional keys or values cannot be expressed in the designer's model, so
    they need no check here."""

    code = "CVX031"
    severity = Severity.ERROR
    title = "Invalid record keys"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            for node in field_nodes(field):
                if not isinstance(node.validator, Record):
                    continue
                problem = _record_key_problem(node.validator.keys)
                if problem:
                    yield self.finding(
                        Location(table.name, node.path),
                        f"Record `{table.name}.{node.path}` {problem}.",
                    )


@register
class DocumentTooNested(Rule):
    """A stored document may be nested at most 16 levels deep, counting the
    document itself as level 1; each nested object, array or record adds a
    level."""

    code = "CVX032"
    severity = Severity.ERROR
    title = "Document nested too deeply"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if not table.fields:
                continue
            deepest = max(table.fields, key=lambda f: f.validator.depth())
            depth = 1 + deepest.validator.depth()
            if depth > MAX_NESTING:
                yield self.finding(
                    Location(table.name, deepest.name),
                    f"Documents of `{table.name}` are nested {depth} levels deep "
                    f"through `{deepest.name}`; Convex allows at most {MAX_NESTING}.",
                )


@register
class TooManyObjectFields(Rule):
    """An object, the document itself included, may have at most 1024
    fields."""

    code = "CVX033"
    severity = Severity.ERROR
    title = "Too many fields in an object"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            for variant in table.variants():
                if len(variant) > MAX_OBJECT_FIELDS:
                    yield self._too_many(Location(table.name), table.name, len(variant))
            for field in table.fields:
                for path, obj in object_nodes(field):
                    if len(obj.members) > MAX_OBJECT_FIELDS:
                        where = f"{table.name}.{path}"
                        yield self._too_many(
                            Location(table.name, path), where, len(obj.members)
                        )

    def _too_many(self, location: Location, where: str, count: int) -> Finding:
        return self.finding(
            location,
            f"Object `{where}` has {count} fields; Convex allows at most "
            f"{MAX_OBJECT_FIELDS}.",
        )


# CVX034 (NaN or infinite literal) is retired: ``Literal`` rejects such
# values, so no schema can hold one. The code stays unused, so that old
# suppressions of it cannot silence another rule.


@register
class EmptyUnionTable(Rule):
    """A table whose documents are a union of objects needs at least one
    variant: the designer builds a union table from its fields, so a union
    table without fields has no variant to accept a document."""

    code = "CVX035"
    severity = Severity.ERROR
    title = "Union table without variants"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if table.document_kind == "union" and not table.fields:
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` is a union of objects with no variants; "
                    "add fields or make it an object table.",
                )


@register
class FieldsOutsideDocumentKind(Rule):
    """A table's document validator must be an object, a union of objects or
    ``v.any()``. The designer builds it from the table's document kind, so
    fields a ``v.any()`` table declares, or fields of an object table placed
    in a variant other than the first, are left out of ``schema.ts``."""

    code = "CVX036"
    severity = Severity.ERROR
    title = "Fields do not fit the document kind"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if table.document_kind == "any" and table.fields:
                names = ", ".join(f"`{f.name}`" for f in table.fields)
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` accepts any document (`v.any()`), so its "
                    f"declared fields ({names}) are ignored; make it an object table "
                    "or remove them.",
                )
            if table.document_kind == "object":
                for field in table.fields:
                    if field.variant:
                        yield self.finding(
                            Location(table.name, field.name),
                            f"Field `{table.name}.{field.name}` belongs to variant "
                            f"{field.variant}, but `{table.name}` is an object table "
                            "with a single shape; make it a union table.",
                        )


@register
class TooManyTables(Rule):
    """A deployment may have at most 10,000 tables (``TooManyTables``)."""

    code = "CVX037"
    severity = Severity.ERROR
    title = "Too many tables"
    source = Source.CONVEX

    def check(self, schema: Schema) -> Iterable[Finding]:
        if len(schema.tables) > MAX_TABLES:
            yield self.finding(
                Location(),
                f"The schema has {len(schema.tables):,} tables; Convex allows at "
                f"most {MAX_TABLES:,}.",
            )


@register
class AnyValidator(Rule):
    """``v.any()`` turns off validation and type safety for that value, and
    the team standard requires Convex's validators for type enforcement.
    Prefer a precise validator where the shape is known."""

    code = "DSG002"
    severity = Severity.INFO
    title = "Use of v.any()"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if table.document_kind == "any":
                yield self.finding(
                    Location(table.name),
                    f"Table `{table.name}` accepts any document (`v.any()`); its "
                    "documents are neither checked nor typed.",
                )
            for field in table.fields:
                for node in field_nodes(field):
                    if node.validator.kind == "any":
                        yield self.finding(
                            Location(table.name, node.path),
                            f"Field `{table.name}.{node.path}` accepts any value "
                            "(`v.any()`); it is neither checked nor typed.",
                        )


@register
class EmptyUnion(Rule):
    """``v.union()`` with no members matches no value. Convex accepts it at
    deploy, but a required field of that type makes every insert fail, and
    an optional one can only ever be absent."""

    code = "DSG006"
    severity = Severity.WARNING
    title = "Empty union"
    source = Source.DESIGNER

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            for node in field_nodes(field):
                if isinstance(node.validator, Union) and not node.validator.members:
                    yield self.finding(
                        Location(table.name, node.path),
                        f"Field `{table.name}.{node.path}` is an empty union, which "
                        "no value matches.",
                    )


def _record_key_problem(keys: Validator) -> str:
    """Return what makes ``keys`` invalid as record keys, or "" if they are valid."""
    if isinstance(keys, Union):
        # An empty union passes here, because DSG006 already warns about it.
        return next((p for p in map(_record_key_problem, keys.members) if p), "")
    if keys.kind in ("string", "id"):
        return ""
    if isinstance(keys, Literal):
        if keys.type == "string":
            return "has literal keys; use `v.object` for a fixed set of keys"
        return f"has {keys.type} literal keys; record keys must be strings or IDs"
    return f"has keys of type `{keys.kind}`; record keys must be strings or IDs"
