from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
# Real schema files from public projects, kept beside the repository.
CORPUS = ROOT.parent / "shared" / "corpus"
