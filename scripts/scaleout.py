"""Check that two app servers sharing PostgreSQL and Redis behave as one site.

Usage (from the repository root, with PostgreSQL and Redis running locally):

    .venv/bin/python scripts/scaleout.py [--editors 30] [--seconds 40]

The script creates a throw-away PostgreSQL database, migrates it, loads the
demo project, creates one user per simulated editor and starts two gunicorn
servers on free loopback ports. It then checks that an edit made through
server 1 is visible through server 2 at once. Next, a bounded load of
editors mixes reads and field additions through both servers. Finally, the
script verifies that the database contains exactly the fields whose
additions succeeded. The exit
status is 0 when there were no 5xx responses, no lost or extra rows and the
cross-server check passed. The database, the Redis keys and the servers are
removed at the end, also on failure.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
MAX_EDITORS = 100
MAX_SECONDS = 120
MAX_WORKERS = 16
PASSWORD = "scaleout-" + secrets.token_hex(8)
STARTED = time.monotonic()
# Names of the fields the editors add all start with this, so the final
# count can tell them from the table's own fields.
FIELD_PREFIX = "load"
MAX_ATTEMPTS = 3

# Runs inside ``manage.py shell`` on the fresh database: the demo project,
# a table the editors add fields to, and the editors themselves.
SETUP_CODE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command, get_commands
from designer.accounts.models import Membership, Role
from designer.schemas import models, store
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Scalar

editors = int(os.environ["SCALEOUT_EDITORS"])
password = os.environ["SCALEOUT_PASSWORD"]
if "load_demo" in get_commands():
    call_command("load_demo", verbosity=0)
    project = models.Project.objects.get(slug="demo")
else:
    project = store.create_project(Schema("Demo", []), slug="demo")
schema = store.load_schema(project)
schema.tables.append(Table("loadEvents", fields=[Field("createdAt", Scalar("number"))]))
store.save_schema(project, schema)
table = models.Table.objects.get(project=project, name="loadEvents")
# Hashing a password is slow on purpose, so all editors share one hash.
User = get_user_model()
names = [f"loadEditor{n:03d}" for n in range(editors)]
hashed = make_password(password)
User.objects.bulk_create(User(username=name, password=hashed) for name in names)
users = list(User.objects.filter(username__in=names))
Membership.objects.bulk_create(
    Membership(project=project, user=user, role=Role.EDITOR) for user in users
)
users = [user.username for user in users]
print(json.dumps({"slug": project.slug, "table_id": table.pk, "users": users}))
"""


# The editor's endpoints (designer/editor/urls.py: table-edit, field-add) and
# the fields of its FieldForm.
def table_page(slug: str, table_id: int) -> str:
    return f"/projects/{slug}/tables/{table_id}/"


def field_add_request(
    slug: str, table_id: int, name: str, revision: int
) -> tuple[str, dict]:
    """Return the path and form data that add a string field through the editor."""
    path = f"/projects/{slug}/tables/{table_id}/fields/add/"
    form = {"name": name, "type": "v.string()", "revision": revision}
    return path, form


REVISION_INPUT = re.compile(r'<input[^>]*\bname="revision"[^>]*>')
INPUT_VALUE = re.compile(r'\bvalue="(\d+)"')


def page_revision(page: str) -> int | None:
    """Return the project revision a page's edit forms carry, or None."""
    tag = REVISION_INPUT.search(page)
    value = INPUT_VALUE.search(tag.group(0)) if tag else None
    return int(value.group(1)) if value else None


@dataclass
class Sample:
    kind: str
    server: int
    status: int
    seconds: float


@dataclass
class Outcome:
    samples: list[Sample] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def added_field(self, name: str) -> None:
        with self.lock:
            self.added.append(name)


class Editor:
    """One simulated user with a logged-in session valid on every server."""

    def __init__(self, username: str, servers: list[str]) -> None:
        self.username = username
        self.servers = servers
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def request(self, server: int, path: str, data: dict | None = None):
        """Send GET, or POST when ``data`` is given, and return (status, body text)."""
        url = self.servers[server] + path
        headers = {"HX-Request": "true"} if data is not None else {}
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self.csrf_token()
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def log_in(self, server: int) -> None:
        status, page = self.request(server, "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(
                f"GET /accounts/login/ returned {status} without a login form"
            )
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "username": self.username,
            "password": PASSWORD,
        }
        url = self.servers[server] + "/accounts/login/"
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(form).encode()
        )
        with self.opener.open(request, timeout=30) as response:
            response.read()

    def has_session(self) -> bool:
        return any(cookie.name == "sessionid" for cookie in self.cookies)


