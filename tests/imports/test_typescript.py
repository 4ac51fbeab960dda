"""The schema.ts importer, one construct at a time, and its errors."""

from __future__ import annotations

import time

import pytest

from designer.schemas.importers.typescript import (
    MAX_NESTING,
    SchemaImportError,
    import_typescript,
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

HEADER = (
    'import { defineSchema, defineTable } from "convex/server";\n'
    'import { v } from "convex/values";\n'
)


def schema_of(tables: str, before: str = ""):
    """Import a file whose defineSchema argument is ``{tables}``."""
    text = f"{HEADER}{before}export default defineSchema({{\n{tables}\n}});\n"
    return import_typescript(text, "Test")


def field_validator(expression: str):
    table = schema_of(f"t: defineTable({{ f: {expression} }}),").schema.tables[0]
    return table.fields[0]


def import_error(text: str) -> SchemaImportError:
    with pytest.raises(SchemaImportError) as caught:
        import_typescript(text)
    return caught.value


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("v.string()", Scalar("string")),
        ("v.number()", Scalar("number")),
        ("v.float64()", Scalar("float64")),
        ("v.int64()", Scalar("int64")),
        ("v.boolean()", Scalar("boolean")),
        ("v.null()", Scalar("null")),
        ("v.bytes()", Scalar("bytes")),
        ("v.any()", Scalar("any")),
        ('v.id("users")', Id("users")),
        ('v.id("_storage")', Id("_storage")),
        ("v.array(v.string())", Array(Scalar("string"))),
        (
            "v.record(v.string(), v.number())",
            Record(Scalar("string"), Scalar("number")),
        ),
        ("v.union()", Union(())),
        ("v.union(v.string(), v.null())", Union((Scalar("string"), Scalar("null")))),
        ("v.nullable(v.string())", Union((Scalar("string"), Scalar("null")))),
        ('v.literal("a")', Literal("a")),
        ("v.literal(3)", Literal(3, "number")),
        ("v.literal(-3)", Literal(-3, "number")),
        ("v.literal(2.5)", Literal(2.5, "number")),
        ("v.literal(1e3)", Literal(1000.0, "number")),
        ("v.literal(0x10)", Literal(16, "number")),
        ("v.literal(1_000)", Literal(1000, "number")),
        ("v.literal(true)", Literal(True, "boolean")),
        ("v.literal(false)", Literal(False, "boolean")),
        ("v.literal(10n)", Literal(10, "bigint")),
        ("v.literal(-10n)", Literal(-10, "bigint")),
        ("v.literal(`tpl`)", Literal("tpl")),
        (r'v.literal("a\"b\n\u00e9\u{1F600}")', Literal('a"b\né\U0001f600')),
        ("v.literal('x')", Literal("x")),
    ],
)
def test_validator_constructs(expression, expected):
    assert field_validator(expression).validator == expected


def test_validator_nested_object_keeps_members_and_comments():
    found = field_validator(
        "v.object({\n  // The street.\n  street: v.string(),\n"
        '  "zip": v.optional(v.array(v.object({ n: v.int64() }))),\n})'
    )
    assert found.validator == Object(
        (
            Member("street", Scalar("string"), description="The street."),
            Member(
                "zip", Array(Object((Member("n", Scalar("int64")),))), optional=True
            ),
        )
    )


def test_validator_nested_deeply():
    found = field_validator("v.array(" * 20 + "v.string()" + ")" * 20)
    depth = 0
    validator = found.validator
    while isinstance(validator, Array):
        validator, depth = validator.element, depth + 1
    assert depth == 20
    assert validator == Scalar("string")


def test_optional_field_sets_the_flag():
    found = field_validator("v.optional(v.nullable(v.number()))")
    assert found.optional is True
    assert found.validator == Union((Scalar("number"), Scalar("null")))


def test_bigint_becomes_int64_with_a_note():
    result = schema_of("t: defineTable({ count: v.bigint() }),")
    assert result.schema.tables[0].fields[0].validator == Scalar("int64")
    assert [(n.line, n.column) for n in result.notes] == [(4, 25)]
    assert "v.bigint()" in result.notes[0].what
    assert result.notes[0].source_line == "t: defineTable({ count: v.bigint() }),"


