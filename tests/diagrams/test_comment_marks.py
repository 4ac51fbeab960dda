"""Comment markers on the table nodes of the workspace diagram."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from designer.accounts.models import Membership, Role
from designer.diagrams.dot import DiagramOptions, diagram_source
from designer.diagrams.labels import CommentMark
from designer.diagrams.render import render
from designer.review.models import Comment
from designer.schemas.rules import Finding, Location, Severity
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.store import create_project
from designer.schemas.validators import Scalar
from tests.diagrams.helpers import (
    HOSTILE,
    SVG,
    XLINK,
    make_auth_schema,
    parse_svg,
    svg_node,
    svg_texts,
)

pytestmark = pytest.mark.exe

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _links(node) -> dict[str, str]:
    """Return the href of each link in a node by its title."""
    return {a.get(f"{XLINK}title"): a.get(f"{XLINK}href") for a in node.iter(f"{SVG}a")}


def test_marker_counts_and_links_the_comments():
    marks = {"countries": CommentMark(2, "/projects/x/comments/?target=countries")}

    root = parse_svg(render(diagram_source(make_auth_schema(), comments=marks), "svg"))
    countries = svg_node(root, "table-countries")
    profiles = svg_node(root, "table-profiles")

    assert "2 comments" in svg_texts(countries)
    assert _links(countries)["Open the 2 comments"] == (
        "/projects/x/comments/?target=countries"
    )
    assert not any("comment" in text for text in svg_texts(profiles))


def test_single_comment_reads_in_the_singular():
    marks = {"user": CommentMark(1)}

    root = parse_svg(render(diagram_source(make_auth_schema(), comments=marks), "svg"))

    assert "1 comment" in svg_texts(svg_node(root, "table-user"))


def test_marker_beside_errors_without_type_column():
    findings = [
        Finding("X1", Severity.ERROR, "Bad", "Broken.", Location("countries", "code"))
    ]
    marks = {"countries": CommentMark(3, "/c/?target=countries")}
    options = DiagramOptions(show_types=False)

    source = diagram_source(make_auth_schema(), options, findings, comments=marks)
    texts = svg_texts(svg_node(parse_svg(render(source, "svg")), "table-countries"))

    assert "1 error" in texts
    assert "3 comments" in texts


def test_hostile_table_and_url_stay_inside_the_link():
    name = 'odd "<name>"\\N\n'
    schema = Schema(HOSTILE, [Table(name, fields=[Field("x", Scalar("string"))])])
    url = f'/c/?target={name}&x=<script>"'
    marks = {name: CommentMark(2, url)}

    root = parse_svg(render(diagram_source(schema, comments=marks), "svg"))
    links = [a.get(f"{XLINK}href") for a in root.iter(f"{SVG}a")]

    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "/c/?target=odd%20%22%3Cname%3E%22%5CN%0A%26x=%3Cscript%3E%22" in links
    assert "2 comments" in svg_texts(root)


@pytest.mark.django_db
def test_workspace_diagram_marks_commented_tables(client):
    project = create_project(make_auth_schema(), slug="auth-app")
    user = User.objects.create_user("carol")
    Membership.objects.create(project=project, user=user, role=Role.REVIEWER)
    Comment.objects.create(project=project, author=user, target="user.email", body="?")
    Comment.objects.create(project=project, author=user, target="user", body="!")
    client.force_login(user)

    fragment = client.get("/projects/auth-app/diagram/", **HTMX).content.decode()
    download = client.get("/projects/auth-app/diagram.svg").content.decode()

    assert 'xlink:href="/projects/auth-app/comments/?target=user"' in fragment
    assert ">2 comments<" in fragment
    assert "comments" not in download
