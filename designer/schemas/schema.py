"""The in-memory schema that rules, exporters and importers work on.

Plain dataclasses with no ORM inside. ``designer.schemas.store`` loads one
from the database and writes one back; ``to_data()`` / ``Schema.from_data()``
are the body of the JSON project file.

Element ids (``id``) are database primary keys when the schema came from the
database and ``None`` for elements not saved yet. They take no part in
equality of content: compare ``to_data()`` for that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from designer.schemas.validators import (
    Member,
    Object,
    Union,
    Validator,
    ValidatorError,
    validator_from_data,
)

DEFAULT_SCHEMA_PATH = "src/convex/schema.ts"
DOCUMENT_KINDS = ("object", "union", "any")


class SchemaDataError(ValueError):
    """Raised when data does not describe a schema; the message names where."""


@dataclass
class Field:
    """A top-level field of a table's document.

    ``variant`` numbers the member of a union table the field belongs to; it
    is 0 for ordinary object tables.
    """

    name: str
    validator: Validator
    optional: bool = False
    description: str = ""
    unique: bool = False
    variant: int = 0
    id: int | None = field(default=None, compare=False)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "validator": self.validator.to_data(),
        }
        for key, default in (
            ("optional", False),
            ("description", ""),
            ("unique", False),
            ("variant", 0),
        ):
            if getattr(self, key) != default:
                data[key] = getattr(self, key)
        return data


@dataclass
class Index:
    name: str
    fields: list[str]
    staged: bool = False
    id: int | None = field(default=None, compare=False)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "fields": list(self.fields)}
        if self.staged:
            data["staged"] = True
        return data


@dataclass
class SearchIndex:
    name: str
    search_field: str
    filter_fields: list[str] = field(default_factory=list)
    staged: bool = False
    id: int | None = field(default=None, compare=False)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "searchField": self.search_field,
            "filterFields": list(self.filter_fields),
        }
        if self.staged:
            data["staged"] = True
        return data


@dataclass
class VectorIndex:
    name: str
    vector_field: str
    dimensions: int
    filter_fields: list[str] = field(default_factory=list)
    staged: bool = False
    id: int | None = field(default=None, compare=False)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "vectorField": self.vector_field,
            "dimensions": self.dimensions,
            "filterFields": list(self.filter_fields),
        }
        if self.staged:
            data["staged"] = True
        return data


@dataclass
class Table:
    name: str
    fields: list[Field] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    search_indexes: list[SearchIndex] = field(default_factory=list)
    vector_indexes: list[VectorIndex] = field(default_factory=list)
    description: str = ""
    group: str = ""
    document_kind: str = "object"
    id: int | None = field(default=None, compare=False)

    def field(self, name: str) -> Field | None:
        """Return the first top-level field called ``name``, in any variant."""
        return next((f for f in self.fields if f.name == name), None)

    def variants(self) -> list[list[Field]]:
        """Return the fields of each union member, in variant order."""
        count = max((f.variant for f in self.fields), default=0) + 1
        return [[f for f in self.fields if f.variant == n] for n in range(count)]

    def document_validator(self) -> Validator | None:
        """Return the document validator, or None for a ``v.any()`` table."""
        if self.document_kind == "any":
            return None
        objects = [Object(tuple(_member(f) for f in fs)) for fs in self.variants()]
        if self.document_kind == "union":
            return Union(tuple(objects))
        return objects[0]

    def all_index_names(self) -> list[str]:
        return [
            *(i.name for i in self.indexes),
            *(i.name for i in self.search_indexes),
            *(i.name for i in self.vector_indexes),
        ]

    def resolve_path(self, path: str) -> list[Validator]:
        """Return the validators a dotted field path can reach in this table.

        A path reaches into nested objects, and through unions and optional
        members, the way Convex resolves index fields. An empty list means
        the path cannot exist in any document.
        """
        head, _, rest = path.partition(".")
        found: list[Validator] = []
        for f in self.fields:
            if f.name == head:
                found.extend(_descend(f.validator, rest))
        return found

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        if self.group:
            data["group"] = self.group
        if self.document_kind != "object":
            data["documentKind"] = self.document_kind
        data["fields"] = [f.to_data() for f in self.fields]
        data["indexes"] = [i.to_data() for i in self.indexes]
        data["searchIndexes"] = [i.to_data() for i in self.search_indexes]
        data["vectorIndexes"] = [i.to_data() for i in self.vector_indexes]
        return data


@dataclass
class RuleSetting:
    """A project's override of one rule: turned off, or a changed severity."""

    code: str
    enabled: bool = True
    severity: str = ""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "enabled": self.enabled}
        if self.severity:
            data["severity"] = self.severity
        return data


