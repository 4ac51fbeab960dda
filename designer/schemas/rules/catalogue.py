"""The catalogue as plain data, for the ``rules`` command and the rules page."""

from __future__ import annotations

from collections import Counter
from typing import Any

from designer.schemas.rules.base import Finding, Rule, Severity, iter_rules


def rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "severity": str(rule.severity),
        "source": str(rule.source),
        "title": rule.title,
        "explanation": rule.explanation(),
    }


def catalogue_data() -> list[dict[str, Any]]:
    """Return every rule of the catalogue as data, ordered by code."""
    return [rule_data(rule) for rule in iter_rules()]


def summary(findings: list[Finding]) -> str:
    """Return a sentence counting findings by severity, e.g. "3 findings: 1 error, ..."."""
    counts = Counter(f.severity for f in findings)
    parts = [
        _count(
            counts[severity], str(severity), "s" if severity != Severity.INFO else ""
        )
        for severity in Severity
    ]
    return f"{_count(len(findings), 'finding', 's')}: {', '.join(parts)}."


def _count(number: int, noun: str, plural_suffix: str) -> str:
    return f"{number} {noun}{plural_suffix if number != 1 else ''}"
