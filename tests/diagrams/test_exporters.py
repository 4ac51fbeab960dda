from __future__ import annotations

import pytest
from django.core.cache import cache

from designer.schemas.exporters import BINARY_EXPORTERS
from tests.diagrams.helpers import make_auth_schema

pytestmark = pytest.mark.exe


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("dot", b"digraph schema {"),
        ("svg", b"<?xml"),
        ("png", b"\x89PNG\r\n\x1a\n"),
        ("pdf", b"%PDF"),
    ],
)
def test_registry_renders_diagram_formats(fmt, start):
    output = BINARY_EXPORTERS[fmt](make_auth_schema())

    assert output.startswith(start)


def test_exported_dot_has_no_links():
    output = BINARY_EXPORTERS["dot"](make_auth_schema()).decode()

    assert 'id="table-countries"' in output
    assert "URL=" not in output
