"""The compact type syntax of the editor: Convex validator expressions as text.

Users type a field's type the way they would write it in schema.ts, for
example ``v.array(v.object({ name: v.string(), age: v.optional(v.number()) }))``.
``parse_type`` turns that text into a validator and ``format_type`` turns a
validator back into the same text. The ``v.`` prefix may be left out.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from designer.schemas.validators import (
    MAX_NESTING,
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

MAX_TYPE_LENGTH = 20_000

# `v.bigint()` is the older name of `v.int64()`.
_SCALAR_ALIASES = {"bigint": "int64"}
_JS_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?n?)
    | (?P<name>-?[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<punct>[(){},:.])
    """,
    re.VERBOSE,
)
_ESCAPES = {
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}


class TypeSyntaxError(ValueError):
    """Raised when type text is not a validator. The message names the column."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    column: int


def parse_type(text: str) -> tuple[Validator, bool]:
    """Parse ``text`` into a validator and whether it was wrapped in v.optional.

    Raises:
        TypeSyntaxError: the text is not a validator expression.
    """
    if len(text) > MAX_TYPE_LENGTH:
        raise TypeSyntaxError(
            f"The type is {len(text)} characters long; the maximum is {MAX_TYPE_LENGTH}."
        )
    parser = _Parser(_tokenize(text))
    if parser.at_end():
        raise TypeSyntaxError("The type is empty; type a validator such as v.string().")
    validator, optional = parser.member_value(depth=0)
    parser.expect_end()
    return validator, optional


def format_type(validator: Validator, optional: bool = False) -> str:
    """Return the schema.ts text of ``validator``, wrapped in v.optional if asked."""
    text = _format(validator)
    return f"v.optional({text})" if optional else text


def _format(validator: Validator) -> str:
    if isinstance(validator, Scalar):
        return f"v.{validator.kind}()"
    if isinstance(validator, Id):
        return f"v.id({_string(validator.table)})"
    if isinstance(validator, Literal):
        return f"v.literal({_literal(validator)})"
    if isinstance(validator, Array):
        return f"v.array({_format(validator.element)})"
    if isinstance(validator, Record):
        return f"v.record({_format(validator.keys)}, {_format(validator.values)})"
    if isinstance(validator, Union):
        return f"v.union({', '.join(_format(m) for m in validator.members)})"
    if isinstance(validator, Object):
        if not validator.members:
            return "v.object({})"
        members = ", ".join(
            f"{_key(m.name)}: {format_type(m.validator, m.optional)}"
            for m in validator.members
        )
        return f"v.object({{ {members} }})"
    raise TypeError(f"Unknown validator {validator!r}.")


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _key(name: str) -> str:
    return name if _JS_IDENTIFIER.match(name) else _string(name)


def _literal(literal: Literal) -> str:
    if literal.type == "string":
        return _string(literal.value)  # type: ignore[arg-type]
    if literal.type == "boolean":
        return "true" if literal.value else "false"
    if literal.type == "bigint":
        return f"{literal.value}n"
    return repr(literal.value)


def _tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise TypeSyntaxError(
                f"Unexpected {text[position]!r} at column {position + 1}."
            )
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group(), position + 1))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens, one method per grammar rule."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def at_end(self) -> bool:
        return self.position >= len(self.tokens)

    def peek(self) -> Token | None:
        return None if self.at_end() else self.tokens[self.position]

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise TypeSyntaxError(
                "The type ends too early; a closing bracket is missing."
            )
        self.position += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.take()
        if token.text != text:
            raise TypeSyntaxError(
                f"Expected {text!r} at column {token.column}, found {token.text!r}."
            )
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.text == text:
            self.position += 1
            return True
        return False

    def expect_end(self) -> None:
        token = self.peek()
        if token is not None:
            raise TypeSyntaxError(
                f"Unexpected {token.text!r} at column {token.column} after the type."
            )

    def member_value(self, depth: int) -> tuple[Validator, bool]:
        """Parse a validator that may be wrapped in v.optional(...)."""
        start = self.position
        name = self.constructor_name()
        if name != "optional":
            self.position = start
            return self.validator(depth), False
        self.expect("(")
        validator = self.validator(depth + 1)
        self.accept(",")
        self.expect(")")
        return validator, True

    def constructor_name(self) -> str:
        token = self.take()
        if token.text == "v" and self.accept("."):
            token = self.take()
        if token.kind != "name":
            raise TypeSyntaxError(
                f"Expected a validator such as v.string() at column {token.column}, "
                f"found {token.text!r}."
            )
        return token.text

    def validator(self, depth: int) -> Validator:
        if depth > MAX_NESTING:
            raise TypeSyntaxError(
                f"The type is nested deeper than {MAX_NESTING} levels."
            )
        column = self.peek().column if self.peek() else 0
        name = self.constructor_name()
        kind = _SCALAR_ALIASES.get(name, name)
        self.expect("(")
        try:
            validator = self.arguments(kind, depth, column)
        except ValidatorError as error:
            raise TypeSyntaxError(f"{error} (column {column})") from None
        self.accept(",")
        self.expect(")")
        return validator

    def arguments(self, kind: str, depth: int, column: int) -> Validator:
        if kind in SCALAR_KINDS:
            return Scalar(kind)
        if kind == "id":
            return Id(self.string("v.id needs a table name in quotes"))
        if kind == "literal":
            return self.literal()
        if kind == "array":
            return Array(self.validator(depth + 1))
        if kind == "record":
            keys = self.validator(depth + 1)
            self.expect(",")
            return Record(keys, self.validator(depth + 1))
        if kind == "union":
            return Union(tuple(self.validator_list(depth + 1)))
        if kind == "object":
            return Object(tuple(self.members(depth + 1)))
        if kind == "optional":
            raise TypeSyntaxError(
                f"v.optional at column {column} may only wrap a whole field or an "
                "object member."
            )
        raise TypeSyntaxError(f"Unknown validator v.{kind} at column {column}.")

    def validator_list(self, depth: int) -> list[Validator]:
        found: list[Validator] = []
        while self.peek() is not None and self.peek().text != ")":
            found.append(self.validator(depth))
            if not self.accept(","):
                break
        return found

    def members(self, depth: int) -> list[Member]:
        self.expect("{")
        found: list[Member] = []
        while not self.accept("}"):
            token = self.take()
            if token.kind == "string":
                name = _unquote(token)
            elif token.kind == "name" and not token.text.startswith("-"):
                name = token.text
            else:
                raise TypeSyntaxError(
                    f"Expected a member name at column {token.column}, "
                    f"found {token.text!r}."
                )
            if any(m.name == name for m in found):
                raise TypeSyntaxError(
                    f"Member {name!r} appears twice in the object at column "
                    f"{token.column}."
                )
            self.expect(":")
            validator, optional = self.member_value(depth)
            found.append(Member(name, validator, optional))
            if not self.accept(","):
                self.expect("}")
                break
        return found

    def string(self, problem: str) -> str:
        token = self.take()
        if token.kind != "string":
            raise TypeSyntaxError(f"{problem}, at column {token.column}.")
        return _unquote(token)

    def literal(self) -> Literal:
        token = self.take()
        if token.kind == "string":
            return Literal(_unquote(token), "string")
        if token.text in ("true", "false"):
            return Literal(token.text == "true", "boolean")
        if token.text in ("NaN", "Infinity", "-Infinity"):
            return Literal(
                float(token.text.lower().replace("infinity", "inf")), "number"
            )
        if token.kind == "number":
            return _number_literal(token.text)
        raise TypeSyntaxError(
            f"v.literal needs a string, number, boolean or bigint such as 10n, "
            f"at column {token.column}."
        )


def _number_literal(text: str) -> Literal:
    if text.endswith("n"):
        digits = text[:-1]
        if not re.fullmatch(r"-?\d+", digits):
            raise TypeSyntaxError(
                f"A bigint literal must be a whole number, not {text}."
            )
        return Literal(int(digits), "bigint")
    value = float(text)
    if not math.isfinite(value):
        number_text = text if len(text) <= 24 else text[:23] + "…"
        sign = "-" if value < 0 else ""
        raise TypeSyntaxError(
            f"The number {number_text} is too large for a literal: it reads as "
            f"{sign}Infinity, and Convex supports only finite numbers in v.literal()."
        )
    return Literal(
        int(value) if value.is_integer() and "." not in text else value, "number"
    )


def _unquote(token: Token) -> str:
    body = token.text[1:-1]
    result: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            result.append(char)
            index += 1
            continue
        index += 1
        escape = body[index]
        if escape == "u":
            decoded, index = _unicode_escape(body, index + 1, token)
            result.append(decoded)
            continue
        result.append(_ESCAPES.get(escape, escape))
        index += 1
    return "".join(result)


def _unicode_escape(body: str, index: int, token: Token) -> tuple[str, int]:
    """Decode \\uXXXX or \\u{X...} starting at ``index``; return it and the next index."""
    if body.startswith("{", index):
        end = body.find("}", index)
        digits = body[index + 1 : end] if end != -1 else ""
        next_index = end + 1
    else:
        digits = body[index : index + 4]
        next_index = index + 4
    code = int(digits, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", digits) else -1
    # Lone surrogates cannot be stored as text, so only whole code points pass.
    if not (0 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
        raise TypeSyntaxError(
            f"Invalid \\u escape in the string at column {token.column}; "
            "type the character itself or use \\u{...} with its code point."
        )
    return chr(code), next_index
