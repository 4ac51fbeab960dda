"""The rule catalogue that findings come from.

Importing this package registers every rule. Each module groups rules by
subject; ``CATALOGUE`` maps a stable code to its rule.
"""

from __future__ import annotations

from designer.schemas.rules import (  # noqa: F401  (importing registers the rules)
    better_auth,
    hints,
    indexes,
    naming,
    search,
    standard,
    values,
)
from designer.schemas.rules.base import (
    CATALOGUE,
    Finding,
    Fix,
    Location,
    Rule,
    Severity,
    Source,
    iter_rules,
    lint,
)

__all__ = [
    "CATALOGUE",
    "Finding",
    "Fix",
    "Location",
    "Rule",
    "Severity",
    "Source",
    "iter_rules",
    "lint",
]
