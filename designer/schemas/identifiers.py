"""Convex's identifier rules, shared by rules, forms and importers.

Convex accepts a table, index or field name when it starts with an ASCII
letter or underscore, goes on with ASCII letters, digits and underscores, is
at most 64 characters and is not made of underscores alone.
"""

from __future__ import annotations

import re

MAX_IDENTIFIER_LENGTH = 64
RESERVED_INDEX_NAMES = ("by_id", "by_creation_time")
SYSTEM_FIELDS = ("_id", "_creationTime")
SYSTEM_TABLES = ("_storage", "_scheduled_functions")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def identifier_problem(name: str) -> str:
    """Return why Convex rejects ``name`` as an identifier, or "" if it is valid."""
    if not name:
        return "is empty"
    if len(name) > MAX_IDENTIFIER_LENGTH:
        return f"is {len(name)} characters long; the maximum is {MAX_IDENTIFIER_LENGTH}"
    if not _IDENTIFIER.match(name):
        bad = next(
            (c for c in name if not (c.isascii() and (c.isalnum() or c == "_"))), None
        )
        if bad is not None:
            return f"contains {bad!r}; only ASCII letters, digits and underscores are allowed"
        return "must start with a letter or an underscore"
    if set(name) == {"_"}:
        return "is made of underscores only"
    return ""
