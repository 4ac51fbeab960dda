"""Builders and assertions shared by the rule tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from designer.schemas.operations import apply
from designer.schemas.rules import Finding, lint
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Scalar

string = Scalar("string")
number = Scalar("number")
boolean = Scalar("boolean")
null = Scalar("null")


def timestamps() -> list[Field]:
    return [Field("createdAt", number), Field("updatedAt", number)]


def table(name: str, *fields: Field, **options: Any) -> Table:
    """Return a table with ``fields`` plus the standard timestamps."""
    return Table(name, fields=[*fields, *timestamps()], **options)


def schema(*tables: Table, **options: Any) -> Schema:
    return Schema("Test", list(tables), **options)


def findings_of(target: Schema, code: str) -> list[Finding]:
    return [f for f in lint(target) if f.code == code]


@dataclass
class Case:
    """One rule seen firing on ``bad`` and silent on ``good``.

    ``fix`` is ``(operation, params)``, or None when the rule offers none.
    """

    id: str
    code: str
    severity: str
    bad: Callable[[], Schema]
    good: Callable[[], Schema]
    message: str
    location: str
    fix: tuple[str, dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def check_fires(case: Case) -> None:
    found = findings_of(case.bad(), case.code)

    assert len(found) == 1, [f.message for f in found]
    finding = found[0]
    assert str(finding.severity) == case.severity
    assert finding.message == case.message
    assert finding.location.key == case.location
    if case.fix is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None
        assert (finding.fix.operation, finding.fix.params) == case.fix


def check_passes(case: Case) -> None:
    assert findings_of(case.good(), case.code) == []


def check_fix_clears(case: Case) -> None:
    target = case.bad()
    finding = findings_of(target, case.code)[0]

    apply(target, finding.fix.operation, finding.fix.params)

    remaining = [
        f for f in findings_of(target, case.code) if f.location == finding.location
    ]
    assert remaining == []


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]
