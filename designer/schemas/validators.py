"""Convex validators as plain immutable values.

Each class mirrors one constructor of ``v`` from ``convex/values``. A
validator converts to and from two JSON forms:

* ``to_data()`` / ``from_data()``: the designer's own form, used in the
  database and in the JSON project file. It keeps distinctions that Convex
  erases (``v.number()`` against ``v.float64()``).
* ``convex_json()``: the form ``defineSchema(...).export()`` produces, used
  to compare the designer's schema with what the real ``convex`` package
  evaluates.

Optionality is not a validator here: as in Convex's exported JSON, it is a
flag on an object member (and on a table field).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any as AnyType

SCALAR_KINDS = (
    "string",
    "number",
    "float64",
    "int64",
    "boolean",
    "null",
    "bytes",
    "any",
)
COMPOSITE_KINDS = ("id", "literal", "array", "object", "record", "union")
KINDS = SCALAR_KINDS + COMPOSITE_KINDS
LITERAL_TYPES = ("string", "number", "boolean", "bigint")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# How many levels validators may nest inside a field's validator. Far deeper
# than Convex allows in a document (16), but shallow enough for Python's stack
# in every function that walks a validator.
MAX_NESTING = 64

# Convex still exports the old names for these two scalars.
_CONVEX_SCALAR_NAMES = {"float64": "number", "int64": "bigint"}


class ValidatorError(ValueError):
    """Raised when data does not describe a valid validator."""


class Validator:
    kind: str

    def to_data(self) -> dict[str, AnyType]:
        raise NotImplementedError

    def convex_json(self) -> AnyType:
        raise NotImplementedError

    def children(self) -> Iterator[tuple[str, Validator]]:
        """Yield ``(step, child)`` for each directly nested validator."""
        return iter(())

    def walk(self, path: str = "") -> Iterator[tuple[str, Validator]]:
        """Yield ``(path, validator)`` for this validator and every descendant."""
        yield path, self
        for step, child in self.children():
            yield from child.walk(f"{path}{step}")

    def depth(self) -> int:
        """Return the nesting this validator adds to a stored document."""
        return 0


@dataclass(frozen=True)
class Scalar(Validator):
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in SCALAR_KINDS:
            raise ValidatorError(f"Unknown scalar validator kind {self.kind!r}.")

    def to_data(self) -> dict[str, AnyType]:
        return {"kind": self.kind}

    def convex_json(self) -> AnyType:
        return {"type": _CONVEX_SCALAR_NAMES.get(self.kind, self.kind)}


@dataclass(frozen=True)
class Id(Validator):
    table: str
    kind: str = field(default="id", init=False)

    def to_data(self) -> dict[str, AnyType]:
        return {"kind": "id", "table": self.table}

    def convex_json(self) -> AnyType:
        return {"type": "id", "tableName": self.table}


@dataclass(frozen=True)
class Literal(Validator):
    """A literal value; a bigint literal keeps its value as a Python int."""

    value: str | float | int | bool
    type: str = "string"
    kind: str = field(default="literal", init=False)

    def __post_init__(self) -> None:
        if self.type not in LITERAL_TYPES:
            raise ValidatorError(f"Unknown literal type {self.type!r}.")
        problem = _literal_problem(self.value, self.type)
        if problem:
            raise ValidatorError(problem)

    def to_data(self) -> dict[str, AnyType]:
        value = str(self.value) if self.type == "bigint" else self.value
        return {"kind": "literal", "type": self.type, "value": value}

    def convex_json(self) -> AnyType:
        if self.type == "bigint":
            return {"type": "literal", "value": {"$integer": _int64_base64(self.value)}}
        return {"type": "literal", "value": self.value}


@dataclass(frozen=True)
class Array(Validator):
    element: Validator
    kind: str = field(default="array", init=False)

    def to_data(self) -> dict[str, AnyType]:
        return {"kind": "array", "element": self.element.to_data()}

    def convex_json(self) -> AnyType:
        return {"type": "array", "value": self.element.convex_json()}

    def children(self) -> Iterator[tuple[str, Validator]]:
        yield "[]", self.element

    def depth(self) -> int:
        return 1 + self.element.depth()


@dataclass(frozen=True)
class Member:
    """One named entry of an object validator."""

    name: str
    validator: Validator
    optional: bool = False
    description: str = ""

    def to_data(self) -> dict[str, AnyType]:
        data: dict[str, AnyType] = {
            "name": self.name,
            "validator": self.validator.to_data(),
        }
        if self.optional:
            data["optional"] = True
        if self.description:
            data["description"] = self.description
        return data

    @classmethod
    def from_data(cls, data: AnyType, depth: int = 0) -> Member:
        """Build a member whose object sits ``depth`` levels inside a field."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise ValidatorError("An object member needs a string `name`.")
        return cls(
            name=data["name"],
            validator=_from_data(data.get("validator"), depth + 1),
            optional=_bool(data.get("optional", False), "optional"),
            description=_str(data.get("description", ""), "description"),
        )


@dataclass(frozen=True)
class Object(Validator):
    members: tuple[Member, ...] = ()
    kind: str = field(default="object", init=False)

    def to_data(self) -> dict[str, AnyType]:
        return {"kind": "object", "members": [m.to_data() for m in self.members]}

    def convex_json(self) -> AnyType:
        return {
            "type": "object",
            "value": {
                m.name: {"fieldType": m.validator.convex_json(), "optional": m.optional}
                for m in self.members
            },
        }

    def children(self) -> Iterator[tuple[str, Validator]]:
        for member in self.members:
            yield f".{member.name}", member.validator

    def depth(self) -> int:
        return 1 + max((m.validator.depth() for m in self.members), default=0)


