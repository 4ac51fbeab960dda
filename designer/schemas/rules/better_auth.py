"""Rules for the Better Auth tables used through its Convex adapter.

They apply only when the schema contains Better Auth's tables (see
``common.uses_better_auth``). The model is Better Auth 1.6 with the
``@convex-dev/better-auth`` 0.12 adapter.
"""

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
from designer.schemas.rules.common import (
    BETTER_AUTH_COLUMNS,
    BETTER_AUTH_CRITICAL_INDEXES,
    BETTER_AUTH_REFERENCES,
    BETTER_AUTH_TABLES,
    is_better_auth_table,
    leading_index,
    non_null_members,
    uses_better_auth,
)
from designer.schemas.rules.standard import add_index_fix
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Scalar, Union

# Table names people write for a Better Auth table, by the name it must have.
_PLURAL_NAMES = {
    "user": "users",
    "session": "sessions",
    "account": "accounts",
    "verification": "verifications",
}


@register
class MissingBetterAuthTable(Rule):
    """Better Auth on Convex needs its core tables ``user``, ``session``,
    ``account``, ``verification`` and ``jwks`` (the Convex plugin always
    uses JWT keys). Two contradictions are resolved here. First, the
    standard names ``accounts.userId`` among the critical indexes, but the
    adapter's table is ``account``: the designer checks ``account`` and
    treats a table ``accounts`` as an application table, offering to rename
    it when ``account`` is missing. Second, the standard puts the auth tables
    in the main schema "not component", while Convex's documented local
    install keeps them in a component schema (``convex/betterAuth/schema.ts``):
    the designer checks the tables in whichever schema contains them and
    requires only that the set is complete there."""

    code = "BA001"
    severity = Severity.WARNING
    title = "Better Auth table missing"
    source = Source.BETTER_AUTH

    def check(self, schema: Schema) -> Iterable[Finding]:
        if not uses_better_auth(schema):
            return
        for name in BETTER_AUTH_TABLES:
            if schema.table(name) is not None:
                continue
            plural = _PLURAL_NAMES.get(name, "")
            fix = None
            message = (
                f"The schema contains Better Auth tables but no `{name}` table; "
                "the adapter needs it."
            )
            if plural and schema.table(plural) is not None:
                message = (
                    f"The schema contains Better Auth tables but no `{name}` table; "
                    f"the adapter looks for `{name}`, not `{plural}`."
                )
                fix = Fix(
                    f"Rename `{plural}` to `{name}`",
                    "rename_table",
                    {"table": plural, "name": name},
                )
            yield self.finding(Location(name), message, fix)


@register
class MissingCriticalIndex(Rule):
    """The standard requires indexes on ``user.email``, ``session.token``,
    ``account.userId``, ``account.accountId``, ``verification.identifier``
    and ``verification.expiresAt``. The adapter chooses an index by its
    leading field, not by its name, so the requirement is an index whose
    first field is that field (``email_name`` serves ``email``). Without
    one, writes to unique fields throw ``No index found`` and lookups scan
    the table. Staged indexes do not count, as they cannot be queried. The
    fix names the index after the field, as the adapter's generator does."""

    code = "BA002"
    severity = Severity.ERROR
    title = "Critical Better Auth index missing"
    source = Source.BETTER_AUTH

    def check(self, schema: Schema) -> Iterable[Finding]:
        if not uses_better_auth(schema):
            return
        for table_name, field_name in BETTER_AUTH_CRITICAL_INDEXES:
            table = schema.table(table_name)
            if table is None or leading_index(table, field_name):
                continue
            yield self.finding(
                Location(table_name, field_name),
                f"Better Auth needs an index on `{table_name}` whose first field "
                f"is `{field_name}`; the adapter selects indexes by leading field.",
                add_index_fix(table, field_name, [field_name, f"by_{field_name}"]),
            )


@register
class BetterAuthReferenceType(Rule):
    """Better Auth's reference columns (``session.userId``,
    ``account.userId``) stay ``v.string()``: the adapter's generator emits
    them as strings and compares them as strings. This is the one exception
    to the designer's "use ``v.id``" resolution (STD007). The standard's
    reason, that Better Auth generates its own IDs, does not hold on Convex
    (the adapter uses Convex's ``_id``), but the string type does."""

    code = "BA003"
    severity = Severity.WARNING
    title = "Better Auth reference is not a string"
    source = Source.BETTER_AUTH

    def check(self, schema: Schema) -> Iterable[Finding]:
        if not uses_better_auth(schema):
            return
        for table_name, field_name in BETTER_AUTH_REFERENCES:
            table = schema.table(table_name)
            field = table.field(field_name) if table else None
            if field is None:
                continue
            members = non_null_members(field.validator)
            if members and all(m.kind == "string" for m in members):
                continue
            yield self.finding(
                Location(table_name, field_name),
                f"Better Auth reference `{table_name}.{field_name}` should be "
                f"`v.string()`, not `{field.validator.kind}`; the adapter stores "
                "it as a string.",
                Fix(
                    "Change to `v.string()`",
                    "set_field_validator",
                    {
                        "table": table_name,
                        "field": field_name,
                        "validator": Scalar("string").to_data(),
                    },
                ),
            )


@register
class MissingBetterAuthColumn(Rule):
    """Convex rejects a document with a field its table does not declare, so
    every column Better Auth 1.6 writes must exist on its table, optional
    ones included (the adapter writes ``password`` on email sign-up, for
    example). Required columns are added as required, optional ones as
    ``v.optional(v.union(v.null(), T))``, as the adapter's generator does.
    Checked on object tables only."""

    code = "BA004"
    severity = Severity.ERROR
    title = "Better Auth column missing"
    source = Source.BETTER_AUTH

    def check(self, schema: Schema) -> Iterable[Finding]:
        for table in schema.tables:
            if (
                not is_better_auth_table(schema, table)
                or table.document_kind != "object"
            ):
                continue
            for name, kind, required in BETTER_AUTH_COLUMNS[table.name]:
                if table.field(name) is None:
                    yield self._missing(table, name, kind, required)

    def _missing(self, table: Table, name: str, kind: str, required: bool) -> Finding:
        validator = Scalar(kind)
        if not required:
            validator = Union((Scalar("null"), validator))
        state = "required" if required else "optional"
        return self.finding(
            Location(table.name, name),
            f"Better Auth table `{table.name}` has no `{name}` field; the adapter "
            f"writes this {state} {kind} column.",
            Fix(
                f"Add `{name}`",
                "add_field",
                {
                    "table": table.name,
                    "name": name,
                    "validator": validator.to_data(),
                    "optional": not required,
                },
            ),
        )
