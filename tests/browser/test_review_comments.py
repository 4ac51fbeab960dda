"""A reviewer comments on a field from the workspace, and the owner sees the count."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from designer.accounts.models import Membership, Role
from designer.review.models import Comment
from designer.schemas import store
from tests.browser.conftest import screenshot
from tests.factories import make_blog_schema

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", username)
    page.click("button:has-text('Log in')")
    expect(page.locator("h1")).to_have_text("Projects")


def _team():
    project = store.create_project(make_blog_schema(), slug="blog")
    for username, role in (("olivia", Role.OWNER), ("rita", Role.REVIEWER)):
        user = User.objects.create_user(username, password=username)
        Membership.objects.create(project=project, user=user, role=role)
    return project


def test_reviewer_comment_shows_to_owner(live_server, browser, page):
    project = _team()
    table = project.tables.order_by("pk").first()
    field = table.fields.order_by("pk").first()
    target = f"{table.name}.{field.name}"
    table_url = f"{live_server.url}/projects/blog/tables/{table.pk}/"
    count = f"#field-{field.pk} summary.comment-count"

    _log_in(page, live_server.url, "rita")
    page.goto(table_url)
    # A reviewer sees the table read-only, without the add forms.
    expect(page.locator("#table-name")).to_have_attribute("readonly", "")
    expect(page.locator(f"#field-name-{field.pk}")).to_have_attribute("readonly", "")
    expect(page.locator("#add-field")).to_have_count(0)
    expect(page.locator(f"{count} .comment-number")).to_have_count(0)

    page.click(count)
    body = page.locator(f"#comment-body-{field.pk}")
    expect(body).to_be_focused()
    body.fill("Should this be <b>unique</b>?")
    page.locator(f"#field-{field.pk} .comment-popover button[type=submit]").click()

    expect(page).to_have_url(f"{table_url}#field-{field.pk}")
    expect(page.locator(f"{count} .comment-number")).to_have_text("1")
    # The confirmation outlasts the diagram, which loads after the page.
    expect(page.locator("#diagram svg")).to_have_count(1)
    expect(page.locator(".messages")).to_have_text("Comment added.")
    comment = Comment.objects.get()
    assert (comment.author.username, comment.target) == ("rita", target)
    screenshot(page, "workspace-reviewer")

    owner = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    owner.set_default_timeout(10_000)
    _log_in(owner, live_server.url, "olivia")
    owner.goto(table_url)
    expect(owner.locator(f"{count} .comment-number")).to_have_text("1")
    pill = owner.locator("#table-list a.comment-pill")
    expect(pill).to_have_count(1)
    expect(pill).to_contain_text("1")
    screenshot(owner, "workspace-comments")

    owner.click(count)
    owner.locator(f"#field-{field.pk} a.thread-link").click()
    expect(owner.locator(".comment-body")).to_have_text("Should this be <b>unique</b>?")
    owner.context.close()
