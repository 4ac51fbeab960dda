from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def fail(request):
    raise RuntimeError("the view broke")


def ok(request):
    return HttpResponse("fine")


urlpatterns = [
    path("ok/", ok),
    path("fail/", fail),
    path("", include("designer.ops.urls")),
]


def log_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_it_writes_one_json_line_per_request(client, capsys):
    response = client.get("/health/?token=secret", HTTP_X_REQUEST_ID="req-42")

    lines = log_lines(capsys.readouterr().out)
    assert len(lines) == 1
    line = lines[0]
    assert line["logger"] == "designer.requests"
    assert line["level"] == "INFO"
    assert line["message"] == "GET /health/ 200"
    assert line["method"] == "GET"
    assert line["path"] == "/health/"
    assert line["status"] == 200
    assert line["request_id"] == "req-42"
    assert isinstance(line["duration_ms"], float)
    assert 0 <= line["duration_ms"] < 10_000
    assert line["time"].endswith("+00:00")
    assert response["X-Request-ID"] == "req-42"


@pytest.mark.parametrize(
    "given",
    ["", "x" * 129, "abc\ndef", 'a"b', "<script>", "ünïcode"],
    ids=["empty", "too-long", "newline", "quote", "markup", "non-ascii"],
)
def test_it_replaces_a_malformed_request_id(client, capsys, given):
    response = client.get("/health/", HTTP_X_REQUEST_ID=given)

    line = log_lines(capsys.readouterr().out)[0]
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["request_id"] != given


def test_it_gives_each_request_a_new_id(client, capsys):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]

    assert first != second
    assert len(log_lines(capsys.readouterr().out)) == 2


@pytest.mark.urls("tests.ops.test_request_log")
def test_it_keeps_a_hostile_path_on_one_line(client, capsys):
    client.get("/ok/%0A%7B%22status%22%3A200%7D/<script>")

    output = capsys.readouterr().out
    assert output.count("\n") == 1
    line = json.loads(output)
    assert line["path"] == '/ok/\n{"status":200}/<script>'
    assert line["status"] == 404


@pytest.mark.urls("tests.ops.test_request_log")
def test_it_logs_a_500_and_its_traceback(capsys, caplog):
    client = Client(raise_request_exception=False)

    response = client.get("/fail/")

    assert response.status_code == 500
    captured = capsys.readouterr()
    request_line = log_lines(captured.out)[0]
    assert request_line["status"] == 500
    assert request_line["path"] == "/fail/"
    error_line = log_lines(captured.err)[0]
    assert error_line["level"] == "ERROR"
    assert error_line["logger"] == "django.request"
    assert error_line["message"] == "Internal Server Error: /fail/"
    assert "RuntimeError: the view broke" in error_line["exception"]
