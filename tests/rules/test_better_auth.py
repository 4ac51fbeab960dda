from __future__ import annotations

import pytest

from designer.schemas.rules import Severity, lint
from designer.schemas.rules.common import BETTER_AUTH_COLUMNS
from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import Id, Scalar, Union
from tests.rules.helpers import (
    Case,
    check_fires,
    check_fix_clears,
    check_passes,
    findings_of,
    ids,
    null,
    schema,
    string,
)

INDEXES = {
    "user": [Index("email_name", ["email", "name"])],
    "session": [Index("token", ["token"]), Index("userId", ["userId"])],
    "account": [Index("accountId", ["accountId"]), Index("userId", ["userId"])],
    "verification": [
        Index("identifier", ["identifier"]),
        Index("expiresAt", ["expiresAt"]),
    ],
    "jwks": [],
}


def auth_table(name: str, skip: str = "", **changes) -> Table:
    """Return a Better Auth table as the adapter's generator writes it."""
    fields = []
    for column, kind, required in BETTER_AUTH_COLUMNS[name]:
        if column == skip:
            continue
        validator = changes.get(
            column, Scalar(kind) if required else Union((null, Scalar(kind)))
        )
        fields.append(Field(column, validator, optional=not required))
    return Table(name, fields, indexes=list(INDEXES[name]))


def auth_schema(*replaced: Table, drop: str = "", **options) -> Schema:
    """Return the five Better Auth tables, with ``replaced`` swapped in by name."""
    by_name = {t.name: t for t in replaced}
    tables = [by_name.get(n) or auth_table(n) for n in INDEXES if n != drop]
    return schema(*tables, **options)


def without_index(name: str, index: str) -> Table:
    target = auth_table(name)
    target.indexes = [i for i in target.indexes if i.name != index]
    return target


def accounts_table() -> Table:
    target = auth_table("account")
    target.name = "accounts"
    return target


CASES = [
    Case(
        "auth-table-missing",
        "BA001",
        "warning",
        lambda: auth_schema(drop="jwks"),
        lambda: auth_schema(),
        "The schema contains Better Auth tables but no `jwks` table; the adapter needs "
        "it.",
        "jwks",
    ),
    Case(
        "auth-table-named-plural",
        "BA001",
        "warning",
        lambda: schema(*auth_schema(drop="account").tables, accounts_table()),
        lambda: schema(*auth_schema().tables, accounts_table()),
        "The schema contains Better Auth tables but no `account` table; the adapter "
        "looks for `account`, not `accounts`.",
        "account",
        ("rename_table", {"table": "accounts", "name": "account"}),
    ),
    Case(
        "critical-index-missing",
        "BA002",
        "error",
        lambda: auth_schema(without_index("user", "email_name")),
        lambda: auth_schema(),
        "Better Auth needs an index on `user` whose first field is `email`; the adapter "
        "selects indexes by leading field.",
        "user.email",
        ("add_index", {"table": "user", "name": "email", "fields": ["email"]}),
    ),
    Case(
        "critical-index-only-later-field",
        "BA002",
        "error",
        lambda: auth_schema(
            Table(
                "verification",
                auth_table("verification").fields,
                indexes=[Index("identifier_expiresAt", ["identifier", "expiresAt"])],
            )
        ),
        lambda: auth_schema(
            Table(
                "verification",
                auth_table("verification").fields,
                indexes=[
                    Index("identifier_expiresAt", ["identifier", "expiresAt"]),
                    Index("by_expiry", ["expiresAt"]),
                ],
            )
        ),
        "Better Auth needs an index on `verification` whose first field is `expiresAt`; "
        "the adapter selects indexes by leading field.",
        "verification.expiresAt",
        (
            "add_index",
            {"table": "verification", "name": "expiresAt", "fields": ["expiresAt"]},
        ),
    ),
    Case(
        "auth-reference-as-id",
        "BA003",
        "warning",
        lambda: auth_schema(auth_table("session", userId=Id("user"))),
        lambda: auth_schema(auth_table("session", userId=string)),
        "Better Auth reference `session.userId` should be `v.string()`, not `id`; the "
        "adapter stores it as a string.",
        "session.userId",
        (
            "set_field_validator",
            {"table": "session", "field": "userId", "validator": {"kind": "string"}},
        ),
    ),
    Case(
        "auth-column-missing-required",
        "BA004",
        "error",
        lambda: auth_schema(auth_table("user", skip="emailVerified")),
        lambda: auth_schema(),
        "Better Auth table `user` has no `emailVerified` field; the adapter writes this "
        "required boolean column.",
        "user.emailVerified",
        (
            "add_field",
            {
                "table": "user",
                "name": "emailVerified",
                "validator": {"kind": "boolean"},
                "optional": False,
            },
        ),
    ),
    Case(
        "auth-column-missing-optional",
        "BA004",
        "error",
        lambda: auth_schema(auth_table("account", skip="password")),
        lambda: auth_schema(),
        "Better Auth table `account` has no `password` field; the adapter writes this "
        "optional string column.",
        "account.password",
        (
            "add_field",
            {
                "table": "account",
                "name": "password",
                "validator": Union((null, string)).to_data(),
                "optional": True,
            },
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_rule_fires(case):
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_rule_passes_on_good_shape(case):
    check_passes(case)


FIXED = [c for c in CASES if c.fix]


@pytest.mark.parametrize("case", FIXED, ids=ids(FIXED))
def test_fix_clears_finding(case):
    check_fix_clears(case)


def test_generated_auth_schema_has_no_warnings_or_errors():
    findings = lint(auth_schema())

    assert [f.message for f in findings if f.severity != Severity.INFO] == []


@pytest.mark.parametrize(
    "schema_path", ["src/convex/schema.ts", "src/convex/betterAuth/schema.ts"]
)
def test_auth_tables_pass_in_main_schema_or_component(schema_path):
    target = auth_schema(schema_path=schema_path)

    assert findings_of(target, "BA001") == []


def test_auth_rules_ignore_schemas_without_better_auth():
    target = schema(Table("session", [Field("token", string)]), Table("accounts"))

    codes = {f.code for f in lint(target)}

    assert codes.isdisjoint({"BA001", "BA002", "BA003", "BA004"})


def test_staged_index_does_not_serve_critical_field():
    session = auth_table("session")
    session.indexes = [
        Index("token", ["token"], staged=True),
        Index("userId", ["userId"]),
    ]

    [finding] = findings_of(auth_schema(session), "BA002")

    assert finding.location.key == "session.token"
    assert finding.fix.params["name"] == "by_token"
