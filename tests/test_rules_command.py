from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from designer.schemas.rules import CATALOGUE


def run(*args: str) -> str:
    out = StringIO()
    call_command("rules", *args, stdout=out)
    return out.getvalue()


def test_text_lists_every_rule_with_explanation():
    output = run()

    assert output.startswith("BA001  warning  better-auth  Better Auth table missing\n")
    for code in CATALOGUE:
        assert f"\n{code}  " in output or output.startswith(code)
    assert (
        "    Convex rejects the deploy when a table name is not an identifier" in output
    )


def test_json_matches_catalogue():
    data = json.loads(run("--format", "json"))

    assert [r["code"] for r in data] == sorted(CATALOGUE)
    assert data[0] == {
        "code": "BA001",
        "severity": "warning",
        "source": "better-auth",
        "title": "Better Auth table missing",
        "explanation": CATALOGUE["BA001"].explanation(),
    }


def test_markdown_has_a_section_per_rule():
    output = run("--format", "markdown")

    assert output.startswith(
        "# Rule catalogue\n\n## BA001: Better Auth table missing\n"
    )
    assert output.count("\n## ") == len(CATALOGUE)
    assert (
        "## CVX001: Invalid table name\n\nSeverity: error. Source: convex.\n" in output
    )


def test_explanations_state_the_resolved_contradictions():
    explanations = {code: rule.explanation() for code, rule in CATALOGUE.items()}

    assert "usePlural: false" in explanations["STD001"]
    assert "``accounts``" in explanations["BA001"]
    assert "not component" in explanations["BA001"]
    assert "``v.id``" in explanations["STD007"]
    assert "no unique indexes" in explanations["STD005"]
    assert "``v.optional(T)`` means the field may be absent" in explanations["STD004"]
    assert "enforces 64" in explanations["CVX018"]
