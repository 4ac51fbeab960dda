"""Render a schema as a Convex ``schema.ts`` file.

The output is deterministic and formatted exactly as Prettier 3 formats
TypeScript with its default options (80 columns, 2 spaces, double quotes,
trailing commas everywhere). The module builds the same layout documents
that Prettier's JavaScript printer builds for these constructs and prints
them with ``layout.print_doc``; it never runs Prettier itself.

What the file contains:

* ``defineSchema`` gets its options object only when an option differs from
  Convex's default (``schemaValidation: true``, ``strictTableNameTypes:
  true``), so a default project exports the shortest schema.
* Descriptions become ``/** ... */`` comments: the schema's above
  ``export default``, a table's or field's above the table or field. A
  unique field gets a ``// unique: ...`` comment naming the index that
  mutations can use to enforce it.
* An index is written in the array form, or in the object form when staged.
  Search and vector indexes list ``filterFields`` only when there are some.
* Tables are separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import count

from designer.schemas.exporters.layout import (
    HARDLINE,
    LINE,
    SOFTLINE,
    BreakParent,
    Doc,
    IfBreak,
    Indent,
    IndentIfBreak,
    conditional_group,
    group,
    print_doc,
    text_width,
    will_break,
)
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import (
    Array,
    Id,
    Literal,
    Object,
    Record,
    Scalar,
    Union,
    Validator,
)

IMPORTS = (
    'import { defineSchema, defineTable } from "convex/server";\n'
    'import { v } from "convex/values";\n'
)
PRINT_WIDTH = 80
TAB_WIDTH = 2


# A small expression tree: just the JavaScript a schema file is made of.


@dataclass
class Ident:
    name: str


@dataclass
class Str:
    value: str


@dataclass
class Num:
    """A numeric or bigint literal, already written as source text."""

    text: str


@dataclass
class Member:
    object: Expr
    name: str


@dataclass
class Call:
    callee: Expr
    args: list[Expr] = field(default_factory=list)


@dataclass
class Prop:
    key: str
    value: Expr
    comments: list[Doc] = field(default_factory=list)


@dataclass
class Obj:
    props: list[Prop]
    # Written with a line break after "{": Prettier keeps such objects broken.
    expanded: bool = False
    blank_lines: bool = False


@dataclass
class Arr:
    elements: list[Expr]


Expr = Ident | Str | Num | Member | Call | Obj | Arr


def render(schema: Schema) -> str:
    """Return the ``schema.ts`` source of ``schema``."""
    tables = Obj(
        [_table_prop(t) for t in schema.tables], expanded=True, blank_lines=True
    )
    args: list[Expr] = [tables]
    options = _options(schema)
    if options.props:
        args.append(options)
    statement: list[Doc] = [
        "export default ",
        _Printer().expr(Call(Ident("defineSchema"), args)),
        ";",
    ]
    if schema.description:
        statement = [_block_comment(schema.description), HARDLINE, statement]
    return IMPORTS + "\n" + print_doc([statement, HARDLINE], PRINT_WIDTH)


def _options(schema: Schema) -> Obj:
    props = []
    if not schema.schema_validation:
        props.append(Prop("schemaValidation", Ident("false")))
    if not schema.strict_table_name_types:
        props.append(Prop("strictTableNameTypes", Ident("false")))
    return Obj(props)


def _table_prop(table: Table) -> Prop:
    chain: Expr = Call(Ident("defineTable"), [_document(table)])
    for index in table.indexes:
        fields = Arr([Str(f) for f in index.fields])
        config: Expr = fields
        if index.staged:
            config = Obj([Prop("fields", fields), Prop("staged", Ident("true"))])
        chain = Call(Member(chain, "index"), [Str(index.name), config])
    for search in table.search_indexes:
        props = [Prop("searchField", Str(search.search_field))]
        props += _filter_and_staged(search.filter_fields, search.staged)
        chain = Call(Member(chain, "searchIndex"), [Str(search.name), Obj(props)])
    for vector in table.vector_indexes:
        props = [
            Prop("vectorField", Str(vector.vector_field)),
            Prop("dimensions", Num(str(vector.dimensions))),
        ]
        props += _filter_and_staged(vector.filter_fields, vector.staged)
        chain = Call(Member(chain, "vectorIndex"), [Str(vector.name), Obj(props)])
    comments = [_block_comment(table.description)] if table.description else []
    return Prop(table.name, chain, comments)


def _filter_and_staged(filter_fields: list[str], staged: bool) -> list[Prop]:
    props = []
    if filter_fields:
        props.append(Prop("filterFields", Arr([Str(f) for f in filter_fields])))
    if staged:
        props.append(Prop("staged", Ident("true")))
    return props


def _document(table: Table) -> Expr:
    if table.document_kind == "any":
        return _v("any")
    variants = [_fields_object(table, fields) for fields in table.variants()]
    if table.document_kind == "union":
        return _v("union", *(_v("object", o) for o in variants))
    return variants[0]


def _fields_object(table: Table, fields: list[Field]) -> Obj:
    props = []
    for f in fields:
        comments = [_block_comment(f.description)] if f.description else []
        if f.unique:
            comments.append(_unique_comment(table, f.name))
        props.append(Prop(f.name, _field_value(f.validator, f.optional), comments))
    return Obj(props, expanded=True)


def _unique_comment(table: Table, name: str) -> str:
    index = next((i for i in table.indexes if i.fields[:1] == [name]), None)
    if index is None:
        return "// unique: enforce in mutations; no index starts with this field yet"
    return f"// unique: enforce in mutations with index {_line_safe(index.name)}"


def _field_value(validator: Validator, optional: bool) -> Expr:
    value = _validator(validator)
    return _v("optional", value) if optional else value


def _validator(validator: Validator) -> Expr:
    if isinstance(validator, Scalar):
        return _v(validator.kind)
    if isinstance(validator, Id):
        return _v("id", Str(validator.table))
    if isinstance(validator, Literal):
        return _v("literal", _literal(validator))
    if isinstance(validator, Array):
        return _v("array", _validator(validator.element))
    if isinstance(validator, Object):
        props = [
            Prop(
                m.name,
                _field_value(m.validator, m.optional),
                [_block_comment(m.description)] if m.description else [],
            )
            for m in validator.members
        ]
        return _v("object", Obj(props))
    if isinstance(validator, Record):
        return _v("record", _validator(validator.keys), _validator(validator.values))
    if isinstance(validator, Union):
        return _v("union", *(_validator(m) for m in validator.members))
    raise TypeError(f"Cannot export validator {validator!r}.")


def _v(name: str, *args: Expr) -> Call:
    return Call(Member(Ident("v"), name), list(args))


def _literal(literal: Literal) -> Expr:
    if literal.type == "string":
        return Str(literal.value)  # type: ignore[arg-type]
    if literal.type == "boolean":
        return Ident("true" if literal.value else "false")
    if literal.type == "bigint":
        return Num(f"{literal.value}n")
    return Num(js_number(literal.value))  # type: ignore[arg-type]


def js_number(value: float | int) -> str:
    """Write a number as JavaScript source, in the form Prettier keeps."""
    if isinstance(value, int):
        return str(value)
    # Validators hold finite numbers only (see ``Literal``).
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value).lower()
    text = re.sub(r"^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)", r"\1\2\3", text)
    text = re.sub(r"(\.\d+?)0+(?=e|$)", r"\1", text)
    return re.sub(r"\.(?=e|$)", "", text)


# Strings, keys and comments.

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_ESCAPES = {
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def js_string(value: str) -> str:
    """Quote ``value`` as a JavaScript string literal the way Prettier prints it.

    Prettier picks double quotes unless the text contains more double
    than single quotes. Control characters, line and paragraph separators, lone
    surrogates and the byte order mark are escaped, so the literal cannot
    end early or change meaning.
    """
    quote = "'" if value.count('"') > value.count("'") else '"'
    parts = [quote]
    for char in value:
        code = ord(char)
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif char == quote:
            parts.append("\\" + char)
        elif (
            code < 0x20
            or code == 0x7F
            or code in (0x2028, 0x2029, 0xFEFF)
            or 0xD800 <= code <= 0xDFFF
        ):
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(char)
    parts.append(quote)
    return "".join(parts)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_ID_START = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"}
_ID_PART = _ID_START | {"Mn", "Mc", "Nd", "Pc"}


def is_identifier_name(name: str) -> bool:
    """Return whether ``name`` can be an unquoted object key (an ES5 IdentifierName)."""
    if not name:
        return False
    first, rest = name[0], name[1:]
    if not (first in "$_" or unicodedata.category(first) in _ID_START):
        return False
    return all(
        c in "$_\u200c\u200d" or unicodedata.category(c) in _ID_PART for c in rest
    )


def _property_key(name: str) -> str:
    return name if is_identifier_name(name) else js_string(name)


def _line_safe(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _block_comment(text: str) -> Doc:
    """Return ``text`` as a ``/** */`` comment that no text can end early.

    Each line of a multi-line comment starts with `` * ``, so Prettier
    re-indents it with the code instead of leaving it as written.
    """
    text = _LINE_BREAKS.sub("\n", text).replace("*/", "*\\/").strip("\n")
    lines = [line.rstrip() for line in text.split("\n")]
    if len(lines) == 1:
        return f"/** {lines[0].strip()} */"
    body: list[Doc] = ["/**"]
    for line in lines:
        body.extend([HARDLINE, f" * {line}".rstrip()])
    return [*body, HARDLINE, " */"]


# The layout documents, after Prettier's estree printer (Prettier 3.x,
# src/language-js/print/{call-arguments,member-chain,assignment,object}.js).


class _Printer:
    def __init__(self) -> None:
        self._ids = count()

    def expr(self, node: Expr) -> Doc:
        if isinstance(node, Ident):
            return node.name
        if isinstance(node, Num):
            return node.text
        if isinstance(node, Str):
            return js_string(node.value)
        if isinstance(node, Member):
            return [self.expr(node.object), ".", node.name]
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Obj):
            return self._object(node)
        return self._array(node)

    def _call(self, node: Call) -> Doc:
        if isinstance(node.callee, Member):
            return self._member_chain(node)
        return [self.expr(node.callee), self._arguments(node)]

    def _arguments(self, node: Call) -> Doc:
        args = node.args
        if not args:
            return "()"
        printed: list[Doc] = [
            [self.expr(a), ",", LINE] if n < len(args) - 1 else self.expr(a)
            for n, a in enumerate(args)
        ]
        broken_out = group(["(", Indent([LINE, *printed, ","]), LINE, ")"], True)
        if _could_group_last(args):
            if any(will_break(p) for p in printed[:-1]):
                return broken_out
            last = printed[-1]
            return [
                BreakParent() if any(will_break(p) for p in printed) else "",
                conditional_group(
                    [
                        ["(", *printed[:-1], last, ")"],
                        ["(", *printed[:-1], group(last, True), ")"],
                        broken_out,
                    ]
                ),
            ]
        contents = ["(", Indent([SOFTLINE, *printed]), IfBreak(","), SOFTLINE, ")"]
        return group(contents, any(will_break(p) for p in printed))

    def _member_chain(self, node: Call) -> Doc:
        pieces = self._chain_pieces(node)
        groups = _chain_groups(pieces)
        one_line: list[Doc] = [doc for g in groups for doc in g]
        if len(groups) <= 2:
            return group(one_line)

        expanded = [groups[0], Indent([HARDLINE, *_join_groups(groups[1:])])]
        calls = [n for n, _ in pieces if isinstance(n, Call)]
        has_complex_arguments = len(calls) > 2 and any(
            not all(_is_simple(a) for a in c.args) for c in calls
        )
        if has_complex_arguments or any(will_break(g) for g in groups[:-1]):
            return group(expanded)
        return [
            BreakParent() if will_break(one_line) else "",
            conditional_group([one_line, expanded]),
        ]

    def _chain_pieces(self, node: Call) -> list[tuple[Expr, Doc]]:
        """Flatten ``head(...).a(...).b(...)`` into its nodes, each with its printed doc."""
        pieces: list[tuple[Expr, Doc]] = []
        current: Expr = node
        while isinstance(current, Call | Member):
            if isinstance(current, Call):
                pieces.insert(0, (current, self._arguments(current)))
                current = current.callee
            else:
                pieces.insert(0, (current, [".", current.name]))
                current = current.object
        pieces.insert(0, (current, self.expr(current)))
        return pieces

    def _object(self, node: Obj) -> Doc:
        if not node.props:
            return "{}"
        parts: list[Doc] = []
        separator: list[Doc] = []
        for prop in node.props:
            parts.extend(separator)
            parts.append(group(self._property(prop)))
            separator = [",", LINE, HARDLINE] if node.blank_lines else [",", LINE]
        contents = ["{", Indent([LINE, *parts]), IfBreak(","), LINE, "}"]
        return group(contents, node.expanded)

    def _property(self, prop: Prop) -> Doc:
        comments: list[Doc] = [[c, HARDLINE] for c in prop.comments]
        key = _property_key(prop.key)
        value = self.expr(prop.value)
        layout = _assignment_layout(key, prop.value)
        if layout == "break-after-operator":
            doc: Doc = group([group(key), ":", group(Indent([LINE, value]))])
        elif layout == "never-break-after-operator":
            doc = group([group(key), ": ", value])
        else:
            group_id = f"assignment-{next(self._ids)}"
            doc = group(
                [
                    group(key),
                    ":",
                    group(Indent(LINE), id=group_id),
                    IndentIfBreak(value, group_id),
                ]
            )
        return [*comments, doc]

    def _array(self, node: Arr) -> Doc:
        if not node.elements:
            return "[]"
        items: list[Doc] = []
        for position, element in enumerate(node.elements):
            if position:
                items.extend([",", LINE])
            items.append(group(self.expr(element)))
        return group(["[", Indent([SOFTLINE, *items, IfBreak(",")]), SOFTLINE, "]"])


def _chain_groups(pieces: list[tuple[Expr, Doc]]) -> list[list[Doc]]:
    """Group a flattened chain as Prettier does.

    The first group is the head with the calls right after it, then comes
    one group per ``.name(...)``.
    """
    head_end = 1
    while head_end < len(pieces) and isinstance(pieces[head_end][0], Call):
        head_end += 1
    groups = [[doc for _, doc in pieces[:head_end]]]
    for node, doc in pieces[head_end:]:
        if isinstance(node, Member):
            groups.append([])
        groups[-1].append(doc)
    return groups


def _join_groups(groups: list[list[Doc]]) -> list[Doc]:
    joined: list[Doc] = []
    for position, printed in enumerate(groups):
        if position:
            joined.append(HARDLINE)
        joined.append(printed)
    return joined


def _could_group_last(args: list[Expr]) -> bool:
    """Return whether the last argument may hug the parentheses (Prettier's rule)."""
    last = args[-1]
    expandable = (isinstance(last, Obj) and last.props) or (
        isinstance(last, Arr) and last.elements
    )
    if not expandable:
        return False
    if len(args) > 1 and type(args[-2]) is type(last):
        return False
    return not (len(args) > 1 and isinstance(last, Arr) and _is_concise_array(last))


def _is_concise_array(node: Arr) -> bool:
    return len(node.elements) > 1 and all(isinstance(e, Num) for e in node.elements)


def _is_simple(node: Expr) -> bool:
    """Prettier's ``isSimpleCallArgument`` for the expressions a schema contains."""
    if isinstance(node, Ident | Str | Num):
        return True
    if isinstance(node, Obj):
        return all(_is_simple(p.value) for p in node.props)
    if isinstance(node, Arr):
        return all(_is_simple(e) for e in node.elements)
    if isinstance(node, Member):
        return _is_simple(node.object)
    return _is_simple(node.callee) and all(_is_simple(a) for a in node.args)


def _assignment_layout(key: str, value: Expr) -> str:
    """Choose how ``key: value`` breaks, as Prettier's ``chooseLayout`` does."""
    short_key = text_width(key) < TAB_WIDTH + 3
    if not short_key and (isinstance(value, Str) or _poorly_breakable(value)):
        return "break-after-operator"
    if (
        short_key
        or isinstance(value, Num)
        or (isinstance(value, Ident) and value.name in ("true", "false"))
    ):
        return "never-break-after-operator"
    return "fluid"


def _poorly_breakable(node: Expr, deep: bool = False) -> bool:
    """Return whether ``node`` is a chain like ``v.string()`` with at most one short argument."""
    if isinstance(node, Member):
        return _poorly_breakable(node.object, True)
    if isinstance(node, Call):
        if len(node.args) > 1 or (node.args and not _lone_short(node.args[0])):
            return False
        return _poorly_breakable(node.callee, True)
    return deep and isinstance(node, Ident)


def _lone_short(node: Expr) -> bool:
    threshold = PRINT_WIDTH * 0.25
    if isinstance(node, Ident):
        return len(node.name) <= threshold
    if isinstance(node, Str):
        return utf16_length(js_string(node.value)) <= threshold
    return isinstance(node, Num)
