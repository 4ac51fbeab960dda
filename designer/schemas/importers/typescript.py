"""Import a Convex ``schema.ts`` file into an in-memory schema.

The file is parsed with tree-sitter's TypeScript grammar, then the schema
expression is evaluated symbolically: ``defineSchema``, ``defineTable``, the
``v.*`` validators, the index methods, literals, and the top-level ``const``
declarations these refer to. Whatever comes from another module (an imported
identifier, a spread of an imported object) cannot be seen from this file: it
is reported as skipped with its position, and the rest is imported. Anything
else the importer does not understand raises SchemaImportError with the
position, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import tree_sitter
import tree_sitter_typescript

from designer.schemas.identifiers import (
    RESERVED_INDEX_NAMES,
    SYSTEM_FIELDS,
    identifier_problem,
)
from designer.schemas.importers import ImportProblem
from designer.schemas.schema import (
    Field,
    Index,
    Schema,
    SearchIndex,
    Table,
    VectorIndex,
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
    Validator,
    ValidatorError,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
# Expression nesting, counted through the constants an expression refers to.
# Convex stores documents at most 16 levels deep, so real schemas stay far
# below this.
MAX_NESTING = 64
DEFAULT_NAME = "Imported schema"

_LANGUAGE = tree_sitter.Language(tree_sitter_typescript.language_typescript())
_SCALARS = ("null", "number", "float64", "int64", "boolean", "string", "bytes", "any")
_CONVEX_NAMES = {
    "convex/values": ("v",),
    "convex/server": ("defineSchema", "defineTable"),
}
# The marker the schema.ts exporter writes above a field marked unique.
_UNIQUE_COMMENT = re.compile(r"unique:\s")
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}


class SchemaImportError(ImportProblem):
    """Raised when a schema.ts file cannot be imported; carries the place when known.

    ``line`` and ``column`` count from 1, and both are 0 when the problem is
    the file as a whole.
    """

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return f"Line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """A construct left out of the import because it is defined elsewhere."""

    line: int
    column: int
    what: str
    source_line: str


@dataclass(frozen=True)
class Note:
    """A construct imported in a changed form, and where it was."""

    line: int
    column: int
    what: str
    source_line: str


@dataclass
class ImportResult:
    schema: Schema
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def import_typescript(text: str, name: str = "") -> ImportResult:
    """Import the Convex schema defined in ``text``, a ``schema.ts`` file.

    Raises:
        SchemaImportError: the file is too large, is not valid TypeScript, has
            no ``defineSchema(...)``, or uses something the importer does not
            understand. The error names the line and column.
    """
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise SchemaImportError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB, but "
            f"the maximum is {MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    source = _Source(data)
    tree = tree_sitter.Parser(_LANGUAGE).parse(source.parsed)
    if tree.root_node.has_error:
        raise _syntax_error(source, tree.root_node)
    evaluator = _Evaluator(source, _Scope(tree.root_node), tree.root_node)
    definition = evaluator.schema_definition()
    schema = Schema(
        name=name if name.strip() else DEFAULT_NAME,
        description=definition.description,
        tables=definition.tables,
        schema_validation=definition.options.get("schemaValidation", True),
        strict_table_name_types=definition.options.get("strictTableNameTypes", True),
    )
    return ImportResult(schema, evaluator.skipped, evaluator.notes)


class _Source:
    """The file's bytes, for turning tree-sitter positions into messages.

    tree-sitter takes a NUL byte for the end of the input, but JavaScript
    allows one in a comment or string. ``parsed`` has each NUL replaced by a
    control byte the file does not contain, and ``restore`` turns it back in
    the text of comments and strings.
    """

    def __init__(self, data: bytes) -> None:
        self.lines = data.split(b"\n")
        self.placeholder = ""
        self.parsed = data
        if b"\0" in data:
            unused = set(range(1, 32)) - set(data) - {9, 10, 13}
            if not unused:
                raise SchemaImportError(
                    "The file contains NUL bytes. Remove them and import it again."
                )
            self.placeholder = chr(min(unused))
            self.parsed = data.replace(b"\0", self.placeholder.encode())

    def restore(self, text: str) -> str:
        return text.replace(self.placeholder, "\0") if self.placeholder else text

    def place(self, node: tree_sitter.Node) -> tuple[int, int, str]:
        """Return the 1-based line, 1-based character column and source line."""
        row, byte_column = node.start_point
        line = self.lines[row] if row < len(self.lines) else b""
        column = len(line[:byte_column].decode("utf-8", errors="replace")) + 1
        source_line = line.decode("utf-8", errors="replace").rstrip()
        return row + 1, column, _shorten(source_line, 200)

    def error(self, node: tree_sitter.Node, message: str) -> SchemaImportError:
        return SchemaImportError(message, *self.place(node))


def _syntax_error(source: _Source, root: tree_sitter.Node) -> SchemaImportError:
    node = root
    while node.type != "ERROR" and not node.is_missing:
        child = next((c for c in node.children if c.has_error or c.is_missing), None)
        if child is None:
            break
        node = child
    if node.is_missing:
        return source.error(node, f"Syntax error: `{node.type}` is missing here.")
    snippet = _shorten(_text(node).split("\n")[0].strip(), 40)
    return source.error(node, f"Syntax error at `{snippet}`.")


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Scope:
    """The file's top-level imports and ``const`` declarations, by local name."""

    def __init__(self, root: tree_sitter.Node) -> None:
        self.imports: dict[str, tuple[str, str]] = {}
        self.constants: dict[str, tree_sitter.Node] = {}
        for statement in root.named_children:
            if statement.type == "import_statement":
                self._add_import(statement)
            elif statement.type == "lexical_declaration":
                self._add_constants(statement)
            elif statement.type == "export_statement":
                declaration = statement.child_by_field_name("declaration")
                if (
                    declaration is not None
                    and declaration.type == "lexical_declaration"
                ):
                    self._add_constants(declaration)
        self.builtins = self._builtins()

    def _add_import(self, statement: tree_sitter.Node) -> None:
        if any(c.type == "type" for c in statement.children):
            return
        module = _string_value(statement.child_by_field_name("source"))
        clause = next(
            (c for c in statement.named_children if c.type == "import_clause"), None
        )
        for part in clause.named_children if clause else ():
            if part.type == "identifier":
                self.imports[_text(part)] = (module, "default")
            elif part.type == "namespace_import":
                self.imports[_text(part.named_children[0])] = (module, "*")
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    if specifier.type != "import_specifier":
                        continue
                    imported = _text(specifier.child_by_field_name("name"))
                    alias = specifier.child_by_field_name("alias")
                    self.imports[_text(alias) if alias else imported] = (
                        module,
                        imported,
                    )

    def _add_constants(self, declaration: tree_sitter.Node) -> None:
        if declaration.children[0].type != "const":
            return
        for declarator in declaration.named_children:
            name = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if name is not None and name.type == "identifier" and value is not None:
                self.constants.setdefault(_text(name), value)

    def _builtins(self) -> dict[str, str]:
        """Map local names to the Convex function or object each one is."""
        builtins = {}
        for local, (module, imported) in self.imports.items():
            if imported in _CONVEX_NAMES.get(module, ()):
                builtins[local] = imported
        # A pasted fragment often leaves out the imports: the usual names then
        # mean what they mean in every Convex schema.
        for names in _CONVEX_NAMES.values():
            for name in names:
                if name not in self.imports and name not in self.constants:
                    builtins[name] = name
        return builtins


