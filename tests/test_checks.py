from __future__ import annotations

import shutil

from designer.schemas.checks import check_graphviz_installed


def test_check_warns_when_dot_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    messages = check_graphviz_installed(None)

    assert [m.id for m in messages] == ["designer.W001"]
    assert "Graphviz's `dot` program was not found on PATH" in messages[0].msg
    assert messages[0].hint == "Install Graphviz (on Debian: `apt-get install graphviz`)."


def test_check_is_silent_when_dot_is_installed():
    assert shutil.which("dot") is not None
    assert check_graphviz_installed(None) == []
