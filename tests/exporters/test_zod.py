from __future__ import annotations

import pytest

from designer.schemas.exporters import EXPORTERS, zod
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Literal, Scalar, Union
from tests.exporters import checkers, samples
from tests.factories import make_blog_schema


def render_fields(*fields: Field) -> str:
    return zod.render(Schema("Fields", [Table("items", fields=list(fields))]))


def test_zod_is_registered():
    exporter = EXPORTERS["zod"]

    assert exporter.extension == ".zod.ts"
    assert exporter.render is zod.render


def test_zod_maps_each_scalar():
    text = zod.render(make_blog_schema())

    assert '  authorId: zid("users"),\n' in text
    assert "  views: z.bigint(),\n" in text
    assert "  cover: z.instanceof(ArrayBuffer).optional(),\n" in text
    assert "  meta: z.any().optional(),\n" in text
    assert "  ratings: z.record(z.string(), z.number()),\n" in text
    assert '  role: z.enum(["admin", "member"]),\n' in text


def test_zod_maps_unions_faithfully():
    text = zod.render(make_blog_schema())

    assert "  deletedAt: z.number().nullable().optional(),\n" in text
    assert (
        "  priority: z.union([z.literal(1.5), z.literal(10n), z.literal(true)]),\n"
        in text
    )


def test_zod_empty_union_is_never():
    text = render_fields(Field("nothing", Union(())))

    assert "  nothing: z.never(),\n" in text


def test_zod_writes_largest_number_literal():
    text = render_fields(Field("limit", Literal(1.7976931348623157e308, "number")))

    assert "  limit: z.literal(1.7976931348623157e+308),\n" in text


def test_zod_objects_are_strict_with_system_fields():
    text = zod.render(make_blog_schema())

    assert "export const usersSchema = z.strictObject(usersFields);\n" in text
    assert (
        "export const usersDocSchema = "
        'z.strictObject(withSystemFields("users", usersFields));\n' in text
    )


def test_zod_escapes_hostile_text():
    text = zod.render(samples.hostile_schema())

    assert "/** *\\/ */\n" in text
    assert '  "x-y": z.record(z.string(), z.bigint()),\n' in text
    assert '  ["__proto__"]: z.boolean(),\n' in text
    assert "new line 名前" in text
    assert "${x}" not in text.replace("${x} `tick`", "")


def test_zod_gives_clashing_tables_distinct_names():
    schema = Schema(
        "Clash",
        [
            Table("a-b", fields=[Field("x", Scalar("string"))]),
            Table("a_b", fields=[Field("x", Scalar("string"))]),
        ],
    )

    text = zod.render(schema)

    assert "export const a_bSchema = " in text
    assert "export const a_b2Schema = " in text
    assert '  "a-b": a_bDocSchema,\n  a_b: a_b2DocSchema,\n' in text


def test_zod_output_is_deterministic():
    assert zod.render(samples.hostile_schema()) == zod.render(samples.hostile_schema())


@pytest.mark.node
def test_zod_modules_type_check_and_parse_samples(tmp_path):
    schemas = [*checkers.fixed_schemas().values(), *checkers.random_schemas()]
    directory = checkers.node_workspace(tmp_path)
    files = []
    for number, schema in enumerate(schemas):
        path = directory / f"schema{number}.ts"
        path.write_text(zod.render(schema))
        files.append(path)

    compiled = checkers.type_check(directory, files)

    assert compiled.returncode == 0, compiled.stdout
    cases, expected = [], []
    for number, schema in enumerate(schemas):
        module = str(directory / "out" / f"schema{number}.js")
        for table, accepted, document in samples.cases(schema):
            document = samples.to_convex_json(document)
            cases.append({"module": module, "table": table, "document": document})
            expected.append((number, table, accepted))
    results = checkers.run_node_json("check_zod.mjs", cases, directory)
    actual = [
        (number, table, result["accepted"])
        for (number, table, _), result in zip(expected, results, strict=True)
    ]
    assert actual == expected, [r["error"] for r in results if r["error"]][:3]