# --- Database, Redis and servers -------------------------------------------


def check_loopback(url: str, variable: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in LOOPBACK_HOSTS:
        sys.exit(f"{variable} must point at this machine (127.0.0.1), not {host!r}.")


def check_services(admin_url: str, redis_url: str) -> None:
    """Exit with a clear message when PostgreSQL or Redis is not reachable."""
    try:
        psycopg.connect(admin_url, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL from SCALEOUT_POSTGRES_URL is not reachable: {error}")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis from SCALEOUT_REDIS_URL is not reachable: {error}")


def create_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlsplit(admin_url)._replace(path=f"/{name}").geturl()


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_cache_keys(redis_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr}")
    return result.stdout


def start_server(env: dict[str, str], port: int, workers: int, log: Path):
    command = [
        str(GUNICORN),
        "designer.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
    ]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until_healthy(url: str, server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/health/", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            pass  # Not listening yet, or a worker still starting up.
        time.sleep(0.2)
    raise RuntimeError(f"{url}/health/ did not return 200 within {seconds} s")


def stop_servers(servers: list) -> None:
    """Stop the servers gracefully, all at once, and kill any still up after 15 s."""
    for server in servers:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
    for server in servers:
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- The checks --------------------------------------------------------------


def add_field(editor: Editor, server: int, job: dict, name: str, record) -> int:
    """Read the table page for its revision and post the new field, as a user does.

    A 409 (someone saved in between) is retried from a fresh read, up to
    MAX_ATTEMPTS times. Returns the status of the last POST.
    """
    status = 0
    for _ in range(MAX_ATTEMPTS):
        status, page = timed(
            record, "read", server, editor, table_page(job["slug"], job["table_id"])
        )
        revision = page_revision(page)
        if status != 200 or revision is None:
            return status
        path, form = field_add_request(job["slug"], job["table_id"], name, revision)
        status, _ = timed(record, "edit", server, editor, path, form)
        if status != 409:
            return status
    return status


def timed(record, kind: str, server: int, editor: Editor, path: str, form=None):
    """Send one request and record its kind, server, status and duration."""
    started = time.perf_counter()
    try:
        status, body = editor.request(server, path, form)
    except (OSError, http.client.HTTPException):
        status, body = 0, ""  # No complete response, such as a timeout.
    record(Sample(kind, server, status, time.perf_counter() - started))
    return status, body


def check_cross_server(editor: Editor, job: dict) -> str | None:
    """Add a field through server 1 and read it through server 2; return any problem."""
    slug, table_id = job["slug"], job["table_id"]
    name = f"{FIELD_PREFIX}Probe{secrets.token_hex(4)}"
    status = add_field(editor, 0, job, name, lambda sample: None)
    if not 200 <= status < 400:
        return f"adding {name} through server 1 returned {status}"
    status, page = editor.request(1, table_page(slug, table_id))
    if status != 200 or name not in page:
        return f"server 2 returned {status} and did not show {name} after the edit"
    return None


def run_editor(editor: Editor, number: int, job: dict, outcome: Outcome) -> None:
    """Mix reads and edits through random servers until the deadline."""
    rng = random.Random(number)
    count = 0
    while time.monotonic() < job["deadline"]:
        server = rng.randrange(len(editor.servers))
        if rng.random() >= job["edit_share"]:
            path = table_page(job["slug"], job["table_id"])
            timed(outcome.record, "read", server, editor, path)
            continue
        name = f"{FIELD_PREFIX}E{number:03d}N{count:05d}"
        count += 1
        status = add_field(editor, server, job, name, outcome.record)
        if 200 <= status < 400:
            outcome.added_field(name)


def stored_field_names(database_url: str, table_id: int) -> list[str]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT name FROM schemas_field WHERE table_id = %s AND name LIKE %s",
            (table_id, f"{FIELD_PREFIX}E%"),
        ).fetchall()
    return [row[0] for row in rows]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summarise(outcome: Outcome, stored: list[str], seconds: float) -> dict:
    samples = outcome.samples
    latencies = [s.seconds * 1000 for s in samples]
    added, stored_set = set(outcome.added), set(stored)
    return {
        "requests": len(samples),
        "requests_per_second": round(len(samples) / seconds, 1),
        "reads": sum(s.kind == "read" for s in samples),
        "edits": sum(s.kind == "edit" for s in samples),
        "edits_succeeded": len(outcome.added),
        "by_server": [sum(s.server == n for s in samples) for n in (0, 1)],
        "errors_5xx": sum(s.status >= 500 for s in samples),
        "no_response": sum(s.status == 0 for s in samples),
        "conflicts_409": sum(s.status == 409 for s in samples),
        "rejected_4xx": sum(400 <= s.status < 500 and s.status != 409 for s in samples),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies, default=0.0), 1),
        "rows_stored": len(stored),
        "rows_lost": len(added - stored_set),
        "rows_unexpected": len(stored_set - added),
        "rows_duplicated": len(stored) - len(stored_set),
        "failures": outcome.failures,
    }


