"""Telling a project file from a schema.ts, and naming the new project."""

from __future__ import annotations

import pytest

from designer.schemas.exporters import jsonfile
from designer.schemas.importers import ImportProblem
from designer.schemas.importers.files import file_format, import_file, project_name
from tests.factories import make_blog_schema

SCHEMA_TS = "export default defineSchema({ t: defineTable({ a: v.string() }) });\n"


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("get-convex__convex-saas__schema.ts", "Convex saas"),
        ("webdevcody__big-brain__schema.ts", "Big brain"),
        ("shop_schema.ts", "Shop"),
        ("shop-schema.ts", "Shop"),
        ("mySchema.ts", "MySchema"),
        ("schemas.ts", "Schemas"),
        ("blog.json", "Blog"),
        ("/home/me/team-wiki/convex/schema.ts", "Team wiki"),
        ("C:\\work\\team_app\\convex\\schema.ts", "Team app"),
        ("apps/web/src/Schema.ts", "Web"),
        ("schema.ts", ""),
        ("convex/schema.ts", ""),
        ("__schema.ts", ""),
        ("", ""),
    ],
)
def test_project_name_from_the_file(file_name, name):
    assert project_name(file_name) == name


@pytest.mark.parametrize(
    ("text", "file_name", "kind"),
    [
        ("{}", "", "json"),
        ("\ufeff\n  {", "", "json"),
        ("import { v } from 'convex/values';", "", "ts"),
        ("{}", "schema.ts", "ts"),
        ("export default 1", "p.JSON", "json"),
    ],
)
def test_file_format_by_name_then_content(text, file_name, kind):
    assert file_format(text, file_name) == kind


def test_import_file_keeps_a_project_files_own_name():
    result = import_file(jsonfile.render(make_blog_schema()), "other_schema.json")
    assert result.schema.name == "Blog"
    assert result.skipped == []


def test_import_file_name_given_wins():
    assert import_file(SCHEMA_TS, "shop_schema.ts", " Main ").schema.name == "Main"
    assert import_file(SCHEMA_TS, "shop_schema.ts").schema.name == "Shop"
    assert import_file(SCHEMA_TS).schema.name == "Imported schema"


def test_import_file_errors_are_import_problems():
    with pytest.raises(ImportProblem) as raised:
        import_file("export default 1;\n", "x.ts")
    assert str(raised.value) == (
        "Line 1, column 16: The default export is not a `defineSchema(...)` call."
    )
    with pytest.raises(ImportProblem) as raised:
        import_file('{"format": 1}', "x.json")
    assert (raised.value.line, raised.value.column) == (0, 0)
