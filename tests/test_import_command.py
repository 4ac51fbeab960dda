from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from designer.schemas.exporters import convex, jsonfile
from designer.schemas.models import Project
from designer.schemas.store import load_schema
from tests.factories import make_blog_schema


def import_file(*args: str) -> str:
    out = io.StringIO()
    call_command("import_schema", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_json_project_file(tmp_path):
    path = tmp_path / "blog.json"
    path.write_text(jsonfile.render(make_blog_schema()), encoding="utf-8")

    slug = import_file(str(path)).strip()

    assert slug == "blog"
    assert (
        load_schema(Project.objects.get(slug=slug)).to_data()
        == make_blog_schema().to_data()
    )


@pytest.mark.django_db
def test_it_names_project(tmp_path):
    path = tmp_path / "blog.json"
    path.write_text(jsonfile.render(make_blog_schema()), encoding="utf-8")

    assert import_file(str(path), "--name", "Team blog") == "team-blog\n"
    assert Project.objects.get(slug="team-blog").name == "Team blog"


@pytest.mark.django_db
def test_it_rejects_bad_json_and_creates_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"format": "convex-schema-designer", "version": 7}', encoding="utf-8"
    )

    with pytest.raises(CommandError) as raised:
        import_file(str(path))

    assert str(raised.value) == (
        f"{path}: Unknown project file version 7; this designer reads version 1."
    )
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_it_rejects_unknown_suffix(tmp_path):
    path = tmp_path / "schema.yaml"
    path.write_text("tables: []", encoding="utf-8")

    with pytest.raises(
        CommandError, match=r"unknown file type '\.yaml'; expected \.json or \.ts\."
    ):
        import_file(str(path))


@pytest.mark.django_db
def test_it_rejects_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_file(str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_it_imports_schema_ts(tmp_path):
    pytest.importorskip("designer.schemas.importers.typescript")
    path = tmp_path / "schema.ts"
    path.write_text(convex.render(make_blog_schema()), encoding="utf-8")

    slug = import_file(str(path), "--name", "Blog from ts").strip()

    imported = load_schema(Project.objects.get(slug=slug))
    assert slug == "blog-from-ts"
    assert imported.convex_json() == make_blog_schema().convex_json()


@pytest.mark.django_db
def test_it_rejects_bad_schema_ts_and_creates_nothing(tmp_path):
    pytest.importorskip("designer.schemas.importers.typescript")
    path = tmp_path / "schema.ts"
    path.write_text("export default 1;\n", encoding="utf-8")

    with pytest.raises(CommandError, match=str(path)):
        import_file(str(path))
    assert Project.objects.count() == 0
