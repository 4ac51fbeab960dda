from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from designer.schemas import store
from designer.schemas.models import Project
from designer.schemas.rules import lint
from tests.browser.conftest import screenshot
from tests.node import typecheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _schema():
    return store.load_schema(Project.objects.get(slug="shop"))


def _expect_header_counts(page) -> None:
    """Check the header badges against the saved schema's findings."""
    findings = lint(_schema())
    for severity in ("error", "warning"):
        count = sum(1 for f in findings if f.severity == severity)
        badge = page.locator(f"#project-header .badge.sev-{severity}")
        expect(badge).to_have_text(re.compile(rf"^{count} {severity}"))


def _add_field(page, name: str, type_text: str) -> None:
    page.fill("#new-field-name", name)
    page.fill("#new-field-type", type_text)
    page.press("#new-field-type", "Enter")
    expect(page.locator(f".field-item input[name=name][value='{name}']")).to_have_count(
        1
    )


@pytest.mark.node
def test_editor_end_to_end(live_server, page, tmp_path):
    User.objects.create_user("demo", password="demo")
    page.goto(live_server.url + "/")
    screenshot(page, "login")

    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo")
    page.click("button:has-text('Log in')")
    expect(page.locator("h1")).to_have_text("Projects")
    screenshot(page, "projects-empty")

    page.click("text=New project")
    screenshot(page, "project-create")
    page.fill("input[name=name]", "Shop")
    page.click("button:has-text('Create project')")
    expect(page.locator("#project-header h1")).to_have_text("Shop")

    # The warning shows while typing, before anything is saved.
    page.type("#new-table-name", "Post", delay=40)
    warning = page.locator("#feedback-table-add .hint.sev-warning")
    expect(warning).to_contain_text(
        "Table Post should have a plural, camelCase name such as posts."
    )
    assert _schema().tables == []

    page.press("#new-table-name", "Enter")
    expect(page.locator("#table-name")).to_have_value("Post")
    # Focus moves to the first input of the new table's field form.
    expect(page.locator("#new-field-name")).to_be_focused()
    page.locator(".table-findings .fix-button", has_text="posts").click()
    expect(page.locator("#table-name")).to_have_value("posts")
    assert [t.name for t in _schema().tables] == ["posts"]

    _add_field(page, "title", "v.string()")
    page.fill("#new-field-name", "tags")
    page.select_option("select.type-chooser", "v.array(v.string())")
    expect(page.locator("#new-field-type")).to_have_value("v.array(v.string())")
    page.press("#new-field-type", "Enter")
    expect(page.locator(".field-item input[name=name][value='tags']")).to_have_count(1)
    _add_field(
        page,
        "author",
        "v.object({ name: v.string(), links: v.array(v.object({ url: v.string() })) })",
    )
    _add_field(page, "status", 'v.union(v.literal("draft"), v.literal("published"))')
    _add_field(page, "scores", "v.optional(v.record(v.string(), v.number()))")
    _expect_header_counts(page)

    # An invalid type is refused with its message, and nothing is saved.
    page.fill("#new-field-name", "broken")
    page.fill("#new-field-type", "v.array(")
    expect(page.locator("#feedback-field-add .field-error")).to_have_text(
        "The type ends too early; a closing bracket is missing."
    )
    # Escape puts the form back as rendered: no name and the default type.
    page.press("#new-field-type", "Escape")
    expect(page.locator("#new-field-type")).to_have_value("v.string()")
    expect(page.locator("#new-field-name")).to_have_value("")
    expect(page.locator("#feedback-field-add")).to_be_empty()

    page.click(".path-picker button[data-path='author.name']")
    page.fill("#new-index-name", "by_author_name")
    page.press("#new-index-name", "Enter")
    expect(page.locator(".index-item code.index-name")).to_have_text("by_author_name")
    table = _schema().table("posts")
    assert [f.name for f in table.fields] == [
        "title",
        "tags",
        "author",
        "status",
        "scores",
    ]
    assert table.field("scores").optional is True
    assert [(i.name, i.fields) for i in table.indexes] == [
        ("by_author_name", ["author.name"])
    ]
    _expect_header_counts(page)
    screenshot(page, "table-editor")

    page.click("#project-header summary:has-text('Download')")
    with page.expect_download() as download_info:
        page.click("text=Convex schema.ts")
    download = download_info.value
    assert download.suggested_filename == "schema.ts"
    source = tmp_path / "schema.ts"
    download.save_as(source)
    assert typecheck([source.read_text()]) == {}

    page.click("#project-header a:has-text('Settings')")
    screenshot(page, "settings")
    page.click("text=Delete Shop…")
    screenshot(page, "project-delete")
    page.goto(live_server.url + "/rules/")
    screenshot(page, "rules")
    page.goto(live_server.url + "/")
    screenshot(page, "projects")


def test_undo_and_move_in_the_browser(live_server, page):
    user = User.objects.create_user("demo", password="demo")
    from designer.accounts.models import Membership, Role
    from designer.schemas.schema import Field, Schema, Table
    from designer.schemas.validators import Scalar

    project = store.create_project(
        Schema(
            "Shop",
            [
                Table(
                    "orders",
                    [Field("a", Scalar("string")), Field("b", Scalar("number"))],
                )
            ],
        ),
        slug="shop",
    )
    Membership.objects.create(project=project, user=user, role=Role.OWNER)
    page.goto(live_server.url + "/accounts/login/?next=/projects/shop/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo")
    page.click("button:has-text('Log in')")
    page.click("#table-list a:has-text('orders')")

    page.locator("button[aria-label='Move a down']").click()
    expect(page.locator(".field-item input[name=name]").first).to_have_value("b")
    page.click("#project-header button:has-text('Undo')")
    expect(page.locator(".field-item input[name=name]").first).to_have_value("a")
    assert [f.name for f in _schema().table("orders").fields] == ["a", "b"]
    screenshot(page, "workspace-undo")


def test_finding_link_opens_its_table(live_server, page):
    from designer.accounts.models import Membership, Role
    from designer.schemas.demo import demo_schema

    user = User.objects.create_user("demo", password="demo")
    project = store.create_project(demo_schema(), slug="shop")
    Membership.objects.create(project=project, user=user, role=Role.OWNER)
    finding = next(f for f in lint(_schema()) if f.location.field)
    page.goto(live_server.url + "/accounts/login/?next=/projects/shop/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", "demo")
    page.click("button:has-text('Log in')")
    screenshot(page, "workspace-demo")

    page.locator(
        "#findings a.finding-location", has_text=finding.location.key
    ).first.click()

    expect(page.locator("#table-name")).to_have_value(finding.location.table)
    field_name = finding.location.field.split(".")[0]
    field_input = page.locator(f".field-item input[name=name][value='{field_name}']")
    expect(field_input).to_be_in_viewport()
    screenshot(page, "table-editor-demo")