def test_table_from_v_object():
    table = schema_of("t: defineTable(v.object({ a: v.string() })),").schema.tables[0]
    assert table.document_kind == "object"
    assert [f.to_data() for f in table.fields] == [
        {"name": "a", "validator": {"kind": "string"}}
    ]


def test_table_from_union_numbers_variants():
    table = schema_of(
        "t: defineTable(v.union(\n"
        '  v.object({ kind: v.literal("a"), x: v.number() }),\n'
        '  v.object({ kind: v.literal("b"), y: v.optional(v.string()) }),\n'
        ")),"
    ).schema.tables[0]
    assert table.document_kind == "union"
    assert [(f.name, f.variant, f.optional) for f in table.fields] == [
        ("kind", 0, False),
        ("x", 0, False),
        ("kind", 1, False),
        ("y", 1, True),
    ]


def test_table_from_v_any():
    table = schema_of("t: defineTable(v.any()),").schema.tables[0]
    assert table.document_kind == "any"
    assert table.fields == []


def test_indexes_of_every_form():
    table = schema_of(
        "t: defineTable({ a: v.string(), b: v.number(), e: v.array(v.float64()) })\n"
        '  .index("by_a", ["a"])\n'
        '  .index("by_a_and_b", { fields: ["a", "b"], staged: true })\n'
        '  .index("by_b", { fields: ["b"] },)\n'
        '  .searchIndex("search_a", { searchField: "a", filterFields: ["b"] })\n'
        '  .searchIndex("search_a2", { searchField: "a", staged: true })\n'
        '  .vectorIndex("by_e", { vectorField: "e", dimensions: 8, filterFields: ["a"] })\n'
        '  .vectorIndex("by_e2", { vectorField: "e", dimensions: 4, staged: true }),'
    ).schema.tables[0]
    assert [i.to_data() for i in table.indexes] == [
        {"name": "by_a", "fields": ["a"]},
        {"name": "by_a_and_b", "fields": ["a", "b"], "staged": True},
        {"name": "by_b", "fields": ["b"]},
    ]
    assert [i.to_data() for i in table.search_indexes] == [
        {"name": "search_a", "searchField": "a", "filterFields": ["b"]},
        {"name": "search_a2", "searchField": "a", "filterFields": [], "staged": True},
    ]
    assert [i.to_data() for i in table.vector_indexes] == [
        {"name": "by_e", "vectorField": "e", "dimensions": 8, "filterFields": ["a"]},
        {
            "name": "by_e2",
            "vectorField": "e",
            "dimensions": 4,
            "filterFields": [],
            "staged": True,
        },
    ]


def test_schema_options_are_read():
    text = (
        f"{HEADER}export default defineSchema({{ t: defineTable({{}}) }}, "
        "{ schemaValidation: false, strictTableNameTypes: false, });"
    )
    schema = import_typescript(text).schema
    assert schema.schema_validation is False
    assert schema.strict_table_name_types is False


def test_schema_options_default_to_true():
    schema = schema_of("t: defineTable({}),").schema
    assert schema.schema_validation is True
    assert schema.strict_table_name_types is True


def test_name_given_or_default():
    assert schema_of("").schema.name == "Test"
    assert import_typescript(
        f"{HEADER}export default defineSchema({{}});"
    ).schema.name == ("Imported schema")


def test_comments_above_tables_and_fields_become_descriptions():
    tables = schema_of(
        "// Line one.\n// Line two.\n"
        "users: defineTable({\n"
        "  /**\n   * The name.\n   */\n"
        "  name: v.string(), // trailing, not a description\n"
        "  email: v.string(),\n"
        "\n"
        "  /* Block. */\n"
        "  age: v.number(),\n"
        "}),\n"
        "// Not directly above.\n"
        "\n"
        "posts: defineTable({ title: v.string() }),"
    ).schema.tables
    assert tables[0].description == "Line one.\nLine two."
    assert [(f.name, f.description) for f in tables[0].fields] == [
        ("name", "The name."),
        ("email", ""),
        ("age", "Block."),
    ]
    assert tables[1].description == ""


