from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings

from designer.schemas.demo import demo_schema
from designer.schemas.exporters import EXPORTERS
from designer.schemas.exporters.convex import js_number, js_string, render
from designer.schemas.exporters.widths import WIDE_OR_ZERO
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
)
from tests.conftest import NODE_MODULES
from tests.factories import make_blog_schema
from tests.node import HERE, as_js_numbers, evaluate_schemas, prettier_format, typecheck
from tests.strategies import HOSTILE_TEXTS, schemas

string = Scalar("string")
HEADER = (
    'import { defineSchema, defineTable } from "convex/server";\n'
    'import { v } from "convex/values";\n\n'
)


def draw_schemas(count: int, **options) -> list[Schema]:
    """Draw ``count`` random schemas at most, so one Node run can check them all."""
    drawn: list[Schema] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(schemas(**options))
    def collect(schema: Schema) -> None:
        drawn.append(schema)

    collect()
    return drawn


def hostile_schema() -> Schema:
    """Return a schema whose names and texts try to break out of the file."""
    fields = [Field(text, Literal(text), description=text) for text in HOSTILE_TEXTS]
    fields.append(Field("用户", Id("<script>"), unique=True))
    table = Table("<script>", fields, description="*/ export default 1; /*")
    table.indexes.append(Index("by_'quote\"", ['a"b']))
    return Schema("Hostile", [table], description="ends */ here")


def test_render_small_schema_exactly():
    schema = Schema(
        "Small",
        [
            Table(
                "users",
                [
                    Field("name", string, description="Shown to other members."),
                    Field("email", string, unique=True),
                    Field("age", Scalar("number"), optional=True),
                ],
                indexes=[Index("by_email", ["email"])],
                description="People who sign in.",
            )
        ],
    )

    assert render(schema) == HEADER + (
        "export default defineSchema({\n"
        "  /** People who sign in. */\n"
        "  users: defineTable({\n"
        "    /** Shown to other members. */\n"
        "    name: v.string(),\n"
        "    // unique: enforce in mutations with index by_email\n"
        "    email: v.string(),\n"
        "    age: v.optional(v.number()),\n"
        '  }).index("by_email", ["email"]),\n'
        "});\n"
    )


def test_render_options_only_when_not_default():
    schema = Schema("Options", schema_validation=False)

    assert render(schema) == HEADER + (
        "export default defineSchema({}, { schemaValidation: false });\n"
    )
    assert render(Schema("Defaults")) == HEADER + "export default defineSchema({});\n"


def test_render_union_any_and_staged_indexes():
    events = Table(
        "events",
        [
            Field("kind", Literal("a")),
            Field("kind", Literal("b"), variant=1),
            Field("size", Literal(10, "bigint"), variant=1),
        ],
        document_kind="union",
        indexes=[Index("by_kind", ["kind"], staged=True)],
    )
    blobs = Table("blobs", document_kind="any")
    docs = Table(
        "docs",
        [Field("body", string), Field("vector", Array(Scalar("float64")))],
        search_indexes=[SearchIndex("search_body", "body", staged=True)],
        vector_indexes=[VectorIndex("by_vector", "vector", 3)],
    )

    text = render(Schema("Kinds", [events, blobs, docs]))

    assert text == HEADER + (
        "export default defineSchema({\n"
        "  events: defineTable(\n"
        "    v.union(\n"
        "      v.object({\n"
        '        kind: v.literal("a"),\n'
        "      }),\n"
        "      v.object({\n"
        '        kind: v.literal("b"),\n'
        "        size: v.literal(10n),\n"
        "      }),\n"
        "    ),\n"
        '  ).index("by_kind", { fields: ["kind"], staged: true }),\n'
        "\n"
        "  blobs: defineTable(v.any()),\n"
        "\n"
        "  docs: defineTable({\n"
        "    body: v.string(),\n"
        "    vector: v.array(v.float64()),\n"
        "  })\n"
        '    .searchIndex("search_body", { searchField: "body", staged: true })\n'
        '    .vectorIndex("by_vector", { vectorField: "vector", dimensions: 3 }),\n'
        "});\n"
    )


