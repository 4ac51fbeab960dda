"""Export a schema as a Python module of Pydantic v2 models.

One model per table reads a stored document: ``_id`` and ``_creationTime``
become ``id`` and ``creation_time`` with the Convex names as aliases, and each
table's ids get their own ``NewType``. Nested objects become nested models,
union tables a ``RootModel`` over one model per variant. A Convex name that
is not a usable Python field name (a keyword, a builtin the module uses, a
``BaseModel`` attribute, odd characters) gets a safe name and an alias.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from functools import cache

from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Literal, Object, Union, Validator

_SCALARS = {
    "string": "str",
    "number": "float",
    "float64": "float",
    "int64": "int",
    "boolean": "bool",
    "null": "None",
    "bytes": "bytes",
    "any": "Any",
}
_TYPING_NAMES = ("Annotated", "Any", "Literal", "NewType")
_PYDANTIC_NAMES = ("BaseModel", "BeforeValidator", "ConfigDict", "Field", "RootModel")
_BUILTINS_USED = ("str", "float", "int", "bool", "bytes", "dict", "list", "ValueError")
# ruff reports these as ambiguous (E741), so a field may not use them as they are.
_AMBIGUOUS = ("l", "O", "I")
_NO_VALUE_HELPER = '''\
def no_value(value: Any) -> Any:
    """Reject every value, as an empty ``v.union()`` does."""
    raise ValueError("no value matches an empty union")
'''
MODEL_CONFIG = 'model_config = ConfigDict(extra="forbid", populate_by_name=True)'
ANY_MODEL_CONFIG = 'model_config = ConfigDict(extra="allow", populate_by_name=True)'


def render(schema: Schema) -> str:
    """Return the Python module for ``schema``."""
    module = _Module(schema)
    return module.render()


def py_string(text: str) -> str:
    """Return a double-quoted Python string literal for ``text``."""
    return '"' + _escape(text, keep_newlines=False) + '"'


def docstring(text: str, indent: str = "") -> str:
    """Return a triple-quoted docstring that ``inspect.cleandoc`` reads as ``text``."""
    body = _escape(text, keep_newlines=True).replace("\n", "\n" + indent)
    return f'{indent}"""{body}"""'


def _escape(text: str, keep_newlines: bool) -> str:
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n" and keep_newlines:
            out.append("\n")
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def pascal_case(name: str) -> str:
    """Return an ASCII PascalCase class name for a Convex name."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    result = "".join(word[:1].upper() + word[1:] for word in words)
    if not result:
        return "Table"
    return f"T{result}" if result[0].isdigit() else result


@cache
def _reserved_field_names() -> frozenset[str]:
    # Imported on first use: importing pydantic takes most of a second, which
    # every process would otherwise pay on its first request.
    from pydantic import BaseModel

    return frozenset(
        [
            *keyword.kwlist,
            *_TYPING_NAMES,
            *_PYDANTIC_NAMES,
            *_BUILTINS_USED,
            *_AMBIGUOUS,
            *dir(BaseModel),
            "no_value",
        ]
    )


def python_field_name(name: str, taken: set[str], module_names: set[str]) -> str:
    """Return a free, valid Pydantic field name for the Convex name ``name``."""
    candidate = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if candidate.startswith("_") or candidate[:1].isdigit() or not candidate:
        # A leading underscore would make Pydantic treat the field as private.
        candidate = "field_" + candidate.lstrip("_")
    if candidate.startswith("model_"):
        candidate = "field_" + candidate
    if candidate in _reserved_field_names() or candidate in module_names:
        candidate += "_"
    base, n = candidate, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


