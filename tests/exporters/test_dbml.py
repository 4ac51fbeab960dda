from __future__ import annotations

import pytest

from designer.schemas.exporters import EXPORTERS, dbml
from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import Array, Id, Scalar
from tests.exporters import checkers, samples
from tests.factories import make_blog_schema


def test_dbml_is_registered():
    assert EXPORTERS["dbml"].extension == ".dbml"


def test_dbml_writes_columns_indexes_and_refs():
    text = dbml.render(make_blog_schema())

    assert "Table posts [note: 'Articles written by users.'] {\n" in text
    assert '  authorId "id<users>" [not null]\n' in text
    assert '  deletedAt "number | null"\n' in text
    assert "  email string [not null, unique]\n" in text
    assert "    (authorId, published) [name: 'by_authorId_and_published']\n" in text
    assert text.endswith("Ref: posts.authorId > users._id\n")


def test_dbml_quotes_names_and_escapes_strings():
    assert dbml.name("Table") == '"Table"'
    assert dbml.name('a "b"\n') == '"a \\"b\\"\\n"'
    assert dbml.string("it's \\ */\n") == "'it\\'s \\\\ */\\n'"


def test_dbml_refs_from_lists_are_many_to_many():
    schema = Schema(
        "Tags",
        [
            Table("tags", fields=[Field("name", Scalar("string"))]),
            Table("posts", fields=[Field("tagIds", Array(Id("tags")))]),
        ],
    )

    assert "Ref: posts.tagIds <> tags._id\n" in dbml.render(schema)


def test_dbml_leaves_out_refs_to_missing_tables():
    schema = Schema("Ghost", [Table("posts", fields=[Field("ghostId", Id("ghosts"))])])

    assert "Ref:" not in dbml.render(schema)


def test_dbml_leaves_out_unwritable_index_paths():
    table = Table(
        "posts",
        fields=[Field("a", Scalar("string"))],
        indexes=[Index("by_tick", ["a.`b"]), Index("by_a", ["a"])],
    )

    text = dbml.render(Schema("Ticks", [table]))

    assert "by_tick" not in text
    assert "    a [name: 'by_a']\n" in text


def test_dbml_output_is_deterministic():
    assert dbml.render(samples.hostile_schema()) == dbml.render(
        samples.hostile_schema()
    )


@pytest.mark.node
def test_dbml_parses_with_dbml_core(tmp_path):
    fixed = checkers.fixed_schemas()
    schemas = [*fixed.values(), *checkers.random_schemas()]

    results = checkers.run_node_json(
        "check_dbml.mjs", [dbml.render(s) for s in schemas], tmp_path
    )

    assert [r["error"] for r in results] == [""] * len(schemas)
    for schema, result in zip(schemas, results, strict=True):
        assert [t["name"] for t in result["tables"]] == [t.name for t in schema.tables]
    blog = results[list(fixed).index("blog")]
    assert blog["tables"][1]["indexes"] == [
        ["by_authorId_and_published", ["authorId", "published"]],
        ["search_body", ["body"]],
        ["by_embedding", ["embedding"]],
    ]
    assert blog["refs"] == ["posts.authorId* users._id1"]
    hostile = results[list(fixed).index("hostile")]
    assert hostile["tables"][1]["note"] == samples.HOSTILE_TEXT
    assert hostile["tables"][2]["name"] == 'odd "table" <b>'
    assert hostile["refs"][-1] == 'odd "table" <b>.tags* odd "table" <b>._id*'
