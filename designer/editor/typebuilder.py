"""The step-by-step type builder: a tree of choosers for one Convex validator.

The builder is the newcomer's path to a field type; the text input parsed by
``typesyntax`` stays the expert's. Each chooser is a ``Node`` named by a
prefix, and its inputs are named after that prefix, so the whole tree posts
as flat query parameters:

* ``P``: the kind of the node (``string``, ``array``, ...);
* ``P.table`` for ``v.id``, ``P.value`` and ``P.ltype`` for ``v.literal``;
* ``P.e`` the array element, ``P.k`` and ``P.v`` the record keys and values;
* ``P.u<hex>`` a union option, ``P.m<hex>.name``/``.opt``/``.t`` an object
  member's name, optional flag and type.

Options and members carry random tokens instead of positions, so adding or
removing one leaves the others' names alone. Their order is the order in
which the browser sends them, which is the page's order.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from designer.schemas.validators import (
    KINDS,
    LITERAL_TYPES,
    SCALAR_KINDS,
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
    Validator,
    ValidatorError,
)

# Convex rejects documents nested more than 16 levels deep (MAX_DOCUMENT_NESTING),
# and every level is a recursive template include, so the builder stops there.
MAX_DEPTH = 16
ROOT = re.compile(r"t-(?:new|\d{1,12})\Z")
_STEP = r"\.(?:e|k|v|u[0-9a-f]{6}|m[0-9a-f]{6}\.t)"
PREFIX = re.compile(rf"t-(?:new|\d{{1,12}})(?:{_STEP}){{0,{MAX_DEPTH}}}\Z")

# The kinds the chooser offers, in groups a newcomer can scan.
KIND_GROUPS = (
    (
        "Simple values",
        (
            ("string", "Text (string)"),
            ("number", "Number (number)"),
            ("float64", "Floating-point number (float64)"),
            ("int64", "Big whole number (int64)"),
            ("boolean", "Yes or no (boolean)"),
            ("null", "Nothing (null)"),
            ("bytes", "Binary data (bytes)"),
            ("any", "Anything (any)"),
        ),
    ),
    (
        "References and exact values",
        (
            ("id", "Reference to a document of a table (id)"),
            ("literal", "One exact value (literal)"),
        ),
    ),
    (
        "Nested",
        (
            ("array", "List of items (array)"),
            ("object", "Object with named members (object)"),
            ("record", "Map from keys to values (record)"),
            ("union", "One of several types (union)"),
        ),
    ),
)
LITERAL_CHOICES = (
    ("string", "text"),
    ("number", "number"),
    ("boolean", "true or false"),
    ("bigint", "big whole number"),
)
# The visible label of a kind chooser, by the role of its node.
LABELS = {
    "root": "Kind of value",
    "item": "Each item is",
    "keys": "Keys are",
    "values": "Values are",
    "option": "Option",
    "member": "Type",
}
# How messages name the root chooser; nested ones add steps such as ", keys".
ROOT_PLACE = "The type"


class BuilderError(ValueError):
    """Raised when the builder's inputs are not a validator. The message names the input."""


@dataclass
class Node:
    """One chooser: a kind and, for composite kinds, the choosers it contains."""

    prefix: str
    role: str = "root"
    kind: str = "string"
    table: str = ""
    value: str = ""
    literal_type: str = "string"
    children: list[Node] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return dom_id(self.prefix)

    @property
    def label(self) -> str:
        return LABELS[self.role]


@dataclass
class MemberRow:
    """An object member: its name, whether it may be missing, and its type."""

    prefix: str
    name: str
    optional: bool
    node: Node

    @property
    def dom_id(self) -> str:
        return dom_id(self.prefix)


def dom_id(prefix: str) -> str:
    """Return an HTML id for a prefix (prefixes contain only letters, digits, - and .)."""
    return "tb-" + prefix.replace(".", "-")


def token() -> str:
    return secrets.token_hex(3)


def new_node(prefix: str, kind: str, role: str = "root") -> Node:
    """Return a chooser of ``kind`` filled with the usual starting values."""
    node = Node(prefix, role, kind if kind in KINDS else "string")
    if node.kind == "array":
        node.children = [new_node(f"{prefix}.e", "string", "item")]
    elif node.kind == "record":
        node.children = [
            new_node(f"{prefix}.k", "string", "keys"),
            new_node(f"{prefix}.v", "string", "values"),
        ]
    elif node.kind == "union":
        node.children = [new_option(prefix, "string"), new_option(prefix, "null")]
    return node


def new_option(parent: str, kind: str = "string") -> Node:
    return new_node(f"{parent}.u{token()}", kind, "option")


def new_member(parent: str) -> MemberRow:
    prefix = f"{parent}.m{token()}"
    return MemberRow(prefix, "", False, new_node(f"{prefix}.t", "string", "member"))