@dataclass
class _Module:
    """Collects the names, classes and imports of one generated module."""

    schema: Schema
    names: set[str] = field(default_factory=set)
    id_types: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    typing_used: set[str] = field(default_factory=set)
    pydantic_used: set[str] = field(default_factory=lambda: {"BaseModel", "ConfigDict"})
    needs_no_value: bool = False
    table_classes: dict[str, str] = field(default_factory=dict)
    models_name: str = "MODELS"

    def render(self) -> str:
        self.names.update(_TYPING_NAMES, _PYDANTIC_NAMES, _BUILTINS_USED, ["no_value"])
        self.models_name = self._claim("MODELS")
        table_classes = {
            t.name: self._claim(pascal_case(t.name)) for t in self.schema.tables
        }
        self.table_classes = table_classes
        for table in self.schema.tables:
            self._id_type(table.name)
        self._claim_referenced_ids()
        for table in self.schema.tables:
            self._table_model(table, table_classes[table.name])
        return self._assemble()

    def _claim(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.names or keyword.iskeyword(candidate):
            candidate, n = f"{name}{n}", n + 1
        self.names.add(candidate)
        return candidate

    def _id_type(self, table_name: str) -> str:
        if table_name not in self.id_types:
            self.id_types[table_name] = self._claim(pascal_case(table_name) + "Id")
        return self.id_types[table_name]

    def _claim_referenced_ids(self) -> None:
        for _table, f in self.schema.iter_fields():
            for _path, validator in f.validator.walk():
                if validator.kind == "id":
                    self._id_type(validator.table)

    def _assemble(self) -> str:
        definitions = []
        if self.id_types:
            definitions.append(
                "\n".join(
                    f"{name} = NewType({py_string(name)}, str)"
                    for name in self.id_types.values()
                )
            )
        if self.needs_no_value:
            definitions.append(_NO_VALUE_HELPER.rstrip("\n"))
        definitions.extend(self.classes)
        definitions.append(self._models_mapping())
        head = docstring(_module_docstring(self.schema)) + "\n\n" + self._imports()
        # isort puts one blank line before an assignment, two before a definition.
        gap = "\n\n" if self.id_types else "\n\n\n"
        return head + gap + "\n\n\n".join(definitions) + "\n"

    def _models_mapping(self) -> str:
        entries = "".join(
            f"    {py_string(name)}: {class_name},\n"
            for name, class_name in self.table_classes.items()
        )
        return f"{self.models_name}: dict[str, type[BaseModel]] = {{\n{entries}}}"

    def _imports(self) -> str:
        lines = []
        typing_names = sorted(
            self.typing_used | ({"NewType"} if self.id_types else set())
        )
        if typing_names:
            lines.append(f"from typing import {', '.join(typing_names)}")
        lines.append("")
        lines.append(f"from pydantic import {', '.join(sorted(self.pydantic_used))}")
        return "\n".join(lines)

    def _table_model(self, table: Table, class_name: str) -> None:
        description = table.description
        if table.document_kind == "any":
            self._model(class_name, [], description, system_of=table.name, any_doc=True)
            return
        variants = table.variants()
        if table.document_kind == "object":
            self._model(class_name, variants[0], description, system_of=table.name)
            return
        members = []
        for number, fields in enumerate(variants, start=1):
            name = self._claim(f"{class_name}Variant{number}")
            self._model(name, fields, "", system_of=table.name)
            members.append(name)
        self.pydantic_used.add("RootModel")
        lines = [f"class {class_name}(RootModel[{' | '.join(members)}]):"]
        lines.append(
            docstring(description or "A document of one of the variants.", "    ")
        )
        self.classes.append("\n".join(lines))

    def _model(
        self,
        class_name: str,
        members: list,
        description: str,
        system_of: str = "",
        any_doc: bool = False,
    ) -> None:
        """Append a model class, after the nested models its members need."""
        taken: set[str] = set()
        body = [ANY_MODEL_CONFIG if any_doc else MODEL_CONFIG]
        if system_of:
            taken.update(("id", "creation_time"))
            self.pydantic_used.add("Field")
            body.append(f'id: {self._id_type(system_of)} = Field(alias="_id")')
            body.append('creation_time: float = Field(alias="_creationTime")')
        for member in members:
            body.append(self._member(class_name, member, taken))
        lines = [f"class {class_name}(BaseModel):"]
        if description:
            lines.append(docstring(description, "    "))
            lines.append("")
        lines.extend(f"    {line}" for line in body)
        self.classes.append("\n".join(lines))

    def _member(self, class_name: str, member, taken: set[str]) -> str:
        name = python_field_name(member.name, taken, self.names)
        annotation = self.annotation(
            member.validator, class_name + pascal_case(member.name)
        )
        arguments = []
        if member.optional:
            if not _admits_none(annotation):
                annotation += " | None"
            arguments.append("default=None")
        if name != member.name:
            arguments.append(f"alias={py_string(member.name)}")
        if member.description:
            arguments.append(f"description={py_string(member.description)}")
        if not arguments:
            return f"{name}: {annotation}"
        if arguments == ["default=None"]:
            return f"{name}: {annotation} = None"
        self.pydantic_used.add("Field")
        return f"{name}: {annotation} = Field({', '.join(arguments)})"

    def annotation(self, validator: Validator, context: str) -> str:
        """Return the type annotation for ``validator``, adding nested models."""
        kind = validator.kind
        if kind in _SCALARS:
            if kind == "any":
                self.typing_used.add("Any")
            return _SCALARS[kind]
        if kind == "id":
            return self._id_type(validator.table)
        if kind == "literal":
            return (
                self._literal([validator])
                if _literal_annotation(validator)
                else "float"
            )
        if kind == "array":
            return f"list[{self.annotation(validator.element, context + 'Item')}]"
        if kind == "record":
            keys = self.annotation(validator.keys, context + "Key")
            return (
                f"dict[{keys}, {self.annotation(validator.values, context + 'Value')}]"
            )
        if kind == "object":
            return self._nested_model(validator, context)
        return self._union(validator, context)

    def _nested_model(self, validator: Object, context: str) -> str:
        name = self._claim(context)
        self._model(name, list(validator.members), "")
        return name

    def _union(self, union: Union, context: str) -> str:
        if not union.members:
            self.needs_no_value = True
            self.typing_used.update(("Annotated", "Any"))
            self.pydantic_used.add("BeforeValidator")
            return "Annotated[Any, BeforeValidator(no_value)]"
        literals = [m for m in union.members if _literal_annotation(m)]
        others = [m for m in union.members if not _literal_annotation(m)]
        parts = []
        if literals:
            parts.append(self._literal(literals))
        for number, member in enumerate(others, start=1):
            parts.append(self.annotation(member, f"{context}Option{number}"))
        unique = list(dict.fromkeys(parts))
        # Keep None last, as people write it.
        unique.sort(key=lambda part: part == "None")
        return " | ".join(unique)

    def _literal(self, literals: list[Validator]) -> str:
        self.typing_used.add("Literal")
        values = dict.fromkeys(_literal_annotation(m) for m in literals)
        return f"Literal[{', '.join(values)}]"


def _literal_annotation(validator: Validator) -> str:
    """Return the Python literal of a ``Literal`` validator, or "" for others."""
    if not isinstance(validator, Literal):
        return ""
    value = validator.value
    if validator.type == "string":
        return py_string(value)
    if validator.type == "boolean":
        return "True" if value else "False"
    if validator.type == "number":
        # Convex numbers are floats, and a literal is always finite.
        return repr(float(value))
    return str(int(value))


def _admits_none(annotation: str) -> bool:
    return annotation == "None" or annotation.endswith(" | None")


def _module_docstring(schema: Schema) -> str:
    return (
        f"Pydantic models for the Convex schema {schema.name}.\n\n"
        "Generated by Convex Schema Designer. Each table's model reads a stored\n"
        "document by its Convex keys (``_id``, ``_creationTime``) or by the\n"
        "Python field names.\n"
    )
