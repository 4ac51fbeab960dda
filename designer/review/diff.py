"""Semantic differences between two schemas, classified for Convex deploys.

``diff(before, after)`` lists what was added, removed, renamed or changed:
tables, top-level fields, nested object members, validators and the three
kinds of index. Each change is ``safe`` when Convex can push it over existing
documents as they are, or ``migration`` when existing documents may stop
matching the schema (the push then fails until the data is changed).

Convex skips revalidating a table when the new document validator accepts
everything the old one accepted: new optional fields, required made optional,
extra union members, a literal widened to its base type. Anything else makes
the push check every existing document against the new validator.

Elements are matched by element id when both schemas come from the same
project, then by name, then by shape: a removed and an added element with the
same content are reported as one rename.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
    Validator,
)

SAFE = "safe"
MIGRATION = "migration"

ADDED = "added"
REMOVED = "removed"
RENAMED = "renamed"
CHANGED = "changed"

T = TypeVar("T")

# The base scalar kind each literal type widens to.
_LITERAL_BASE = {
    "string": {"string"},
    "number": {"number", "float64"},
    "boolean": {"boolean"},
    "bigint": {"int64"},
}
# v.number() and v.float64() are the same validator in Convex.
_SAME_SCALAR = {"float64": "number"}


@dataclass(frozen=True)
class Change:
    """One difference: what happened to which element, and what a deploy needs.

    ``location`` is the element's Location key after the change (before it,
    for a removal); ``old_location`` is set for renames.
    """

    action: str
    element: str
    location: str
    classification: str
    reason: str
    detail: str = ""
    old_location: str = ""

    @property
    def summary(self) -> str:
        """Return one line such as ``changed field users.email: string → number``."""
        where = self.location
        if self.action == RENAMED:
            where = f"{self.old_location} → {self.location}"
        text = f"{self.action} {self.element} {where}".strip()
        return f"{text}: {self.detail}" if self.detail else text

    def to_data(self) -> dict[str, str]:
        return {
            "action": self.action,
            "element": self.element,
            "location": self.location,
            "oldLocation": self.old_location,
            "classification": self.classification,
            "reason": self.reason,
            "detail": self.detail,
        }

    @classmethod
    def from_data(cls, data: dict[str, str]) -> Change:
        return cls(
            action=data["action"],
            element=data["element"],
            location=data["location"],
            old_location=data.get("oldLocation", ""),
            classification=data["classification"],
            reason=data["reason"],
            detail=data.get("detail", ""),
        )


def diff(before: Schema, after: Schema) -> list[Change]:
    """Return the changes that turn ``before`` into ``after``, tables in order."""
    same_project = before.id is not None and before.id == after.id
    changes = list(_schema_changes(before, after))
    pairs, removed, added = match(
        before.tables, after.tables, same_project, _table_shape
    )
    for old in removed:
        changes.append(
            Change(
                REMOVED,
                "table",
                old.name,
                MIGRATION,
                "Its documents stay in the deployment, unvalidated; delete or "
                "move them before dropping the table.",
            )
        )
    for old, new in pairs:
        changes.extend(_table_changes(old, new, same_project))
    for new in added:
        changes.append(
            Change(ADDED, "table", new.name, SAFE, "A new table has no documents.")
        )
    return changes


def summarize(changes: Sequence[Change], limit: int = 3) -> str:
    """Return a one-line summary of ``changes`` naming the first ``limit``."""
    if not changes:
        return "No changes to tables, fields or indexes."
    text = "; ".join(c.summary for c in changes[:limit])
    if len(changes) > limit:
        text += f"; and {len(changes) - limit} more"
    return text[0].upper() + text[1:] + "."


def needs_migration(changes: Sequence[Change]) -> bool:
    return any(c.classification == MIGRATION for c in changes)


def unified(
    before_text: str, after_text: str, before_name: str, after_name: str
) -> str:
    """Return a unified diff of two exports, or "" when they are equal."""
    lines = difflib.unified_diff(
        before_text.splitlines(keepends=True),
        after_text.splitlines(keepends=True),
        fromfile=before_name,
        tofile=after_name,
    )
    return "".join(lines)


def match(
    old: Sequence[T],
    new: Sequence[T],
    by_id: bool,
    shape: Callable[[T], Any],
    name: Callable[[T], Any] = lambda e: e.name,
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair elements of ``old`` and ``new``; return pairs, removed and added.

    Pairs by element id (when ``by_id``), then by ``name``, then by ``shape``:
    a removed and an added element pair up when their shape is equal and no
    other candidate on either side shares it.
    """
    pairs: list[tuple[T, T]] = []
    left, right = list(old), list(new)
    if by_id:
        _pair(pairs, left, right, lambda e: e.id)
    _pair(pairs, left, right, name)
    _pair(pairs, left, right, shape, unique=True)
    order = {id(e): n for n, e in enumerate(new)}
    pairs.sort(key=lambda p: order[id(p[1])])
    return pairs, left, right