def _string_value(
    node: tree_sitter.Node | None, restore: Callable[[str], str] = str
) -> str:
    """Decode a string or template literal without substitutions.

    ``restore`` applies to the literal text between the escapes only.
    """
    parts = []
    for child in node.named_children if node is not None else ():
        if child.type == "string_fragment":
            parts.append(restore(_text(child)))
        elif child.type == "escape_sequence":
            parts.append(_unescape(_text(child)))
    # Escapes may spell a character outside the BMP as a UTF-16 surrogate
    # pair, `\ud83d\ude00`. This joins such pairs and keeps lone ones.
    return (
        "".join(parts)
        .encode("utf-16-le", "surrogatepass")
        .decode("utf-16-le", "surrogatepass")
    )


def _unescape(sequence: str) -> str:
    body = sequence[1:]
    if body[:1] == "u":
        digits = body[2:-1] if body[1:2] == "{" else body[1:]
        return chr(int(digits, 16))
    if body[:1] == "x":
        return chr(int(body[1:], 16))
    if body[:1] in ("\n", "\r"):
        return ""
    return _ESCAPES.get(body, body)


# Values that evaluating an expression can produce, besides str, bool, int,
# float, list and the validators themselves.


@dataclass(frozen=True)
class _BigInt:
    value: int


@dataclass(frozen=True)
class _Builtin:
    name: str


@dataclass(frozen=True)
class _ValidatorBuilder:
    name: str


@dataclass(frozen=True)
class _Optional:
    validator: Validator


@dataclass(frozen=True)
class _ObjectLiteral:
    node: tree_sitter.Node


@dataclass
class _FieldList:
    """The fields of a table's document object, comments included."""

    fields: list[Field]


@dataclass
class _UnionDocument:
    variants: list[list[Field]]


@dataclass
class _TableSkips:
    """The field names and spreads skipped from one table's document."""

    fields: dict[str, int] = field(default_factory=dict)
    spreads: list[str] = field(default_factory=list)


@dataclass
class _TableDefinition:
    table: Table
    skips: _TableSkips = field(default_factory=_TableSkips)


@dataclass(frozen=True)
class _IndexMethod:
    definition: _TableDefinition
    name: str


@dataclass
class _SchemaDefinition:
    tables: list[Table]
    options: dict[str, Any]
    description: str = ""


@dataclass(frozen=True)
class _Entry:
    """One property of an object literal, with the comment above it."""

    key: str
    key_node: tree_sitter.Node
    value_node: tree_sitter.Node
    description: str
    unique: bool