def test_unique_marker_comment_sets_unique():
    field = (
        schema_of(
            "users: defineTable({\n"
            "  // Where we write.\n"
            "  // unique: enforce in mutations with index by_email\n"
            "  email: v.string(),\n"
            "}),"
        )
        .schema.tables[0]
        .fields[0]
    )
    assert field.unique is True
    assert field.description == "Where we write."


def test_quoted_and_computed_keys_and_trailing_commas():
    table = schema_of(
        '"users": defineTable({ "first": v.string(), [KEYS.SECOND]: v.number(), },),',
        before='const KEYS = { SECOND: "second" } as const;\n',
    ).schema.tables[0]
    assert table.name == "users"
    assert [f.name for f in table.fields] == ["first", "second"]


def test_constants_declared_in_the_file_are_followed():
    result = schema_of(
        "users,\n posts: defineTable({ ...audit, author: author, kind }),",
        before=(
            'const author = v.id("users");\n'
            'export const kind = v.union(v.literal(STATUS.A), v.literal("b"));\n'
            'const STATUS = { A: "a" } as const;\n'
            "const audit = { createdAt: v.number() };\n"
            "export const users = defineTable({ name: v.string() })"
            '.index("by_name", ["name"]);\n'
        ),
    )
    users, posts = result.schema.tables
    assert users.name == "users"
    assert [i.name for i in users.indexes] == ["by_name"]
    assert [(f.name, f.validator) for f in posts.fields] == [
        ("createdAt", Scalar("number")),
        ("author", Id("users")),
        ("kind", Union((Literal("a"), Literal("b")))),
    ]
    assert result.skipped == []


def test_tables_object_and_schema_through_constants():
    text = (
        f"{HEADER}export const tables = {{ t: defineTable({{ a: v.string() }}) }};\n"
        "const schema = defineSchema(tables);\nexport default schema;\n"
    )
    assert [t.name for t in import_typescript(text).schema.tables] == ["t"]


def test_schema_found_without_default_export():
    text = f"{HEADER}const schema = defineSchema({{ t: defineTable({{}}) }});\n"
    assert [t.name for t in import_typescript(text).schema.tables] == ["t"]


def test_pasted_fragment_without_imports():
    text = "export default defineSchema({ t: defineTable({ a: v.string() }) });"
    assert import_typescript(text).schema.tables[0].fields[0].name == "a"


def test_aliased_imports_are_understood():
    text = (
        'import { defineSchema as ds, defineTable as dt } from "convex/server";\n'
        'import { v as val } from "convex/values";\n'
        "export default ds({ t: dt({ a: val.string() }) });"
    )
    assert import_typescript(text).schema.tables[0].fields[0].validator == Scalar(
        "string"
    )


def test_imported_constructs_are_skipped_with_their_place():
    result = schema_of(
        "...authTables,\n"
        "users: defineTable({\n"
        "  name: v.string(),\n"
        "  status: vStatus,\n"
        "  tags: v.optional(v.array(vTag)),\n"
        "  kind: zodToConvex(kindSchema),\n"
        "  ...sharedFields,\n"
        "}),\n"
        "external: externalTable,",
        before=(
            'import { authTables } from "@convex-dev/auth/server";\n'
            'import { vStatus, vTag, sharedFields, externalTable } from "./parts";\n'
            'import { zodToConvex } from "convex-helpers/server/zod4";\n'
            'import { kindSchema } from "./kinds";\n'
        ),
    )
    assert [(s.line, s.column, s.what) for s in result.skipped] == [
        (
            8,
            4,
            "tables spread with `...authTables`: `authTables` is imported from "
            '"@convex-dev/auth/server"',
        ),
        (
            11,
            11,
            'field `status` of table `users`: `vStatus` is imported from "./parts"',
        ),
        (12, 28, 'field `tags` of table `users`: `vTag` is imported from "./parts"'),
        (
            13,
            9,
            "field `kind` of table `users`: `zodToConvex` is imported from "
            '"convex-helpers/server/zod4"',
        ),
        (
            14,
            6,
            "fields spread with `...sharedFields` into table `users`: "
            '`sharedFields` is imported from "./parts"',
        ),
        (16, 11, 'table `external`: `externalTable` is imported from "./parts"'),
    ]
    assert result.skipped[1].source_line == "  status: vStatus,"
    assert [(t.name, [f.name for f in t.fields]) for t in result.schema.tables] == [
        ("users", ["name"])
    ]