def _pair(pairs, left: list, right: list, key, unique: bool = False) -> None:
    keys = [key(e) for e in right]
    for element in list(left):
        wanted = key(element)
        if wanted is None or wanted not in keys:
            continue
        if unique and (
            keys.count(wanted) > 1 or [key(e) for e in left].count(wanted) > 1
        ):
            continue
        position = keys.index(wanted)
        pairs.append((element, right.pop(position)))
        keys.pop(position)
        left.remove(element)


def _schema_changes(before: Schema, after: Schema) -> Iterator[Change]:
    if before.schema_validation != after.schema_validation:
        if after.schema_validation:
            yield Change(
                CHANGED,
                "option",
                "schemaValidation",
                MIGRATION,
                "The push checks every existing document against the schema.",
                "off → on",
            )
        else:
            yield Change(
                CHANGED,
                "option",
                "schemaValidation",
                SAFE,
                "Convex stops checking documents at runtime.",
                "on → off",
            )


def _table_shape(table: Table) -> Any:
    return (table.document_kind, tuple(repr(f.to_data()) for f in table.fields))


def _table_changes(old: Table, new: Table, by_id: bool) -> Iterator[Change]:
    if old.name != new.name:
        yield Change(
            RENAMED,
            "table",
            new.name,
            MIGRATION,
            "Convex sees a new, empty table; copy the documents from the old one.",
            old_location=old.name,
        )
    if old.document_kind != new.document_kind:
        yield _kind_change(old, new)
    yield from _field_changes(old, new, by_id)
    yield from _index_changes(old, new, by_id)


def _kind_change(old: Table, new: Table) -> Change:
    before, after = old.document_validator(), new.document_validator()
    detail = f"{old.document_kind} → {new.document_kind}"
    if accepts(after, before):
        reason = "The new document validator accepts every existing document."
        return Change(CHANGED, "document type", new.name, SAFE, reason, detail)
    reason = "Existing documents may not match the new document validator."
    return Change(CHANGED, "document type", new.name, MIGRATION, reason, detail)


def _field_shape(f: Field) -> Any:
    return (f.variant, f.optional, repr(f.validator.to_data()))


def _field_changes(old: Table, new: Table, by_id: bool) -> Iterator[Change]:
    pairs, removed, added = match(
        old.fields, new.fields, by_id, _field_shape, lambda f: (f.variant, f.name)
    )
    for f in removed:
        yield Change(
            REMOVED,
            "field",
            f"{new.name}.{f.name}",
            MIGRATION,
            "Documents that still contain it fail validation; unset it in every "
            "document first.",
        )
    for before, after in pairs:
        yield from _one_field_changes(new.name, before, after)
    for f in added:
        yield _added_member(f"{new.name}.{f.name}", "field", f.optional)


def _added_member(location: str, element: str, optional: bool) -> Change:
    if optional:
        return Change(
            ADDED, element, location, SAFE, "Optional: existing documents still match."
        )
    return Change(
        ADDED,
        element,
        location,
        MIGRATION,
        "Required: existing documents lack it. Add it as optional, backfill, "
        "then make it required.",
    )


