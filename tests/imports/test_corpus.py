"""Real schema.ts files import, and the self-contained ones round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.schemas.importers.typescript import import_typescript
from designer.schemas.rules import lint
from tests.conftest import CORPUS
from tests.node import typecheck

FILES = Path(__file__).parent / "files"
SELF_CONTAINED = [
    "get-convex__better-auth__schema.ts",
    "webdevcody__big-brain__schema.ts",
]
# Every construct from another module in the files that import some, as
# (line, column, start of the report).
EXTERNAL = {
    "get-convex__convex-saas__schema.ts": [
        (45, 6, "tables spread with `...authTables`"),
    ],
    "get-convex__agent__schema.ts": [
        (23, 13, "field `status` of table `threads`"),
        (36, 29, "field `embeddingId` of table `messages`"),
        (39, 13, "field `status` of table `messages`"),
        (45, 33, "field `providerOptions` of table `messages`"),
        (48, 25, "field `message` of table `messages`"),
        (54, 23, "field `usage` of table `messages`"),
        (55, 34, "field `providerMetadata` of table `messages`"),
        (56, 33, "field `sources` of table `messages`"),
        (57, 34, "field `warnings` of table `messages`"),
        (58, 30, "field `finishReason` of table `messages`"),
        (61, 34, "field `reasoningDetails` of table `messages`"),
        (70, 12, "index `threadId_status_tool_order_stepOrder` of table `messages`"),
        (84, 12, "index `embeddingId_threadId` of table `messages`"),
        (93, 33, "field `providerOptions` of table `streamingMessages`"),
        (157, 29, "field `embeddingId` of table `memories`"),
        (161, 12, "index `embeddingId` of table `memories`"),
        (176, 6, "tables spread with `...vectorTables`"),
    ],
    "mike1858__feather-starter-convex__schema.ts": [
        (31, 6, "tables spread with `...authTables`"),
        (47, 13, "field `status` of table `tasks`"),
        (48, 17, "field `visibility` of table `tasks`"),
        (55, 12, "index `by_visibility` of table `tasks`"),
        (57, 12, "index `by_assignee_status` of table `tasks`"),
        (59, 18, "index `search_title` of table `tasks`"),
        (65, 13, "field `status` of table `projects`"),
        (68, 12, "index `by_status` of table `projects`"),
        (70, 18, "index `search_name` of table `projects`"),
        (107, 13, "field `status` of table `subtasks`"),
        (122, 17, "field `entityType` of table `activityLogs`"),
        (124, 13, "field `action` of table `activityLogs`"),
        (128, 12, "index `by_entity` of table `activityLogs`"),
        (142, 13, "field `status` of table `tickets`"),
        (143, 15, "field `priority` of table `tickets`"),
        (149, 12, "index `by_status` of table `tickets`"),
        (150, 12, "index `by_priority` of table `tickets`"),
        (156, 13, "field `status` of table `contacts`"),
        (161, 12, "index `by_status` of table `contacts`"),
        (167, 13, "field `status` of table `imports`"),
        (175, 12, "index `by_status` of table `imports`"),
        (196, 15, "field `severity` of table `importErrors`"),
        (203, 12, "index `by_import_severity` of table `importErrors`"),
    ],
}
# Tables and field counts left after the skipped constructs.
KEPT = {
    "get-convex__convex-saas__schema.ts": {
        "users": 10,
        "plans": 5,
        "subscriptions": 10,
    },
    "get-convex__agent__schema.ts": {
        "threads": 6,
        "messages": 16,
        "streamingMessages": 10,
        "streamDeltas": 4,
        "memories": 3,
        "files": 7,
        "apiKeys": 1,
    },
}

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the schema corpus folder {CORPUS} is missing"
)


def read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@needs_corpus
@pytest.mark.parametrize("name", sorted(EXTERNAL))
def test_corpus_file_reports_each_external_construct(name):
    result = import_typescript(read(name), name)
    found = [(s.line, s.column, s.what.split(":")[0]) for s in result.skipped]
    assert found == EXTERNAL[name]
    lines = read(name).split("\n")
    for skipped in result.skipped:
        assert skipped.source_line == lines[skipped.line - 1].rstrip()


@needs_corpus
@pytest.mark.parametrize("name", sorted(KEPT))
def test_corpus_file_keeps_everything_else(name):
    schema = import_typescript(read(name), name).schema
    assert {t.name: len(t.fields) for t in schema.tables} == KEPT[name]


@needs_corpus
def test_corpus_plans_resolve_constants_and_computed_keys():
    schema = import_typescript(read("get-convex__convex-saas__schema.ts")).schema
    prices = schema.table("plans").field("prices").validator
    assert [m.name for m in prices.members] == ["month", "year"]
    assert [m.name for m in prices.members[0].validator.members] == ["usd", "eur"]
    currency = schema.table("subscriptions").field("currency").validator
    assert [m.value for m in currency.members] == ["usd", "eur"]


@needs_corpus
def test_corpus_agent_keeps_comments_as_descriptions():
    schema = import_typescript(read("get-convex__agent__schema.ts")).schema
    files = schema.table("files")
    assert files.field("mimeType").description == "@deprecated Use `mediaType` instead."
    assert schema.table("threads").field("userId").description == ""
    assert schema.table("streamingMessages").description.startswith("Status: if it's")


@needs_corpus
@pytest.mark.parametrize("name", SELF_CONTAINED)
def test_corpus_self_contained_file_has_nothing_skipped(name):
    result = import_typescript(read(name), name)
    assert result.skipped == []
    assert result.notes == []


@pytest.mark.node
@needs_corpus
def test_import_matches_what_convex_evaluates(convex_export):
    sources = {name: read(name) for name in SELF_CONTAINED}
    sources["every_construct.ts"] = (FILES / "every_construct.ts").read_text()
    exported = convex_export(sources)
    for name, source in sources.items():
        assert import_typescript(source).schema.convex_json() == exported[name], name


@pytest.mark.node
@needs_corpus
def test_self_contained_files_round_trip_through_our_export(convex_export):
    convex = pytest.importorskip(
        "designer.schemas.exporters.convex",
        reason="the schema.ts exporter module is not there",
    )
    originals = {name: read(name) for name in SELF_CONTAINED}
    originals["every_construct.ts"] = (FILES / "every_construct.ts").read_text()
    sources = dict(originals)
    for name, source in originals.items():
        schema = import_typescript(source).schema
        sources[f"again_{name}"] = convex.render(schema)
    exported = convex_export(sources)
    for name in originals:
        assert exported[f"again_{name}"] == exported[name], name


def corpus_names() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.ts")) if CORPUS.is_dir() else []


@needs_corpus
def test_corpus_index_fields_all_exist():
    missing = {}
    for name in corpus_names():
        findings = lint(import_typescript(read(name), name).schema)
        missing[name] = [f.message for f in findings if f.code == "CVX017"]
    assert len(missing) == 5
    assert missing == dict.fromkeys(missing, [])


@pytest.mark.node
@needs_corpus
def test_corpus_export_type_checks():
    convex = pytest.importorskip(
        "designer.schemas.exporters.convex",
        reason="the schema.ts exporter module is not there",
    )
    names = corpus_names()
    sources = [convex.render(import_typescript(read(n), n).schema) for n in names]
    assert typecheck(sources) == {}
