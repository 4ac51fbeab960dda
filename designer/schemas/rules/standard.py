"""Rules from the team's Convex schema standard."""

from __future__ import annotations

import re
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
    free_index_name,
    index_name_for,
    is_better_auth_table,
    is_nullable,
    is_number,
    leading_index,
    non_null_members,
    referenced_table,
)
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Id, Scalar, Validator

TIMESTAMP_FIELDS = ("createdAt", "updatedAt")
_REFERENCE_NAME = re.compile(r"(?P<stem>[A-Za-z0-9_]*[A-Za-z0-9])Id\Z")
_NUMBER = Scalar("number").to_data()


@register
class MissingTimestamps(Rule):
    """The team standard expects every table to have ``createdAt`` and
    ``updatedAt`` as ``v.number()`` (milliseconds since the epoch) for
    auditing. Convex's ``_creationTime`` already records creation, so
    ``createdAt`` matters when it must be set by hand, as in imports. Better
    Auth's tables are exempt: the adapter writes a fixed set of columns and
    rejects extra required ones. Checked on object tables only."""

    code = "STD002"
    severity = Severity.WARNING
    title = "Missing timestamps"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if table.document_kind != "object" or is_better_auth_table(schema, table):
                continue
            for name in TIMESTAMP_FIELDS:
                if table.field(name) is None:
                    yield self.finding(
                        Location(table.name, name),
                        f"Table `{table.name}` has no `{name}` field; add it as "
                        "`v.number()` (milliseconds since the epoch).",
                        Fix(
                            f"Add `{name}`",
                            "add_field",
                            {"table": table.name, "name": name, "validator": _NUMBER},
                        ),
                    )


@register
class TimestampNotNumber(Rule):
    """Timestamps ``createdAt`` and ``updatedAt`` are ``v.number()``
    holding milliseconds since the epoch, as the team standard and Better
    Auth's Convex adapter both store them (nullable is accepted)."""

    code = "STD003"
    severity = Severity.WARNING
    title = "Timestamp is not a number"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if field.name in TIMESTAMP_FIELDS and not is_number(field.validator):
                yield self.finding(
                    Location(table.name, field.name),
                    f"Timestamp `{table.name}.{field.name}` should be `v.number()` "
                    f"(milliseconds since the epoch), not `{field.validator.kind}`.",
                    Fix(
                        "Change to `v.number()`",
                        "set_field_validator",
                        {
                            "table": table.name,
                            "field": field.name,
                            "validator": _NUMBER,
                        },
                    ),
                )


@register
class OptionalAndNullable(Rule):
    """The team standard says to use ``v.optional()`` for nullable fields,
    which mixes up two things. The designer resolves it this way.
    ``v.optional(T)`` means the field may be absent and rejects ``null``.
    ``v.nullable(T)`` (``v.union(T, v.null())``) means the field is present
    and may be ``null``. A field that is both gives writers two spellings of
    "no value", so queries must check for both; pick one unless you need the
    difference. Better Auth's tables are exempt: the adapter generates
    exactly that pattern for its optional columns."""

    code = "STD004"
    severity = Severity.INFO
    title = "Field is both optional and nullable"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if is_better_auth_table(schema, table):
                continue
            if field.optional and is_nullable(field.validator):
                yield self.finding(
                    Location(table.name, field.name),
                    f"Field `{table.name}.{field.name}` may be absent and may be "
                    'null; `v.optional` alone already means "may be absent", so '
                    "choose one way to store no value.",
                )


@register
class UniqueWithoutIndex(Rule):
    """Convex has no unique indexes or unique constraints, so the team
    standard's "unique indexes" cannot exist as such. The designer's
    ``unique`` mark means: an index whose first field is the field, plus a
    check in every mutation that looks the value up through that index
    before writing (race-free under Convex's optimistic concurrency). This
    rule requires the index, and the check lives in your mutations."""

    code = "STD005"
    severity = Severity.WARNING
    title = "Unique field without a leading index"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if field.unique and not leading_index(table, field.name):
                yield self.finding(
                    Location(table.name, field.name),
                    f"Field `{table.name}.{field.name}` is marked unique but no index "
                    f"starts with it; Convex has no unique constraint, so add an "
                    f"index such as `{index_name_for([field.name])}` and check it "
                    "before every write.",
                    add_index_fix(table, field.name, [index_name_for([field.name])]),
                )


@register
class OptionalUniqueField(Rule):
    """The team standard marks essential fields as required. A field marked
    unique is essential: when it is optional, every document without it
    shares the same index key, so the uniqueness check cannot tell them
    apart."""

    code = "STD006"
    severity = Severity.WARNING
    title = "Unique field is optional"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if field.unique and field.optional:
                yield self.finding(
                    Location(table.name, field.name),
                    f"Field `{table.name}.{field.name}` is marked unique but is "
                    "optional; make it required.",
                    Fix(
                        "Make it required",
                        "set_field_optional",
                        {"table": table.name, "field": field.name, "optional": False},
                    ),
                )


