from __future__ import annotations

import json

import psycopg
import pytest

from tests.ops.helpers import clean_env, run_python

pytestmark = pytest.mark.postgres

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def test_two_servers_share_state_under_load():
    args = ["scripts/scaleout.py", "--editors", "4", "--seconds", "4", "--workers"]
    result = run_python([*args, "2", "--json"], clean_env(), timeout=240)

    report = json.loads(result.stdout)
    assert report["failures"] == []
    assert report["errors_5xx"] == 0
    assert report["no_response"] == 0
    assert report["rejected_4xx"] == 0
    assert report["edits_succeeded"] > 0
    assert report["rows_stored"] == report["edits_succeeded"]
    assert report["rows_lost"] == 0
    assert report["rows_unexpected"] == 0
    assert report["rows_duplicated"] == 0
    assert report["by_server"][0] > 0
    assert report["by_server"][1] > 0
    assert report["logged_errors"] == []
    assert report["passed"] is True
    assert result.returncode == 0, result.stderr
    assert not database_exists(report["database"])


def database_exists(name: str) -> bool:
    with psycopg.connect(ADMIN_URL) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
    return row[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--editors", "0"], "--editors must be between 1 and 100"),
        (["--seconds", "500"], "--seconds must be more than 0 and at most 120"),
        (["--workers", "0"], "--workers must be between 1 and 16"),
        (["--edit-share", "1.5"], "--edit-share must be between 0 and 1"),
    ],
    ids=["no-editors", "too-long", "no-workers", "bad-share"],
)
def test_scaleout_rejects_unbounded_runs(args, message):
    result = run_python(["scripts/scaleout.py", *args], clean_env())

    assert result.returncode == 2
    assert message in result.stderr


def test_scaleout_rejects_a_remote_database():
    env = clean_env(SCALEOUT_POSTGRES_URL="postgres://postgres@db.example.com/x")

    result = run_python(["scripts/scaleout.py", "--seconds", "1"], env)

    assert result.returncode == 1
    assert "SCALEOUT_POSTGRES_URL must point at this machine" in result.stderr
