"""Sample documents for checking exported schemas against real tools.

``valid_document`` builds a stored document (with ``_id`` and
``_creationTime``) that a table accepts. ``wrong_document`` builds one that
every exported format must reject: a required field contains a value of the
wrong type, or, when no such field exists, the document has an extra field.
Documents use Python values, with ``Int64`` marking Convex int64 values;
``to_python``, ``to_convex_json`` and ``to_export_json`` convert them for
each tool.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from designer.schemas.schema import Field, Index, Schema, Table
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

CREATION_TIME = 1712345678901.5
# Values that some validators surely reject in every format (see ``rejects``).
WRONG_CANDIDATES: tuple[Any, ...] = (12345, "not-a-valid-value", {"notAField": True})


@dataclass(frozen=True)
class Int64:
    value: int


class NoSample(Exception):
    """Raised when no value satisfies a validator (an empty union)."""


def valid_document(table: Table) -> dict[str, Any] | None:
    """Return a stored document of ``table``, or None if none can exist."""
    document = _system_fields(table)
    if table.document_kind == "any":
        return {**document, "note": "free-form"}
    try:
        return {**document, **_members(table.variants()[0])}
    except NoSample:
        return None


def wrong_document(table: Table) -> dict[str, Any] | None:
    """Return a document every export of ``table`` rejects, or None."""
    valid = valid_document(table)
    if valid is None or table.document_kind == "any":
        return None
    variants = table.variants()
    for f in variants[0]:
        if f.optional:
            continue
        wrong = _wrong_value_everywhere(f.name, variants)
        if wrong is not _MISSING:
            return {**valid, f.name: wrong}
    names = {f.name for f in table.fields}
    extra = next(
        f"notAField{n}" for n in range(len(names) + 1) if f"notAField{n}" not in names
    )
    return {**valid, extra: True}


def sample(validator: Validator) -> Any:
    """Return a value ``validator`` accepts; raise NoSample if there is none."""
    kind = validator.kind
    simple = {
        "string": 'héllo "quoted" <b>',
        "number": 1.5,
        "float64": -2.25,
        "int64": Int64(-42),
        "boolean": True,
        "null": None,
        "bytes": b"\x00\xffdata",
        "any": {"nested": [1, "two", None]},
    }
    if kind in simple:
        return simple[kind]
    if kind == "id":
        return f"{validator.table}:k57a1b2c3"
    if kind == "literal":
        return _literal(validator)
    if kind == "array":
        return [sample(validator.element)]
    if kind == "object":
        return _members(validator.members)
    if kind == "record":
        key = _record_key(validator.keys)
        return {key: sample(validator.values)}
    for member in validator.members:
        return sample(member)
    raise NoSample("an empty union accepts no value")


def rejects(validator: Validator, value: Any) -> bool:
    """Return True when every exported format surely rejects ``value``."""
    kind = validator.kind
    if kind == "union":
        return all(rejects(m, value) for m in validator.members)
    if kind == "any":
        return False
    if kind == "literal":
        literal = _literal(validator)
        return type(value) is dict or value != (
            literal.value if isinstance(literal, Int64) else literal
        )
    if isinstance(value, dict):
        return kind not in ("record", "any")
    if isinstance(value, str):
        return kind not in ("string", "id", "bytes")
    return kind not in ("number", "float64", "int64")


def to_python(value: Any) -> Any:
    """Convert a sample to what Pydantic reads: int64 as int."""
    if isinstance(value, Int64):
        return value.value
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_python(v) for v in value]
    return value


def to_convex_json(value: Any) -> Any:
    """Convert a sample to Convex's JSON wire form, as ``jsonToConvex`` reads it."""
    if isinstance(value, Int64):
        raw = value.value.to_bytes(8, "little", signed=True)
        return {"$integer": base64.b64encode(raw).decode()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {k: to_convex_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_convex_json(v) for v in value]
    return value


def to_export_json(value: Any) -> Any:
    """Convert a sample to Convex's JSON export form: int64 and bytes as strings."""
    if isinstance(value, Int64):
        return str(value.value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: to_export_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_export_json(v) for v in value]
    return value


def cases(schema: Schema) -> list[tuple[str, bool, dict[str, Any]]]:
    """Return ``(table, should_pass, document)`` for every sample of ``schema``."""
    found = []
    for table in schema.tables:
        valid, wrong = valid_document(table), wrong_document(table)
        if valid is not None:
            found.append((table.name, True, valid))
        if wrong is not None:
            found.append((table.name, False, wrong))
    return found


_MISSING = object()


def _wrong_value_everywhere(name: str, variants: list[list[Field]]) -> Any:
    same_name = [f.validator for fields in variants for f in fields if f.name == name]
    for candidate in WRONG_CANDIDATES:
        if all(rejects(v, candidate) for v in same_name):
            return candidate
    return _MISSING


def _system_fields(table: Table) -> dict[str, Any]:
    return {"_id": f"{table.name}:j97d3e4f5", "_creationTime": CREATION_TIME}


def _members(members) -> dict[str, Any]:
    document = {}
    for member in members:
        try:
            document[member.name] = sample(member.validator)
        except NoSample:
            if not member.optional:
                raise
    return document


def _literal(validator) -> Any:
    if validator.type == "bigint":
        return Int64(validator.value)
    if validator.type == "number":
        return float(validator.value)
    return validator.value


def _record_key(keys: Validator) -> str:
    # Convex record keys are ASCII, so v.string() keys get a plain ASCII key.
    if keys.kind == "string":
        return "key"
    try:
        key = sample(keys)
    except NoSample:
        return "key"
    return key if isinstance(key, str) and key else "key"


HOSTILE_TEXT = (
    'Quote " apostrophe \' backslash \\ */ """ ${x} `tick` <script>\nnew line 名前'
)


def hostile_schema() -> Schema:
    """Return a schema whose names and descriptions try to break out of strings."""
    events = Table(
        "events",
        description=HOSTILE_TEXT,
        document_kind="union",
        fields=[
            Field("kind", Literal("a")),
            Field("class", Id("users"), description=HOSTILE_TEXT),
            Field("from", Union((Id("users"), Scalar("null")))),
            Field("None", Scalar("number"), optional=True),
            Field("kind", Literal("b"), variant=1),
            Field("x-y", Record(Scalar("string"), Scalar("int64")), variant=1),
            Field("model_dump", Scalar("bytes"), variant=1),
            Field("名前", Scalar("string"), variant=1),
            Field(
                "l",
                Object(
                    (
                        Member("_private", Scalar("string")),
                        Member("str", Scalar("number"), optional=True),
                        Member("__proto__", Scalar("boolean"), description="*/"),
                    )
                ),
                variant=1,
            ),
        ],
        indexes=[Index("by_kind", ["kind"]), Index("by_l_str", ["l.str"])],
    )
    odd = Table(
        'odd "table" <b>',
        description="*/ --> %%{init: {}}%%",
        fields=[
            Field("id", Id("events")),
            Field("Table", Scalar("string"), unique=True),
            Field("tags", Array(Id('odd "table" <b>')), optional=True),
        ],
        indexes=[Index("by_Table", ["Table"])],
    )
    anything = Table("anything", document_kind="any", description='"""')
    users = Table("users", fields=[Field("name", Scalar("string"))])
    return Schema(
        HOSTILE_TEXT, [users, events, odd, anything], description=HOSTILE_TEXT
    )


def empty_parts_schema() -> Schema:
    """Return a schema of the empty shapes: unions, objects, tables and variants."""
    never = Union(())
    empty = Table(
        "empties",
        fields=[
            Field("none", never, optional=True),
            Field("noneRequired", never, description=""),
            Field("nothing", Object(())),
            Field("nones", Array(never)),
            Field("nothingById", Record(Id("empties"), Object(()))),
            Field("noneByKey", Record(Scalar("string"), never)),
            Field("noKeys", Record(never, Scalar("string")), optional=True),
            Field("blank", Literal("")),
            Field("nested", Object((Member("none", never, optional=True),))),
        ],
    )
    optional_only = Table(
        "optionals",
        fields=[
            Field("note", Scalar("string"), optional=True),
            Field("nothing", Object(()), optional=True),
        ],
    )
    variants = Table(
        "events",
        document_kind="union",
        fields=[
            Field("kind", Literal("a")),
            Field("none", never, optional=True),
            # Variant 1 has no fields, so it is an empty object.
            Field("kind", Literal("c"), variant=2),
            Field("size", Scalar("number"), optional=True, variant=2),
        ],
    )
    empty_union_table = Table("nothingAtAll", document_kind="union")
    return Schema(
        "Empty parts",
        [empty, Table("bare"), optional_only, variants, empty_union_table],
    )
