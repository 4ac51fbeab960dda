"""A project whose fields have empty types still gets its diagram and findings."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from designer.accounts.models import Membership, Role
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.store import create_project
from designer.schemas.validators import Object, Record, Scalar, Union
from tests.diagrams.helpers import SVG, parse_svg, svg_node

pytestmark = [pytest.mark.django_db, pytest.mark.exe]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner(client):
    cache.clear()
    schema = Schema(
        "Shapes",
        [
            Table(
                "shapes",
                fields=[
                    Field("none", Union(())),
                    Field("nothing", Object(())),
                    Field("byName", Record(Scalar("string"), Union(()))),
                ],
            )
        ],
    )
    project = create_project(schema, slug="shapes")
    user = User.objects.create_user("erin", "erin@example.com", "pw")
    Membership.objects.create(project=project, user=user, role=Role.OWNER)
    client.force_login(user)
    yield project
    cache.clear()


def test_diagram_draws_empty_union_and_object(client, owner):
    response = client.get(reverse("diagram", args=["shapes"]), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    root = parse_svg(html[html.index("<svg") : html.index("</svg>") + 6])
    node = svg_node(root, "table-shapes")
    texts = [t.text for t in node.iter(f"{SVG}text")]
    assert texts == [
        *("shapes", "_id", "id<shapes>", "PK", "none", "never", "nothing", "{}"),
        *("byName", "record<string, never>"),
    ]


def test_findings_panel_lists_empty_unions(client, owner):
    response = client.get("/projects/shapes/findings/?rule=DSG006", **HTMX)

    html = response.content.decode()
    assert html.count('<li class="finding ') == 2
    assert "Field <code>shapes.none</code> is an empty union, which no value" in html
    assert "Field <code>shapes.byName{}</code> is an empty union" in html