def _one_field_changes(table: str, old: Field, new: Field) -> Iterator[Change]:
    location = f"{table}.{new.name}"
    if old.name != new.name:
        yield Change(
            RENAMED,
            "field",
            location,
            MIGRATION,
            "Existing documents keep the old name; copy each value to the new one.",
            old_location=f"{table}.{old.name}",
        )
    yield from _optional_change(location, "field", old.optional, new.optional)
    yield from validator_changes(location, old.validator, new.validator)
    if old.description != new.description or old.unique != new.unique:
        what = "description" if old.description != new.description else "unique flag"
        yield Change(
            CHANGED,
            "field",
            location,
            SAFE,
            "Documentation only; stored documents are unaffected.",
            what,
        )


def _optional_change(
    location: str, element: str, was_optional: bool, is_optional: bool
) -> Iterator[Change]:
    if was_optional and not is_optional:
        yield Change(
            CHANGED,
            element,
            location,
            MIGRATION,
            "Documents without a value fail validation; backfill it first.",
            "optional → required",
        )
    elif is_optional and not was_optional:
        yield Change(
            CHANGED,
            element,
            location,
            SAFE,
            "Widening: every existing value still fits.",
            "required → optional",
        )


def validator_changes(
    location: str, old: Validator, new: Validator
) -> Iterator[Change]:
    """Yield the changes from validator ``old`` to ``new`` at a field path.

    Objects are compared member by member, so a change deep inside a nested
    object is reported at its own dotted path.
    """
    if old == new:
        return
    if isinstance(old, Object) and isinstance(new, Object):
        yield from _member_changes(location, old.members, new.members)
        return
    detail = f"{describe(old)} → {describe(new)}"
    if isinstance(old, Id) and isinstance(new, Id):
        reason = f"Stored ids point at {old.table!r}, not at {new.table!r}."
        yield Change(CHANGED, "id target", location, MIGRATION, reason, detail)
    elif accepts(new, old):
        reason = "Widening: every existing value still fits."
        yield Change(CHANGED, "validator", location, SAFE, reason, detail)
    else:
        reason = "Narrowed or different type: existing values may not fit."
        yield Change(CHANGED, "validator", location, MIGRATION, reason, detail)


def _member_changes(
    location: str, old: Sequence[Member], new: Sequence[Member]
) -> Iterator[Change]:
    before = {m.name: m for m in old}
    after = {m.name: m for m in new}
    for name in before.keys() - after.keys():
        yield Change(
            REMOVED,
            "member",
            f"{location}.{name}",
            MIGRATION,
            "Objects that still contain it fail validation; unset it first.",
        )
    for member in new:
        path = f"{location}.{member.name}"
        previous = before.get(member.name)
        if previous is None:
            yield _added_member(path, "member", member.optional)
            continue
        yield from _optional_change(path, "member", previous.optional, member.optional)
        yield from validator_changes(path, previous.validator, member.validator)


def accepts(new: Validator | None, old: Validator | None) -> bool:
    """Return whether every value valid for ``old`` is valid for ``new``.

    ``None`` is a ``v.any()`` document. The check is conservative, so it may
    return False for an exotic widening but never True for a narrowing.
    """
    if new is None or new.kind == "any":
        return True
    if old is None or old.kind == "any":
        return False
    if isinstance(old, Union):
        return all(accepts(new, member) for member in old.members)
    if isinstance(new, Union):
        return any(accepts(member, old) for member in new.members)
    return _accepts_same_level(new, old)


def _accepts_same_level(new: Validator, old: Validator) -> bool:
    if isinstance(new, Scalar):
        return _scalar_accepts(new, old)
    if isinstance(new, Literal):
        return old == new
    if isinstance(new, Id):
        return isinstance(old, Id) and old.table == new.table
    if isinstance(new, Array):
        return isinstance(old, Array) and accepts(new.element, old.element)
    if isinstance(new, Record):
        return (
            isinstance(old, Record)
            and accepts(new.keys, old.keys)
            and accepts(new.values, old.values)
        )
    if isinstance(new, Object):
        return isinstance(old, Object) and _object_accepts(new, old)
    return False


def _scalar_accepts(new: Scalar, old: Validator) -> bool:
    kind = _SAME_SCALAR.get(new.kind, new.kind)
    if isinstance(old, Scalar):
        return _SAME_SCALAR.get(old.kind, old.kind) == kind
    if isinstance(old, Literal):
        return new.kind in _LITERAL_BASE[old.type]
    # An id is stored as a string.
    return isinstance(old, Id) and new.kind == "string"


