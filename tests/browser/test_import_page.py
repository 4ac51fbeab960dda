"""The import page in a real browser: the form, an error, and the report."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from designer.schemas.models import Project
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORPUS_FILE = CORPUS / "get-convex__agent__schema.ts"


@pytest.fixture
def logged_in(live_server, page):
    get_user_model().objects.create_user("alice", password="alice-pass")
    page.goto(live_server.url + "/accounts/login/?next=/projects/import/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "alice-pass")
    page.click("button:has-text('Log in')")
    expect(page.locator("h1")).to_have_text("Import a schema")
    return page


def test_import_page_form_and_error(logged_in):
    page = logged_in
    button = page.locator("#import-panel button[type=submit]")
    expect(button).to_have_class("button primary")
    screenshot(page, "o-import-form")

    page.fill(
        "textarea[name=text]", "export default defineSchema({\n  t: v.text(),\n});"
    )
    button.click()
    error = page.locator("#import-error")
    expect(error).to_be_visible()
    expect(error.locator("code").first).to_have_text("v.text")
    assert error.evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(253, 236, 234)"
    )
    expect(page.locator("textarea[name=text]")).to_have_value(
        "export default defineSchema({\n  t: v.text(),\n});"
    )
    screenshot(page, "o-import-error")
    assert Project.objects.count() == 0


@pytest.mark.skipif(not CORPUS_FILE.is_file(), reason=f"{CORPUS_FILE} is missing")
def test_import_page_corpus_report(logged_in):
    page = logged_in
    page.set_input_files("input[name=file]", str(CORPUS_FILE))
    page.click("#import-panel button[type=submit]")
    expect(page.locator(".import-summary h2")).to_have_text("Imported Agent")
    skipped = page.locator("#import-skipped > li")
    expect(skipped).to_have_count(17)
    expect(skipped.nth(0).locator("code").first).to_have_text("status")
    findings = page.locator("#import-findings > li")
    assert findings.count() > 0
    assert page.locator("#import-findings .sev").first.is_visible()
    assert "`" not in page.locator("main").inner_text()
    screenshot(page, "o-import-result")
    page.locator("#import-findings").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "o-import-findings-1280.png")

    page.click("text=Open the workspace")
    expect(page).to_have_url(f"{page.url.split('/projects/')[0]}/projects/agent/")