def passed(report: dict) -> bool:
    return (
        not report["failures"]
        and report["errors_5xx"] == 0
        and report["no_response"] == 0
        # A 403 or 422 here means a broken session, CSRF token or form.
        and report["rejected_4xx"] == 0
        and report["rows_lost"] == 0
        and report["rows_unexpected"] == 0
        and report["rows_duplicated"] == 0
        and (report["edits_succeeded"] > 0 or report["edits"] == 0)
    )


# --- Putting it together -----------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--editors",
        type=int,
        default=30,
        help="number of simulated editors (default 30)",
    )
    parser.add_argument(
        "--seconds", type=float, default=40, help="seconds the load runs (default 40)"
    )
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers per server (default 3)"
    )
    parser.add_argument(
        "--edit-share",
        type=float,
        default=0.3,
        help="fraction of editor actions that add a field (default 0.3)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.editors <= MAX_EDITORS:
        parser.error(f"--editors must be between 1 and {MAX_EDITORS}")
    if not 0 < arguments.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be more than 0 and at most {MAX_SECONDS}")
    if not 1 <= arguments.workers <= MAX_WORKERS:
        parser.error(f"--workers must be between 1 and {MAX_WORKERS}")
    if not 0 <= arguments.edit_share <= 1:
        parser.error("--edit-share must be between 0 and 1")
    return arguments


def server_env(database_url: str, redis_url: str, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DESIGNER_ENV="development",
        DEBUG="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        # Both servers must share the key, or a session signed by one is
        # rejected by the other.
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    return env


def run_load(editors: list[Editor], job: dict, outcome: Outcome) -> float:
    started = time.monotonic()
    job["deadline"] = started + job["seconds"]
    threads = [
        threading.Thread(target=run_editor, args=(editor, n, job, outcome))
        for n, editor in enumerate(editors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", file=sys.stderr)


def prepare_database(
    admin_url: str, database: str, redis_url: str, prefix: str, editors: int
):
    """Create and migrate the database and add the demo and the editors."""
    database_url = create_database(admin_url, database)
    env = server_env(database_url, redis_url, prefix)
    manage(env, "migrate", "--no-input", "-v0")
    setup_env = {**env, "SCALEOUT_EDITORS": str(editors), "SCALEOUT_PASSWORD": PASSWORD}
    output = manage(setup_env, "shell", "--no-imports", "-c", SETUP_CODE)
    return database_url, env, json.loads(output.splitlines()[-1])


def start_servers(env: dict[str, str], workers: int, workdir: Path, servers: list):
    """Start the two servers, append each to ``servers`` and return their URLs."""
    ports = [free_port(), free_port()]
    for n, port in enumerate(ports):
        log = workdir / f"server{n + 1}.log"
        servers.append(start_server(env, port, workers, log))
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    for url, server in zip(urls, servers, strict=True):
        wait_until_healthy(url, server)
    return urls


def log_in_all(editors: list[Editor], workers: int) -> None:
    """Log the editors in, alternating between the servers."""
    # Checking a password is slow by design (PBKDF2), so logging in more
    # editors at once than there are workers only makes the logins queue.
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        logins = [pool.submit(editor.log_in, n % 2) for n, editor in enumerate(editors)]
    for login in logins:
        login.result()
    logged_out = [e.username for e in editors if not e.has_session()]
    if logged_out:
        raise RuntimeError(f"logging in failed for {', '.join(logged_out)}")


def exercise(urls: list[str], setup: dict, arguments: argparse.Namespace) -> tuple:
    editors = [Editor(username, urls) for username in setup["users"]]
    log_in_all(editors, arguments.workers)
    job = {
        "slug": setup["slug"],
        "table_id": setup["table_id"],
        "seconds": arguments.seconds,
        "edit_share": arguments.edit_share,
    }
    outcome = Outcome()
    progress("Adding a field through server 1 and reading it through server 2")
    problem = check_cross_server(editors[0], job)
    if problem:
        outcome.failures.append(problem)
    progress(f"Running {len(editors)} editors for {arguments.seconds:g} s")
    elapsed = run_load(editors, job, outcome)
    return outcome, elapsed


def run(arguments: argparse.Namespace, workdir: Path) -> dict:
    admin_url = os.environ.get(
        "SCALEOUT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    redis_url = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/0")
    check_loopback(admin_url, "SCALEOUT_POSTGRES_URL")
    check_loopback(redis_url, "SCALEOUT_REDIS_URL")
    check_services(admin_url, redis_url)

    run_id = secrets.token_hex(4)
    database, prefix = f"designer_scaleout_{run_id}", f"scaleout-{run_id}"
    servers: list = []
    try:
        progress(f"Creating and migrating database {database}")
        database_url, env, setup = prepare_database(
            admin_url, database, redis_url, prefix, arguments.editors
        )

        progress("Starting two gunicorn servers")
        urls = start_servers(env, arguments.workers, workdir, servers)

        progress(f"Servers up at {' and '.join(urls)}, logging in the editors")
        outcome, elapsed = exercise(urls, setup, arguments)
        stored = stored_field_names(database_url, setup["table_id"])
        report = summarise(outcome, stored, elapsed)
    except Exception:
        print_server_errors(workdir)
        raise
    finally:
        progress("Stopping the servers")
        stop_servers(servers)
        drop_database(admin_url, database)
        delete_cache_keys(redis_url, prefix)
        progress(f"Dropped {database}")

    logs = [read_server_log(workdir / f"server{n + 1}.log") for n in (0, 1)]
    report["database"] = database
    report["logged_requests"] = [log["requests"] for log in logs]
    report["logged_errors"] = [line for log in logs for line in log["errors"]][:10]
    return report


def print_server_errors(workdir: Path) -> None:
    for log in sorted(workdir.glob("server*.log")):
        for error in read_server_log(log)["errors"][:3]:
            print(f"{log.stem} error: {error}", file=sys.stderr)


def read_server_log(path: Path) -> dict:
    """Count a server's JSON request lines and collect its error lines."""
    requests, errors = 0, []
    for line in path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # gunicorn's own start and stop messages
        if entry.get("logger") == "designer.requests":
            requests += 1
        elif entry.get("level") in {"ERROR", "CRITICAL"}:
            errors.append(entry.get("message", "") + "\n" + entry.get("exception", ""))
    return {"requests": requests, "errors": errors}


def print_report(report: dict) -> None:
    print(f"requests        {report['requests']} ({report['requests_per_second']}/s)")
    print(f"  reads / edits {report['reads']} / {report['edits']}")
    print(f"  per server    {report['by_server'][0]} / {report['by_server'][1]}")
    print(f"errors (5xx)    {report['errors_5xx']}")
    print(f"no response     {report['no_response']}")
    print(f"conflicts (409) {report['conflicts_409']}, retried from a fresh read")
    print(f"rejected (4xx)  {report['rejected_4xx']}")
    print(f"latency p50     {report['p50_ms']} ms")
    print(f"latency p95     {report['p95_ms']} ms (max {report['max_ms']} ms)")
    print(
        f"fields added    {report['edits_succeeded']}, stored {report['rows_stored']}"
    )
    print(
        f"rows lost {report['rows_lost']}, unexpected {report['rows_unexpected']}, "
        f"duplicated {report['rows_duplicated']}"
    )
    print(f"server log      {report['logged_requests']} request lines")
    for error in report["logged_errors"]:
        print(f"server error:   {error}")
    for failure in report["failures"]:
        print(f"FAILED: {failure}")
    print("PASSED" if passed(report) else "FAILED")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="scaleout-") as workdir:
        report = run(arguments, Path(workdir))
    if arguments.json:
        print(json.dumps({**report, "passed": passed(report)}))
    else:
        print_report(report)
    return 0 if passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
