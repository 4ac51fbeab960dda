from __future__ import annotations

import pytest

from designer.diagrams.dot import (
    DiagramOptions,
    DiagramOptionsError,
    diagram_source,
    error_findings,
    groups,
)
from designer.diagrams.labels import short_type
from designer.schemas.rules import Finding, Location, Severity, lint
from designer.schemas.schema import Field, RuleSetting, Schema, Table
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
from tests.diagrams.helpers import (
    Edge,
    cluster_members,
    dot_json,
    graph_edges,
    make_auth_schema,
    number,
    string,
)
from tests.factories import make_blog_schema


def node_ids(graph: dict) -> set[str]:
    return {o["id"] for o in graph["objects"] if "id" in o}


def labels_by_id(graph: dict) -> dict[str, str]:
    return {o["id"]: o["label"] for o in graph["objects"] if "id" in o}


@pytest.mark.parametrize(
    ("validator", "expected"),
    [
        (Id("users"), "id<users>"),
        (Array(string), "string[]"),
        (Array(Union((string, number))), "(string | number)[]"),
        (
            Object((Member("name", string), Member("email", string, True))),
            "{name, email?}",
        ),
        (Union((Literal("a"), Literal("b"))), '"a" | "b"'),
        (Literal('say "hi"\n'), '"say \\"hi\\"\\n"'),
        (
            Union(
                (
                    Literal(1.5, "number"),
                    Literal(10, "bigint"),
                    Literal(False, "boolean"),
                )
            ),
            "1.5 | 10n | false",
        ),
        (Record(string, Scalar("float64")), "record<string, float64>"),
        (Scalar("int64"), "int64"),
        (Union(()), "never"),
        (Array(Union(())), "never[]"),
        (Array(Union((string,))), "string[]"),
        (Record(string, Union(())), "record<string, never>"),
        (Object(()), "{}"),
        (Literal(""), '""'),
    ],
)
def test_short_type(validator, expected):
    assert short_type(validator) == expected


@pytest.mark.exe
def test_it_draws_tables_and_field_edges():
    graph = dot_json(diagram_source(make_blog_schema()))

    assert node_ids(graph) == {"table-users", "table-posts"}
    assert graph_edges(graph) == {
        Edge("table-posts", "f0:e", "table-users", "id_in:w", "crow", "teetee", "")
    }


def test_it_labels_rows_with_types_and_marks():
    source = diagram_source(make_blog_schema())

    users_id = '<TD PORT="id_in" ALIGN="LEFT"><U>_id</U></TD>'
    assert users_id in source
    assert '<TD PORT="f1_in" ALIGN="LEFT">email</TD>' in source
    assert "UK IX</FONT>" in source
    assert '<TD PORT="f5_in" ALIGN="LEFT">cover?</TD>' in source
    assert "{slug, keywords?}" in source
    assert "&quot;admin&quot; | &quot;member&quot;" in source
    assert "record&lt;string, float64&gt;" in source


def test_it_hides_field_types_when_asked():
    source = diagram_source(make_blog_schema(), DiagramOptions(show_types=False))

    assert "record&lt;string, float64&gt;" not in source
    assert '<TD PORT="f1_in" ALIGN="LEFT">email</TD><TD PORT="f1"' in source


@pytest.mark.exe
def test_it_draws_nested_and_string_references():
    graph = dot_json(diagram_source(make_auth_schema()))

    assert graph_edges(graph) == {
        Edge(
            "table-session", "f1:e", "table-user", "id_in:w", "crow", "teetee", "dashed"
        ),
        Edge(
            "table-account",
            "f1:e",
            "table-user",
            "id_in:w",
            "crow",
            "teeodot",
            "dashed",
        ),
        Edge(
            "table-twoFactor",
            "f0:e",
            "table-user",
            "id_in:w",
            "crow",
            "teetee",
            "dashed",
        ),
        Edge("table-profiles", "f1:e", "table-user", "id_in:w", "crow", "teetee", ""),
        Edge("table-profiles", "f2:e", "table-profiles", "id:e", "crow", "crow", ""),
        Edge(
            "table-profiles",
            "f3:e",
            "table-countries",
            "id_in:w",
            "crow",
            "teeodot",
            "",
        ),
        Edge(
            "table-profiles", "f4:e", "table-countries", "id_in:w", "crow", "crow", ""
        ),
        Edge(
            "table-profiles",
            "f5:e",
            "table-countries",
            "id_in:w",
            "crow",
            "teeodot",
            "",
        ),
    }


@pytest.mark.exe
def test_it_clusters_better_auth_tables():
    graph = dot_json(diagram_source(make_auth_schema()))

    assert cluster_members(graph, "cluster_better_auth") == {
        "table-user",
        "table-session",
        "table-account",
        "table-twoFactor",
    }


