"""Graphviz DOT source of an ER diagram, built from an in-memory schema.

One node per table, drawn as an HTML-like table with a row per field. Edges
run from the row of each field that holds a ``v.id("t")`` (at any depth) to
the ``_id`` row of ``t``, with crow's-foot ends: the crow sits at the
referencing table (many documents), the tee at the referenced one. Better
Auth's tables keep their references in ``v.string()`` fields, so those are
drawn as dashed edges to ``user`` (or to the table the field names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import graphviz

from designer.diagrams import labels
from designer.diagrams.labels import (
    CommentMark,
    RowMarks,
    escape_label,
    escape_tooltip,
    one_line,
)
from designer.diagrams.references import (
    BETTER_AUTH_GROUP,
    Reference,
    find_references,
    is_better_auth,
)
from designer.schemas.identifiers import SYSTEM_TABLES
from designer.schemas.rules import Finding, Severity, iter_rules, lint
from designer.schemas.schema import Schema, Table

RANKDIRS = ("LR", "TB")
LEGEND = "PK key   FK reference   UK unique   IX indexed   ? optional"

TableUrl = Callable[[Table], str | None]


class DiagramOptionsError(ValueError):
    """Raised when diagram options do not fit the schema; the message is for the user."""


@dataclass(frozen=True)
class DiagramOptions:
    """The part of the schema to draw, and how to draw it."""

    focus: str = ""
    group: str = ""
    rankdir: str = "LR"
    show_types: bool = True

    def check(self, schema: Schema) -> None:
        """Raise DiagramOptionsError naming the first option that does not fit."""
        if self.rankdir not in RANKDIRS:
            raise DiagramOptionsError(
                f"Invalid direction {self.rankdir!r}: use LR (left to right) "
                "or TB (top to bottom)."
            )
        if self.focus and self.group:
            raise DiagramOptionsError("Choose either a table or a group, not both.")
        if self.focus and schema.table(self.focus) is None:
            raise DiagramOptionsError(
                f"Table {self.focus!r} not found in this project."
            )
        if self.group and self.group not in groups(schema):
            raise DiagramOptionsError(
                f"Group {self.group!r} not found in this project."
            )


@dataclass(frozen=True)
class _Marks:
    """The marks in the header of each table node, beside its name."""

    errors: dict[str, list[Finding]]
    comments: Mapping[str, CommentMark]


@dataclass
class _View:
    tables: list[Table]
    references: list[Reference]
    # Every reference of the drawn tables, also those whose edge is left out,
    # so that a field's FK mark does not depend on the view.
    marked: list[Reference] = field(default_factory=list)
    # Tables drawn as small stubs: "outside" the view, "system" or "missing".
    stubs: dict[str, str] = field(default_factory=dict)


def groups(schema: Schema) -> list[str]:
    """Return the schema's group names in order, Better Auth included if present."""
    names = {t.group for t in schema.tables if t.group}
    if any(is_better_auth(t) for t in schema.tables):
        names.add(BETTER_AUTH_GROUP)
    return sorted(names)


def build_graph(
    schema: Schema,
    options: DiagramOptions | None = None,
    findings: Iterable[Finding] = (),
    table_url: TableUrl | None = None,
    comments: Mapping[str, CommentMark] | None = None,
) -> graphviz.Digraph:
    """Return the diagram of ``schema`` as a graph; ``options`` must have passed check().

    ``comments`` maps table names to the review comments marked on them.
    """
    options = options or DiagramOptions()
    view = _select(schema, options)
    errors = _errors_by_table(findings)
    marks = _Marks(errors, comments or {})
    graph = _new_graph(schema, options)
    auth = [t for t in view.tables if is_better_auth(t)]
    if auth:
        with graph.subgraph(name="cluster_better_auth") as cluster:
            cluster.attr(
                label=BETTER_AUTH_GROUP,
                style="rounded,dashed",
                color=labels.BORDER_COLOR,
                fontcolor=labels.MUTED_COLOR,
            )
            _add_tables(cluster, auth, view, options, marks, table_url)
    others = [t for t in view.tables if not is_better_auth(t)]
    _add_tables(graph, others, view, options, marks, table_url)
    _add_stubs(graph, schema, view, table_url)
    _add_edges(graph, view, options)
    return graph


def diagram_source(
    schema: Schema,
    options: DiagramOptions | None = None,
    findings: Iterable[Finding] = (),
    table_url: TableUrl | None = None,
    comments: Mapping[str, CommentMark] | None = None,
) -> str:
    """Return the DOT source of the diagram of ``schema``."""
    return build_graph(schema, options, findings, table_url, comments).source


