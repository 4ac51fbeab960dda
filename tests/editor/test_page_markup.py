"""The HTML of every editor page: no form inside another, no doubled punctuation.

A browser parsing a page drops a ``<form>`` start tag met inside an open
form, so the inner form's fields join the outer form and its buttons submit
the outer one. htmx parses swapped fragments by other rules and keeps such
forms, so the fault shows only on a page loaded directly. These tests read
the markup of every page and fragment as the server sends it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from designer.accounts.models import Membership, Role
from designer.schemas.demo import DEMO_SLUG
from designer.schemas.models import Project
from designer.schemas.rules import lint
from designer.schemas.store import load_schema
from tests.editor.helpers import HTMX

# Two stops in a row, or a stop after an ellipsis, in a page's visible text.
DOUBLED = re.compile(r"[…?!:][.?!]|(?<![.\w])\.\.(?!\.)")


class PageReader(HTMLParser):
    """Collect forms opened inside an open form, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_forms: list[str] = []
        self.nested: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag != "form":
            return
        described = _describe(attrs, self.getpos())
        if self.open_forms:
            self.nested.append(f"{described} inside {self.open_forms[-1]}")
        self.open_forms.append(described)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "form" and self.open_forms:
            self.open_forms.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _describe(attrs, position: tuple[int, int]) -> str:
    values = dict(attrs)
    name = values.get("id") or values.get("action") or values.get("class") or "?"
    return f"<form {name}> at line {position[0]}"


def read(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


@pytest.fixture
def demo(db) -> Project:
    call_command("load_demo", stdout=None)
    return Project.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def demo_owner(demo) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    return client


@pytest.fixture
def demo_reviewer(demo) -> Client:
    user = User.objects.create_user("rita")
    Membership.objects.create(project=demo, user=user, role=Role.REVIEWER)
    client = Client()
    client.force_login(user)
    return client


def _pages(project: Project) -> list[str]:
    """Return every editor page of ``project`` that accepts a GET."""
    base = f"/projects/{project.slug}/"
    tables = [f"{base}tables/{table.pk}/" for table in project.tables.order_by("pk")]
    return [
        "/",
        "/projects/new/",
        "/rules/",
        base,
        base + "?severity=warning",
        base + "settings/",
        base + "delete/",
        *tables,
    ]


def _check(response) -> PageReader:
    assert response.status_code == 200, response.request["PATH_INFO"]
    return read(response.content.decode())


def test_reader_finds_a_nested_form():
    reader = read(
        '<form id="outer"><ul><li><form action="/fix/"><button>Fix</button>'
        "</form></li></ul></form><form id=after></form>"
    )

    assert reader.nested == ["<form /fix/> at line 1 inside <form outer> at line 1"]


def test_reader_finds_doubled_punctuation_across_tags():
    text = "".join(read("<p>with <em>Build type…</em>.</p><p>Wait...</p>").text)

    assert DOUBLED.findall(text) == ["…."]


def test_owner_pages_have_no_nested_form(demo, demo_owner):
    pages = _pages(demo)
    nested = {}
    for url in pages:
        reader = _check(demo_owner.get(url))
        if reader.nested:
            nested[url] = reader.nested

    assert nested == {}
    # The demo has findings on tables, fields and indexes, so every place a
    # finding with its fix and suppress forms can appear was rendered.
    locations = {f.location.key for f in lint(load_schema(demo))}
    assert {"invitation", "invitation.email", "account#accountId"} <= locations
    assert len(pages) == 7 + 14


def test_reviewer_pages_have_no_nested_form(demo, demo_reviewer):
    nested = {}
    for url in _pages(demo):
        if url.endswith(("settings/", "delete/", "/projects/new/")):
            continue
        reader = _check(demo_reviewer.get(url))
        if reader.nested:
            nested[url] = reader.nested

    assert nested == {}


def test_fragments_after_a_change_have_no_nested_form(demo, demo_owner):
    invitation = demo.tables.get(name="invitation")
    base = f"/projects/{demo.slug}/"

    changed = demo_owner.post(
        f"{base}tables/{invitation.pk}/update/",
        {"revision": demo.revision, "name": "invitation", "description": "Asked"},
        **HTMX,
    )
    invalid = demo_owner.post(
        f"{base}tables/{invitation.pk}/update/",
        {"revision": demo.revision + 1, "name": "no spaces", "description": ""},
        **HTMX,
    )
    fragments = {
        "changed": changed,
        "invalid": invalid,
        "table": demo_owner.get(f"{base}tables/{invitation.pk}/", **HTMX),
        "findings": demo_owner.get(f"{base}findings/?severity=warning", **HTMX),
        "builder": demo_owner.get(
            f"{base}type-builder/",
            {
                "root": "t-new",
                "for": "new-field-type",
                "type": "v.object({ a: v.string() })",
            },
            **HTMX,
        ),
    }

    assert changed.status_code == 200
    assert invalid.status_code == 422
    assert {
        name: read(response.content.decode()).nested
        for name, response in fragments.items()
    } == {name: [] for name in fragments}


def test_table_findings_sit_outside_table_form(demo, demo_owner):
    invitation = demo.tables.get(name="invitation")

    html = demo_owner.get(f"/projects/demo/tables/{invitation.pk}/").content.decode()

    settings_form = html[html.index('<form id="table-settings"') :]
    settings_form = settings_form[: settings_form.index("</form>")]
    assert "Rename to <code>invitations</code>" in html
    assert "fix-button" not in settings_form
    assert 'name="description"' in settings_form


def test_editor_pages_have_no_doubled_punctuation(demo, demo_owner):
    doubled = {}
    for url in _pages(demo):
        text = "".join(_check(demo_owner.get(url)).text)
        found = [text[max(0, m.start() - 30) : m.end()] for m in DOUBLED.finditer(text)]
        if found:
            doubled[url] = found

    assert doubled == {}


def test_every_page_links_the_favicon(demo, demo_owner, client):
    owner_page = demo_owner.get("/projects/demo/").content.decode()
    login_page = client.get("/accounts/login/").content.decode()
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'

    assert icon in owner_page
    assert icon in login_page


def test_favicon_is_served_as_svg(client, db):
    response = client.get("/static/favicon.svg")
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert body.startswith(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    )
