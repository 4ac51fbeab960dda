from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def closed_loopback_port() -> int:
    """Return a loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_reports_database_and_cache(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": {"ok": True, "vendor": connection.vendor},
        "cache": {"ok": True, "backend": type(caches["default"]).__name__},
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_login_and_answers_head(client):
    response = client.head("/health/")

    assert response.status_code == 200


def test_it_rejects_post(client):
    response = client.post("/health/")

    assert response.status_code == 405


def test_it_returns_503_when_the_cache_is_down(client, caplog):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_loopback_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    with override_settings(CACHES=broken):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": {"ok": True, "vendor": connection.vendor},
        "cache": {"ok": False, "backend": "RedisCache", "error": "ConnectionError"},
    }
    failures = [r for r in caplog.records if r.name == "designer.ops.views"]
    assert [r.levelname for r in failures] == ["WARNING"]
    assert failures[0].getMessage().startswith("Health check: cache failed: ")
