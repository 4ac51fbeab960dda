from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from designer.accounts.models import Membership, Role
from designer.schemas.store import create_project
from tests.diagrams.helpers import SVG, XLINK, make_auth_schema, parse_svg, svg_node
from tests.diagrams.test_render import big_schema

pytestmark = [pytest.mark.django_db, pytest.mark.exe]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def project():
    return create_project(make_auth_schema(), slug="auth-app")


@pytest.fixture
def reviewer(client, project):
    user = User.objects.create_user("carol", "carol@example.com", "pw")
    Membership.objects.create(project=project, user=user, role=Role.REVIEWER)
    client.force_login(user)
    return user


def fragment_svg(response):
    html = response.content.decode()
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return parse_svg(html[start:end])


def table_id(project, name: str) -> int:
    return project.tables.get(name=name).pk


class TestDiagram:
    def url(self, project, query: str = "") -> str:
        return reverse("diagram", args=[project.slug]) + query

    def test_it_returns_the_svg_fragment(self, client, project, reviewer):
        response = client.get(self.url(project), **HTMX)

        assert response.status_code == 200
        assert b"<html" not in response.content
        root = fragment_svg(response)
        for name in (
            "user",
            "session",
            "account",
            "twoFactor",
            "profiles",
            "countries",
        ):
            assert svg_node(root, f"table-{name}") is not None

    def test_it_links_each_table_to_its_editor(self, client, project, reviewer):
        response = client.get(self.url(project), **HTMX)

        link = next(svg_node(fragment_svg(response), "table-countries").iter(f"{SVG}a"))
        expected = reverse(
            "table-edit", args=[project.slug, table_id(project, "countries")]
        )
        assert link.get(f"{XLINK}href") == expected
        assert link.get(f"{XLINK}title") == "ISO 3166 countries."

    def test_it_renders_a_full_page_without_htmx(self, client, project, reviewer):
        response = client.get(self.url(project))

        assert response.status_code == 200
        assert b"<html" in response.content
        assert b'id="diagram-view"' in response.content

    def test_it_is_not_found_for_an_outsider(self, client, project, caplog):
        outsider = User.objects.create_user("dave", "dave@example.com", "pw")
        client.force_login(outsider)

        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = client.get(self.url(project), **HTMX)

        assert response.status_code == 404

    def test_logged_out_visitor_gets_login_redirect(self, client, project):
        response = client.get(self.url(project), **HTMX)

        # Without an HX-Current-URL header the login leads back to the
        # project's workspace.
        assert response.status_code == 200
        assert response["HX-Redirect"] == (
            f"/accounts/login/?next=/projects/{project.slug}/"
        )

    def test_focus_is_kept_for_later_renders(self, client, project, reviewer):
        client.get(self.url(project, "?focus=countries&rankdir=TB&types=0"), **HTMX)

        response = client.get(self.url(project), **HTMX)

        root = fragment_svg(response)
        ids = {g.get("id") for g in root.iter(f"{SVG}g")}
        assert {"table-countries", "table-profiles"} <= ids
        assert "table-user" not in ids
        assert b'<option value="countries" selected>' in response.content
        assert b'<option value="TB" selected>' in response.content
        assert b'name="types" value="1">' in response.content

    def test_unknown_table_is_422(self, client, project, reviewer, caplog):
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = client.get(self.url(project, "?focus=nope"), **HTMX)

        assert response.status_code == 422
        assert (
            "Table &#x27;nope&#x27; not found in this project."
            in response.content.decode()
        )
        assert b"<svg" not in response.content
        assert [r.status_code for r in caplog.records] == [422]

    def test_timeout_is_422(self, client, reviewer, settings, caplog):
        big = create_project(big_schema(300), slug="big")
        Membership.objects.create(project=big, user=reviewer, role=Role.REVIEWER)
        settings.DIAGRAM_TIMEOUT_SECONDS = 0.05

        with caplog.at_level(logging.WARNING):
            response = client.get(self.url(big), **HTMX)

        assert response.status_code == 422
        assert (
            "took longer than 0.05 seconds. Show a smaller part of the schema: "
            "focus on one table or pick a group."
        ) in response.content.decode()
        assert "dot -Tsvg timed out after 0.05 s" in caplog.text

    def test_focus_on_big_schema_fits_limit(self, client, reviewer, settings):
        big = create_project(big_schema(300), slug="big")
        Membership.objects.create(project=big, user=reviewer, role=Role.REVIEWER)
        settings.DIAGRAM_TIMEOUT_SECONDS = 5

        response = client.get(self.url(big, "?focus=t1"), **HTMX)

        assert response.status_code == 200


class TestDownload:
    def url(self, project, fmt: str, query: str = "") -> str:
        return reverse("diagram-download", args=[project.slug, fmt]) + query

    @pytest.mark.parametrize(
        ("fmt", "media_type", "start"),
        [
            ("svg", "image/svg+xml", b"<?xml"),
            ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("pdf", "application/pdf", b"%PDF"),
            ("dot", "text/vnd.graphviz; charset=utf-8", b"digraph schema {"),
        ],
    )
    def test_it_sends_an_attachment(
        self, client, project, reviewer, fmt, media_type, start
    ):
        response = client.get(self.url(project, fmt))

        assert response.status_code == 200
        assert response["Content-Type"] == media_type
        assert (
            response["Content-Disposition"] == f'attachment; filename="auth-app.{fmt}"'
        )
        assert response.content.startswith(start)

    def test_it_applies_the_query_options(self, client, project, reviewer):
        response = client.get(self.url(project, "dot", "?group=Reference"))

        assert b'id="table-countries"' in response.content
        assert b'id="table-profiles"' not in response.content

    def test_unknown_format_is_404(self, client, project, reviewer):
        response = client.get(self.url(project, "gif"))

        assert response.status_code == 404

    def test_it_is_not_found_for_an_outsider(self, client, project):
        outsider = User.objects.create_user("dave", "dave@example.com", "pw")
        client.force_login(outsider)

        response = client.get(self.url(project, "png"))

        assert response.status_code == 404

    def test_bad_options_are_422_in_plain_text(self, client, project, reviewer):
        response = client.get(self.url(project, "svg", "?rankdir=XY"))

        assert response.status_code == 422
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert (
            response.content
            == b"Invalid direction 'XY': use LR (left to right) or TB (top to bottom)."
        )