def test_index_on_skipped_field_is_skipped():
    result = schema_of(
        "tasks: defineTable({\n"
        "  title: v.string(),\n"
        "  owner: v.string(),\n"
        "  status: vStatus,\n"
        "  meta: vMeta,\n"
        "})\n"
        '  .index("by_owner", ["owner"])\n'
        '  .index("by_owner_status", ["owner", "status"])\n'
        '  .index("by_kind", ["meta.kind"])\n'
        '  .searchIndex("search_title", { searchField: "title", filterFields: ["status"] })\n'
        '  .vectorIndex("by_meta", { vectorField: "meta", dimensions: 3 }),',
        before='import { vStatus, vMeta } from "./parts";\n',
    )
    table = result.schema.table("tasks")
    assert [f.name for f in table.fields] == ["title", "owner"]
    assert [i.name for i in table.indexes] == ["by_owner"]
    assert table.search_indexes == []
    assert table.vector_indexes == []
    indexes = [(s.line, s.column, s.what) for s in result.skipped][2:]
    assert indexes == [
        (
            12,
            10,
            "index `by_owner_status` of table `tasks`: it uses the field `status`, "
            "which was skipped on line 8",
        ),
        (
            13,
            10,
            "index `by_kind` of table `tasks`: it uses the field `meta.kind`, "
            "which was skipped on line 9",
        ),
        (
            14,
            16,
            "index `search_title` of table `tasks`: it uses the field `status`, "
            "which was skipped on line 8",
        ),
        (
            15,
            16,
            "index `by_meta` of table `tasks`: it uses the field `meta`, "
            "which was skipped on line 9",
        ),
    ]
    assert (
        result.skipped[2].source_line
        == '  .index("by_owner_status", ["owner", "status"])'
    )


def test_index_on_spread_field_is_skipped():
    result = schema_of(
        "users: defineTable({ name: v.string(), ...authFields })\n"
        '  .index("by_name", ["name"])\n'
        '  .index("by_email", ["email"])\n'
        '  .index("by_creation", ["_creationTime"]),',
        before='import { authFields } from "./auth";\n',
    )
    table = result.schema.table("users")
    assert [i.name for i in table.indexes] == ["by_name", "by_creation"]
    assert [(s.line, s.column, s.what) for s in result.skipped][1:] == [
        (
            7,
            10,
            "index `by_email` of table `users`: it uses the field `email`, which may "
            "come from the skipped `...authFields`",
        ),
    ]


def test_index_on_missing_field_is_kept():
    result = schema_of(
        "users: defineTable({ name: v.string(), status: vStatus })\n"
        '  .index("by_email", ["email"]),',
        before='import { vStatus } from "./parts";\n',
    )
    assert [i.name for i in result.schema.table("users").indexes] == ["by_email"]
    assert [s.what.split(":")[0] for s in result.skipped] == [
        "field `status` of table `users`"
    ]


def test_index_skips_are_per_table():
    result = schema_of(
        "a: defineTable({ status: vStatus }),\n"
        'b: defineTable({ status: v.string() }).index("by_status", ["status"]),',
        before='import { vStatus } from "./parts";\n',
    )
    assert [i.name for i in result.schema.table("b").indexes] == ["by_status"]
    assert len(result.skipped) == 1


# Errors: each names the line and column, counted from 1.


def error_at(tables: str, before: str = "") -> tuple[int, int, str]:
    with pytest.raises(SchemaImportError) as caught:
        schema_of(tables, before)
    error = caught.value
    return error.line, error.column, error.message


def test_syntax_error_names_the_place():
    error = import_error(
        f"{HEADER}export default defineSchema({{\n  t: defineTable({{ a: v.string( }}),\n}});"
    )
    assert (error.line, error.column) == (4, 31)
    assert error.message == "Syntax error at `(`."
    assert error.source_line == "  t: defineTable({ a: v.string( }),"


def test_double_comma_is_a_syntax_error():
    assert error_at("t: defineTable({ a: v.string(),, }),") == (
        4,
        32,
        "Syntax error at `,`.",
    )


