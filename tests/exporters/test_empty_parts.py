"""Every export format on the empty shapes, checked by the format's real tool.

Zod, Pydantic, JSON Schema, DBML and Mermaid check this schema through
``checkers.fixed_schemas()`` in their own test modules; this module covers
schema.ts, the project file and the diagram formats.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from designer.schemas.exporters import BINARY_EXPORTERS, EXPORTERS
from designer.schemas.importers.jsonfile import read_project_file
from designer.schemas.rules import lint
from tests.exporters.samples import empty_parts_schema
from tests.node import as_js_numbers, evaluate_schemas, prettier_format, typecheck


@pytest.mark.node
def test_schema_ts_passes_convex_and_tsc():
    schema = empty_parts_schema()
    source = EXPORTERS["convex"].render(schema)

    [result] = evaluate_schemas([source])

    assert result.get("error") is None
    assert result["json"] == as_js_numbers(schema.convex_json())
    assert typecheck([source]) == {}
    assert prettier_format([source]) == [source]


def test_project_file_reads_back():
    schema = empty_parts_schema()

    text = EXPORTERS["json"].render(schema)

    assert read_project_file(text).to_data() == schema.to_data()


def test_findings_name_the_empty_parts():
    found = {(f.code, f.location.key) for f in lint(empty_parts_schema())}

    assert {
        ("DSG006", "empties.none"),
        ("DSG006", "empties.noneRequired"),
        ("DSG006", "empties.nones[]"),
        ("DSG006", "empties.noneByKey{}"),
        ("DSG006", "empties.noKeys{}"),
        ("DSG006", "empties.nested.none"),
        ("DSG006", "events.none"),
        ("CVX035", "nothingAtAll"),
    } <= found
    assert not [key for code, key in found if code == "CVX031"]


@pytest.mark.exe
def test_dot_and_svg_are_valid():
    schema = empty_parts_schema()
    dot = BINARY_EXPORTERS["dot"](schema)

    checked = subprocess.run(
        ["dot", "-Tcanon"], input=dot, capture_output=True, timeout=60, check=False
    )
    svg = BINARY_EXPORTERS["svg"](schema).decode()

    assert checked.returncode == 0, checked.stderr.decode()
    assert checked.stderr == b""
    assert svg.startswith("<?xml")
    assert svg.count('class="node"') == 5


@pytest.mark.exe
@pytest.mark.parametrize(("code", "start"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_images_render(code, start):
    assert BINARY_EXPORTERS[code](empty_parts_schema()).startswith(start)


def test_jsonschema_is_strict_json():
    text = EXPORTERS["jsonschema"].render(empty_parts_schema())

    document = json.loads(text)

    assert document["$defs"]["empties"]["properties"]["noneRequired"] == {"not": {}}