class _External(Exception):
    """Raised when an expression uses a name imported from another module."""

    def __init__(self, node: tree_sitter.Node, name: str, module: str) -> None:
        self.node = node
        self.name = name
        self.module = module
        super().__init__(name)

    def reason(self) -> str:
        return f'`{self.name}` is imported from "{self.module}"'


OnExternal = Callable[[_External, str], None]


class _Evaluator:
    """Evaluates the schema's expressions into tables, fields and validators."""

    def __init__(self, source: _Source, scope: _Scope, root: tree_sitter.Node) -> None:
        self.source = source
        self.scope = scope
        self.root = root
        self.skipped: list[Skipped] = []
        self.notes: list[Note] = []
        self.table_name = ""
        # The skips of the table whose document is being read, if any.
        self._table_skips: _TableSkips | None = None
        self._depth = 0
        self._steps = 0
        # Constants are evaluated again at each use, so a chain of constants
        # that each use the one before twice would grow exponentially.
        self._max_steps = 100_000 + 10 * root.descendant_count
        self._resolving: set[str] = set()

    def error(self, node: tree_sitter.Node, message: str) -> SchemaImportError:
        return self.source.error(node, message)

    # The schema as a whole.

    def schema_definition(self) -> _SchemaDefinition:
        node = self._schema_expression()
        try:
            value = self.evaluate(node)
        except _External as external:
            raise self.error(
                external.node,
                f"The schema comes from another module: {external.reason()}.",
            ) from None
        if not isinstance(value, _SchemaDefinition):
            raise self.error(
                node, "The default export is not a `defineSchema(...)` call."
            )
        statement = node
        while statement.parent is not None and statement.parent.type != "program":
            statement = statement.parent
        value.description = self.source.restore(_comments_above(statement)[0])
        return value

    def _schema_expression(self) -> tree_sitter.Node:
        calls = []
        for statement in self.root.named_children:
            if statement.type == "export_statement":
                value = statement.child_by_field_name("value")
                if value is not None and any(
                    c.type == "default" for c in statement.children
                ):
                    return value
            calls.extend(self._define_schema_calls(statement))
        if len(calls) == 1:
            return calls[0]
        if calls:
            raise self.error(
                calls[1],
                "The file calls `defineSchema` more than once and exports none "
                "of them as default.",
            )
        raise SchemaImportError(
            "No `defineSchema(...)` found: a Convex schema file exports "
            "`defineSchema({...})` as its default export."
        )

    def _define_schema_calls(
        self, statement: tree_sitter.Node
    ) -> list[tree_sitter.Node]:
        if statement.type == "expression_statement":
            candidates = statement.named_children
        elif statement.type == "lexical_declaration":
            candidates = [
                d.child_by_field_name("value") for d in statement.named_children
            ]
        else:
            return []
        return [
            node
            for node in candidates
            if node is not None
            and node.type == "call_expression"
            and self.scope.builtins.get(_text(node.child_by_field_name("function")))
            == "defineSchema"
        ]

    # Expressions.

    def evaluate(self, node: tree_sitter.Node, document: bool = False) -> Any:
        """Evaluate ``node``; ``document`` is set for a table's document validator."""
        self._steps += 1
        if self._steps > self._max_steps:
            raise self.error(
                node,
                "The schema expands to too many expressions through reused "
                f"constants (more than {self._max_steps:,}).",
            )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise self.error(
                    node,
                    f"Expressions nested deeper than {MAX_NESTING} levels are not supported.",
                )
            handler = _HANDLERS.get(node.type)
            if handler is None:
                raise self.error(node, f"Unsupported {_describe_node(node)} here.")
            return handler(self, node, document)
        finally:
            self._depth -= 1

    def _inner(self, node: tree_sitter.Node, document: bool) -> Any:
        # `(x)`, `x as const`, `x satisfies T`, `x!`: the value is x's.
        return self.evaluate(node.named_children[0], document)

    def _string(self, node: tree_sitter.Node, document: bool) -> str:
        if any(c.type == "template_substitution" for c in node.named_children):
            raise self.error(node, "Template strings with `${...}` are not supported.")
        return _string_value(node, self.source.restore)

    def _number(self, node: tree_sitter.Node, document: bool) -> Any:
        text = _text(node)
        try:
            if text.endswith("n"):
                return _BigInt(int(text[:-1], 0))
            if re.fullmatch(r"0[xXoObB][0-9a-fA-F_]+|[0-9_]+", text):
                return int(text, 0)
            value = float(text)
        except ValueError:
            raise self.error(node, f"Unsupported number `{text}`.") from None
        if value in (float("inf"), float("-inf")):
            raise self.error(
                node, f"The number `{_shorten(text, 40)}` is out of range."
            )
        return value

    def _unary(self, node: tree_sitter.Node, document: bool) -> Any:
        operator = _text(node.child_by_field_name("operator"))
        value = self.evaluate(node.child_by_field_name("argument"))
        if operator == "-" and isinstance(value, _BigInt):
            return _BigInt(-value.value)
        if (
            operator == "-"
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            return -value
        raise self.error(node, f"Unsupported expression `{_shorten(_text(node), 40)}`.")

    def _boolean(self, node: tree_sitter.Node, document: bool) -> bool:
        return node.type == "true"

    def _object(self, node: tree_sitter.Node, document: bool) -> _ObjectLiteral:
        _check_commas(self, node)
        return _ObjectLiteral(node)

    def _array(self, node: tree_sitter.Node, document: bool) -> list[Any]:
        _check_commas(self, node)
        items = [c for c in node.named_children if c.type != "comment"]
        for item in items:
            if item.type == "spread_element":
                raise self.error(item, "Spreads inside arrays are not supported.")
        return [self.evaluate(item) for item in items]

    def _identifier(self, node: tree_sitter.Node, document: bool) -> Any:
        name = _text(node)
        if name in self.scope.builtins:
            return _Builtin(self.scope.builtins[name])
        if name in self.scope.imports:
            raise _External(node, name, self.scope.imports[name][0])
        declaration = self.scope.constants.get(name)
        if declaration is None and name in ("NaN", "Infinity"):
            raise self.error(
                node,
                f"`{name}` is not a value Convex can store: number literals must be "
                "finite.",
            )
        if declaration is None:
            raise self.error(
                node,
                f"`{_shorten(name, 64)}` is not defined in this file: the importer "
                "follows top-level `const` declarations and imports only.",
            )
        if name in self._resolving:
            raise self.error(node, f"`{name}` refers to itself.")
        self._resolving.add(name)
        try:
            return self.evaluate(declaration, document)
        finally:
            self._resolving.discard(name)

    def _member(self, node: tree_sitter.Node, document: bool) -> Any:
        if node.child_by_field_name("optional_chain") is not None:
            raise self.error(node, "Optional chaining (`?.`) is not supported.")
        object_node = node.child_by_field_name("object")
        property_node = node.child_by_field_name("property")
        name = _text(property_node)
        # `v.string` and the like are most of a schema: skip the general path.
        if (
            object_node.type == "identifier"
            and self.scope.builtins.get(_text(object_node)) == "v"
        ):
            return _ValidatorBuilder(name)
        target = self.evaluate(object_node)
        if target == _Builtin("v"):
            return _ValidatorBuilder(name)
        if isinstance(target, _TableDefinition) and name in _INDEX_METHODS:
            return _IndexMethod(target, name)
        if isinstance(target, _ObjectLiteral):
            entries = [e for e in self.entries(target) if e.key == name]
            if not entries:
                raise self.error(property_node, f"The object has no property `{name}`.")
            return self.evaluate(entries[-1].value_node)
        raise self.error(
            property_node,
            f"Unsupported `.{_shorten(name, 40)}` on {_describe_value(target)}.",
        )

    def _call(self, node: tree_sitter.Node, document: bool) -> Any:
        callee = self.evaluate(node.child_by_field_name("function"))
        arguments = node.child_by_field_name("arguments")
        if arguments is None or arguments.type != "arguments":
            raise self.error(node, "Tagged templates are not supported.")
        if isinstance(callee, _ValidatorBuilder):
            return self._validator(node, callee.name, arguments, document)
        if isinstance(callee, _IndexMethod):
            return self._index_method(callee, arguments)
        if callee == _Builtin("defineTable"):
            return self._define_table(arguments)
        if callee == _Builtin("defineSchema"):
            return self._define_schema(arguments)
        raise self.error(
            node, f"Unsupported call `{_shorten(_text(node).split('(')[0], 60)}(...)`."
        )

    def arguments(
        self, node: tree_sitter.Node, minimum: int, maximum: int, label: str
    ) -> list[tree_sitter.Node]:
        _check_commas(self, node)
        items = [c for c in node.named_children if c.type != "comment"]
        for item in items:
            if item.type == "spread_element":
                raise self.error(
                    item, f"Spread arguments to {label} are not supported."
                )
        if not minimum <= len(items) <= maximum:
            expected = str(minimum) if minimum == maximum else f"{minimum} to {maximum}"
            raise self.error(
                node, f"{label} takes {expected} argument(s), not {len(items)}."
            )
        return items

    # Object literals.

    def entries(
        self, literal: _ObjectLiteral, on_external: OnExternal | None = None
    ) -> Iterator[_Entry]:
        """Yield the literal's properties, with spreads of local objects inlined.

        A spread of an imported object goes to ``on_external`` with its text,
        or raises _External when there is no ``on_external``.
        """
        for child in literal.node.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                yield from self._spread(child, on_external)
            elif child.type == "pair":
                key_node = child.child_by_field_name("key")
                description, unique = _comments_above(child)
                yield _Entry(
                    self._key(key_node),
                    key_node,
                    child.child_by_field_name("value"),
                    self.source.restore(description),
                    unique,
                )
            elif child.type == "shorthand_property_identifier":
                description, unique = _comments_above(child)
                yield _Entry(
                    _text(child),
                    child,
                    child,
                    self.source.restore(description),
                    unique,
                )
            else:
                raise self.error(
                    child, f"Unsupported {_describe_node(child)} in an object."
                )

    def _spread(
        self, node: tree_sitter.Node, on_external: OnExternal | None
    ) -> Iterator[_Entry]:
        try:
            value = self.evaluate(node.named_children[0])
        except _External as external:
            if on_external is None:
                raise
            on_external(external, f"`{_shorten(_text(node), 60)}`")
            return
        if not isinstance(value, _ObjectLiteral):
            raise self.error(
                node, f"Cannot spread {_describe_value(value)} into an object."
            )
        yield from self.entries(value, on_external)

    def _key(self, node: tree_sitter.Node) -> str:
        if node.type == "computed_property_name":
            value = self.evaluate(node.named_children[0])
        elif node.type in ("string", "number"):
            value = self.evaluate(node)
        else:
            value = _text(node)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(node, "A property name must be a string.")
        return str(value)

    def options(
        self, node: tree_sitter.Node, allowed: dict[str, type], label: str
    ) -> dict[str, Any]:
        """Read an options object whose values are literals of the given types."""
        literal = self.evaluate(node)
        if not isinstance(literal, _ObjectLiteral):
            raise self.error(node, f"{label} must be an object literal.")
        options = {}
        for entry in self.entries(literal):
            expected = allowed.get(entry.key)
            if expected is None:
                raise self.error(
                    entry.key_node,
                    f"Unknown option `{_shorten(entry.key, 40)}` of {label}. "
                    f"Expected {', '.join(allowed)}.",
                )
            value = self.evaluate(entry.value_node)
            if not _is_type(value, expected):
                raise self.error(
                    entry.value_node,
                    f"`{entry.key}` of {label} must be {_TYPE_NAMES[expected]}.",
                )
            options[entry.key] = value
        return options

    # Validators.

    def _validator(
        self,
        node: tree_sitter.Node,
        name: str,
        arguments: tree_sitter.Node,
        document: bool,
    ) -> Any:
        builder = _VALIDATORS.get(name)
        if builder is None:
            raise self.error(
                node,
                f"Unknown validator `v.{_shorten(name, 40)}`. Expected one of "
                f"{', '.join(f'v.{n}' for n in _VALIDATORS)}.",
            )
        return builder(self, node, name, arguments, document)

    def validator(self, node: tree_sitter.Node) -> Validator:
        """Evaluate ``node`` to a validator that may not be optional."""
        value = self.evaluate(node)
        if isinstance(value, _Optional):
            raise self.error(
                node, "`v.optional(...)` is only allowed as a property of an object."
            )
        if not isinstance(value, Validator):
            raise self.error(
                node, f"Expected a validator, found {_describe_value(value)}."
            )
        return value

    def _scalar(self, node, name, arguments, document) -> Validator:
        self.arguments(arguments, 0, 0, f"v.{name}()")
        if name == "bigint":
            self.note(
                node, "`v.bigint()` is deprecated, so it was imported as `v.int64()`."
            )
            return Scalar("int64")
        return Scalar(name)

    def _id(self, node, name, arguments, document) -> Validator:
        (argument,) = self.arguments(arguments, 1, 1, "v.id()")
        table = self.evaluate(argument)
        if not isinstance(table, str):
            raise self.error(argument, "`v.id()` needs a table name string.")
        problem = identifier_problem(table)
        if problem:
            raise self.error(
                argument, f"Invalid table name {table!r} in `v.id()`: it {problem}."
            )
        return Id(table)

    def _literal(self, node, name, arguments, document) -> Validator:
        (argument,) = self.arguments(arguments, 1, 1, "v.literal()")
        value = self.evaluate(argument)
        try:
            if isinstance(value, _BigInt):
                return Literal(value.value, "bigint")
            if isinstance(value, bool):
                return Literal(value, "boolean")
            if isinstance(value, int | float):
                return Literal(value, "number")
            if isinstance(value, str):
                return Literal(value, "string")
        except ValidatorError as error:
            raise self.error(argument, str(error)) from None
        raise self.error(
            argument,
            "`v.literal()` needs a string, number, boolean or bigint, "
            f"not {_describe_value(value)}.",
        )

    def _array_validator(self, node, name, arguments, document) -> Validator:
        (argument,) = self.arguments(arguments, 1, 1, "v.array()")
        return Array(self.validator(argument))

    def _record(self, node, name, arguments, document) -> Validator:
        keys, values = self.arguments(arguments, 2, 2, "v.record()")
        return Record(self.validator(keys), self.validator(values))

    def _union(self, node, name, arguments, document) -> Any:
        members = self.arguments(arguments, 0, 10_000, "v.union()")
        if not document:
            return Union(tuple(self.validator(m) for m in members))
        variants = []
        for member in members:
            value = self.evaluate(member, document=True)
            if not isinstance(value, _FieldList):
                raise self.error(
                    member,
                    "Each member of a table's `v.union(...)` must be a `v.object(...)`.",
                )
            variants.append(value.fields)
        return _UnionDocument(variants)

    def _optional(self, node, name, arguments, document) -> _Optional:
        (argument,) = self.arguments(arguments, 1, 1, "v.optional()")
        return _Optional(self.validator(argument))

    def _nullable(self, node, name, arguments, document) -> Validator:
        (argument,) = self.arguments(arguments, 1, 1, "v.nullable()")
        return Union((self.validator(argument), Scalar("null")))

    def _object_validator(self, node, name, arguments, document) -> Any:
        (argument,) = self.arguments(arguments, 1, 1, "v.object()")
        literal = self.evaluate(argument)
        if not isinstance(literal, _ObjectLiteral):
            raise self.error(
                argument, "`v.object()` needs an object literal of fields."
            )
        if document:
            return _FieldList(self.document_fields(literal))
        members = []
        for entry, validator, optional in self._properties(literal, top_level=False):
            members.append(Member(entry.key, validator, optional, entry.description))
        return Object(tuple(members))

    def document_fields(self, literal: _ObjectLiteral) -> list[Field]:
        """Read a table's fields, skipping those that use imported names."""
        fields = []
        for entry, validator, optional in self._properties(literal, top_level=True):
            fields.append(
                Field(entry.key, validator, optional, entry.description, entry.unique)
            )
        return fields

    def _properties(
        self, literal: _ObjectLiteral, top_level: bool
    ) -> Iterator[tuple[_Entry, Validator, bool]]:
        seen: set[str] = set()
        on_external = self._skip_fields if top_level else None
        for entry in self.entries(literal, on_external):
            self._check_field_name(entry, top_level, seen)
            try:
                value = self.evaluate(entry.value_node)
            except _External as external:
                if not top_level:
                    raise
                self.skip(external, f"field `{entry.key}` of table `{self.table_name}`")
                if self._table_skips is not None:
                    line = self.source.place(entry.key_node)[0]
                    self._table_skips.fields.setdefault(entry.key, line)
                continue
            if isinstance(value, _Optional):
                yield entry, value.validator, True
            else:
                yield entry, self._expect_validator(value, entry.value_node), False

    def _expect_validator(self, value: Any, node: tree_sitter.Node) -> Validator:
        if not isinstance(value, Validator):
            raise self.error(
                node, f"Expected a validator, found {_describe_value(value)}."
            )
        return value

    def _check_field_name(self, entry: _Entry, top_level: bool, seen: set[str]) -> None:
        problem = identifier_problem(entry.key)
        if not problem and top_level and entry.key.startswith("_"):
            problem = (
                "starts with an underscore, which Convex reserves for system fields"
            )
        if problem:
            raise self.error(
                entry.key_node,
                f"Invalid field name {_shorten(entry.key, 80)!r}: it {problem}.",
            )
        if entry.key in seen:
            raise self.error(entry.key_node, f"Duplicate field `{entry.key}`.")
        seen.add(entry.key)

    def _skip_fields(self, external: _External, text: str) -> None:
        self.skip(external, f"fields spread with {text} into table `{self.table_name}`")
        if self._table_skips is not None:
            self._table_skips.spreads.append(text)

    # Tables and indexes.

    def _define_table(self, arguments: tree_sitter.Node) -> _TableDefinition:
        (argument,) = self.arguments(arguments, 1, 1, "defineTable()")
        skips, outer = _TableSkips(), self._table_skips
        self._table_skips = skips
        try:
            return _TableDefinition(self._document(argument), skips)
        finally:
            self._table_skips = outer

    def _document(self, argument: tree_sitter.Node) -> Table:
        value = self.evaluate(argument, document=True)
        table = Table(name="")
        if isinstance(value, _ObjectLiteral):
            table.fields = self.document_fields(value)
        elif isinstance(value, _FieldList):
            table.fields = value.fields
        elif isinstance(value, _UnionDocument):
            table.document_kind = "union"
            for variant, fields in enumerate(value.variants):
                for f in fields:
                    f.variant = variant
                table.fields.extend(fields)
        elif value == Scalar("any"):
            table.document_kind = "any"
        else:
            raise self.error(
                argument,
                "`defineTable()` needs an object of fields, `v.object(...)`, "
                "a `v.union(...)` of objects or `v.any()`.",
            )
        return table

    def _index_method(
        self, method: _IndexMethod, arguments: tree_sitter.Node
    ) -> _TableDefinition:
        label = f".{method.name}()"
        name_node, config = self.arguments(arguments, 2, 2, label)
        table = method.definition.table
        name = self.evaluate(name_node)
        if not isinstance(name, str):
            raise self.error(
                name_node, f"The first argument of {label} must be a string."
            )
        self._check_index_name(name, name_node, table)
        if method.name == "index":
            index = self._database_index(name, config)
            paths, kept = index.fields, table.indexes
        elif method.name == "searchIndex":
            index = self._search_index(name, config)
            paths, kept = (
                [index.search_field, *index.filter_fields],
                table.search_indexes,
            )
        else:
            index = self._vector_index(name, config)
            paths, kept = (
                [index.vector_field, *index.filter_fields],
                table.vector_indexes,
            )
        reason = _skipped_reference(method.definition, paths)
        if reason:
            # Kept, the index would name a field the imported table lacks:
            # an error in the designer and in `tsc` that the file did not have.
            subject = f"index `{name}` of table `{self.table_name}`"
            self.skipped.append(
                Skipped(*self._place(name_node, f"{subject}: {reason}"))
            )
        else:
            kept.append(index)
        return method.definition

    def _check_index_name(
        self, name: str, node: tree_sitter.Node, table: Table
    ) -> None:
        problem = identifier_problem(name)
        if not problem and name.startswith("_"):
            problem = "starts with an underscore, which Convex reserves"
        if not problem and name in RESERVED_INDEX_NAMES:
            problem = "is reserved for the index Convex adds to every table"
        if problem:
            raise self.error(
                node, f"Invalid index name {_shorten(name, 80)!r}: it {problem}."
            )
        if name in table.all_index_names():
            raise self.error(node, f"Duplicate index name `{name}` in this table.")

    def _database_index(self, name: str, config: tree_sitter.Node) -> Index:
        value = self.evaluate(config)
        if isinstance(value, list):
            return Index(name, self._paths(value, config, "The index fields"))
        options = self.options(config, {"fields": list, "staged": bool}, ".index()")
        if "fields" not in options:
            raise self.error(config, "The options of `.index()` need `fields`.")
        fields = self._paths(options["fields"], config, "`fields`")
        return Index(name, fields, options.get("staged", False))

    def _search_index(self, name: str, config: tree_sitter.Node) -> SearchIndex:
        allowed = {"searchField": str, "filterFields": list, "staged": bool}
        options = self.options(config, allowed, ".searchIndex()")
        if "searchField" not in options:
            raise self.error(
                config, "The options of `.searchIndex()` need `searchField`."
            )
        return SearchIndex(
            name,
            options["searchField"],
            self._paths(options.get("filterFields", []), config, "`filterFields`"),
            options.get("staged", False),
        )

    def _vector_index(self, name: str, config: tree_sitter.Node) -> VectorIndex:
        allowed = {
            "vectorField": str,
            "dimensions": int,
            "filterFields": list,
            "staged": bool,
        }
        options = self.options(config, allowed, ".vectorIndex()")
        for required in ("vectorField", "dimensions"):
            if required not in options:
                raise self.error(
                    config, f"The options of `.vectorIndex()` need `{required}`."
                )
        return VectorIndex(
            name,
            options["vectorField"],
            options["dimensions"],
            self._paths(options.get("filterFields", []), config, "`filterFields`"),
            options.get("staged", False),
        )

    def _paths(self, value: list[Any], node: tree_sitter.Node, label: str) -> list[str]:
        if not all(isinstance(p, str) for p in value):
            raise self.error(node, f"{label} must be a list of field path strings.")
        return list(value)

    # defineSchema.

    def _define_schema(self, arguments: tree_sitter.Node) -> _SchemaDefinition:
        nodes = self.arguments(arguments, 1, 2, "defineSchema()")
        try:
            literal = self.evaluate(nodes[0])
        except _External as external:
            raise self.error(
                external.node,
                f"The tables of the schema come from another module: {external.reason()}.",
            ) from None
        if not isinstance(literal, _ObjectLiteral):
            raise self.error(nodes[0], "`defineSchema()` needs an object of tables.")
        options = {}
        if len(nodes) == 2:
            allowed = {"schemaValidation": bool, "strictTableNameTypes": bool}
            options = self.options(nodes[1], allowed, "defineSchema()")
        return _SchemaDefinition(self._tables(literal), options)

    def _tables(self, literal: _ObjectLiteral) -> list[Table]:
        tables: list[Table] = []
        for entry in self.entries(literal, self._skip_tables):
            self._check_table_name(entry, tables)
            self.table_name = entry.key
            try:
                value = self.evaluate(entry.value_node)
            except _External as external:
                self.skip(external, f"table `{entry.key}`")
                continue
            if not isinstance(value, _TableDefinition):
                raise self.error(
                    entry.value_node,
                    f"Table `{entry.key}` must be a `defineTable(...)`, "
                    f"not {_describe_value(value)}.",
                )
            table = value.table
            table.name = entry.key
            table.description = entry.description
            tables.append(table)
        return tables

    def _check_table_name(self, entry: _Entry, tables: list[Table]) -> None:
        problem = identifier_problem(entry.key)
        if not problem and entry.key.startswith("_"):
            problem = (
                "starts with an underscore, which Convex reserves for system tables"
            )
        if problem:
            raise self.error(
                entry.key_node,
                f"Invalid table name {_shorten(entry.key, 80)!r}: it {problem}.",
            )
        if any(t.name == entry.key for t in tables):
            raise self.error(entry.key_node, f"Duplicate table name `{entry.key}`.")

    def _skip_tables(self, external: _External, text: str) -> None:
        self.skip(external, f"tables spread with {text}")

    # Reports.

    def skip(self, external: _External, subject: str) -> None:
        self.skipped.append(
            Skipped(*self._place(external.node, f"{subject}: {external.reason()}"))
        )

    def note(self, node: tree_sitter.Node, what: str) -> None:
        self.notes.append(Note(*self._place(node, what)))

    def _place(self, node: tree_sitter.Node, what: str) -> tuple[int, int, str, str]:
        line, column, source_line = self.source.place(node)
        return line, column, what, source_line


def _skipped_reference(definition: _TableDefinition, paths: list[str]) -> str:
    """Say why an index cannot be imported, or return "" when it can.

    An index cannot be imported when one of its field paths leads to a field
    that was skipped, or to no field while fields were spread in unseen.
    A path to a missing field is kept otherwise: that error is the file's own.
    """
    table, skips = definition.table, definition.skips
    for path in paths:
        if path in SYSTEM_FIELDS or table.resolve_path(path):
            continue
        head = path.partition(".")[0]
        if head in skips.fields:
            line = skips.fields[head]
            return f"it uses the field `{path}`, which was skipped on line {line}"
        if skips.spreads:
            spreads = ", ".join(skips.spreads)
            return (
                f"it uses the field `{path}`, which may come from the skipped {spreads}"
            )
    return ""


_HANDLERS: dict[str, Callable[[_Evaluator, tree_sitter.Node, bool], Any]] = {
    "parenthesized_expression": _Evaluator._inner,
    "as_expression": _Evaluator._inner,
    "satisfies_expression": _Evaluator._inner,
    "non_null_expression": _Evaluator._inner,
    "string": _Evaluator._string,
    "template_string": _Evaluator._string,
    "number": _Evaluator._number,
    "unary_expression": _Evaluator._unary,
    "true": _Evaluator._boolean,
    "false": _Evaluator._boolean,
    "object": _Evaluator._object,
    "array": _Evaluator._array,
    "identifier": _Evaluator._identifier,
    "shorthand_property_identifier": _Evaluator._identifier,
    "member_expression": _Evaluator._member,
    "call_expression": _Evaluator._call,
}
_INDEX_METHODS = ("index", "searchIndex", "vectorIndex")
_VALIDATORS: dict[str, Callable[..., Any]] = {
    **dict.fromkeys((*_SCALARS, "bigint"), _Evaluator._scalar),
    "id": _Evaluator._id,
    "literal": _Evaluator._literal,
    "array": _Evaluator._array_validator,
    "object": _Evaluator._object_validator,
    "record": _Evaluator._record,
    "union": _Evaluator._union,
    "optional": _Evaluator._optional,
    "nullable": _Evaluator._nullable,
}
_TYPE_NAMES = {
    bool: "true or false",
    str: "a string",
    int: "a whole number",
    list: "a list",
}


def _is_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _check_commas(evaluator: _Evaluator, node: tree_sitter.Node) -> None:
    """Reject `,,` in objects and argument lists, which tree-sitter lets pass."""
    previous = ""
    for child in node.children:
        if child.type == "comment":
            continue
        if child.type == "," and previous in (",", "{", "(") and node.type != "array":
            raise evaluator.error(child, "Syntax error at `,`.")
        previous = child.type


def _describe_node(node: tree_sitter.Node) -> str:
    kind = node.type.replace("_", " ")
    return f"{kind} `{_shorten(_text(node).split(chr(10))[0], 40)}`"


def _describe_value(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {_shorten(value, 40)!r}"
    if isinstance(value, bool | int | float | _BigInt):
        return "a number" if not isinstance(value, bool) else "a boolean"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, _ObjectLiteral):
        return "an object literal"
    if isinstance(value, Validator | _Optional):
        return "a validator"
    if isinstance(value, _TableDefinition):
        return "a table definition"
    if isinstance(value, _SchemaDefinition):
        return "a schema"
    return "a function"


def _comments_above(node: tree_sitter.Node) -> tuple[str, bool]:
    """Return the description written directly above ``node``, and its unique mark.

    A comment counts when it ends on the line before the node (or before the
    next counted comment) and does not trail code on its own first line. A
    ``// unique: ...`` line comment marks a unique field instead of describing
    it, as the schema.ts exporter writes it.
    """
    comments: list[tree_sitter.Node] = []
    row = node.start_point.row
    sibling = node.prev_sibling
    while (
        sibling is not None
        and sibling.type == "comment"
        and sibling.end_point.row == row - 1
    ):
        comments.append(sibling)
        row = sibling.start_point.row
        sibling = sibling.prev_sibling
    if comments and sibling is not None and sibling.end_point.row == row:
        comments.pop()
    texts, unique = [], False
    for comment in reversed(comments):
        text = _text(comment)
        if text.startswith("//") and _UNIQUE_COMMENT.match(text[2:].strip()):
            unique = True
        else:
            texts.append(_comment_text(text))
    return "\n".join(texts).strip("\n"), unique


def _comment_text(comment: str) -> str:
    if comment.startswith("//"):
        return comment[2:].strip()
    body = comment.removeprefix("/**").removeprefix("/*").removesuffix("*/")
    first, *rest = body.split("\n")
    # Lines after the first may start with the ` * ` that JSDoc puts there.
    lines = [first.strip(), *(re.sub(r"^\s*\*? ?", "", line).rstrip() for line in rest)]
    # The exporter writes `*/` inside a description as `*\/`.
    lines = [line.replace("*\\/", "*/") for line in lines]
    return "\n".join(lines).strip("\n")