def _new_graph(schema: Schema, options: DiagramOptions) -> graphviz.Digraph:
    graph = graphviz.Digraph(name="schema")
    # "\l" ends a left-justified line in a Graphviz label.
    caption = graphviz.nohtml(
        f"{escape_label(one_line(schema.name), 120)}\\l{LEGEND}\\l"
    )
    graph.attr(
        rankdir=options.rankdir,
        label=caption,
        labelloc="b",
        labeljust="l",
        fontname="Helvetica",
        fontsize="11",
        fontcolor=labels.MUTED_COLOR,
        nodesep="0.35",
        ranksep="0.9",
        newrank="true",
    )
    graph.attr("node", shape="plain", fontname="Helvetica", fontsize="11")
    graph.attr("edge", color=labels.BORDER_COLOR, arrowsize="0.8", penwidth="1.2")
    return graph


def _select(schema: Schema, options: DiagramOptions) -> _View:
    """Pick the tables and references to draw for ``options``."""
    references = find_references(schema)
    if options.focus:
        names = {options.focus}
        names |= {r.target for r in references if r.table == options.focus}
        names |= {r.table for r in references if r.target == options.focus}
    elif options.group:
        names = {t.name for t in schema.tables if _in_group(t, options.group)}
    else:
        names = schema.table_names()
    view = _View(
        tables=[t for t in schema.tables if t.name in names],
        references=[r for r in references if r.table in names],
        marked=[r for r in references if r.table in names],
    )
    _plan_stubs(schema, options, view, names)
    return view


def _in_group(table: Table, group: str) -> bool:
    if group == BETTER_AUTH_GROUP:
        return is_better_auth(table)
    return table.group == group and not is_better_auth(table)


def _plan_stubs(
    schema: Schema, options: DiagramOptions, view: _View, names: set[str]
) -> None:
    """Keep references to tables outside the view: drawn to a stub, or dropped.

    A group view shows where its references lead; a focused view shows only
    the focus and its neighbours. Convex's system tables always get a stub,
    and so does a missing table, marked red, because the reference to it is
    a mistake worth seeing.
    """
    kept = []
    for reference in view.references:
        target = reference.target
        if target in names:
            kept.append(reference)
            continue
        if target in SYSTEM_TABLES:
            view.stubs[target] = "system"
        elif schema.table(target) is None:
            view.stubs[target] = "missing"
        elif options.group:
            view.stubs[target] = "outside"
        else:
            continue
        kept.append(reference)
    view.references = kept


def error_findings(schema: Schema) -> list[Finding]:
    """Return the schema's error findings, running only the rules that can raise one.

    A diagram marks errors only, and skipping the other rules keeps the cost
    of a render independent of how slow the advisory rules are on big schemas.
    """
    overrides = {r.code: r.severity for r in schema.rule_settings if r.severity}
    rules = [
        rule
        for rule in iter_rules()
        if overrides.get(rule.code, rule.severity) == Severity.ERROR
    ]
    return lint(schema, rules)


