"""Two people take a change to the demo project from proposal to approval."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from designer.accounts.models import Membership, Role
from designer.review.models import Review, Verdict
from designer.schemas import store
from designer.schemas.demo import demo_schema
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_team():
    project = store.create_project(demo_schema(), slug="demo")
    owner = User.objects.create_user("olivia", "olivia@example.com", "olivia-pass")
    reviewer = User.objects.create_user("ravi", "ravi@example.com", "ravi-pass")
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    Membership.objects.create(project=project, user=reviewer, role=Role.REVIEWER)
    return project


def _person(browser, live_server, username: str, password: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/login/?next=/projects/demo/reviews/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Log in')")
    expect(page.locator("h1")).to_have_text("Reviews")
    return context, page


def _open_table(page, live_server, name: str) -> None:
    page.goto(live_server.url + "/projects/demo/")
    page.locator("#table-list a", has_text=re.compile(rf"^\s*{name}\s*$")).click()
    expect(page.locator("#table-name")).to_have_value(name)


def _add_field(page, name: str, optional: bool) -> None:
    page.fill("#new-field-name", name)
    page.fill("#new-field-type", "v.string()")
    if optional:
        page.check("#add-field input[name=optional]")
    page.click("#add-field button:has-text('Add field')")
    expect(page.locator(f".field-item input[name=name][value='{name}']")).to_have_count(
        1
    )
    _settle(page)


def _settle(page) -> None:
    # The saved change re-renders the diagram and findings; leaving before
    # they finish would cut those requests off halfway.
    page.wait_for_load_state("networkidle")


def _save_version(page, live_server, name: str) -> None:
    page.goto(live_server.url + "/projects/demo/versions/")
    page.fill("input[name=name]", name)
    page.click("button:has-text('Save version')")
    expect(page.locator("h1")).to_contain_text(name)


def _change_rows(page) -> list[tuple[str | None, str | None]]:
    rows = page.locator("#changes tr.change")
    return [
        (
            rows.nth(i).get_attribute("data-location"),
            rows.nth(i).get_attribute("data-classification"),
        )
        for i in range(rows.count())
    ]


def _comment(page, target: str, body: str) -> None:
    page.fill(".comment-form input[name=target]", target)
    page.fill(".comment-form textarea[name=body]", body)
    page.click(".comment-form button:has-text('Comment')")
    expect(page.locator(".thread", has_text=body)).to_have_count(1)


def test_review_from_proposal_to_approval(live_server, browser, demo_team):
    owner_context, owner = _person(browser, live_server, "olivia", "olivia-pass")
    screenshot(owner, "review-list-empty")
    _save_version(owner, live_server, "Before icons")

    # The owner proposes a required and an optional field.
    _open_table(owner, live_server, "workspaces")
    _add_field(owner, "icon", optional=False)
    _open_table(owner, live_server, "documents")
    _add_field(owner, "summary", optional=True)
    _save_version(owner, live_server, "Workspace icons")
    screenshot(owner, "review-version-detail")

    owner.goto(live_server.url + "/projects/demo/reviews/")
    owner.select_option("select[name=version]", label="v2 Workspace icons")
    owner.locator("label.check", has_text="ravi").locator("input").check()
    owner.fill("textarea[name=message]", "Icons for the workspace switcher.")
    owner.click("button:has-text('Ask for review')")
    expect(owner.locator("#review-state")).to_have_text("Open")

    # The reviewer sees the review, its classified changes and the schema.ts diff.
    reviewer_context, reviewer = _person(browser, live_server, "ravi", "ravi-pass")
    row = reviewer.locator("table.reviews tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("v2 Workspace icons")
    expect(row.locator(".review-state")).to_have_text("Open")
    screenshot(reviewer, "review-list")
    row.locator("a").click()
    expect(reviewer.locator("#changes > h2")).to_have_text("What changed from v1 to v2")
    assert _change_rows(reviewer) == [
        ("workspaces.icon", "migration"),
        ("documents.summary", "safe"),
    ]
    expect(reviewer.locator(".verdict-banner")).to_contain_text("Needs a migration.")
    added = reviewer.locator("pre.diff .diff-add")
    expect(added.filter(has_text="icon: v.string()")).to_have_count(1)
    expect(added.filter(has_text="summary: v.optional(v.string())")).to_have_count(1)
    expect(reviewer.locator("pre.diff .diff-remove")).to_have_count(0)

    _comment(reviewer, "workspaces", "Every existing workspace lacks an icon.")
    _comment(reviewer, "workspaces.icon", "Make it optional, then backfill.")
    reviewer.click("button:has-text('Request changes')")
    expect(reviewer.locator("#review-state")).to_have_text("Changes requested")
    screenshot(reviewer, "review-changes-requested")

    # The owner replies, makes the field optional and moves the review on.
    owner.reload()
    expect(owner.locator("#review-state")).to_have_text("Changes requested")
    thread = owner.locator(".thread", has_text="Make it optional")
    expect(thread.locator(".comment-target")).to_have_text("workspaces.icon")
    thread.locator("textarea[name=body]").fill("Done: optional in v3.")
    thread.locator("button:has-text('Reply')").click()
    expect(owner.locator(".thread .reply")).to_contain_text("Done: optional in v3.")
    review_url = owner.url

    _open_table(owner, live_server, "workspaces")
    icon = owner.locator(".field-item", has=owner.locator("input[value='icon']"))
    icon.locator("input[name=optional]").check()
    icon.locator("button:has-text('Save')").click()
    expect(icon.locator("input[name=optional]")).to_be_checked()
    _settle(owner)
    _save_version(owner, live_server, "Optional icons")
    owner.goto(review_url)
    owner.select_option("select[name=version]", label="v3 Optional icons")
    owner.click("button:has-text('Review this version instead')")
    expect(owner.locator("#review-state")).to_have_text("Open")
    screenshot(owner, "review-revised")

    # The reviewer sees only safe changes now and approves.
    reviewer.reload()
    expect(reviewer.locator("#changes > h2")).to_have_text("What changed from v1 to v3")
    assert _change_rows(reviewer) == [
        ("workspaces.icon", "safe"),
        ("documents.summary", "safe"),
    ]
    expect(reviewer.locator(".verdict-banner")).to_contain_text("Safe to push.")
    reviewer.click("button:has-text('Approve v3')")
    expect(reviewer.locator("#review-state")).to_have_text("Approved")
    screenshot(reviewer, "review-approved")

    owner.reload()
    expect(owner.locator("#review-state")).to_have_text("Approved")
    review = Review.objects.get()
    assert review.state == Review.State.APPROVED
    assert review.version.number == 3
    assert [(v.version.number, v.decision) for v in review.verdicts.all()] == [
        (2, Verdict.Decision.REQUEST_CHANGES),
        (3, Verdict.Decision.APPROVE),
    ]

    _screenshot_other_pages(browser, live_server, owner)
    owner_context.close()
    reviewer_context.close()


def _screenshot_other_pages(browser, live_server, owner) -> None:
    base = live_server.url + "/projects/demo"
    for path, name in (
        ("/versions/", "review-versions"),
        ("/versions/1/diff/", "review-version-diff"),
        ("/comments/", "review-comments"),
        ("/history/", "review-history"),
        ("/members/", "review-members"),
    ):
        owner.goto(base + path)
        screenshot(owner, name)
    owner.goto(base + "/versions/3/")
    owner.click("button:has-text('Create a read-only link')")
    share_url = re.search(r"https?://\S+/share/\S+/", owner.inner_text(".messages"))
    assert share_url is not None
    anonymous = browser.new_context(viewport={"width": 1280, "height": 800})
    page = anonymous.new_page()
    page.goto(share_url.group(0))
    expect(page.locator("h1")).to_have_text("Team knowledge base: v3 Optional icons")
    screenshot(page, "review-share")
    for path, name in (
        ("/accounts/signup/", "review-signup"),
        ("/accounts/password_reset/", "review-password-reset"),
    ):
        page.goto(live_server.url + path)
        screenshot(page, name)
    anonymous.close()
