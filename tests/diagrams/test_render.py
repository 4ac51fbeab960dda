from __future__ import annotations

import subprocess

import pytest
from django.core.cache import cache

from designer.diagrams.dot import DiagramOptions, diagram_source
from designer.diagrams.labels import short_type
from designer.diagrams.render import (
    DiagramTimeout,
    RendererUnavailable,
    inline_svg,
    render,
)
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Id, Literal, Object, Scalar, Union
from tests.diagrams.helpers import (
    HOSTILE,
    SVG,
    XLINK,
    make_auth_schema,
    parse_svg,
    svg_node,
    svg_texts,
)
from tests.factories import make_blog_schema

pytestmark = pytest.mark.exe


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dot_runs(monkeypatch):
    """Count the dot subprocesses started, while still running each one."""
    runs: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        runs.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    return runs


def big_schema(tables: int) -> Schema:
    return Schema(
        "Big",
        [
            Table(
                f"t{n}",
                fields=[
                    Field(f"f{k}", Id(f"t{(n * 7 + k) % tables}")) for k in range(8)
                ],
            )
            for n in range(tables)
        ],
    )


def test_svg_shows_every_table_and_field():
    schema = make_auth_schema()

    root = parse_svg(render(diagram_source(schema), "svg"))
    texts = svg_texts(root)

    for table in schema.tables:
        assert svg_node(root, f"table-{table.name}") is not None
        assert table.name in texts
        for field in table.fields:
            assert field.name + ("?" if field.optional else "") in texts
            assert short_type(field.validator) in texts


def test_png_and_pdf_have_their_signatures():
    source = diagram_source(make_blog_schema())

    assert render(source, "png").startswith(b"\x89PNG\r\n\x1a\n")
    assert render(source, "pdf").startswith(b"%PDF")
    assert render(source, "dot") == source.encode()


def test_inline_svg_drops_the_xml_prolog():
    svg = render(diagram_source(make_blog_schema()), "svg")

    fragment = inline_svg(svg)

    assert svg.startswith(b"<?xml")
    assert fragment.startswith("<svg ")
    assert parse_svg(fragment).tag == f"{SVG}svg"


def test_hostile_text_stays_text():
    table = Table(
        "notes",
        description=HOSTILE,
        fields=[
            Field("kind", Union((Literal(HOSTILE[:30]), Literal('b\\"')))),
            Field("body", Scalar("string"), description=HOSTILE),
        ],
    )
    schema = Schema(HOSTILE, [table, Table('odd "<name>"\\N\n', fields=[])])

    root = parse_svg(
        render(diagram_source(schema, table_url=lambda t: "/t/?a=1&b=2"), "svg")
    )
    texts = svg_texts(root)
    node = svg_node(root, "table-notes")
    link = next(node.iter(f"{SVG}a"))

    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert link.get(f"{XLINK}title") == HOSTILE
    assert link.get(f"{XLINK}href") == "/t/?a=1&b=2"
    assert short_type(Literal(HOSTILE[:30])) + ' | "b\\\\\\""' in texts
    assert 'odd "<name>"\\N' in texts
    assert svg_node(root, "table-odd___name___N_") is not None
    # The caption is the schema name on one line, then the legend.
    assert HOSTILE.replace("\n", " ") in texts


def test_long_text_is_truncated_visibly():
    long_name = "x" * 200
    schema = Schema(
        "Long",
        [
            Table(
                "notes",
                description="d" * 1000,
                fields=[Field("kind", Literal(long_name))],
            )
        ],
    )

    root = parse_svg(render(diagram_source(schema), "svg"))
    link = next(svg_node(root, "table-notes").iter(f"{SVG}a"))

    assert '"' + "x" * 46 + "…" in svg_texts(root)
    assert link.get(f"{XLINK}title") == "d" * 399 + "…"


def test_render_lays_out_once(dot_runs):
    source = diagram_source(make_blog_schema())

    first = render(source, "svg")
    second = render(source, "svg")
    render(source, "png")
    render(diagram_source(make_auth_schema()), "svg")

    assert first == second
    assert [command[1] for command in dot_runs] == ["-Tsvg", "-Tpng", "-Tsvg"]


def test_it_stops_dot_after_the_time_limit(settings, dot_runs):
    settings.DIAGRAM_TIMEOUT_SECONDS = 0.05
    source = diagram_source(big_schema(300))

    with pytest.raises(DiagramTimeout) as raised:
        render(source, "svg")

    assert str(raised.value) == (
        "Laying out this diagram took longer than 0.05 seconds. Show a smaller part "
        "of the schema: focus on one table or pick a group."
    )
    assert len(dot_runs) == 1


def test_missing_dot_is_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(RendererUnavailable) as raised:
        render(diagram_source(make_blog_schema()), "svg")

    assert str(raised.value) == (
        "Diagrams are unavailable: Graphviz `dot` is not installed on the server."
    )


def test_dot_failure_names_error():
    with pytest.raises(RendererUnavailable) as raised:
        render("digraph { a -> }", "svg")

    assert str(raised.value).startswith("Graphviz `dot` failed (exit status 1): Error:")
    assert "syntax error in line 1" in str(raised.value)


def empty_parts_schema() -> Schema:
    """Return a schema with every empty part a label can get: types, names, texts."""
    shapes = Table(
        "shapes",
        fields=[
            Field("none", Union(())),
            Field("maybe", Union(()), optional=True),
            Field("nothing", Object(())),
            Field("blank", Literal("")),
            Field("", Scalar("string")),
            Field("ref", Id(" \x03")),
        ],
    )
    unnamed = Table(" \x01", fields=[Field("\x02", Union(()))])
    return Schema("", [shapes, Table(""), unnamed])


LEGEND_TEXT = "PK key \xa0\xa0FK reference \xa0\xa0UK unique \xa0\xa0IX indexed \xa0\xa0? optional"


def test_empty_parts_render_with_types():
    root = parse_svg(render(diagram_source(empty_parts_schema()), "svg"))

    assert svg_texts(root) == [
        LEGEND_TEXT,
        *("shapes", "_id", "id<shapes>", "PK"),
        *("none", "never", "maybe?", "never", "nothing", "{}", "blank", '""'),
        *('""', "string", "ref", "id< >", "FK"),
        '"" (missing)',
        *('""', "_id", 'id<"">', "PK"),
        *('""', "_id", 'id<"">', "PK", '""', "never"),
    ]
    ids = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("id", "")[:1] in "ts"]
    assert ids == ["table-shapes", "stub-__", "table-", "table-__"]


def test_empty_parts_render_without_types():
    options = DiagramOptions(show_types=False)

    root = parse_svg(render(diagram_source(empty_parts_schema(), options), "svg"))

    assert svg_texts(root) == [
        LEGEND_TEXT,
        *("shapes", "_id", "PK", "none", "maybe?", "nothing", "blank", '""'),
        *("ref", "FK", '"" (missing)', '""', "_id", "PK", '""', "_id", "PK", '""'),
    ]


def test_empty_union_table_renders():
    schema = Schema("Empty", [Table("events", document_kind="union")])

    root = parse_svg(render(diagram_source(schema), "svg"))

    assert svg_node(root, "table-events") is not None