@dataclass(frozen=True)
class Record(Validator):
    keys: Validator
    values: Validator
    kind: str = field(default="record", init=False)

    def to_data(self) -> dict[str, AnyType]:
        return {
            "kind": "record",
            "keys": self.keys.to_data(),
            "values": self.values.to_data(),
        }

    def convex_json(self) -> AnyType:
        return {
            "type": "record",
            "keys": self.keys.convex_json(),
            "values": {"fieldType": self.values.convex_json(), "optional": False},
        }

    def children(self) -> Iterator[tuple[str, Validator]]:
        yield "{key}", self.keys
        yield "{}", self.values

    def depth(self) -> int:
        return 1 + self.values.depth()


@dataclass(frozen=True)
class Union(Validator):
    members: tuple[Validator, ...] = ()
    kind: str = field(default="union", init=False)

    def to_data(self) -> dict[str, AnyType]:
        return {"kind": "union", "members": [m.to_data() for m in self.members]}

    def convex_json(self) -> AnyType:
        return {"type": "union", "value": [m.convex_json() for m in self.members]}

    def children(self) -> Iterator[tuple[str, Validator]]:
        for position, member in enumerate(self.members):
            yield f"|{position}", member

    def depth(self) -> int:
        return max((m.depth() for m in self.members), default=0)


def validator_from_data(data: AnyType) -> Validator:
    """Build a validator from its ``to_data()`` form.

    Raises:
        ValidatorError: the data is not a validator, or nests validators more
            than ``MAX_NESTING`` levels deep; the message names what is wrong.
    """
    return _from_data(data, 0)


def _from_data(data: AnyType, depth: int) -> Validator:
    if depth > MAX_NESTING:
        raise ValidatorError(
            f"The validator is nested more than {MAX_NESTING} levels deep; Convex "
            "documents may nest at most 16 levels."
        )
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        raise ValidatorError("A validator must be an object with a string `kind`.")
    kind = data["kind"]
    inner = depth + 1
    if kind in SCALAR_KINDS:
        return Scalar(kind)
    if kind == "id":
        return Id(_str(data.get("table"), "table"))
    if kind == "literal":
        return _literal_from_data(data)
    if kind == "array":
        return Array(_from_data(data.get("element"), inner))
    if kind == "object":
        return Object(tuple(Member.from_data(m, depth) for m in _list(data, "members")))
    if kind == "record":
        return Record(
            _from_data(data.get("keys"), inner), _from_data(data.get("values"), inner)
        )
    if kind == "union":
        return Union(tuple(_from_data(m, inner) for m in _list(data, "members")))
    raise ValidatorError(
        f"Unknown validator kind {kind!r}; expected one of {', '.join(KINDS)}."
    )


def _literal_problem(value: AnyType, literal_type: str) -> str:
    """Return why ``value`` cannot be a Convex literal of ``literal_type``, or ""."""
    expected = {
        "string": (str,),
        "number": (int, float),
        "boolean": (bool,),
        "bigint": (int,),
    }[literal_type]
    is_bool = isinstance(value, bool)
    if not isinstance(value, expected) or is_bool != (literal_type == "boolean"):
        return f"Literal value {value!r} is not a {literal_type}."
    if literal_type == "number" and not _is_finite(value):
        # Convex raises UnsupportedFloatLiteral for these, and JSON has no
        # way to write them.
        return (
            f"The number literal is {_non_finite_text(value)}; Convex supports "
            "only finite numbers in v.literal()."
        )
    if literal_type == "bigint" and not INT64_MIN <= value <= INT64_MAX:
        return (
            f"The bigint literal {value}n does not fit in 64 bits; Convex int64 "
            f"values lie between {INT64_MIN}n and {INT64_MAX}n."
        )
    return ""


def _literal_from_data(data: dict[str, AnyType]) -> Literal:
    literal_type = data.get("type", "string")
    value = data.get("value")
    if literal_type == "bigint":
        try:
            value = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidatorError(
                f"A bigint literal needs an integer value, not {value!r}."
            ) from None
    return Literal(value, literal_type)  # type: ignore[arg-type]


def _list(data: dict[str, AnyType], key: str) -> list[AnyType]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidatorError(f"`{key}` of a {data['kind']} validator must be a list.")
    return value


def _str(value: AnyType, key: str) -> str:
    if not isinstance(value, str):
        raise ValidatorError(f"`{key}` must be a string, not {value!r}.")
    return value


def _bool(value: AnyType, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValidatorError(f"`{key}` must be true or false, not {value!r}.")
    return value


def _is_finite(number: float) -> bool:
    """Return whether ``number`` is finite as a JavaScript number."""
    try:
        return math.isfinite(number)
    except OverflowError:
        # An int beyond the float range, which JavaScript reads as Infinity.
        return False


def _non_finite_text(number: float) -> str:
    """Return a non-finite ``number`` as JavaScript writes it."""
    if number != number:
        return "NaN"
    return "Infinity" if number > 0 else "-Infinity"


def _int64_base64(value: int) -> str:
    """Encode an int64 the way Convex's JSON export does."""
    return base64.b64encode(value.to_bytes(8, "little", signed=True)).decode()