def test_render_nested_validators_break_like_prettier():
    nested = Object(
        (
            Member("owner", Id("users"), description="Who owns it."),
            Member("scores", Record(string, Union((Scalar("number"), Scalar("null"))))),
            Member("history", Array(Object((Member("at", Scalar("number")),))), True),
        )
    )
    schema = Schema("Nested", [Table("things", [Field("data", nested)])])

    assert render(schema) == HEADER + (
        "export default defineSchema({\n"
        "  things: defineTable({\n"
        "    data: v.object({\n"
        "      /** Who owns it. */\n"
        '      owner: v.id("users"),\n'
        "      scores: v.record(v.string(), v.union(v.number(), v.null())),\n"
        "      history: v.optional(v.array(v.object({ at: v.number() }))),\n"
        "    }),\n"
        "  }),\n"
        "});\n"
    )


def test_unique_field_without_index_says_so():
    table = Table("users", [Field("email", string, unique=True)])

    text = render(Schema("S", [table]))

    assert (
        "// unique: enforce in mutations; no index starts with this field yet\n" in text
    )


def test_js_string_escapes():
    assert js_string("plain") == '"plain"'
    assert js_string('say "hi"') == "'say \"hi\"'"
    assert js_string('it\'s "x"') == "'it\\'s \"x\"'"
    assert js_string("a'b\"c") == '"a\'b\\"c"'
    assert js_string("a\\b\nc\td") == '"a\\\\b\\nc\\td"'
    assert js_string("x\u2028y\u2029z") == '"x\\u2028y\\u2029z"'
    assert js_string("\x00\x1f\x7f") == '"\\u0000\\u001f\\u007f"'
    assert js_string("用户 ✓") == '"用户 ✓"'


def test_js_number_forms():
    assert js_number(3) == "3"
    assert js_number(2.0) == "2"
    assert js_number(1.5) == "1.5"
    assert js_number(1e21) == "1e21"
    assert js_number(1.5e-7) == "1.5e-7"
    assert js_number(-0.25) == "-0.25"


def test_hostile_text_stays_inside_strings_and_comments():
    text = render(hostile_schema())

    assert "/** ends *\\/ here */\n" in text
    assert '  "<script>": defineTable({\n' in text
    assert "    /** *\\/ alert(1) /* */\n" in text
    assert '    "</script><script>alert(1)</script>": v.literal(\n' in text
    assert (
        "    /**\n     * line one\n     * line two\n     * line three\n     */\n"
        in text
    )
    assert '"sep\\u2028arated\\u2029text"' in text
    assert "\u2028" not in text
    assert '    用户: v.id("<script>"),\n' in text
    assert '.index("by_\'quote\\"", [\'a"b\'])' in text


def test_convex_exporter_is_registered():
    exporter = EXPORTERS["convex"]

    assert exporter.extension == ".ts"
    assert exporter.render(make_blog_schema()) == render(make_blog_schema())


@pytest.mark.node
def test_demo_output_is_unchanged_by_prettier_cli(tmp_path):
    path = tmp_path / "schema.ts"
    path.write_text(render(demo_schema()), encoding="utf-8")

    completed = subprocess.run(
        [str(NODE_MODULES / ".bin" / "prettier"), "--parser", "typescript", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert completed.stdout == path.read_text(encoding="utf-8")


@pytest.mark.node
def test_random_schemas_are_unchanged_by_prettier():
    sources = [render(s) for s in draw_schemas(120)]
    sources.append(render(hostile_schema()))

    formatted = prettier_format(sources)

    for source, result in zip(sources, formatted, strict=True):
        assert result == source


@pytest.mark.node
def test_export_evaluates_to_convex_json_in_node():
    drawn = [demo_schema(), make_blog_schema(), hostile_schema(), *draw_schemas(60)]
    assert len(drawn) >= 28

    results = evaluate_schemas([render(s) for s in drawn])

    for schema, result in zip(drawn, results, strict=True):
        assert result.get("error") is None
        assert result["json"] == as_js_numbers(schema.convex_json())


@pytest.mark.node
def test_export_typechecks_with_strict_tsc():
    drawn = [demo_schema(), make_blog_schema(), *draw_schemas(30)]
    assert len(drawn) >= 27

    errors = typecheck([render(s) for s in drawn])

    assert errors == {}


@pytest.mark.node
def test_width_table_matches_prettier():
    completed = subprocess.run(
        ["node", str(HERE / "string_widths.mjs")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert [tuple(r) for r in json.loads(completed.stdout)] == list(WIDE_OR_ZERO)
