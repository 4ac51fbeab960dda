"""Changes to an in-memory schema: what the editor and the one-click fixes do.

Each operation takes the schema first and keyword arguments after, changes
the schema in place and raises OperationError with a message for the user
when it cannot apply. ``apply(schema, name, params)`` runs one by name, so a
Fix can name its operation and its arguments as plain data.

Renames keep what refers to the renamed element consistent: renaming a table
rewrites every ``v.id`` that points at it, renaming a field rewrites the
index paths that use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import (
    Array,
    Id,
    Member,
    Object,
    Record,
    Union,
    Validator,
    validator_from_data,
)


class OperationError(ValueError):
    """Raised when an operation cannot apply; the message is for the user."""


OPERATIONS: dict[str, Callable[..., None]] = {}


def operation(function: Callable[..., None]) -> Callable[..., None]:
    OPERATIONS[function.__name__] = function
    return function


def apply(schema: Schema, name: str, params: dict[str, Any]) -> None:
    """Run the operation called ``name`` with ``params`` on ``schema``."""
    try:
        function = OPERATIONS[name]
    except KeyError:
        raise OperationError(f"Unknown operation {name!r}.") from None
    try:
        function(schema, **params)
    except TypeError as error:
        raise OperationError(f"Invalid arguments for {name}: {error}") from None


def get_table(schema: Schema, name: str) -> Table:
    table = schema.table(name)
    if table is None:
        raise OperationError(f"Table {name!r} does not exist.")
    return table


def get_field(table: Table, name: str) -> Field:
    found = table.field(name)
    if found is None:
        raise OperationError(f"Table {table.name!r} has no field {name!r}.")
    return found


def map_validator(
    validator: Validator, change: Callable[[Validator], Validator]
) -> Validator:
    """Rebuild ``validator`` bottom-up, passing every node through ``change``."""
    if isinstance(validator, Array):
        validator = Array(map_validator(validator.element, change))
    elif isinstance(validator, Object):
        validator = Object(
            tuple(
                Member(
                    m.name,
                    map_validator(m.validator, change),
                    m.optional,
                    m.description,
                )
                for m in validator.members
            )
        )
    elif isinstance(validator, Record):
        validator = Record(
            map_validator(validator.keys, change),
            map_validator(validator.values, change),
        )
    elif isinstance(validator, Union):
        validator = Union(tuple(map_validator(m, change) for m in validator.members))
    return change(validator)


@operation
def rename_table(schema: Schema, table: str, name: str) -> None:
    target = get_table(schema, table)
    if name != table and schema.table(name) is not None:
        raise OperationError(f"A table named {name!r} already exists.")
    target.name = name

    def repoint(v: Validator) -> Validator:
        return Id(name) if isinstance(v, Id) and v.table == table else v

    for _, f in schema.iter_fields():
        f.validator = map_validator(f.validator, repoint)


@operation
def rename_field(schema: Schema, table: str, field: str, name: str) -> None:
    target = get_table(schema, table)
    if name != field and target.field(name) is not None:
        raise OperationError(f"Table {table!r} already has a field named {name!r}.")
    for f in target.fields:
        if f.name == field:
            f.name = name

    def rename_path(path: str) -> str:
        head, dot, rest = path.partition(".")
        return f"{name}{dot}{rest}" if head == field else path

    for index in target.indexes:
        index.fields = [rename_path(p) for p in index.fields]
    for search in target.search_indexes:
        search.search_field = rename_path(search.search_field)
        search.filter_fields = [rename_path(p) for p in search.filter_fields]
    for vector in target.vector_indexes:
        vector.vector_field = rename_path(vector.vector_field)
        vector.filter_fields = [rename_path(p) for p in vector.filter_fields]


@operation
def set_field_validator(
    schema: Schema, table: str, field: str, validator: dict[str, Any]
) -> None:
    get_field(get_table(schema, table), field).validator = validator_from_data(
        validator
    )


@operation
def set_field_optional(schema: Schema, table: str, field: str, optional: bool) -> None:
    get_field(get_table(schema, table), field).optional = optional


@operation
def add_index(schema: Schema, table: str, name: str, fields: list[str]) -> None:
    target = get_table(schema, table)
    if name in target.all_index_names():
        raise OperationError(f"Table {table!r} already has an index named {name!r}.")
    target.indexes.append(Index(name, list(fields)))


@operation
def rename_index(schema: Schema, table: str, index: str, name: str) -> None:
    target = get_table(schema, table)
    if name != index and name in target.all_index_names():
        raise OperationError(f"Table {table!r} already has an index named {name!r}.")
    for kind in (target.indexes, target.search_indexes, target.vector_indexes):
        for element in kind:
            if element.name == index:
                element.name = name


@operation
def remove_index(schema: Schema, table: str, index: str) -> None:
    target = get_table(schema, table)
    target.indexes = [i for i in target.indexes if i.name != index]
    target.search_indexes = [i for i in target.search_indexes if i.name != index]
    target.vector_indexes = [i for i in target.vector_indexes if i.name != index]


@operation
def add_field(
    schema: Schema,
    table: str,
    name: str,
    validator: dict[str, Any],
    optional: bool = False,
) -> None:
    target = get_table(schema, table)
    if target.field(name) is not None:
        raise OperationError(f"Table {table!r} already has a field named {name!r}.")
    target.fields.append(Field(name, validator_from_data(validator), optional))


@operation
def remove_field(schema: Schema, table: str, field: str) -> None:
    target = get_table(schema, table)
    get_field(target, field)
    target.fields = [f for f in target.fields if f.name != field]
