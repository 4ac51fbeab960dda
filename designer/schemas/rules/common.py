"""Helpers shared by the rule modules: walking validators, names, Better Auth."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from designer.schemas.identifiers import identifier_problem
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Object, Validator

# The core tables of Better Auth 1.6 as the Convex adapter names them
# (singular, because the adapter runs with ``usePlural: false``).
BETTER_AUTH_TABLES = ("user", "session", "account", "verification", "jwks")

# The indexes Better Auth cannot work without: the adapter picks an index by
# its leading field, never by its name.
BETTER_AUTH_CRITICAL_INDEXES = (
    ("user", "email"),
    ("session", "token"),
    ("account", "userId"),
    ("account", "accountId"),
    ("verification", "identifier"),
    ("verification", "expiresAt"),
)

# Columns Better Auth 1.6 writes: (name, scalar kind, required). Optional
# columns are generated as ``v.optional(v.union(v.null(), T))``.
BETTER_AUTH_COLUMNS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "user": (
        ("name", "string", True),
        ("email", "string", True),
        ("emailVerified", "boolean", True),
        ("image", "string", False),
        ("createdAt", "number", True),
        ("updatedAt", "number", True),
    ),
    "session": (
        ("expiresAt", "number", True),
        ("token", "string", True),
        ("createdAt", "number", True),
        ("updatedAt", "number", True),
        ("ipAddress", "string", False),
        ("userAgent", "string", False),
        ("userId", "string", True),
    ),
    "account": (
        ("accountId", "string", True),
        ("providerId", "string", True),
        ("userId", "string", True),
        ("accessToken", "string", False),
        ("refreshToken", "string", False),
        ("idToken", "string", False),
        ("accessTokenExpiresAt", "number", False),
        ("refreshTokenExpiresAt", "number", False),
        ("scope", "string", False),
        ("password", "string", False),
        ("createdAt", "number", True),
        ("updatedAt", "number", True),
    ),
    "verification": (
        ("identifier", "string", True),
        ("value", "string", True),
        ("expiresAt", "number", True),
        ("createdAt", "number", True),
        ("updatedAt", "number", True),
    ),
    "jwks": (
        ("publicKey", "string", True),
        ("privateKey", "string", True),
        ("createdAt", "number", True),
        ("expiresAt", "number", False),
    ),
}

# Reference columns of the Better Auth tables, kept as strings by the adapter.
BETTER_AUTH_REFERENCES = (("session", "userId"), ("account", "userId"))

NUMBER_KINDS = ("number", "float64")


def uses_better_auth(schema: Schema) -> bool:
    """Return whether the schema contains the Better Auth tables.

    A single singular table such as ``session`` may be the application's own,
    so it takes two of the five Better Auth table names, or a ``user`` table
    with Better Auth's ``emailVerified`` column.
    """
    present = [name for name in BETTER_AUTH_TABLES if schema.table(name)]
    if len(present) >= 2:
        return True
    user = schema.table("user")
    return user is not None and user.field("emailVerified") is not None


def is_better_auth_table(schema: Schema, table: Table) -> bool:
    return table.name in BETTER_AUTH_TABLES and uses_better_auth(schema)


@dataclass(frozen=True)
class Node:
    """A validator inside a field, with its location path for findings."""

    path: str
    validator: Validator


def field_nodes(field: Field) -> Iterator[Node]:
    """Yield the field's validator and every nested one, with display paths.

    Paths read ``profile.name`` for object members, ``tags[]`` for array
    elements and ``scores{}`` for record values. Union steps add nothing, so
    every member of ``v.union(a, b)`` shares the union's path.
    """
    for raw, validator in field.validator.walk():
        yield Node(field.name + display_path(raw), validator)


def display_path(raw: str) -> str:
    """Turn a ``Validator.walk`` path into the display form of ``field_nodes``."""
    path = re.sub(r"\|\d+", "", raw)
    return path.replace("{key}", "{}")


def object_nodes(field: Field) -> Iterator[tuple[str, Object]]:
    for node in field_nodes(field):
        if isinstance(node.validator, Object):
            yield node.path, node.validator


def is_nullable(validator: Validator) -> bool:
    members = getattr(validator, "members", ())
    return validator.kind == "union" and any(
        getattr(m, "kind", "") == "null" for m in members
    )


def non_null_members(validator: Validator) -> list[Validator]:
    """Return the members of a nullable union other than ``v.null()``."""
    if validator.kind != "union":
        return [validator]
    return [m for m in validator.members if m.kind != "null"]  # type: ignore[attr-defined]


def is_number(validator: Validator) -> bool:
    """Return whether ``validator`` is a float64, alone or made nullable."""
    members = non_null_members(validator)
    return bool(members) and all(m.kind in NUMBER_KINDS for m in members)


def split_words(name: str) -> list[str]:
    """Split a name written in any case style into lower-case ASCII words."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def camel_case(words: list[str]) -> str:
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


# Words whose plural is not made with -s, or that are already plural.
_IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "datum": "data",
    "medium": "media",
    "index": "indexes",
}
_ALREADY_PLURAL = {
    "people",
    "children",
    "men",
    "women",
    "data",
    "media",
    "news",
    "series",
    "analytics",
    "metadata",
    "feedback",
    "info",
}


def is_plural(word: str) -> bool:
    if word in _ALREADY_PLURAL:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def pluralize(word: str) -> str:
    """Return the English plural of a lower-case word; plurals stay as they are."""
    if is_plural(word):
        return word
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plural_table_name(name: str) -> str:
    """Return the plural camelCase form of a table name, or "" when none fits."""
    words = split_words(name)
    if not words or words[0][0].isdigit():
        return ""
    words[-1] = pluralize(words[-1])
    suggestion = camel_case(words)
    return "" if identifier_problem(suggestion) else suggestion


def referenced_table(schema: Schema, stem: str) -> str:
    """Return the table a reference named ``<stem>Id`` most likely points at."""
    words = split_words(stem)
    if not words:
        return ""
    candidates = [camel_case(words[:-1] + [pluralize(words[-1])]), camel_case(words)]
    return next((c for c in candidates if schema.table(c)), "")


def leading_index(table: Table, field_name: str) -> bool:
    """Return whether a ready (not staged) db index starts with ``field_name``."""
    return any(
        i.fields and i.fields[0] == field_name and not i.staged for i in table.indexes
    )


def free_index_name(table: Table, candidates: list[str]) -> str:
    """Return the first of ``candidates`` that is valid and not an index name yet."""
    used = set(table.all_index_names())
    return next(
        (c for c in candidates if c not in used and not identifier_problem(c)), ""
    )


def index_name_for(fields: list[str]) -> str:
    """Return the conventional index name ``by_a_and_b`` for a list of field paths."""
    return "by_" + "_and_".join(f.replace(".", "_") for f in fields)
