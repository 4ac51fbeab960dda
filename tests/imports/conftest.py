from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import NODE_MODULES, ROOT

EXPORT_SCRIPT = ROOT / "tests" / "imports" / "convex_export.mjs"


@pytest.fixture
def convex_export(tmp_path):
    """Return a function that evaluates schema.ts sources with the real convex.

    It takes ``{file name: source}`` and returns ``{file name: the parsed
    defineSchema(...).export() JSON}``, all files in one Node process.
    """
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)

    def run(sources: dict[str, str]) -> dict[str, object]:
        paths = []
        for name, source in sources.items():
            path = tmp_path / name
            path.write_text(source, encoding="utf-8")
            paths.append(str(path))
        completed = subprocess.run(
            ["node", str(EXPORT_SCRIPT), *paths],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return dict(zip(sources, json.loads(completed.stdout), strict=True))

    return run
