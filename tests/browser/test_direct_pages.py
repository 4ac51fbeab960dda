"""Pages opened directly by URL or reload, not swapped in by htmx.

A browser parses a whole page by stricter rules than htmx parses a swapped
fragment (a form inside a form is dropped), so each check here starts from
``page.goto`` or ``page.reload``.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from designer.schemas.demo import DEMO_SLUG
from designer.schemas.models import Project
from designer.schemas.store import load_schema
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db) -> Project:
    call_command("load_demo", stdout=None)
    return Project.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def failed_requests(page) -> list[str]:
    """Collect every response of the page that is an error, such as a missing icon."""
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return failed


def _table(name: str):
    for table in load_schema(Project.objects.get(slug=DEMO_SLUG)).tables:
        if table.name == name:
            return table
    return None


def _log_in_at(page, url: str) -> None:
    """Open ``url`` logged out, log in as the demo user and come back to it."""
    page.goto(url)
    expect(page.locator("input[name=username]")).to_be_visible()
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo")
    page.click("button:has-text('Log in')")
    expect(page).to_have_url(url)


def test_direct_table_page_saves_fixes_deletes(
    live_server, page, demo, failed_requests
):
    invitation = demo.tables.get(name="invitation").pk
    url = f"{live_server.url}/projects/demo/tables/{invitation}/"
    _log_in_at(page, url)

    description = page.locator("#table-settings textarea[name=description]")
    description.fill("An invitation to join a workspace, sent by e-mail.")
    page.click("#table-settings button:has-text('Save table')")
    expect(page.locator("#project-header .muted")).to_have_text("revision 1")
    page.reload()
    expect(description).to_have_value(
        "An invitation to join a workspace, sent by e-mail."
    )
    assert _table("invitation").description == (
        "An invitation to join a workspace, sent by e-mail."
    )
    screenshot(page, "m-table-invitation")

    # The page now comes from a reload: its table-level fix renames the table.
    page.locator(".table-findings .fix-button", has_text="invitations").click()
    expect(page.locator("#table-name")).to_have_value("invitations")
    assert _table("invitation") is None
    assert _table("invitations").description == (
        "An invitation to join a workspace, sent by e-mail."
    )

    favorites = demo.tables.get(name="favorites").pk
    page.goto(f"{live_server.url}/projects/demo/tables/{favorites}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#table-settings button:has-text('Delete table')")
    expect(page.locator("#table-list a", has_text="favorites")).to_have_count(0)
    assert _table("favorites") is None
    assert failed_requests == []


@pytest.mark.exe
def test_diagram_opens_fitted_to_pane(live_server, page, demo, failed_requests):
    _log_in_at(page, f"{live_server.url}/projects/demo/")
    canvas = page.locator("#diagram-canvas")
    svg = canvas.locator("svg")
    expect(svg).to_be_visible()

    natural = svg.evaluate("svg => svg.width.baseVal.value")
    room = canvas.evaluate("canvas => canvas.clientWidth")
    fitted = svg.bounding_box()["width"]
    box = canvas.bounding_box()
    nodes = canvas.locator("g.node[id^=table-]")
    expect(nodes).to_have_count(14)
    outside = [
        node.get_attribute("id")
        for node in nodes.all()
        if node.bounding_box()["x"] + node.bounding_box()["width"]
        > box["x"] + box["width"]
    ]
    assert natural > room
    assert fitted == pytest.approx(room, abs=1)
    assert outside == []
    level = page.locator("#diagram-zoom-level")
    expect(level).to_have_text(f"{round(room / natural * 100)}%")
    screenshot(page, "m-workspace")
    canvas.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "m-workspace-diagram-1280.png")

    page.get_by_title("Actual size").click()
    assert svg.bounding_box()["width"] == pytest.approx(natural, abs=1)
    expect(level).to_have_text("100%")
    page.get_by_title("Zoom in").click()
    assert svg.bounding_box()["width"] == pytest.approx(natural * 1.25, abs=1)
    # The chosen zoom lasts through a reload of the page.
    page.reload()
    expect(level).to_have_text("125%")

    page.get_by_role("button", name="Fit", exact=True).click()
    assert svg.bounding_box()["width"] == pytest.approx(room, abs=1)
    page.set_viewport_size({"width": 390, "height": 844})
    narrow = canvas.evaluate("canvas => canvas.clientWidth")
    expect(level).to_have_text(f"{round(narrow / natural * 100)}%")
    assert svg.bounding_box()["width"] == pytest.approx(narrow, abs=1)
    canvas.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "m-workspace-diagram-390.png")
    assert failed_requests == []
