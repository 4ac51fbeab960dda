"""Run the project's Python in a subprocess with a chosen environment."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# Variables the settings read. Each subprocess starts without them, so the
# environment of the test run (such as the PostgreSQL run in CI) stays out.
SETTINGS_VARIABLES = (
    "DESIGNER_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "SQLITE_PATH",
    "REDIS_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "LOG_LEVEL",
    # Set by the browser tests for Playwright; ``check --deploy`` rejects it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
PRODUCTION_SECRET_KEY = "k" * 20 + "-production-key-for-tests-only-7f3a9c1e5b"


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "designer.settings"
    env.update(overrides)
    return env


def production_env(**overrides: str) -> dict[str, str]:
    production = {
        "DESIGNER_ENV": "production",
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ALLOWED_HOSTS": "designer.example.com",
    }
    return clean_env(**{**production, **overrides})


def run_python(args: list[str], env: dict[str, str], timeout: float = 60):
    """Run ``python ARGS`` from the repository root and return the result."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
