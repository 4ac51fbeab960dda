"""Time the schema.ts importer on a generated 300-table file.

Prints the time to read the file, to parse it with tree-sitter alone, and to
import it, each the median of several runs on this machine. The import time
is also printed as a ratio of the other two, which stays comparable across
machines. Run from the repository root:

    .venv/bin/python scripts/bench_import.py [--tables 300] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tree_sitter  # noqa: E402
import tree_sitter_typescript  # noqa: E402

from designer.schemas.importers.typescript import import_typescript  # noqa: E402


def generate(tables: int) -> str:
    """Return a schema.ts with ``tables`` tables of eight fields and three indexes."""
    lines = [
        'import { defineSchema, defineTable } from "convex/server";',
        'import { v } from "convex/values";',
        "",
        "export default defineSchema({",
    ]
    for n in range(tables):
        lines += [
            f"  // Table number {n}.",
            f"  table{n}: defineTable({{",
            "    name: v.string(),",
            "    email: v.optional(v.string()),",
            f'    ownerId: v.id("table{max(n - 1, 0)}"),',
            '    status: v.union(v.literal("open"), v.literal("closed")),',
            "    tags: v.array(v.string()),",
            "    meta: v.object({ source: v.string(), score: v.number() }),",
            "    embedding: v.array(v.float64()),",
            "    createdAt: v.number(),",
            "  })",
            '    .index("by_email", ["email"])',
            '    .index("by_status_and_createdAt", ["status", "createdAt"])',
            '    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 8 }),',
        ]
    lines.append("});")
    return "\n".join(lines) + "\n"


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=300, help="tables to generate")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.ts"
        path.write_text(generate(options.tables), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        data = text.encode("utf-8")
        parser_ = tree_sitter.Parser(
            tree_sitter.Language(tree_sitter_typescript.language_typescript())
        )
        read = median_seconds(lambda: path.read_text(encoding="utf-8"), options.runs)
        parse = median_seconds(lambda: parser_.parse(data), options.runs)
        full = median_seconds(lambda: import_typescript(text), options.runs)

    tables = len(import_typescript(text).schema.tables)
    print(
        f"file: {tables} tables, {len(data) / 1024:.0f} KiB, {options.runs} runs each"
    )
    print(f"read file          {read * 1000:8.2f} ms")
    print(f"tree-sitter parse  {parse * 1000:8.2f} ms")
    print(f"import_typescript  {full * 1000:8.2f} ms")
    print(f"import / parse     {full / parse:8.1f}x")
    print(f"import / read      {full / read:8.1f}x")


if __name__ == "__main__":
    main()
