"""Health check for load balancers and monitoring."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning(
            "Health check: database failed: %s: %s", type(error).__name__, error
        )
        return {"ok": False, "vendor": connection.vendor, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict:
    """Write a fresh key and read it back, so a cache that drops writes fails."""
    cache = caches["default"]
    backend = type(cache).__name__
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        logger.warning(
            "Health check: cache failed: %s: %s", type(error).__name__, error
        )
        return {"ok": False, "backend": backend, "error": type(error).__name__}
    if found != "ok":
        return {"ok": False, "backend": backend, "error": "value not read back"}
    return {"ok": True, "backend": backend}


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Return 200 when the database and the cache both work, else 503."""
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
