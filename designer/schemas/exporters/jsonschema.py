"""Export a schema as JSON Schema (draft 2020-12).

Each table is one entry of ``$defs`` describing a stored document, with
``_id`` and ``_creationTime``, in the form Convex's JSON export writes it:
int64 values as base-10 strings and bytes as base64 strings. The root accepts
a document of any table. Ids carry the table they point at in the
``x-convex-table`` annotation, which validators ignore.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Validator

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INT64_PATTERN = r"^-?[0-9]+$"
BASE64_PATTERN = r"^[A-Za-z0-9+/]*={0,2}$"
# TODO: Convex's export also writes NaN and the infinities as strings; a
# float64 field here accepts JSON numbers only.
_SCALARS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "float64": {"type": "number"},
    "int64": {"type": "string", "pattern": INT64_PATTERN},
    "boolean": {"type": "boolean"},
    "null": {"type": "null"},
    "bytes": {
        "type": "string",
        "contentEncoding": "base64",
        "pattern": BASE64_PATTERN,
    },
    "any": {},
}


def render(schema: Schema) -> str:
    """Return the JSON Schema document for ``schema`` as indented JSON."""
    return (
        json.dumps(document(schema), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def document(schema: Schema) -> dict[str, Any]:
    """Return the JSON Schema for ``schema`` as a dict."""
    result: dict[str, Any] = {"$schema": DIALECT, "title": schema.name}
    if schema.description:
        result["description"] = schema.description
    result["$defs"] = {t.name: table_schema(t) for t in schema.tables}
    if schema.tables:
        result["anyOf"] = [{"$ref": definition_ref(t.name)} for t in schema.tables]
    else:
        # An empty anyOf is invalid; with no tables no document can belong.
        result["not"] = {}
    return result


def definition_ref(name: str) -> str:
    """Return the ``$ref`` to the ``$defs`` entry ``name``."""
    # A JSON Pointer escapes ~ and /, and a URI fragment percent-encodes the rest.
    token = name.replace("~", "~0").replace("/", "~1")
    return "#/$defs/" + quote(token, safe="")


def table_schema(table: Table) -> dict[str, Any]:
    """Return the schema of one stored document of ``table``."""
    described = {"description": table.description} if table.description else {}
    if table.document_kind == "any":
        return {
            **described,
            "type": "object",
            "properties": _system_properties(table.name),
            "required": ["_id", "_creationTime"],
        }
    variants = [_object(table.name, fields) for fields in table.variants()]
    if table.document_kind == "object":
        return {**described, **variants[0]}
    return {**described, "anyOf": variants}


def _system_properties(table_name: str) -> dict[str, Any]:
    return {
        "_id": {"type": "string", "x-convex-table": table_name},
        "_creationTime": {"type": "number"},
    }


def _object(table_name: str, fields: list[Field]) -> dict[str, Any]:
    members = [(f.name, f.validator, f.optional, f.description) for f in fields]
    result = _object_schema(members)
    result["properties"] = {**_system_properties(table_name), **result["properties"]}
    result["required"] = ["_id", "_creationTime", *result["required"]]
    return result


def _object_schema(members: list[tuple]) -> dict[str, Any]:
    properties = {}
    for name, validator, _optional, description in members:
        properties[name] = validator_schema(validator)
        if description:
            properties[name] = {"description": description, **properties[name]}
    required = [name for name, _v, optional, _d in members if not optional]
    return {
        "type": "object",
        "properties": properties,
        "required": list(dict.fromkeys(required)),
        "additionalProperties": False,
    }


def validator_schema(validator: Validator) -> dict[str, Any]:
    """Return the JSON Schema for values ``validator`` accepts."""
    kind = validator.kind
    if kind in _SCALARS:
        return dict(_SCALARS[kind])
    if kind == "id":
        return {"type": "string", "x-convex-table": validator.table}
    if kind == "literal":
        return {"const": _literal_value(validator)}
    if kind == "array":
        return {"type": "array", "items": validator_schema(validator.element)}
    if kind == "object":
        members = [
            (m.name, m.validator, m.optional, m.description) for m in validator.members
        ]
        return _object_schema(members)
    if kind == "record":
        return {
            "type": "object",
            "propertyNames": validator_schema(validator.keys),
            "additionalProperties": validator_schema(validator.values),
        }
    if not validator.members:
        return {"not": {}}
    return {"anyOf": [validator_schema(m) for m in validator.members]}


def _literal_value(literal) -> Any:
    if literal.type == "bigint":
        return str(literal.value)
    return literal.value