@pytest.mark.exe
def test_it_marks_tables_with_error_findings():
    findings = [
        Finding(
            "X1", Severity.ERROR, "Bad", "Broken code.", Location("countries", "code")
        ),
        Finding("X2", Severity.ERROR, "Bad", "Broken kind.", Location("countries")),
        Finding("X3", Severity.WARNING, "Meh", "Just a warning.", Location("profiles")),
    ]
    graph = dot_json(diagram_source(make_auth_schema(), findings=findings))
    labels = labels_by_id(graph)
    tooltips = {o["id"]: o["tooltip"] for o in graph["objects"] if "id" in o}

    assert 'BORDER="2" COLOR="#c62828"' in labels["table-countries"]
    assert "<B>2 errors</B>" in labels["table-countries"]
    assert 'BORDER="1"' in labels["table-profiles"]
    assert "error" not in labels["table-profiles"]
    assert tooltips["table-countries"] == (
        "ISO 3166 countries.\\nError: Broken code.\\nError: Broken kind."
    )


def test_it_marks_errors_that_lint_finds():
    schema = make_blog_schema()
    schema.tables.append(Table("bad-name", fields=[Field("x", string)]))

    source = diagram_source(schema, findings=lint(schema))

    assert any(f.location.table == "bad-name" for f in lint(schema))
    assert source.count('BORDER="2" COLOR="#c62828"') == 1
    assert 'id="table-bad-name"' in source


@pytest.mark.exe
def test_focus_shows_the_table_and_its_neighbours():
    options = DiagramOptions(focus="countries")
    graph = dot_json(diagram_source(make_auth_schema(), options))

    assert node_ids(graph) == {"table-countries", "table-profiles"}
    assert {(e.tail, e.head) for e in graph_edges(graph)} == {
        ("table-profiles", "table-countries"),
        ("table-profiles", "table-profiles"),
    }


@pytest.mark.exe
def test_group_view_stubs_outside_targets():
    options = DiagramOptions(group="App")
    graph = dot_json(diagram_source(make_auth_schema(), options))

    assert node_ids(graph) == {"table-profiles", "stub-user", "stub-countries"}
    assert ("table-profiles", "f1:e", "stub-user", "") in {
        (e.tail, e.tail_port, e.head, e.head_port) for e in graph_edges(graph)
    }


@pytest.mark.exe
def test_better_auth_group_holds_the_auth_tables():
    options = DiagramOptions(group="Better Auth")
    graph = dot_json(diagram_source(make_auth_schema(), options))

    assert node_ids(graph) == {
        "table-user",
        "table-session",
        "table-account",
        "table-twoFactor",
    }


@pytest.mark.exe
def test_top_to_bottom_leaves_the_sides_to_dot():
    options = DiagramOptions(rankdir="TB")
    graph = dot_json(diagram_source(make_blog_schema(), options))

    assert graph["rankdir"] == "TB"
    assert graph_edges(graph) == {
        Edge("table-posts", "f0", "table-users", "id_in", "crow", "teetee", "")
    }


@pytest.mark.exe
def test_missing_table_gets_red_stub():
    schema = Schema("Ghosts", [Table("posts", fields=[Field("ghostId", Id("ghost"))])])

    graph = dot_json(diagram_source(schema))

    stub = next(o for o in graph["objects"] if o.get("id") == "stub-ghost")
    assert stub["color"] == "#c62828"
    assert "ghost (missing)" in stub["label"]
    assert stub["tooltip"] == "Table ghost does not exist."


def test_union_tables_show_each_variant():
    table = Table(
        "events",
        document_kind="union",
        fields=[
            Field("kind", Literal("click")),
            Field("kind", Literal("view"), variant=1),
            Field("url", string, variant=1),
        ],
    )

    source = diagram_source(Schema("Events", [table]))

    assert "<HR/>" in source
    assert "<I>or variant 2</I>" in source
    assert '<TD PORT="f2_in" ALIGN="LEFT">url</TD>' in source


def test_groups_lists_better_auth_and_named_groups():
    assert groups(make_auth_schema()) == ["App", "Better Auth", "Reference"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            DiagramOptions(rankdir="RL"),
            "Invalid direction 'RL': use LR (left to right) or TB (top to bottom).",
        ),
        (
            DiagramOptions(focus="user", group="App"),
            "Choose either a table or a group, not both.",
        ),
        (DiagramOptions(focus="nope"), "Table 'nope' not found in this project."),
        (DiagramOptions(group="Nope"), "Group 'Nope' not found in this project."),
    ],
)
def test_options_check_rejects(options, message):
    with pytest.raises(DiagramOptionsError) as raised:
        options.check(make_auth_schema())

    assert str(raised.value) == message


def test_source_is_deterministic():
    first = diagram_source(make_auth_schema())
    second = diagram_source(make_auth_schema())

    assert first == second


def test_error_findings_match_the_errors_of_lint():
    schema = make_blog_schema()
    schema.tables.append(Table("bad-name", fields=[Field("x", string)]))
    warning = next(f for f in lint(schema) if f.severity == Severity.WARNING)
    schema.rule_settings.append(RuleSetting(warning.code, severity="error"))

    errors = [f for f in lint(schema) if f.severity == Severity.ERROR]

    assert error_findings(schema) == errors
    assert warning.code in {f.code for f in errors}


def test_fk_mark_survives_hidden_edge():
    options = DiagramOptions(focus="countries")

    source = diagram_source(make_auth_schema(), options)

    owner_row = '<TD PORT="f1_in" ALIGN="LEFT">ownerId</TD>'
    assert owner_row in source
    row = source[source.index(owner_row) :].split("</TR>")[0]
    assert row.endswith('POINT-SIZE="9">FK</FONT></TD>')