@dataclass
class Suppression:
    """A finding of one rule silenced at one location, with the reason why."""

    code: str
    location: str
    reason: str

    def to_data(self) -> dict[str, Any]:
        return {"code": self.code, "location": self.location, "reason": self.reason}


@dataclass
class Schema:
    name: str
    tables: list[Table] = field(default_factory=list)
    description: str = ""
    schema_path: str = DEFAULT_SCHEMA_PATH
    schema_validation: bool = True
    strict_table_name_types: bool = True
    rule_settings: list[RuleSetting] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    slug: str = field(default="", compare=False)
    id: int | None = field(default=None, compare=False)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def table_names(self) -> set[str]:
        return {t.name for t in self.tables}

    def iter_fields(self) -> Iterator[tuple[Table, Field]]:
        for table in self.tables:
            for f in table.fields:
                yield table, f

    def convex_json(self) -> dict[str, Any]:
        """Return what ``defineSchema(...).export()`` gives for this schema, parsed."""
        return {
            "tables": [_table_convex_json(t) for t in self.tables],
            "schemaValidation": self.schema_validation,
        }

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "schemaPath": self.schema_path,
            "options": {
                "schemaValidation": self.schema_validation,
                "strictTableNameTypes": self.strict_table_name_types,
            },
            "tables": [t.to_data() for t in self.tables],
            "ruleSettings": [r.to_data() for r in self.rule_settings],
            "suppressions": [s.to_data() for s in self.suppressions],
        }

    @classmethod
    def from_data(cls, data: Any) -> Schema:
        """Build a schema from its ``to_data()`` form.

        Raises:
            SchemaDataError: the data is malformed; the message names the place.
        """
        return _SchemaReader().read(data)


def _member(f: Field) -> Member:
    return Member(f.name, f.validator, f.optional, f.description)


def _descend(validator: Validator, rest: str) -> list[Validator]:
    if not rest:
        return [validator]
    if validator.kind == "union":
        return [v for m in validator.members for v in _descend(m, rest)]  # type: ignore[attr-defined]
    if validator.kind == "any":
        return [validator]
    if validator.kind != "object":
        return []
    head, _, tail = rest.partition(".")
    return [
        v
        for m in validator.members  # type: ignore[attr-defined]
        if m.name == head
        for v in _descend(m.validator, tail)
    ]


def _table_convex_json(table: Table) -> dict[str, Any]:
    def split(indexes: list[Any], render) -> tuple[list[Any], list[Any]]:
        ready = [render(i) for i in indexes if not i.staged]
        staged = [render(i) for i in indexes if i.staged]
        return ready, staged

    db, staged_db = split(
        table.indexes, lambda i: {"indexDescriptor": i.name, "fields": list(i.fields)}
    )
    search, staged_search = split(
        table.search_indexes,
        lambda i: {
            "indexDescriptor": i.name,
            "searchField": i.search_field,
            "filterFields": list(i.filter_fields),
        },
    )
    vector, staged_vector = split(
        table.vector_indexes,
        lambda i: {
            "indexDescriptor": i.name,
            "vectorField": i.vector_field,
            "dimensions": i.dimensions,
            "filterFields": list(i.filter_fields),
        },
    )
    document = table.document_validator()
    return {
        "tableName": table.name,
        "indexes": db,
        "stagedDbIndexes": staged_db,
        "searchIndexes": search,
        "stagedSearchIndexes": staged_search,
        "vectorIndexes": vector,
        "stagedVectorIndexes": staged_vector,
        "documentType": document.convex_json() if document else {"type": "any"},
    }