def _object_accepts(new: Object, old: Object) -> bool:
    before = {m.name: m for m in old.members}
    after = {m.name: m for m in new.members}
    if before.keys() - after.keys():
        return False
    for name, member in after.items():
        previous = before.get(name)
        if previous is None:
            if not member.optional:
                return False
        elif (
            previous.optional
            and not member.optional
            or not accepts(member.validator, previous.validator)
        ):
            return False
    return True


def describe(validator: Validator, limit: int = 60) -> str:
    """Return a short TypeScript-like text of ``validator`` for change lists."""
    text = _describe(validator)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(validator: Validator) -> str:
    if isinstance(validator, Scalar):
        return validator.kind
    if isinstance(validator, Id):
        return f"id<{validator.table}>"
    if isinstance(validator, Literal):
        value = validator.value
        if validator.type == "string":
            return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if validator.type == "boolean":
            return "true" if value else "false"
        return f"{value}n" if validator.type == "bigint" else str(value)
    if isinstance(validator, Array):
        return f"{_describe(validator.element)}[]"
    if isinstance(validator, Record):
        return f"record<{_describe(validator.keys)}, {_describe(validator.values)}>"
    if isinstance(validator, Union):
        return " | ".join(_describe(m) for m in validator.members) or "never"
    if isinstance(validator, Object):
        names = ", ".join(
            m.name + ("?" if m.optional else "") for m in validator.members
        )
        return "{" + names + "}"
    return validator.kind


def _index_changes(old: Table, new: Table, by_id: bool) -> Iterator[Change]:
    kinds = (
        ("index", "indexes", lambda i: tuple(i.fields)),
        (
            "search index",
            "search_indexes",
            lambda i: (i.search_field, tuple(i.filter_fields)),
        ),
        (
            "vector index",
            "vector_indexes",
            lambda i: (i.vector_field, i.dimensions, tuple(i.filter_fields)),
        ),
    )
    for element, attribute, shape in kinds:
        yield from _indexes_of_kind(
            new.name,
            element,
            getattr(old, attribute),
            getattr(new, attribute),
            by_id,
            shape,
        )


def _indexes_of_kind(table, element, old, new, by_id, shape) -> Iterator[Change]:
    pairs, removed, added = match(old, new, by_id, shape)
    for index in removed:
        yield Change(
            REMOVED,
            element,
            f"{table}#{index.name}",
            SAFE,
            "The deploy drops it; change the queries that use it first.",
        )
    for before, after in pairs:
        location = f"{table}#{after.name}"
        if before.name != after.name:
            yield Change(
                RENAMED,
                element,
                location,
                SAFE,
                "Convex builds it under the new name; queries must use the new name.",
                old_location=f"{table}#{before.name}",
            )
        if shape(before) != shape(after):
            yield _index_shape_change(element, location, before, after)
        elif before.staged != after.staged:
            detail = "staged → ready" if before.staged else "ready → staged"
            reason = "Staged indexes backfill without blocking the push."
            yield Change(CHANGED, element, location, SAFE, reason, detail)
    for index in added:
        yield Change(
            ADDED,
            element,
            f"{table}#{index.name}",
            SAFE,
            "Convex backfills it during the push; stage it first on a large table.",
        )


def _index_shape_change(element: str, location: str, before: Any, after: Any) -> Change:
    if element == "vector index" and before.dimensions != after.dimensions:
        return Change(
            CHANGED,
            element,
            location,
            MIGRATION,
            "Stored vectors have the old length; re-embed the documents.",
            f"{before.dimensions} → {after.dimensions} dimensions",
        )
    return Change(
        CHANGED,
        element,
        location,
        SAFE,
        "Convex rebuilds the index during the push.",
        _index_detail(before, after),
    )


def _index_detail(before: Any, after: Any) -> str:
    if hasattr(before, "fields"):
        return f"[{', '.join(before.fields)}] → [{', '.join(after.fields)}]"
    field_name = "search_field" if hasattr(before, "search_field") else "vector_field"
    old = [getattr(before, field_name), *before.filter_fields]
    new = [getattr(after, field_name), *after.filter_fields]
    return f"[{', '.join(old)}] → [{', '.join(new)}]"
