"""Measure the editor's requests on the demo project against a trivial view.

Usage (from the repository root):

    .venv/bin/python scripts/bench_pages.py [--repeat 30]

The script migrates a fresh SQLite database in a temporary directory, loads
the demo project into it and sends real requests through Django's test
client, so every middleware, query, lint and template runs as in the app.
It prints the median time of the workspace page, the table editor of the
demo's largest table, a live check of a field form (htmx), a saved field
edit (htmx) and the /health/ check. Each time is also a ratio against a view
that returns a fixed response, measured in the same run with the same
middleware. One request of each kind runs before the timing, so imports
and template compilation are not counted (a server imports the URLconf at
start, in ``designer/wsgi.py``).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_DATABASE_DIR = tempfile.TemporaryDirectory(prefix="bench-pages-")
# Set before Django reads its settings, so the bench never touches var/.
os.environ["SQLITE_PATH"] = str(Path(_DATABASE_DIR.name) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "designer.settings")

import django  # noqa: E402

django.setup()
# One log line per request would bury the figures.
logging.getLogger("designer.requests").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402

from designer.editor.typesyntax import format_type  # noqa: E402
from designer.schemas import store  # noqa: E402
from designer.schemas.models import Project  # noqa: E402

HTMX = {"HTTP_HX_REQUEST": "true"}


def trivial(request: HttpRequest) -> HttpResponse:
    """Return a fixed response: the cost of the middleware and the test client."""
    return HttpResponse("ok", content_type="text/plain")


# This module is the URLconf while the bench runs: the app plus the baseline.
urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("designer.urls")),
]


def median_seconds(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def checked(client: Client, method: str, url: str, data=None, **headers) -> None:
    """Send one request and stop the bench if it does not succeed."""
    response = getattr(client, method)(url, data or {}, **headers)
    if response.status_code != 200:
        raise SystemExit(
            f"{method.upper()} {url} returned {response.status_code}, expected 200."
        )


def setup() -> tuple[Client, Project]:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    return client, Project.objects.get(slug="demo")


def field_form(project: Project) -> tuple[str, str, dict[str, object]]:
    """Return the save URL, the live-check URL and the form of one demo field."""
    schema = store.load_schema(project)
    table = max(schema.tables, key=lambda t: len(t.fields))
    field = table.fields[0]
    data = {
        "edit": "field-update",
        "table_id": table.id,
        "element_id": field.id,
        "name": field.name,
        "type": format_type(field.validator),
        "description": field.description,
        "variant": field.variant,
        **({"optional": "on"} if field.optional else {}),
        **({"unique": "on"} if field.unique else {}),
    }
    base = f"/projects/{project.slug}"
    return f"{base}/tables/{table.id}/fields/{field.id}/update/", base, data


def measure(client: Client, project: Project, repeat: int) -> dict[str, float]:
    save_url, base, data = field_form(project)
    table_url = save_url.split("fields/")[0]
    descriptions = iter(f"Edited by the bench, run {n}." for n in range(10**6))

    def save() -> None:
        project.refresh_from_db(fields=["revision"])
        form = {**data, "description": next(descriptions)}
        checked(
            client, "post", save_url, {**form, "revision": project.revision}, **HTMX
        )

    def live_check() -> None:
        form = {**data, "revision": project.revision, "name": "renamedField"}
        checked(client, "post", f"{base}/validate/", form, **HTMX)

    steps = {
        "trivial view": lambda: checked(client, "get", "/bench/trivial/"),
        "health check": lambda: checked(client, "get", "/health/"),
        "workspace": lambda: checked(client, "get", f"{base}/"),
        "table editor": lambda: checked(client, "get", table_url),
        "live check": live_check,
        "save field": save,
    }
    for step in steps.values():
        step()
    return {name: median_seconds(step, repeat) for name, step in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs per request")
    arguments = parser.parse_args()
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["testserver"]
    clear_url_caches()
    client, project = setup()

    results = measure(client, project, arguments.repeat)
    baseline = results["trivial view"]
    tables = project.tables.count()
    print(f"Demo project: {tables} tables; median of {arguments.repeat} requests each")
    for name, seconds in results.items():
        ratio = seconds / baseline
        print(f"  {name:<24} {seconds * 1000:9.1f} ms  {ratio:8.1f} x trivial view")


if __name__ == "__main__":
    try:
        main()
    finally:
        _DATABASE_DIR.cleanup()
