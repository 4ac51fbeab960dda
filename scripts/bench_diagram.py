"""Measure what drawing an ER diagram costs, against bare Graphviz ``dot``.

Usage (from the repository root):

    .venv/bin/python scripts/bench_diagram.py [--sizes 10 100 300] [--repeat 3]

The script generates schemas of each size, with 8 fields a table, one to
three of them ``v.id`` references to one of the ten tables before. For
each size it prints the median of ``--repeat`` runs of: finding the error
findings, generating the DOT source, rendering SVG through
``designer.diagrams.render`` with an empty cache, rendering again from the
cache, and running ``dot -Tsvg`` on the same DOT file in a subprocess. The
ratios compare each step with that bare ``dot`` run, measured in the same
process. The cache is Django's local-memory cache, so with Redis a cached
render also pays a network round trip.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402

from designer.diagrams.dot import diagram_source, error_findings  # noqa: E402
from designer.diagrams.render import render  # noqa: E402
from designer.schemas.schema import Field, Index, Schema, Table  # noqa: E402
from designer.schemas.validators import (  # noqa: E402
    Array,
    Id,
    Literal,
    Member,
    Object,
    Scalar,
    Union,
)


def make_schema(size: int, seed: int = 1) -> Schema:
    """Return a schema of ``size`` tables that look like an application's."""
    rng = random.Random(seed)
    tables = []
    for n in range(size):
        # Real schemas refer mostly to tables of their own area, so each
        # table points at tables among the ten defined before it.
        targets = [
            f"table{max(0, n - rng.randint(1, 10))}" for _ in range(rng.randint(1, 3))
        ]
        fields = [Field(f"{t}Id", Id(t)) for t in targets]
        fields += [
            Field("name", Scalar("string")),
            Field("status", Union((Literal("draft"), Literal("live")))),
            Field("tags", Array(Scalar("string")), optional=True),
            Field("meta", Object((Member("source", Scalar("string")),))),
            Field("score", Scalar("number")),
            Field("createdAt", Scalar("number")),
            Field("updatedAt", Scalar("number")),
        ][: 8 - len(fields)]
        indexes = [Index(f"by_{f.name}", [f.name]) for f in fields[: len(targets)]]
        tables.append(Table(f"table{n}", fields=fields, indexes=indexes))
    return Schema(f"Bench {size}", tables)


def median_seconds(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_dot(path: str) -> None:
    subprocess.run(["dot", "-Tsvg", path], capture_output=True, check=True)


def measure(size: int, repeat: int) -> dict[str, float]:
    schema = make_schema(size)
    findings = error_findings(schema)
    source = diagram_source(schema, findings=findings)
    with tempfile.NamedTemporaryFile("w", suffix=".dot", delete=False) as file:
        file.write(source)

    def cold() -> None:
        cache.clear()
        render(source, "svg")

    try:
        return {
            "error rules": median_seconds(lambda: error_findings(schema), repeat),
            "DOT generation": median_seconds(
                lambda: diagram_source(schema, findings=findings), repeat
            ),
            "render, cold cache": median_seconds(cold, repeat),
            "render, cached": median_seconds(lambda: render(source, "svg"), repeat),
            "bare dot -Tsvg": median_seconds(lambda: bare_dot(file.name), repeat),
        }
    finally:
        os.unlink(file.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median)")
    arguments = parser.parse_args()
    # The benchmark measures the layout itself, so it lifts the web time limit.
    settings.DIAGRAM_TIMEOUT_SECONDS = 600
    for size in arguments.sizes:
        results = measure(size, arguments.repeat)
        bare = results["bare dot -Tsvg"]
        print(f"\n{size} tables", flush=True)
        for step, seconds in results.items():
            print(
                f"  {step:<20} {seconds * 1000:10.1f} ms  {seconds / bare:8.3f} x bare dot"
            )


if __name__ == "__main__":
    main()