def node_from_validator(validator: Validator, prefix: str, role: str = "root") -> Node:
    """Return the chooser tree that shows ``validator``."""
    if _depth(prefix) > MAX_DEPTH:
        raise BuilderError(
            f"The type is nested deeper than {MAX_DEPTH} levels. Edit it as text."
        )
    node = Node(prefix, role, validator.kind)
    if isinstance(validator, Id):
        node.table = validator.table
    elif isinstance(validator, Literal):
        node.literal_type = validator.type
        node.value = _literal_text(validator)
    elif isinstance(validator, Array):
        node.children = [node_from_validator(validator.element, f"{prefix}.e", "item")]
    elif isinstance(validator, Record):
        node.children = [
            node_from_validator(validator.keys, f"{prefix}.k", "keys"),
            node_from_validator(validator.values, f"{prefix}.v", "values"),
        ]
    elif isinstance(validator, Union):
        node.children = [
            node_from_validator(m, f"{prefix}.u{token()}", "option")
            for m in validator.members
        ]
    elif isinstance(validator, Object):
        node.members = [_member_row(prefix, m) for m in validator.members]
    return node


def _member_row(parent: str, member: Member) -> MemberRow:
    prefix = f"{parent}.m{token()}"
    node = node_from_validator(member.validator, f"{prefix}.t", "member")
    return MemberRow(prefix, member.name, member.optional, node)


def _literal_text(literal: Literal) -> str:
    if literal.type == "boolean":
        return "true" if literal.value else "false"
    return str(literal.value)


def _depth(prefix: str) -> int:
    return len(re.findall(_STEP, prefix))


def validator_from_params(
    params: Mapping[str, str], prefix: str, where: str = ROOT_PLACE
) -> Validator:
    """Build the validator the builder's inputs under ``prefix`` describe.

    A missing input counts as its default (``string`` for a kind), so an
    array or record whose chooser is still being replaced describes what
    ``new_node`` shows.

    Raises:
        BuilderError: an input is missing or invalid. The message names the input.
    """
    if _depth(prefix) > MAX_DEPTH:
        raise BuilderError(
            f"{_subject(where)} is nested deeper than {MAX_DEPTH} levels."
        )
    kind = params.get(prefix) or "string"
    if kind in SCALAR_KINDS:
        return Scalar(kind)
    if kind == "id":
        return _id(params, prefix, where)
    if kind == "literal":
        return _literal(params, prefix, where)
    if kind == "array":
        element = validator_from_params(params, f"{prefix}.e", f"{where}, each item")
        return Array(element)
    if kind == "record":
        keys = validator_from_params(params, f"{prefix}.k", f"{where}, keys")
        values = validator_from_params(params, f"{prefix}.v", f"{where}, values")
        return _checked(lambda: Record(keys, values), where)
    if kind == "union":
        return _union(params, prefix, where)
    if kind == "object":
        return _object(params, prefix, where)
    raise BuilderError(f"{_subject(where)} has the unknown kind {kind!r}.")


def _id(params: Mapping[str, str], prefix: str, where: str) -> Id:
    table = params.get(f"{prefix}.table", "")
    if not table:
        raise BuilderError(
            f"{_subject(where)} is a reference: pick the table it points to."
        )
    return Id(table)


def _literal(params: Mapping[str, str], prefix: str, where: str) -> Literal:
    literal_type = params.get(f"{prefix}.ltype") or "string"
    text = params.get(f"{prefix}.value", "")
    if literal_type not in LITERAL_TYPES:
        raise BuilderError(
            f"{_subject(where)} has the unknown value type {literal_type!r}."
        )
    if literal_type == "string":
        return Literal(text, "string")
    value = text.strip()
    if literal_type == "boolean":
        if value.lower() not in ("true", "false"):
            raise BuilderError(
                f"{_subject(where)} is a yes-or-no value: type true or false."
            )
        return Literal(value.lower() == "true", "boolean")
    if re.fullmatch(r"-?\d{1,30}", value):
        return Literal(int(value), literal_type)
    if literal_type == "bigint":
        raise BuilderError(
            f"{_subject(where)} is a big whole number: type digits only, such as 42."
        )
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise BuilderError(f"{_subject(where)} is a number: type one such as 3 or 2.5.")
    return Literal(number, "number")


def _union(params: Mapping[str, str], prefix: str, where: str) -> Union:
    option = re.compile(re.escape(prefix) + r"\.u[0-9a-f]{6}\Z")
    keys = [k for k in params if option.match(k)]
    return Union(
        tuple(
            validator_from_params(params, key, f"{where}, option {n}")
            for n, key in enumerate(keys, start=1)
        )
    )


def _object(params: Mapping[str, str], prefix: str, where: str) -> Object:
    pattern = re.compile(re.escape(prefix) + r"\.(m[0-9a-f]{6})\.name\Z")
    members: list[Member] = []
    for n, key in enumerate((k for k in params if pattern.match(k)), start=1):
        base = key.removesuffix(".name")
        name = params[key].strip()
        if not name:
            raise BuilderError(f"{where}, member {n}, needs a name.")
        if any(m.name == name for m in members):
            raise BuilderError(f"{_subject(where)} has two members named {name!r}.")
        validator = validator_from_params(
            params, f"{base}.t", f"{where}, member {name!r}"
        )
        optional = f"{base}.opt" in params
        members.append(Member(name, validator, optional))
    return Object(tuple(members))


def _subject(where: str) -> str:
    """Return ``where`` as the subject of a sentence, set off by a comma if nested."""
    return where if where == ROOT_PLACE else f"{where},"


def _checked(build, where: str) -> Validator:
    try:
        return build()
    except ValidatorError as error:
        raise BuilderError(f"{where}: {error}") from None