def _errors_by_table(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    errors: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == Severity.ERROR and finding.location.table:
            errors.setdefault(finding.location.table, []).append(finding)
    return errors


def _add_tables(
    graph: graphviz.Digraph,
    tables: list[Table],
    view: _View,
    options: DiagramOptions,
    marks: _Marks,
    table_url: TableUrl | None,
) -> None:
    for table in tables:
        table_errors = marks.errors.get(table.name, [])
        label = labels.table_label(
            table,
            _row_marks(table, view.marked),
            options.show_types,
            len(table_errors),
            is_better_auth(table),
            marks.comments.get(table.name),
        )
        graph.node(
            _node_name(table.name),
            label=label,
            id=labels.element_id("table-", table.name),
            tooltip=escape_tooltip(_tooltip(table, table_errors)),
            URL=_url(table, table_url),
        )


def _tooltip(table: Table, errors: list[Finding]) -> str:
    lines = [table.description or f"Table {table.name}"]
    lines += [f"Error: {f.message}" for f in errors]
    return "\n".join(lines)


def _url(table: Table, table_url: TableUrl | None) -> str | None:
    url = table_url(table) if table_url else None
    return labels.escape_url(url) if url else None


def _row_marks(table: Table, references: list[Reference]) -> dict[str, RowMarks]:
    indexed = {path.split(".")[0] for path in _index_paths(table)}
    referencing = {r.field for r in references if r.table == table.name}
    return {
        f.name: RowMarks(
            reference=f.name in referencing,
            unique=f.unique,
            indexed=f.name in indexed,
        )
        for f in table.fields
    }


def _index_paths(table: Table) -> Iterator[str]:
    for index in table.indexes:
        yield from index.fields
    for search in table.search_indexes:
        yield search.search_field
        yield from search.filter_fields
    for vector in table.vector_indexes:
        yield vector.vector_field
        yield from vector.filter_fields


def _add_stubs(
    graph: graphviz.Digraph,
    schema: Schema,
    view: _View,
    table_url: TableUrl | None,
) -> None:
    for name, kind in sorted(view.stubs.items()):
        name_label = labels.name_html(name)
        text, tooltip = {
            "outside": (name_label, f"Table {name}"),
            "system": (f"{name_label} (system)", f"Convex system table {name}"),
            "missing": (f"{name_label} (missing)", f"Table {name} does not exist."),
        }[kind]
        color = labels.ERROR_COLOR if kind == "missing" else labels.BORDER_COLOR
        label = labels.element("FONT", text, f' COLOR="{color}"')
        table = schema.table(name)
        graph.node(
            _node_name(name),
            label=f"<{label}>",
            shape="box",
            style="rounded,dashed",
            color=color,
            margin="0.15,0.05",
            id=labels.element_id("stub-", name),
            tooltip=escape_tooltip(tooltip),
            URL=_url(table, table_url) if table else None,
        )


def _add_edges(graph: graphviz.Digraph, view: _View, options: DiagramOptions) -> None:
    backward = _back_edges(view)
    for reference in view.references:
        tail, head = _edge_ends(reference, view, options, backward)
        is_backward = (reference.table, reference.target) in backward
        graph.edge(
            tail,
            head,
            dir="both",
            arrowtail="crow",
            arrowhead=_head_arrow(reference),
            style="dashed" if reference.string else None,
            constraint="false" if is_backward else None,
            tooltip=escape_tooltip(_edge_tooltip(reference)),
        )


def _edge_ends(
    reference: Reference,
    view: _View,
    options: DiagramOptions,
    backward: set[tuple[str, str]],
) -> tuple[str, str]:
    """Return the tail and head of an edge as ``node:port:side``.

    Left to right, a reference leaves its field on the east and enters the
    key on the west. A reference that runs backward (right to left) uses the
    opposite sides, and one to its own table loops on the east. Top to
    bottom, dot picks the sides.
    """
    tail = f"{_node_name(reference.table)}:f{reference.position}"
    head = _node_name(reference.target)
    if reference.target in view.stubs:
        return tail + (":e" if options.rankdir == "LR" else ""), head
    if reference.target == reference.table:
        return tail + ":e", head + ":id:e"
    if options.rankdir != "LR":
        return tail, head + ":id_in"
    if (reference.table, reference.target) in backward:
        return tail + "_in:w", head + ":id:e"
    return tail + ":e", head + ":id_in:w"


def _back_edges(view: _View) -> set[tuple[str, str]]:
    """Return the (table, target) pairs that close a cycle of references.

    dot ranks along the other references (edges with constraint=false do
    not count), so the target of a back edge always lies on an earlier rank
    than its table, and the edge can be drawn from the right side knowing it.
    """
    targets: dict[str, list[str]] = {t.name: [] for t in view.tables}
    for r in view.references:
        if r.target in targets and r.target != r.table:
            targets[r.table].append(r.target)
    state: dict[str, str] = {}
    backward: set[tuple[str, str]] = set()
    for root in targets:
        if root in state:
            continue
        # An iterative depth-first search, so that deep chains cannot hit the
        # recursion limit. A target still "open" is an ancestor of the table.
        state[root] = "open"
        stack = [(root, iter(targets[root]))]
        while stack:
            table, pending = stack[-1]
            target = next(pending, None)
            if target is None:
                state[table] = "done"
                stack.pop()
            elif state.get(target) == "open":
                backward.add((table, target))
            elif target not in state:
                state[target] = "open"
                stack.append((target, iter(targets[target])))
    return backward


def _head_arrow(reference: Reference) -> str:
    if reference.many:
        return "crowodot" if reference.optional else "crow"
    return "teeodot" if reference.optional else "teetee"


def _edge_tooltip(reference: Reference) -> str:
    paths = ", ".join(f"{reference.table}.{path}" for path in reference.paths)
    kind = "string id" if reference.string else "id"
    return f"{paths} → {reference.target} ({kind})"


def _node_name(table_name: str) -> str:
    """Return the DOT node name of a table: a quoted ID that cannot contain a port."""
    # quote_edge() splits edge ends at ":", so ports are the only colons allowed.
    return "t_" + table_name.encode().hex()
