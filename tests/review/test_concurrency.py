"""Concurrent edits of one table through save_with_history lose nothing.

Each writer thread has its own database connection, loads the schema,
describes its own field of ``posts`` and saves with ``expected_revision``,
retrying on StaleRevision. The standalone runs use a fresh SQLite file and a
fresh PostgreSQL database in a subprocess, because pytest-django's SQLite
test database lives in memory where threads lock each other out instead of
waiting.
"""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from django.db import connection

from designer.schemas.store import load_schema, save_schema
from designer.schemas.validators import Scalar
from tests.ops.helpers import clean_env, run_python
from tests.review.concurrent_edits import FIELDS, STANDALONE, outcome, run_writers
from tests.review.helpers import make_team

POSTGRES = "postgres://postgres@127.0.0.1:5432"


def assert_no_edit_lost(result: dict, user: str) -> None:
    assert result["errors"] == []
    assert sorted(result["attempts"]) == sorted(FIELDS)
    assert result["revision"] == len(FIELDS)
    assert result["descriptions"] == dict.fromkeys(FIELDS, f"Edited by {user}")
    assert result["history"] == [[n, 1] for n in range(1, len(FIELDS) + 1)]


def run_standalone(database_url: str = "", sqlite_path: str = "") -> dict:
    env = (
        clean_env(DATABASE_URL=database_url)
        if database_url
        else clean_env(SQLITE_PATH=sqlite_path)
    )
    result = run_python(["-c", STANDALONE], env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_standalone_writers_on_sqlite_lose_none(tmp_path):
    result = run_standalone(sqlite_path=str(tmp_path / "busy.sqlite3"))

    assert result["vendor"] == "sqlite"
    assert_no_edit_lost(result, "alice")


@pytest.mark.postgres
def test_standalone_writers_on_postgres_lose_none():
    name = f"designer_concurrency_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = run_standalone(database_url=f"{POSTGRES}/{name}")
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert result["vendor"] == "postgresql"
    assert_no_edit_lost(result, "alice")
    # Writers really overlapped: at least one save was stale and retried.
    assert max(result["attempts"].values()) > 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threaded_writers_on_configured_postgres_lose_none():
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not point at PostgreSQL.")
    team = make_team()

    results, errors = run_writers(team.project, team.owner)

    assert_no_edit_lost(outcome(team.project, results, errors), "alice")


@pytest.mark.django_db
def test_saving_stale_copies_without_revision_loses_an_edit():
    # Why editors pass expected_revision: the second blind save wins.
    team = make_team()
    first, second = load_schema(team.project), load_schema(team.project)
    first.table("users").field("name").validator = Scalar("number")
    second.table("users").field("email").description = "Login address"

    save_schema(team.project, first)
    save_schema(team.project, second)

    users = load_schema(team.project).table("users")
    assert users.field("name").validator == Scalar("string")
    assert users.field("email").description == "Login address"