class _SchemaReader:
    """Reads ``Schema.to_data()`` output back, keeping a path for messages."""

    def read(self, data: Any) -> Schema:
        obj = self._object(data, "project")
        options = self._object(obj.get("options", {}), "options")
        tables = [
            self._table(t, f"tables[{n}]")
            for n, t in enumerate(self._list(obj, "tables", "project"))
        ]
        return Schema(
            name=self._str(obj, "name", "project", required=True),
            description=self._str(obj, "description", "project"),
            schema_path=self._str(obj, "schemaPath", "project") or DEFAULT_SCHEMA_PATH,
            schema_validation=self._bool(options, "schemaValidation", "options", True),
            strict_table_name_types=self._bool(
                options, "strictTableNameTypes", "options", True
            ),
            tables=tables,
            rule_settings=[
                self._rule_setting(r, f"ruleSettings[{n}]")
                for n, r in enumerate(self._list(obj, "ruleSettings", "project"))
            ],
            suppressions=[
                self._suppression(s, f"suppressions[{n}]")
                for n, s in enumerate(self._list(obj, "suppressions", "project"))
            ],
        )

    def _table(self, data: Any, where: str) -> Table:
        obj = self._object(data, where)
        name = self._str(obj, "name", where, required=True)
        where = f"table {name!r}"
        kind = self._str(obj, "documentKind", where) or "object"
        if kind not in DOCUMENT_KINDS:
            raise SchemaDataError(
                f"{where}: documentKind must be one of {', '.join(DOCUMENT_KINDS)}, "
                f"not {kind!r}."
            )
        return Table(
            name=name,
            description=self._str(obj, "description", where),
            group=self._str(obj, "group", where),
            document_kind=kind,
            fields=[
                self._field(f, f"{where}, fields[{n}]")
                for n, f in enumerate(self._list(obj, "fields", where))
            ],
            indexes=[
                Index(
                    name=self._str(i, "name", f"{where} index", required=True),
                    fields=self._str_list(i, "fields", f"{where} index"),
                    staged=self._bool(i, "staged", f"{where} index", False),
                )
                for i in self._objects(obj, "indexes", where)
            ],
            search_indexes=[
                SearchIndex(
                    name=self._str(i, "name", f"{where} search index", required=True),
                    search_field=self._str(
                        i, "searchField", f"{where} search index", required=True
                    ),
                    filter_fields=self._str_list(
                        i, "filterFields", f"{where} search index"
                    ),
                    staged=self._bool(i, "staged", f"{where} search index", False),
                )
                for i in self._objects(obj, "searchIndexes", where)
            ],
            vector_indexes=[
                VectorIndex(
                    name=self._str(i, "name", f"{where} vector index", required=True),
                    vector_field=self._str(
                        i, "vectorField", f"{where} vector index", required=True
                    ),
                    dimensions=self._int(i, "dimensions", f"{where} vector index"),
                    filter_fields=self._str_list(
                        i, "filterFields", f"{where} vector index"
                    ),
                    staged=self._bool(i, "staged", f"{where} vector index", False),
                )
                for i in self._objects(obj, "vectorIndexes", where)
            ],
        )

    def _field(self, data: Any, where: str) -> Field:
        obj = self._object(data, where)
        name = self._str(obj, "name", where, required=True)
        where = f"{where} ({name!r})"
        try:
            validator = validator_from_data(obj.get("validator"))
        except ValidatorError as error:
            raise SchemaDataError(f"{where}: {error}") from None
        variant = obj.get("variant", 0)
        if not isinstance(variant, int) or isinstance(variant, bool) or variant < 0:
            raise SchemaDataError(f"{where}: variant must be a whole number ≥ 0.")
        return Field(
            name=name,
            validator=validator,
            optional=self._bool(obj, "optional", where, False),
            description=self._str(obj, "description", where),
            unique=self._bool(obj, "unique", where, False),
            variant=variant,
        )

    def _rule_setting(self, data: Any, where: str) -> RuleSetting:
        obj = self._object(data, where)
        return RuleSetting(
            code=self._str(obj, "code", where, required=True),
            enabled=self._bool(obj, "enabled", where, True),
            severity=self._str(obj, "severity", where),
        )

    def _suppression(self, data: Any, where: str) -> Suppression:
        obj = self._object(data, where)
        return Suppression(
            code=self._str(obj, "code", where, required=True),
            location=self._str(obj, "location", where, required=True),
            reason=self._str(obj, "reason", where, required=True),
        )

    def _object(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise SchemaDataError(f"{where}: expected a JSON object.")
        return data

    def _objects(
        self, obj: dict[str, Any], key: str, where: str
    ) -> list[dict[str, Any]]:
        return [
            self._object(item, f"{where}, {key}[{n}]")
            for n, item in enumerate(self._list(obj, key, where))
        ]

    def _list(self, obj: dict[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise SchemaDataError(f"{where}: `{key}` must be a list.")
        return value

    def _str(
        self, obj: dict[str, Any], key: str, where: str, required: bool = False
    ) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise SchemaDataError(f"{where}: `{key}` must be a non-empty string.")
        return value

    def _str_list(self, obj: dict[str, Any], key: str, where: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SchemaDataError(f"{where}: `{key}` must be a list of strings.")
        return list(value)

    def _bool(self, obj: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise SchemaDataError(f"{where}: `{key}` must be true or false.")
        return value

    def _int(self, obj: dict[str, Any], key: str, where: str) -> int:
        value = obj.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise SchemaDataError(f"{where}: `{key}` must be a whole number.")
        return value
