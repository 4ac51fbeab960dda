"""Edits: the change each editor form makes to an in-memory schema.

An edit pairs a form with the change it makes. The save views and the live
validation endpoint run the same edit, so what the user sees while typing is
what saving would give. Renames go through ``designer.schemas.operations`` so
references (``v.id`` targets, index paths) follow the new name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from designer.editor import forms
from designer.schemas import operations
from designer.schemas.operations import OperationError
from designer.schemas.rules import Location
from designer.schemas.schema import (
    Field,
    Index,
    Schema,
    SearchIndex,
    Table,
    VectorIndex,
)
from designer.schemas.validators import Array, Member, Object, Record, Union, Validator


@dataclass(frozen=True)
class Change:
    """The outcome of an edit: a label for the undo history and the element's location."""

    label: str
    location: Location


@dataclass(frozen=True)
class Edit:
    form_class: type[forms.ElementForm]
    apply: Callable[[Schema, Table | None, Any, dict[str, Any]], Change]
    # Whether the form edits an existing element rather than adding one.
    updates: bool = False


def find_table(schema: Schema, table_id: int) -> Table | None:
    return next((t for t in schema.tables if t.id == table_id), None)


def find_field(table: Table, field_id: int) -> Field | None:
    return next((f for f in table.fields if f.id == field_id), None)


def add_table(schema: Schema, table: None, element: None, data: dict) -> Change:
    new = Table(
        name=data["name"],
        description=data["description"],
        group=data["group"].strip(),
        document_kind=data["document_kind"] or "object",
    )
    schema.tables.append(new)
    return Change(f"add table {new.name}", Location(new.name))


def update_table(schema: Schema, table: None, element: Table, data: dict) -> Change:
    old_name = element.name
    operations.rename_table(schema, old_name, data["name"])
    element.description = data["description"]
    element.group = data["group"].strip()
    element.document_kind = data["document_kind"] or element.document_kind
    return Change(f"edit table {old_name}", Location(element.name))


def add_field(schema: Schema, table: Table, element: None, data: dict) -> Change:
    new = Field(name=data["name"], validator=data["type"][0])
    _set_field(new, data)
    table.fields.append(new)
    return Change(f"add field {table.name}.{new.name}", Location(table.name, new.name))


def update_field(schema: Schema, table: Table, element: Field, data: dict) -> Change:
    old_name = element.name
    if data["name"] != old_name:
        operations.rename_field(schema, table.name, old_name, data["name"])
    element.name = data["name"]
    element.validator = keep_descriptions(element.validator, data["type"][0])
    _set_field(element, data)
    return Change(
        f"edit field {table.name}.{old_name}", Location(table.name, element.name)
    )


def keep_descriptions(old: Validator, new: Validator) -> Validator:
    """Return ``new`` with the member descriptions of ``old``, matched by path.

    The type text has no place for object member descriptions, so editing a
    field's type would otherwise drop them.
    """
    if isinstance(old, Array) and isinstance(new, Array):
        return Array(keep_descriptions(old.element, new.element))
    if isinstance(old, Record) and isinstance(new, Record):
        return Record(new.keys, keep_descriptions(old.values, new.values))
    if isinstance(old, Union) and isinstance(new, Union):
        pairs = zip(old.members, new.members, strict=False)
        matched = [keep_descriptions(o, n) for o, n in pairs]
        return Union((*matched, *new.members[len(matched) :]))
    if not (isinstance(old, Object) and isinstance(new, Object)):
        return new
    before = {m.name: m for m in old.members}
    return Object(tuple(_keep_member(before.get(m.name), m) for m in new.members))


def _keep_member(old: Member | None, new: Member) -> Member:
    if old is None:
        return new
    validator = keep_descriptions(old.validator, new.validator)
    return Member(new.name, validator, new.optional, new.description or old.description)


def _set_field(target: Field, data: dict) -> None:
    target.optional = data["optional"] or data["type"][1]
    target.unique = data["unique"]
    target.description = data["description"]
    target.variant = data.get("variant") or 0


def add_index(schema: Schema, table: Table, element: None, data: dict) -> Change:
    table.indexes.append(Index(data["name"], data["fields"]))
    return _index_change(table, data["name"])


def add_search_index(schema: Schema, table: Table, element: None, data: dict) -> Change:
    table.search_indexes.append(
        SearchIndex(data["name"], data["search_field"], data["filter_fields"])
    )
    return _index_change(table, data["name"])


def add_vector_index(schema: Schema, table: Table, element: None, data: dict) -> Change:
    table.vector_indexes.append(
        VectorIndex(
            data["name"],
            data["vector_field"],
            data["dimensions"],
            data["filter_fields"],
        )
    )
    return _index_change(table, data["name"])


def _index_change(table: Table, name: str) -> Change:
    return Change(f"add index {table.name}#{name}", Location(table.name, index=name))


EDITS: dict[str, Edit] = {
    "table-add": Edit(forms.TableForm, add_table),
    "table-update": Edit(forms.TableForm, update_table, updates=True),
    "field-add": Edit(forms.FieldForm, add_field),
    "field-update": Edit(forms.FieldForm, update_field, updates=True),
    "index-add": Edit(forms.IndexForm, add_index),
    "search-index-add": Edit(forms.SearchIndexForm, add_search_index),
    "vector-index-add": Edit(forms.VectorIndexForm, add_vector_index),
}


def delete_table(schema: Schema, table: Table) -> str:
    schema.tables.remove(table)
    return f"delete table {table.name}"


def delete_field(schema: Schema, table: Table, field: Field) -> str:
    table.fields.remove(field)
    return f"delete field {table.name}.{field.name}"


def move_field(table: Table, field: Field, direction: str) -> str:
    """Swap ``field`` with its neighbour above ("up") or below ("down")."""
    position = table.fields.index(field)
    other = position - 1 if direction == "up" else position + 1
    if direction not in ("up", "down") or not 0 <= other < len(table.fields):
        raise OperationError(f"Field {field.name!r} cannot move {direction}.")
    fields = table.fields
    fields[position], fields[other] = fields[other], fields[position]
    return f"move field {table.name}.{field.name} {direction}"


def delete_index(schema: Schema, table: Table, name: str) -> str:
    if name not in table.all_index_names():
        raise OperationError(f"Table {table.name!r} has no index named {name!r}.")
    operations.remove_index(schema, table.name, name)
    return f"delete index {table.name}#{name}"


def concerns(location: Location, change: Location) -> bool:
    """Return whether a finding at ``location`` is about the element at ``change``."""
    if location.table != change.table:
        return False
    if change.index:
        return location.index == change.index
    if change.field:
        head = location.field.split(".")[0]
        return not location.index and head == change.field
    return not location.field and not location.index
