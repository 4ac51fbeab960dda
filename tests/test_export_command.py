from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from designer.schemas import store
from designer.schemas.exporters import BINARY_EXPORTERS, EXPORTERS
from designer.schemas.exporters.convex import render
from tests.factories import make_blog_schema


@pytest.fixture
def blog(db):
    return store.create_project(make_blog_schema())


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_schema", *args, stdout=out)
    return out.getvalue()


def test_it_writes_schema_ts_to_stdout(blog):
    text = export(blog.slug, "--format", "convex")

    assert text == render(store.load_schema(blog))


def test_it_defaults_to_schema_ts(blog):
    assert export(blog.slug) == render(store.load_schema(blog))


def test_it_writes_json_project_file(blog):
    data = json.loads(export(blog.slug, "--format", "json"))

    assert data["format"] == "convex-schema-designer"
    assert data["project"] == make_blog_schema().to_data()


def test_it_writes_to_output_file(blog, tmp_path):
    path = tmp_path / "schema.ts"

    assert export(blog.slug, "-o", str(path)) == ""
    assert path.read_text(encoding="utf-8") == render(store.load_schema(blog))


def test_it_offers_every_registered_format(blog):
    for code in EXPORTERS:
        assert export(blog.slug, "--format", code) == EXPORTERS[code].render(
            store.load_schema(blog)
        )


def test_it_writes_binary_format_to_file(blog, tmp_path, monkeypatch):
    monkeypatch.setitem(
        BINARY_EXPORTERS, "tablecount", lambda s: bytes([len(s.tables)])
    )
    path = tmp_path / "out.bin"

    call_command("export_schema", blog.slug, "--format", "tablecount", "-o", str(path))

    assert path.read_bytes() == b"\x02"


def test_it_rejects_binary_format_without_file(blog, monkeypatch):
    monkeypatch.setitem(BINARY_EXPORTERS, "tablecount", lambda s: b"")

    with pytest.raises(
        CommandError, match="The tablecount format is binary: give a file with -o."
    ):
        call_command("export_schema", blog.slug, "--format", "tablecount")


def test_it_rejects_unknown_project(db):
    with pytest.raises(CommandError, match="Project 'nope' not found."):
        call_command("export_schema", "nope")


def test_it_rejects_unknown_format(blog):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_schema", blog.slug, "--format", "xml")


def test_it_reports_a_missing_output_folder(blog, tmp_path):
    path = tmp_path / "missing" / "schema.ts"

    with pytest.raises(CommandError) as raised:
        call_command("export_schema", blog.slug, "-o", str(path))

    assert str(raised.value) == f"Cannot write {path}: No such file or directory."


@pytest.mark.parametrize("code", ["convex", "png"])
def test_it_reports_an_output_folder(blog, tmp_path, code):
    with pytest.raises(CommandError) as raised:
        call_command("export_schema", blog.slug, "--format", code, "-o", str(tmp_path))

    assert str(raised.value) == (
        f"Cannot write {tmp_path}: it is a directory. Give a file path with -o."
    )


@pytest.mark.exe
@pytest.mark.parametrize("code", ["dot", "svg"])
def test_it_writes_text_diagrams_to_stdout(blog, tmp_path, code):
    path = tmp_path / f"schema.{code}"
    call_command("export_schema", blog.slug, "--format", code, "-o", str(path))

    text = export(blog.slug, "--format", code)

    assert text == path.read_text(encoding="utf-8")
    assert text.startswith("digraph" if code == "dot" else "<?xml")


def test_it_still_needs_a_file_for_png(blog):
    with pytest.raises(
        CommandError, match="The png format is binary: give a file with -o."
    ):
        call_command("export_schema", blog.slug, "--format", "png")
