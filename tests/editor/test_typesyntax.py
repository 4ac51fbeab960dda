from __future__ import annotations

import pytest

from designer.editor.typesyntax import (
    MAX_NESTING,
    TypeSyntaxError,
    format_type,
    parse_type,
)
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Member,
    Object,
    Record,
    Scalar,
    Union,
)
from tests.factories import make_blog_schema


@pytest.mark.parametrize(
    ("text", "validator", "optional"),
    [
        ("v.string()", Scalar("string"), False),
        ("number()", Scalar("number"), False),
        ("v.bigint()", Scalar("int64"), False),
        ("v.optional(v.boolean())", Scalar("boolean"), True),
        ("v.id('users')", Id("users"), False),
        ('v.literal("a\\"b\\n")', Literal('a"b\n'), False),
        ("v.literal(10n)", Literal(10, "bigint"), False),
        ("v.literal(-1.5)", Literal(-1.5, "number"), False),
        ("v.literal(false)", Literal(False, "boolean"), False),
        ("v.array(v.array(v.null()))", Array(Array(Scalar("null"))), False),
        (
            "v.object({ a: v.string(), 'b c': v.optional(v.any()), })",
            Object((Member("a", Scalar("string")), Member("b c", Scalar("any"), True))),
            False,
        ),
        (
            "v.record(v.string(), v.bytes())",
            Record(Scalar("string"), Scalar("bytes")),
            False,
        ),
        ("v.union()", Union(()), False),
        ('v.literal("\\u{1F600}\\u00e9")', Literal("😀é"), False),
    ],
)
def test_parse_type_reads_each_kind(text, validator, optional):
    assert parse_type(text) == (validator, optional)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The type is empty; type a validator such as v.string()."),
        ("v.text()", "Unknown validator v.text at column 1."),
        ("v.string() v.number()", "Unexpected 'v' at column 12 after the type."),
        (
            "v.array(v.optional(v.string()))",
            "v.optional at column 9 may only wrap a whole field or an object member.",
        ),
        ("v.id(users)", "v.id needs a table name in quotes, at column 6."),
        ("v.literal(2.5n)", "A bigint literal must be a whole number, not 2.5n."),
        (
            "v.object({ a: v.string(), a: v.null() })",
            "Member 'a' appears twice in the object at column 27.",
        ),
        ("v.string(;", "Unexpected ';' at column 10."),
        ('v.literal("\\uD83D")', "Invalid \\u escape in the string at column 11"),
        (
            "v.array(" * (MAX_NESTING + 2) + "v.null()" + ")" * (MAX_NESTING + 2),
            f"The type is nested deeper than {MAX_NESTING} levels.",
        ),
    ],
)
def test_parse_type_rejects_with_a_message(text, message):
    with pytest.raises(TypeSyntaxError) as raised:
        parse_type(text)

    assert str(raised.value).startswith(message)


def test_format_type_round_trips_every_blog_field():
    for _, field in make_blog_schema().iter_fields():
        text = format_type(field.validator, field.optional)

        assert parse_type(text) == (field.validator, field.optional), text


def test_format_type_quotes_hostile_text():
    validator = Object((Member('x"y', Literal("</script>${a}\\")),))

    text = format_type(validator)

    assert text == 'v.object({ "x\\"y": v.literal("</script>${a}\\\\") })'
    assert parse_type(text) == (validator, False)
