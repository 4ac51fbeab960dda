"""The rule engine: rules, findings, locations, fixes, and the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar

from designer.schemas.schema import Schema


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Source(StrEnum):
    CONVEX = "convex"
    STANDARD = "standard"
    BETTER_AUTH = "better-auth"
    DESIGNER = "designer"


@dataclass(frozen=True)
class Location:
    """The element a finding points at: a table, optionally a field path or an index.

    ``key`` is the stable text form used by suppressions and links:
    ``users``, ``users.email``, ``users.profile.name``, ``users#by_email``.
    """

    table: str = ""
    field: str = ""
    index: str = ""

    @property
    def key(self) -> str:
        if self.index:
            return f"{self.table}#{self.index}"
        if self.field:
            return f"{self.table}.{self.field}"
        return self.table

    @classmethod
    def from_key(cls, key: str) -> Location:
        table, hash_, index = key.partition("#")
        if hash_:
            return cls(table=table, index=index)
        table, _, field_path = key.partition(".")
        return cls(table=table, field=field_path)

    def __str__(self) -> str:
        return self.key or "schema"


@dataclass(frozen=True)
class Fix:
    """A machine-applicable change: an operation of ``designer.schemas.operations``.

    ``params`` are the keyword arguments of that operation, besides the schema.
    """

    label: str
    operation: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    title: str
    message: str
    location: Location
    fix: Fix | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "title": self.title,
            "message": self.message,
            "location": self.location.key,
        }
        if self.fix:
            data["fix"] = {
                "label": self.fix.label,
                "operation": self.fix.operation,
                "params": self.fix.params,
            }
        return data


class Rule:
    """One check of the catalogue.

    Subclasses set the class attributes and implement ``check``, yielding
    ``self.finding(...)`` for each problem. The class docstring is the rule's
    explanation in the catalogue.
    """

    code: ClassVar[str]
    severity: ClassVar[Severity]
    title: ClassVar[str]
    source: ClassVar[Source]

    def check(self, schema: Schema) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self, location: Location, message: str, fix: Fix | None = None
    ) -> Finding:
        return Finding(self.code, self.severity, self.title, message, location, fix)

    @classmethod
    def explanation(cls) -> str:
        return " ".join((cls.__doc__ or "").split())


CATALOGUE: dict[str, Rule] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    """Add a rule to the catalogue; codes must be unique."""
    if rule_class.code in CATALOGUE:
        raise ValueError(f"Rule code {rule_class.code} is registered twice.")
    CATALOGUE[rule_class.code] = rule_class()
    return rule_class


def iter_rules() -> Iterator[Rule]:
    return iter(sorted(CATALOGUE.values(), key=lambda r: r.code))


def lint(
    schema: Schema,
    rules: Iterable[Rule] | None = None,
    keep: Callable[[Finding], bool] | None = None,
) -> list[Finding]:
    """Run the rules on ``schema`` and return its findings, most severe first.

    The project's rule settings turn rules off or change their severity, and
    its suppressions drop the findings they name.
    """
    settings = {r.code: r for r in schema.rule_settings}
    suppressed = {(x.code, x.location) for x in schema.suppressions}
    findings: list[Finding] = []
    for rule in rules if rules is not None else iter_rules():
        setting = settings.get(rule.code)
        if setting is not None and not setting.enabled:
            continue
        for finding in rule.check(schema):
            if (finding.code, finding.location.key) in suppressed:
                continue
            if setting is not None and setting.severity:
                finding = replace(finding, severity=Severity(setting.severity))
            if keep is None or keep(finding):
                findings.append(finding)
    findings.sort(key=lambda f: (f.severity.rank, f.location.key, f.code))
    return findings
