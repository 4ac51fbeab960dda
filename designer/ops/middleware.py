"""Per-request log line and request id."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("designer.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# An id passed in by the load balancer is kept only when it is short and
# plain, because it is echoed into logs and a response header.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_for(request: HttpRequest) -> str:
    """Return the caller's X-Request-ID when it is well formed, else a new one."""
    header_value = request.headers.get(REQUEST_ID_HEADER, "")
    if VALID_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Log one line per request: method, path, status, duration and request id.

    The id is also set as ``request.request_id`` and sent back in the
    X-Request-ID response header, so a user's report can be matched to
    the log line.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        response[REQUEST_ID_HEADER] = request.request_id
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 2),
                "request_id": request.request_id,
            },
        )
        return response
