"""Run exported code through the real tools, one batch per tool."""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from playwright.sync_api import sync_playwright

from designer.schemas.demo import demo_schema
from designer.schemas.schema import Schema
from tests.conftest import NODE_MODULES, ROOT
from tests.exporters.random_schemas import export_schemas
from tests.exporters.samples import empty_parts_schema, hostile_schema
from tests.factories import make_blog_schema

NODE_SCRIPTS = Path(__file__).parent / "node"
RUFF = Path(sys.executable).parent / "ruff"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RANDOM_SCHEMA_COUNT = 20
_module_numbers = itertools.count()


def fixed_schemas() -> dict[str, Schema]:
    """Return the blog, demo, hostile and empty parts schemas by name."""
    return {
        "blog": make_blog_schema(),
        "hostile": hostile_schema(),
        "demo": demo_schema(),
        "empty": empty_parts_schema(),
    }


@functools.cache
def random_schemas(count: int = RANDOM_SCHEMA_COUNT) -> tuple[Schema, ...]:
    """Draw ``count`` random schemas, the same ones on every run."""
    drawn: list[Schema] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(export_schemas())
    def collect(schema: Schema) -> None:
        drawn.append(schema)

    collect()
    return tuple(drawn[-count:])


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=180, check=False
    )


def node_workspace(directory: Path) -> Path:
    """Make ``directory`` resolve the pinned npm packages as ES modules."""
    (directory / "node_modules").symlink_to(NODE_MODULES)
    (directory / "package.json").write_text('{"type": "module"}\n')
    return directory


def type_check(directory: Path, files: list[Path]) -> subprocess.CompletedProcess:
    """Compile ``files`` with the pinned tsc into ``directory / "out"``."""
    return run(
        [
            str(NODE_MODULES / ".bin" / "tsc"),
            "--strict",
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--rootDir",
            str(directory),
            "--outDir",
            str(directory / "out"),
            *map(str, files),
        ],
        cwd=directory,
    )


def run_node_json(script: str, payload: object, directory: Path) -> object:
    """Run a helper script on ``payload`` written as JSON and return its JSON output."""
    cases = directory / f"{script}.cases.json"
    cases.write_text(json.dumps(payload))
    result = run(["node", str(NODE_SCRIPTS / script), str(cases)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def import_module(path: Path) -> ModuleType:
    """Import the Python file at ``path`` under a fresh module name."""
    name = f"exported_models_{next(_module_numbers)}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    # Pydantic resolves annotations through sys.modules.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def mermaid_parse(texts: list[str]) -> list[str]:
    """Return "" for each text the real Mermaid parses, else its error message."""
    # A browser fixture of another module may still run Playwright's event loop
    # in this thread, and the sync API raises an error inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(_mermaid_parse, texts).result(timeout=300)


def _mermaid_parse(texts: list[str]) -> list[str]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><html><body></body></html>")
            page.add_script_tag(path=str(NODE_MODULES / "mermaid/dist/mermaid.min.js"))
            return page.evaluate(
                """async (texts) => {
                    const errors = [];
                    for (const text of texts) {
                        try {
                            await mermaid.parse(text);
                            errors.push("");
                        } catch (error) {
                            errors.push(String(error.message || error));
                        }
                    }
                    return errors;
                }""",
                texts,
            )
        finally:
            browser.close()
