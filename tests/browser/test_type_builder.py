from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from designer.accounts.models import Membership, Role
from designer.schemas import store
from designer.schemas.models import Project
from designer.schemas.schema import Schema, Table
from designer.schemas.validators import Array, Id, Member, Object, Scalar
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILT = 'v.array(v.object({ name: v.string(), ownerId: v.id("users") }))'


def _settled(page, action) -> None:
    """Run ``action`` and wait until htmx has settled the content it swapped in.

    htmx attaches the listeners of new content when it settles, about 20 ms
    after the swap, and a script is fast enough to act inside that gap.
    """
    count = page.evaluate("window.settledSwaps")
    action()
    page.wait_for_function("n => window.settledSwaps > n", arg=count)


def _open_teams(live_server, page) -> None:
    user = User.objects.create_user("demo", password="demo")
    project = store.create_project(
        Schema("Clubs", [Table("users"), Table("teams")]), slug="clubs"
    )
    Membership.objects.create(project=project, user=user, role=Role.OWNER)
    page.add_init_script(
        "window.settledSwaps = 0;"
        "document.addEventListener('htmx:afterSettle', () => window.settledSwaps++);"
    )
    page.goto(live_server.url + "/accounts/login/?next=/projects/clubs/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo")
    page.click("button:has-text('Log in')")
    page.click("#table-list a:has-text('teams')")


def test_builder_builds_a_nested_type(live_server, page):
    _open_teams(live_server, page)
    page.fill("#new-field-name", "members")
    _settled(page, lambda: page.click("button:has-text('Build the type step by step')"))
    builder = page.locator("#builder-new .type-builder")
    status = builder.locator(".tb-status")

    # Each choice shows the type so far once its choosers are in place.
    _settled(page, lambda: page.select_option("#tb-t-new-kind", "array"))
    expect(status).to_have_text("Type: v.array(v.string())")
    _settled(page, lambda: page.select_option("#tb-t-new-e-kind", "object"))
    expect(status).to_have_text("Type: v.array(v.object({}))")
    add_member = builder.get_by_role("button", name="+ Add a member")
    # Keyboard only from here: Enter on a focused button, typing into the
    # member name the new row focuses.
    add_member.focus()
    page.keyboard.press("Enter")
    first_name = builder.get_by_label("Member name").nth(0)
    expect(first_name).to_be_focused()
    page.keyboard.type("name")
    add_member.focus()
    page.keyboard.press("Enter")
    second_name = builder.get_by_label("Member name").nth(1)
    expect(second_name).to_be_focused()
    page.keyboard.type("ownerId")
    second_row = builder.locator(".tb-row").nth(1)
    second_row.get_by_label("Type").select_option("id")
    expect(status).to_have_text(
        "The type, each item, member 'ownerId', is a reference: "
        "pick the table it points to."
    )
    second_row.get_by_label("Table").select_option("users")

    expect(page.locator("#new-field-type")).to_have_value(BUILT)
    expect(builder.locator(".tb-status code")).to_have_text(BUILT)
    # The text box validates what the builder wrote, as if typed.
    feedback = page.locator("#feedback-field-add")
    expect(feedback.locator(".hint.sev-info")).to_contain_text(
        "Field teams.members is an array of objects; if it can grow without bound"
    )
    expect(feedback.locator(".field-error")).to_have_count(0)
    screenshot(page, "type-builder")
    page.click("#add-field button:has-text('Add field')")

    expect(page.locator(".field-item input[name=name][value='members']")).to_have_count(
        1
    )
    schema = store.load_schema(Project.objects.get(slug="clubs"))
    page.wait_for_load_state("networkidle")
    assert schema.table("teams").field("members").validator == Array(
        Object(
            (Member("name", Scalar("string")), Member("ownerId", Id("users"))),
        )
    )


def test_builder_edits_a_saved_field_and_removes_options(live_server, page):
    _open_teams(live_server, page)
    page.fill("#new-field-name", "status")
    page.fill("#new-field-type", 'v.union(v.literal("open"), v.literal("closed"))')
    page.press("#new-field-type", "Enter")
    row = page.locator(".field-item").first
    build = row.get_by_role("button", name="Build the type of status step by step")
    _settled(page, build.click)
    builder = row.locator(".type-builder")
    expect(builder.locator(".tb-row")).to_have_count(2)

    builder.locator(".tb-row").nth(1).get_by_role(
        "button", name="Remove this option"
    ).click()

    type_input = row.locator("input[name=type]")
    expect(type_input).to_have_value('v.union(v.literal("open"))')
    builder.get_by_role("button", name="+ Add an option").click()
    expect(builder.locator(".tb-row")).to_have_count(2)
    expect(type_input).to_have_value('v.union(v.literal("open"), v.string())')
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    row.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".field-item input[name=type]").first).to_have_value(
        'v.union(v.literal("open"), v.string())'
    )
    page.wait_for_load_state("networkidle")
