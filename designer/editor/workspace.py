"""Data for the workspace page: findings arranged per table and element."""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.urls import NoReverseMatch, reverse

from designer.editor.typesyntax import format_type
from designer.schemas.rules import Finding, lint
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Object, Union, Validator

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class ShownFinding:
    """A finding with the table it concerns and the element id it links to."""

    finding: Finding
    table: Table | None
    anchor: str

    @property
    def key(self) -> str:
        return f"{self.finding.code}@{self.finding.location.key}"


def show_findings(schema: Schema, findings: list[Finding]) -> list[ShownFinding]:
    return [_show(schema, f) for f in findings]


def _show(schema: Schema, finding: Finding) -> ShownFinding:
    location = finding.location
    table = schema.table(location.table)
    if table is None:
        return ShownFinding(finding, None, "")
    if location.index:
        return ShownFinding(finding, table, f"index-{table.id}-{_slot(location.index)}")
    if location.field:
        field = table.field(location.field.split(".")[0])
        if field is not None:
            return ShownFinding(finding, table, f"field-{field.id}")
    return ShownFinding(finding, table, "table-settings")


def _slot(name: str) -> str:
    """Return an HTML id fragment for an index name, whatever it contains."""
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in name)


def counts(findings: list[Finding]) -> dict[str, int]:
    counter = Counter(str(f.severity) for f in findings)
    return {severity: counter[severity] for severity in SEVERITIES}


def table_groups(schema: Schema, findings: list[Finding]) -> list[dict[str, Any]]:
    """Return the tables grouped by ``Table.group`` with their finding counts."""
    per_table = Counter(f.location.table for f in findings)
    worst: dict[str, str] = {}
    for finding in findings:
        worst.setdefault(finding.location.table, str(finding.severity))
    # Named groups first, by name; tables keep their schema order inside a group.
    rows = sorted(schema.tables, key=lambda t: (t.group == "", t.group))
    return [
        {
            "name": group,
            "tables": [
                {"table": t, "count": per_table[t.name], "worst": worst.get(t.name, "")}
                for t in tables
            ],
        }
        for group, tables in groupby(rows, key=lambda t: t.group)
    ]


def element_findings(shown: list[ShownFinding], table: Table) -> dict[str, list]:
    """Return the findings of ``table`` keyed by element anchor."""
    result: dict[str, list[ShownFinding]] = {}
    for item in shown:
        if item.table is table:
            result.setdefault(item.anchor, []).append(item)
    return result


def field_paths(table: Table) -> list[str]:
    """Return every path an index can use in ``table``, nested members included."""
    paths: list[str] = []
    for field in table.fields:
        paths.append(field.name)
        paths.extend(_member_paths(field.name, field.validator))
    return list(dict.fromkeys(paths))


def _member_paths(prefix: str, validator: Validator) -> list[str]:
    if isinstance(validator, Union):
        return [p for m in validator.members for p in _member_paths(prefix, m)]
    if not isinstance(validator, Object):
        return []
    paths = []
    for member in validator.members:
        path = f"{prefix}.{member.name}"
        paths.append(path)
        paths.extend(_member_paths(path, member.validator))
    return paths


def field_rows(table: Table, by_anchor: dict[str, list]) -> list[dict[str, Any]]:
    return [
        {
            "field": f,
            "type": format_type(f.validator),
            "findings": by_anchor.get(f"field-{f.id}", []),
            "first": n == 0,
            "last": n == len(table.fields) - 1,
        }
        for n, f in enumerate(table.fields)
    ]


def index_rows(table: Table, by_anchor: dict[str, list]) -> list[dict[str, Any]]:
    rows = []
    for kind, indexes in (
        ("index", table.indexes),
        ("search", table.search_indexes),
        ("vector", table.vector_indexes),
    ):
        for index in indexes:
            anchor = f"index-{table.id}-{_slot(index.name)}"
            rows.append(
                {
                    "kind": kind,
                    "index": index,
                    "anchor": anchor,
                    "findings": by_anchor.get(anchor, []),
                }
            )
    return rows


def filter_findings(shown: list[ShownFinding], query: dict[str, str]) -> list:
    """Keep the findings matching the panel's severity, table and rule filters."""
    severity, table, rule = (query.get(k, "") for k in ("severity", "table", "rule"))
    return [
        item
        for item in shown
        if (not severity or str(item.finding.severity) == severity)
        and (not table or item.finding.location.table == table)
        and (not rule or item.finding.code == rule)
    ]


def diagram_url(slug: str) -> str:
    """Return the diagram fragment's URL, or "" while that view is not installed."""
    try:
        return reverse("diagram", args=[slug])
    except NoReverseMatch:
        return ""


def exporters() -> list[Any]:
    """Return the registered code exporters, or none while the registry is missing."""
    try:
        module = importlib.import_module("designer.schemas.exporters")
    except ImportError:
        return []
    registry = getattr(module, "EXPORTERS", {})
    return list(registry.values())


def project_findings(schema: Schema) -> list[Finding]:
    return lint(schema)
