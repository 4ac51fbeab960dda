"""Comparisons of two schemas as the team pages show them.

The version page, the diff page and the review page all show the same
three things: the classified change list, the ``schema.ts`` unified diff
and the diagram with changed tables outlined.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.review import diff
from designer.review.diagrams import Diagram, diff_diagram
from designer.review.exports import schema_ts
from designer.schemas.schema import Schema


@dataclass(frozen=True)
class Comparison:
    """The difference between two labelled schemas, ready for a template."""

    before_label: str
    after_label: str
    changes: list[diff.Change]
    unified: str
    diagram: Diagram | None

    @property
    def needs_migration(self) -> bool:
        return diff.needs_migration(self.changes)

    @property
    def migration_count(self) -> int:
        return sum(1 for c in self.changes if c.classification == diff.MIGRATION)

    @property
    def safe_count(self) -> int:
        return len(self.changes) - self.migration_count

    @property
    def diff_lines(self) -> list[tuple[str, str]]:
        """Return each unified-diff line with its kind: add, remove, hunk, file or same."""
        return [(_line_kind(line), line) for line in self.unified.splitlines()]


def compare(
    before: Schema,
    after: Schema,
    before_label: str,
    after_label: str,
    with_diagram: bool = True,
) -> Comparison:
    """Compare ``before`` with ``after``.

    The diagram is rendered with ``dot`` unless ``with_diagram`` is false.
    """
    changes = diff.diff(before, after)
    unified = diff.unified(
        schema_ts(before), schema_ts(after), before_label, after_label
    )
    diagram = diff_diagram(after, changes) if with_diagram else None
    return Comparison(before_label, after_label, changes, unified, diagram)


def _line_kind(line: str) -> str:
    if line.startswith(("+++", "---")):
        return "file"
    if line.startswith("@@"):
        return "hunk"
    if line.startswith("+"):
        return "add"
    if line.startswith("-"):
        return "remove"
    return "same"