def test_missing_define_schema():
    error = import_error(f"{HEADER}export const x = 1;\n")
    assert (error.line, error.column) == (0, 0)
    assert "No `defineSchema(...)` found" in error.message


def test_default_export_that_is_not_a_schema():
    error = import_error(f"{HEADER}export default 42;\n")
    assert (error.line, error.column) == (3, 16)
    assert error.message == "The default export is not a `defineSchema(...)` call."


def test_unknown_validator():
    line, column, message = error_at("t: defineTable({ a: v.text() }),")
    assert (line, column) == (4, 21)
    assert message.startswith("Unknown validator `v.text`. Expected one of v.null, ")


def test_unknown_function_call():
    line, column, message = error_at("t: defineTable({ a: makeValidator() }),")
    assert (line, column) == (4, 21)
    assert "`makeValidator` is not defined in this file" in message


@pytest.mark.parametrize("name", ["NaN", "Infinity"])
def test_non_finite_literal_is_rejected(name):
    line, column, message = error_at(f"t: defineTable({{ a: v.literal({name}) }}),")
    assert (line, column) == (4, 31)
    assert message == (
        f"`{name}` is not a value Convex can store: number literals must be finite."
    )


def test_unsupported_method_on_a_table():
    line, column, message = error_at('t: defineTable({}).unique("a"),')
    assert (line, column) == (4, 20)
    assert message == "Unsupported `.unique` on a table definition."


def test_optional_outside_an_object():
    assert error_at("t: defineTable({ a: v.array(v.optional(v.string())) }),") == (
        4,
        29,
        "`v.optional(...)` is only allowed as a property of an object.",
    )


def test_wrong_argument_count():
    assert error_at("t: defineTable({ a: v.string(1) }),") == (
        4,
        29,
        "v.string() takes 0 argument(s), not 1.",
    )


def test_duplicate_table_names():
    assert error_at("t: defineTable({}),\nt: defineTable({}),") == (
        5,
        1,
        "Duplicate table name `t`.",
    )


def test_duplicate_field_names():
    assert error_at("t: defineTable({ a: v.string(), a: v.number() }),") == (
        4,
        33,
        "Duplicate field `a`.",
    )


def test_duplicate_index_names():
    line, column, message = error_at(
        't: defineTable({ a: v.string() }).index("x", ["a"]).searchIndex("x", '
        '{ searchField: "a" }),'
    )
    assert (line, column, message) == (4, 65, "Duplicate index name `x` in this table.")


@pytest.mark.parametrize(
    ("tables", "column", "message"),
    [
        (
            '"my table": defineTable({}),',
            1,
            "Invalid table name 'my table': it contains ' '; only ASCII letters, "
            "digits and underscores are allowed.",
        ),
        (
            "_private: defineTable({}),",
            1,
            "Invalid table name '_private': it starts with an underscore, which "
            "Convex reserves for system tables.",
        ),
        (
            "t: defineTable({ _id: v.string() }),",
            18,
            "Invalid field name '_id': it starts with an underscore, which Convex "
            "reserves for system fields.",
        ),
        (
            't: defineTable({ "<script>": v.string() }),',
            18,
            "Invalid field name '<script>': it contains '<'; only ASCII letters, "
            "digits and underscores are allowed.",
        ),
        (
            't: defineTable({ a: v.object({ "b c": v.string() }) }),',
            32,
            "Invalid field name 'b c': it contains ' '; only ASCII letters, digits "
            "and underscores are allowed.",
        ),
        (
            't: defineTable({ a: v.string() }).index("by_id", ["a"]),',
            41,
            "Invalid index name 'by_id': it is reserved for the index Convex adds "
            "to every table.",
        ),
        (
            't: defineTable({ a: v.id("bad name") }),',
            26,
            "Invalid table name 'bad name' in `v.id()`: it contains ' '; only ASCII "
            "letters, digits and underscores are allowed.",
        ),
    ],
)
def test_names_convex_rejects(tables, column, message):
    assert error_at(tables) == (4, column, message)


