from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from designer.accounts.models import Membership, Role
from designer.schemas.store import create_project
from tests.diagrams.helpers import make_auth_schema

pytestmark = [
    pytest.mark.browser,
    pytest.mark.exe,
    pytest.mark.django_db(transaction=True),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def signed_in(live_server, monkeypatch):
    """Return the project and the session cookie of a reviewer, for the live server."""
    # Playwright's sync API runs an event loop in this thread, which Django
    # takes for async code. The ORM calls here all happen before it starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    project = create_project(make_auth_schema(), slug="auth-app")
    user = User.objects.create_user("carol", "carol@example.com", "pw")
    Membership.objects.create(project=project, user=user, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    cookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    return project, cookie


def test_clicking_a_table_opens_its_editor(live_server, signed_in):
    project, cookie = signed_in
    table = project.tables.get(name="countries")
    editor_url = reverse("table-edit", args=[project.slug, table.pk])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context()
            context.add_cookies([cookie])
            page = context.new_page()
            page.goto(live_server.url + reverse("workspace", args=[project.slug]))
            node = page.locator("#diagram svg #table-countries")
            expect(node).to_be_visible()

            node.locator("text").first.click()

            expect(page).to_have_url(live_server.url + editor_url)
            expect(page.locator("#table-name")).to_have_value("countries")
        finally:
            browser.close()


def test_toolbar_focuses_and_zooms(live_server, signed_in):
    project, cookie = signed_in

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context()
            context.add_cookies([cookie])
            page = context.new_page()
            page.goto(live_server.url + reverse("diagram", args=[project.slug]))
            expect(page.locator("#table-user")).to_be_visible()

            page.select_option("select[name=focus]", "countries")

            expect(page.locator("#table-user")).to_have_count(0)
            expect(page.locator("#table-profiles")).to_be_visible()
            svg = page.locator("#diagram-canvas svg")
            width = svg.bounding_box()["width"]
            page.get_by_title("Zoom in").click()
            assert svg.bounding_box()["width"] == pytest.approx(width * 1.25, rel=0.01)
        finally:
            browser.close()