@register
class StringReference(Rule):
    """The team standard says both "store document IDs as strings" and "use
    ``v.id("tableName")``". The designer resolves it for ``v.id``: it checks
    that a stored ID belongs to the right table and types it as ``Id<...>``.
    The exception is Better Auth's tables, whose reference columns stay
    ``v.string()`` as the adapter generates them (see BA003). This rule flags
    a string field named like ``authorId`` outside those tables. Its fix
    points the field at the matching table (``authors`` or ``author``) when
    one exists. IDs from other systems (a payment provider's customer ID) stay
    strings: suppress the finding there."""

    code = "STD007"
    severity = Severity.WARNING
    title = "Reference stored as a string"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            if is_better_auth_table(schema, table):
                continue
            seen: set[str] = set()
            for node in field_nodes(field):
                # Members of a union share its path; judge the union as a whole.
                if node.path in seen:
                    continue
                seen.add(node.path)
                yield from self._check_node(
                    schema, table, field, node.path, node.validator
                )

    def _check_node(
        self,
        schema: Schema,
        table: Table,
        field: Field,
        path: str,
        validator: Validator,
    ) -> Iterable[Finding]:
        name = path.rsplit(".", 1)[-1]
        match = _REFERENCE_NAME.match(name)
        if not match or not _is_string(validator):
            return
        target = referenced_table(schema, match["stem"])
        where = f"`{table.name}.{path}`"
        if not target:
            yield self.finding(
                Location(table.name, path),
                f"Field {where} looks like a reference but is a string; store "
                'document IDs with `v.id("table")`.',
            )
            return
        fix = None
        if path == field.name:
            fix = Fix(
                f'Change to `v.id("{target}")`',
                "set_field_validator",
                {
                    "table": table.name,
                    "field": field.name,
                    "validator": _to_id(field.validator, target).to_data(),
                },
            )
        yield self.finding(
            Location(table.name, path),
            f"Field {where} looks like a reference to `{target}`; use "
            f'`v.id("{target}")` instead of a string.',
            fix,
        )


@register
class CompoundIndexHint(Rule):
    """The team standard recommends compound indexes for queries that filter
    on several fields. A Convex query uses one index, so two single-field
    indexes cannot serve a filter on both fields; a compound index such as
    ``by_a_and_b`` can, and it also serves queries on ``a`` alone."""

    code = "STD008"
    severity = Severity.INFO
    title = "Compound index may serve better"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if is_better_auth_table(schema, table):
                continue
            single = [i for i in table.indexes if len(i.fields) == 1]
            if len(single) < 2:
                continue
            first, second = single[0], single[1]
            fields = [first.fields[0], second.fields[0]]
            yield self.finding(
                Location(table.name),
                f"Table `{table.name}` has the single-field indexes `{first.name}` "
                f"and `{second.name}`; if queries filter on both fields, one "
                f"compound index such as `{index_name_for(fields)}` serves them.",
            )


@register
class UnindexedReference(Rule):
    """The team standard recommends indexes on frequently queried fields. A
    reference (``v.id``) is usually how child documents are listed, and
    without an index led by it that query reads the whole table. References
    to Convex's system tables are not checked."""

    code = "STD009"
    severity = Severity.INFO
    title = "Reference without an index"
    source = Source.STANDARD

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table, field in schema.iter_fields():
            targets = [
                m for m in non_null_members(field.validator) if isinstance(m, Id)
            ]
            if not targets or targets[0].table in SYSTEM_TABLES:
                continue
            if leading_index(table, field.name):
                continue
            name = index_name_for([field.name])
            yield self.finding(
                Location(table.name, field.name),
                f"Reference `{table.name}.{field.name}` has no index starting with "
                f"it; add one such as `{name}` to look documents up by it.",
                add_index_fix(table, field.name, [name]),
            )


def add_index_fix(table: Table, field_name: str, names: list[str]) -> Fix | None:
    """Return a fix adding a one-field index under the first free name of ``names``."""
    name = free_index_name(table, names)
    if not name:
        return None
    return Fix(
        f"Add index `{name}`",
        "add_index",
        {"table": table.name, "name": name, "fields": [field_name]},
    )


def _is_string(validator: Validator) -> bool:
    members = non_null_members(validator)
    return bool(members) and all(m.kind == "string" for m in members)


def _to_id(validator: Validator, target: str) -> Validator:
    def change(v: Validator) -> Validator:
        return Id(target) if v.kind == "string" else v

    return map_validator(validator, change)
