from __future__ import annotations

import json
import re

import pytest

from tests.ops.helpers import clean_env, production_env, run_python

SHOW_SETTINGS = """
import json
import re
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "database": {
        k: settings.DATABASES["default"][k]
        for k in ("ENGINE", "NAME", "HOST", "CONN_MAX_AGE", "OPTIONS")
        if k in settings.DATABASES["default"]
    },
    "cache": settings.CACHES["default"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def show_settings(env: dict[str, str]) -> dict:
    result = run_python(["-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_in_production():
    env = production_env(
        DATABASE_URL="postgres://designer@127.0.0.1:5432/designer",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env
    )

    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.returncode == 0


def test_check_deploy_warns_in_development():
    result = run_python(["manage.py", "check", "--deploy"], clean_env())

    assert "security.W004" in result.stderr  # HSTS
    assert "security.W008" in result.stderr  # SSL redirect
    assert "security.W009" in result.stderr  # weak SECRET_KEY
    assert result.returncode == 0


def test_development_defaults():
    settings = show_settings(clean_env())

    assert settings["debug"] is False
    assert settings["allowed_hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert settings["database"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["database"]["NAME"].endswith("var/designer.sqlite3")
    assert settings["database"]["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    assert settings["cache"] == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }
    assert settings["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert settings["ssl_redirect"] is False
    assert settings["session_cookie_secure"] is False
    assert settings["proxy_header"] is None


def test_production_settings():
    env = production_env(
        DATABASE_URL="postgres://designer@db.internal:5432/designer",
        REDIS_URL="redis://cache.internal:6379/2",
        CACHE_KEY_PREFIX="designer-prod",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    settings = show_settings(env)

    assert settings["debug"] is False
    assert settings["allowed_hosts"] == ["designer.example.com"]
    assert settings["database"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "designer",
        "HOST": "db.internal",
        "CONN_MAX_AGE": 60,
        "OPTIONS": {},
    }
    assert settings["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "designer-prod",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    assert settings["static"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert settings["ssl_redirect"] is True
    assert settings["session_cookie_secure"] is True
    assert settings["csrf_cookie_secure"] is True
    assert settings["hsts"] == 31536000
    assert settings["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_cache_url_is_used_without_redis_url():
    settings = show_settings(clean_env(CACHE_URL="rediss://cache.internal:6380/1"))

    assert settings["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["cache"]["LOCATION"] == "rediss://cache.internal:6380/1"


def test_sqlite_database_url_gets_sqlite_options(tmp_path):
    path = tmp_path / "other.sqlite3"

    settings = show_settings(clean_env(DATABASE_URL=f"sqlite:///{path}"))

    assert settings["database"]["NAME"] == str(path)
    assert settings["database"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is too weak for production"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is missing"),
        ({"DEBUG": "1"}, "DEBUG is on with DESIGNER_ENV=production"),
        ({"DESIGNER_ENV": "prod"}, "DESIGNER_ENV='prod' is not known"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a yes/no value"),
        ({"SECURE_HSTS_SECONDS": "1y"}, "SECURE_HSTS_SECONDS='1y' is not a whole"),
        (
            {"REDIS_URL": "memcached://user:secret@cache:11211"},
            "REDIS_URL='cache:11211' is not a redis://",
        ),
        ({"DATABASE_URL": "oracle2://x/y"}, "DATABASE_URL is invalid"),
    ],
    ids=[
        "no-secret-key",
        "short-secret-key",
        "no-allowed-hosts",
        "debug-on",
        "unknown-env",
        "bad-flag",
        "bad-number",
        "bad-cache-url",
        "bad-database-url",
    ],
)
def test_production_rejects_bad_environment(overrides, message):
    result = run_python(["manage.py", "check"], production_env(**overrides))

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: " + message in result.stderr
    assert "secret" not in result.stderr.split("ImproperlyConfigured")[-1]


HTTP_CHECK = """
import django
from django.test import Client
django.setup()
client = Client(HTTP_HOST="designer.example.com")
health = client.get("/health/")
login = client.get("/accounts/login/")
proxied = client.get("/health/", HTTP_X_FORWARDED_PROTO="https")
print(health.status_code, health.has_header("Strict-Transport-Security"))
print(login.status_code, login["Location"])
print(proxied.status_code, proxied["Strict-Transport-Security"])
"""


def test_production_redirects_to_https_except_health(tmp_path):
    env = production_env(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    result = run_python(["-c", HTTP_CHECK], env)

    assert result.returncode == 0, result.stderr
    # The request log shares stdout, and its lines are JSON objects.
    lines = [line for line in result.stdout.splitlines() if line[:1] != "{"]
    assert lines[0] == "200 False"
    assert lines[1] == "301 https://designer.example.com/accounts/login/"
    assert lines[2] == "200 max-age=31536000; includeSubDomains; preload"


STATIC_CHECK = """
import django
from django.templatetags.static import static
from django.test import Client
django.setup()
url = static("css/designer.css")
response = Client(HTTP_HOST="designer.example.com").get(
    url, HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_ENCODING="gzip"
)
print(url)
print(response.status_code, response["Cache-Control"], response["Content-Encoding"])
"""


def test_production_serves_collected_static_files(tmp_path):
    env = production_env(
        STATIC_ROOT=str(tmp_path / "static"),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    collected = run_python(["manage.py", "collectstatic", "--no-input", "-v0"], env)
    served = run_python(["-c", STATIC_CHECK], env)

    assert collected.returncode == 0, collected.stderr
    assert served.returncode == 0, served.stderr
    lines = [line for line in served.stdout.splitlines() if line[:1] != "{"]
    assert re.fullmatch(r"/static/css/designer\.[0-9a-f]{12}\.css", lines[0])
    assert lines[1] == "200 max-age=315360000, public, immutable gzip"
