"""Writers that edit one table at once, each retrying on StaleRevision.

The in-process PostgreSQL test imports ``run_writers``. The standalone
runs execute STANDALONE in a subprocess against a fresh database named by
the environment, and ``main()`` prints the outcome as JSON.
"""

from __future__ import annotations

import json
import threading
import time

from django.db import connection

from designer.review.history import save_with_history
from designer.schemas.models import Project
from designer.schemas.store import StaleRevision, load_schema

FIELDS = ["title", "body", "views", "published", "tags", "createdAt"]
MAX_ATTEMPTS = 200
DEADLINE_SECONDS = 60
STANDALONE = (
    "import django; django.setup(); "
    "from tests.review.concurrent_edits import main; main()"
)


def edit_field(project_id: int, user, field: str, results: dict, errors: list) -> None:
    """Describe ``posts.<field>``, retrying on StaleRevision; record attempts."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    attempt = 0
    try:
        while attempt < MAX_ATTEMPTS and time.monotonic() < deadline:
            attempt += 1
            project = Project.objects.get(pk=project_id)
            # Read the revision before the rows: a save that lands while the
            # rows load then makes this attempt stale instead of mixing states.
            revision = project.revision
            schema = load_schema(project)
            schema.table("posts").field(field).description = f"Edited by {user}"
            try:
                save_with_history(project, schema, user, expected_revision=revision)
            except StaleRevision:
                time.sleep(0.001 * attempt)
                continue
            results[field] = attempt
            return
        errors.append(f"{field}: gave up after {attempt} attempts")
    except Exception as error:  # reported to the main thread, which fails
        errors.append(f"{field}: {type(error).__name__}: {error}")
    finally:
        connection.close()


def run_writers(project: Project, user) -> tuple[dict[str, int], list[str]]:
    """Edit every field of FIELDS from its own thread; return attempts and errors."""
    results: dict[str, int] = {}
    errors: list[str] = []
    threads = [
        threading.Thread(target=edit_field, args=(project.pk, user, f, results, errors))
        for f in FIELDS
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_SECONDS + 10)
    return results, errors


def outcome(project: Project, results: dict[str, int], errors: list[str]) -> dict:
    """Return what the writers left behind, as plain data."""
    from designer.review.models import Change

    project.refresh_from_db()
    posts = load_schema(project).table("posts")
    history = Change.objects.filter(project=project).order_by("revision")
    return {
        "vendor": connection.vendor,
        "errors": errors,
        "attempts": results,
        "revision": project.revision,
        "descriptions": {f: posts.field(f).description for f in FIELDS},
        "history": [[h.revision, len(h.changes)] for h in history],
    }


def main() -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from designer.schemas.store import create_project
    from tests.factories import make_blog_schema

    call_command("migrate", verbosity=0)
    project = create_project(make_blog_schema(), slug="busy")
    user = User.objects.create_user("alice")
    results, errors = run_writers(project, user)
    print(json.dumps(outcome(project, results, errors)))
