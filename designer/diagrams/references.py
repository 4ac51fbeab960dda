"""References between tables: which fields point at which tables, and how.

A reference is a ``v.id("t")`` anywhere inside a field (in arrays, objects,
records and unions too), or, in Better Auth's tables, a ``v.string()``
field that Better Auth uses as a foreign key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Validator

BETTER_AUTH_GROUP = "Better Auth"
BETTER_AUTH_TABLES = frozenset({"user", "session", "account", "verification", "jwks"})
# Better Auth's Convex adapter stores these references as v.string(), not
# v.id() (field names from Better Auth 1.6 and its admin and organization
# plugins). The key is the field name, the value the table it points at.
BETTER_AUTH_REFERENCES = {
    "userId": "user",
    "inviterId": "user",
    "impersonatedBy": "user",
    "organizationId": "organization",
    "teamId": "team",
}


@dataclass(frozen=True)
class Reference:
    """A field of ``table`` that points at documents of ``target``.

    ``many`` is true when one document can point at several targets (ids in
    an array or a record), ``optional`` when it can point at none.
    """

    table: str
    position: int
    field: str
    target: str
    paths: tuple[str, ...]
    many: bool = False
    optional: bool = False
    string: bool = False


def is_better_auth(table: Table) -> bool:
    return table.name in BETTER_AUTH_TABLES or table.group == BETTER_AUTH_GROUP


def find_references(schema: Schema) -> list[Reference]:
    """Return one reference per (field, target table) pair, in schema order."""
    found: list[Reference] = []
    for table in schema.tables:
        for position, f in enumerate(table.fields):
            found.extend(_id_references(table, position, f))
            found.extend(_string_references(schema, table, position, f))
    return found


def _id_references(table: Table, position: int, f: Field) -> Iterator[Reference]:
    by_target: dict[str, list[tuple[str, bool, bool]]] = {}
    for path, target, many, optional in _walk_ids(
        f.validator, f.name, False, f.optional
    ):
        by_target.setdefault(target, []).append((path, many, optional))
    for target, hits in by_target.items():
        yield Reference(
            table=table.name,
            position=position,
            field=f.name,
            target=target,
            paths=tuple(path for path, _, _ in hits),
            many=any(many for _, many, _ in hits),
            optional=all(optional for _, _, optional in hits),
        )


def _walk_ids(
    validator: Validator, path: str, many: bool, optional: bool
) -> Iterator[tuple[str, str, bool, bool]]:
    """Yield ``(path, table, many, optional)`` for each ``v.id`` inside ``validator``."""
    kind = validator.kind
    if kind == "id":
        yield path, validator.table, many, optional
    elif kind == "array":
        yield from _walk_ids(validator.element, f"{path}[]", True, optional)
    elif kind == "record":
        yield from _walk_ids(validator.keys, f"{path}{{key}}", True, optional)
        yield from _walk_ids(validator.values, f"{path}{{}}", True, optional)
    elif kind == "object":
        for m in validator.members:
            yield from _walk_ids(
                m.validator, f"{path}.{m.name}", many, optional or m.optional
            )
    elif kind == "union":
        # One branch of several is taken, so each id in it may be absent.
        branches = len(validator.members) > 1
        for m in validator.members:
            yield from _walk_ids(m, path, many, optional or branches)


def _string_references(
    schema: Schema, table: Table, position: int, f: Field
) -> Iterator[Reference]:
    target = BETTER_AUTH_REFERENCES.get(f.name)
    if not is_better_auth(table) or target is None or target == table.name:
        return
    if schema.table(target) is None or not _is_string(f.validator):
        return
    nullable = f.validator.kind == "union"
    yield Reference(
        table=table.name,
        position=position,
        field=f.name,
        target=target,
        paths=(f.name,),
        optional=f.optional or nullable,
        string=True,
    )


def _is_string(validator: Validator) -> bool:
    """Return whether ``validator`` is ``v.string()``, or a union of it with null."""
    if validator.kind == "string":
        return True
    if validator.kind != "union":
        return False
    kinds = sorted(m.kind for m in validator.members)
    return kinds in (["string"], ["null", "string"])
