from __future__ import annotations

import pytest

from designer.schemas.rules import CATALOGUE


@pytest.mark.django_db
def test_catalogue_lists_every_rule(client):
    html = client.get("/rules/").content.decode()

    for code in CATALOGUE:
        assert f'id="rule-{code}"' in html
    assert f"{len(CATALOGUE)} rules" in html


@pytest.mark.django_db
def test_catalogue_filters_by_text_and_severity(client):
    response = client.get("/rules/?q=plural&severity=warning", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="rules">')
    assert 'id="rule-STD001"' in html
    assert 'id="rule-CVX001"' not in html
