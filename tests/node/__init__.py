"""Run generated TypeScript through the real ``convex`` and ``typescript`` packages.

Both helpers take many sources at once, so a test pays for one Node or
``tsc`` start however many schemas it checks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import NODE_MODULES

HERE = Path(__file__).resolve().parent
NODE_TIMEOUT = 120
TSC_TIMEOUT = 240

TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "target": "es2022",
        "module": "esnext",
        "moduleResolution": "bundler",
        "skipLibCheck": True,
        "types": [],
    },
    "include": ["*.ts"],
}


def evaluate_schemas(sources: list[str]) -> list[dict]:
    """Return ``{"json": ...}`` or ``{"error": ...}`` per source, from Node.

    ``json`` is ``defineSchema(...).export()`` of the source's default export,
    parsed with every number as a float, as ``as_js_numbers`` does.
    """
    completed = subprocess.run(
        ["node", str(HERE / "evaluate_schemas.mjs")],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
    )
    _raise_for_failure(completed)
    return json.loads(completed.stdout, parse_int=float)


def _raise_for_failure(completed: subprocess.CompletedProcess) -> None:
    if completed.returncode:
        raise RuntimeError(
            f"{completed.args[1]} exited with {completed.returncode}: {completed.stderr}"
        )


def as_js_numbers(data: object) -> object:
    """Return ``data`` with every int a float, as JavaScript stores numbers.

    JSON from Node writes a float such as 3.9e16 in integer digits that do
    not equal the float exactly; comparing floats to floats avoids that.
    """
    return json.loads(json.dumps(data), parse_int=float)


def typecheck(sources: list[str]) -> dict[int, list[str]]:
    """Type-check each source as its own ``schema<N>.ts`` with strict ``tsc``.

    Returns the error lines of ``tsc --noEmit`` by source position; an empty
    dict means every source type-checks.
    """
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.symlink(NODE_MODULES, root / "node_modules")
        (root / "tsconfig.json").write_text(json.dumps(TSCONFIG))
        for position, source in enumerate(sources):
            (root / f"schema{position}.ts").write_text(source, encoding="utf-8")
        completed = subprocess.run(
            [str(NODE_MODULES / ".bin" / "tsc"), "--noEmit", "-p", str(root)],
            capture_output=True,
            text=True,
            timeout=TSC_TIMEOUT,
            cwd=root,
        )
    errors: dict[int, list[str]] = {}
    for line in completed.stdout.splitlines():
        match = re.match(r"schema(\d+)\.ts", line)
        if match:
            errors.setdefault(int(match.group(1)), []).append(line)
        elif line.strip():
            errors.setdefault(-1, []).append(line)
    if completed.returncode and not errors:
        errors[-1] = [completed.stderr or "tsc failed without output"]
    return errors


def prettier_format(sources: list[str]) -> list[str]:
    """Return each source as Prettier 3 formats it (TypeScript, default options).

    A source Prettier cannot parse comes back as ``"error: <message>"``.
    """
    completed = subprocess.run(
        ["node", str(HERE / "format_with_prettier.mjs")],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
    )
    _raise_for_failure(completed)
    results = json.loads(completed.stdout)
    return [r.get("formatted", f"error: {r.get('error')}") for r in results]
