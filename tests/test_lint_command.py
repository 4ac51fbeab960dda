from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from designer.schemas.schema import Field, Index, Suppression, Table
from designer.schemas.store import create_project
from designer.schemas.validators import Scalar
from tests.factories import make_blog_schema

pytestmark = pytest.mark.django_db


def broken_schema():
    target = make_blog_schema()
    target.name = "Broken"
    target.tables.append(
        Table(
            "Comment",
            fields=[Field("body", Scalar("string"))],
            indexes=[Index("by_id", ["body"])],
        )
    )
    return target


def run(*args: str) -> str:
    out = StringIO()
    call_command("lint_schema", *args, stdout=out)
    return out.getvalue()


def test_it_prints_findings_and_summary_for_clean_project():
    create_project(make_blog_schema(), slug="blog")

    output = run("blog")

    assert output.splitlines() == [
        "info STD004 posts.deletedAt: Field `posts.deletedAt` may be absent and may "
        'be null; `v.optional` alone already means "may be absent", so choose one '
        "way to store no value.",
        "info DSG002 posts.meta: Field `posts.meta` accepts any value (`v.any()`); it "
        "is neither checked nor typed.",
        "2 findings: 0 errors, 0 warnings, 2 info.",
    ]


def test_it_fails_with_status_1_on_errors():
    create_project(broken_schema(), slug="broken")
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("lint_schema", "broken", stdout=out)

    assert raised.value.returncode == 1
    assert str(raised.value) == "1 error-level finding remains in 'broken'."
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "error CVX007 Comment#by_id: Index `by_id` on table `Comment` uses a reserved "
        "name; Convex keeps `by_id`, `by_creation_time` and names starting with an "
        "underscore for itself."
    )
    assert lines[-1] == "6 findings: 1 error, 3 warnings, 2 info."


def test_it_exits_with_status_1_from_command_line(capsys):
    create_project(broken_schema(), slug="broken")

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["manage.py", "lint_schema", "broken", "--skip-checks"]
        )

    assert exited.value.code == 1
    assert (
        "CommandError: 1 error-level finding remains in 'broken'."
        in capsys.readouterr().err
    )


def test_it_exits_with_status_2_for_unknown_slug(capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["manage.py", "lint_schema", "missing", "--skip-checks"]
        )

    assert exited.value.code == 2
    assert capsys.readouterr().err == "CommandError: Project 'missing' not found.\n"


def test_json_format_lists_findings_with_fixes():
    create_project(broken_schema(), slug="broken")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("lint_schema", "broken", "--format", "json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["project"] == "broken"
    assert data["findings"][0] == {
        "code": "CVX007",
        "severity": "error",
        "title": "Reserved index name",
        "message": "Index `by_id` on table `Comment` uses a reserved name; Convex keeps "
        "`by_id`, `by_creation_time` and names starting with an underscore for itself.",
        "location": "Comment#by_id",
        "fix": {
            "label": "Rename to `by_body`",
            "operation": "rename_index",
            "params": {"table": "Comment", "index": "by_id", "name": "by_body"},
        },
    }


def test_suppressions_saved_with_project_apply():
    target = broken_schema()
    target.suppressions = [
        Suppression("CVX007", "Comment#by_id", "Renamed in the next release.")
    ]
    create_project(target, slug="broken")

    output = run("broken")

    assert "CVX007" not in output