def test_hostile_names_are_rejected_not_echoed_raw():
    for name in ('"x*/y"', '"${x}"', '"a\\\\b"', '"a\\nb"', '"имя"', "'q\"'"):
        line, _, message = error_at(f"t: defineTable({{ {name}: v.string() }}),")
        assert line == 4
        assert message.startswith("Invalid field name ")


def test_undefined_identifier():
    assert error_at("t: defineTable({ a: missing }),")[:2] == (4, 21)


def test_self_reference():
    line, column, message = error_at(
        "t: defineTable({ a: loop }),", before="const loop = v.array(loop);\n"
    )
    assert (line, column, message) == (3, 22, "`loop` refers to itself.")


def test_template_with_substitution():
    assert error_at("t: defineTable({ a: v.literal(`${x}`) }),")[2] == (
        "Template strings with `${...}` are not supported."
    )


def test_unknown_index_option():
    assert error_at(
        't: defineTable({ a: v.string() }).index("by_a", { fields: ["a"], unique: true }),'
    ) == (
        4,
        66,
        "Unknown option `unique` of .index(). Expected fields, staged.",
    )


def test_unknown_schema_option():
    error = import_error(
        f"{HEADER}export default defineSchema({{}}, {{ strict: true }});"
    )
    assert (error.line, error.column) == (3, 35)
    assert error.message.startswith("Unknown option `strict` of defineSchema()")


def test_imported_tables_object_is_an_error():
    error = import_error(
        f'{HEADER}import {{ tables }} from "./tables";\nexport default defineSchema(tables);'
    )
    assert (error.line, error.column) == (4, 29)
    assert error.message == (
        "The tables of the schema come from another module: `tables` is imported "
        'from "./tables".'
    )


def test_positions_count_characters_not_bytes():
    line, column, _ = error_at(
        't: defineTable({ "é": v.string(), "ü x": v.string() }),'
    )
    assert (line, column) == (4, 18)
    line, column, _ = error_at('t: defineTable({ a: v.literal("é"), b: v.nope() }),')
    assert (line, column) == (4, 40)


# Bounds.


def test_file_over_the_size_limit_is_rejected_quickly():
    text = HEADER + "// " + "x" * (3 * 1024 * 1024) + "\n"
    started = time.perf_counter()
    error = import_error(text)
    assert time.perf_counter() - started < 1
    assert error.message == "The file is 3.0 MB, but the maximum is 2 MB."


def test_deep_nesting_is_rejected_quickly():
    expression = "v.array(" * 200 + "v.string()" + ")" * 200
    started = time.perf_counter()
    line, column, message = error_at(f"t: defineTable({{ a: {expression} }}),")
    assert time.perf_counter() - started < 1
    assert line == 4
    assert (
        message
        == f"Expressions nested deeper than {MAX_NESTING} levels are not supported."
    )


def test_deep_parentheses_are_rejected():
    line, _, message = error_at(
        "t: defineTable({ a: " + "(" * 200 + "v.string()" + ")" * 200 + " }),"
    )
    assert line == 4
    assert "nested deeper" in message


def test_exponential_constants_are_rejected():
    before = "const c0 = v.string();\n" + "".join(
        f"const c{n} = v.union(c{n - 1}, c{n - 1}, c{n - 1}, c{n - 1});\n"
        for n in range(1, 20)
    )
    started = time.perf_counter()
    line, _, message = error_at("t: defineTable({ a: c19 }),", before)
    assert time.perf_counter() - started < 5
    assert "too many expressions" in message


def test_three_hundred_tables_import_in_well_under_a_second():
    tables = "\n".join(
        f'table{n}: defineTable({{ name: v.string(), owner: v.id("table0"), '
        f"tags: v.array(v.string()), meta: v.optional(v.object({{ a: v.number() }})) }})"
        f'.index("by_name", ["name"]),'
        for n in range(300)
    )
    started = time.perf_counter()
    schema = schema_of(tables).schema
    elapsed = time.perf_counter() - started
    assert len(schema.tables) == 300
    assert elapsed < 1.0


def test_nul_bytes_in_comments_and_strings_are_kept():
    table = schema_of(
        '/** a\x00b */\nt: defineTable({ x: v.literal("\\x01\x00") }),'
    ).schema.tables[0]
    assert table.description == "a\x00b"
    assert table.fields[0].validator == Literal("\x01\x00")
