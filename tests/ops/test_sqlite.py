from __future__ import annotations

import json

from tests.ops.helpers import clean_env, run_python

# Runs in its own process, because the test database pytest-django sets up
# for SQLite lives in memory and this needs a real file shared by threads.
CONCURRENT_WRITES = """
import json, sys, threading
import django
from django.conf import settings
settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = sys.argv[3]
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from designer.schemas import models

THREADS, WRITES = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", verbosity=0)
project = models.Project.objects.create(name="Busy", slug="busy")
table = models.Table.objects.create(project=project, name="events")
errors = []

def write(thread):
    try:
        for n in range(WRITES):
            with transaction.atomic():
                # Read, then write from what was read, so a lost update or a
                # failed lock upgrade would show in the final revision.
                current = models.Project.objects.get(pk=project.pk).revision
                models.Project.objects.filter(pk=project.pk).update(
                    revision=current + 1
                )
                models.Field.objects.create(
                    table=table, name=f"t{thread}_{n}", validator={"kind": "string"}
                )
            models.Field.objects.filter(table=table).count()
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()

threads = [threading.Thread(target=write, args=(i,)) for i in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
print(json.dumps({
    "errors": errors,
    "fields": models.Field.objects.filter(table=table).count(),
    "revision": models.Project.objects.get(pk=project.pk).revision,
    "journal_mode": journal_mode,
}))
"""


def run_writers(tmp_path, transaction_mode: str) -> dict:
    env = clean_env(SQLITE_PATH=str(tmp_path / "busy.sqlite3"))
    args = ["-c", CONCURRENT_WRITES, "8", "30", transaction_mode]
    result = run_python(args, env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_concurrent_writers_never_hit_a_locked_database(tmp_path):
    outcome = run_writers(tmp_path, "IMMEDIATE")

    assert outcome["errors"] == []
    assert outcome["fields"] == 8 * 30
    assert outcome["revision"] == 8 * 30
    assert outcome["journal_mode"] == "wal"


def test_deferred_transactions_would_hit_a_locked_database(tmp_path):
    # Shows why the settings use IMMEDIATE. A deferred transaction that read
    # first cannot upgrade to a write lock once another writer committed.
    outcome = run_writers(tmp_path, "DEFERRED")

    assert "OperationalError: database is locked" in outcome["errors"]
    assert outcome["fields"] < 8 * 30
