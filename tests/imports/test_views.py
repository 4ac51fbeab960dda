"""The import page: upload or paste, the result report, and bad input."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from designer.accounts.models import Membership
from designer.schemas.models import Project

URL = "/projects/import/"
VALID = """\
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { authTables } from "@convex-dev/auth/server";

export default defineSchema({
  ...authTables,
  // People who sign in.
  users: defineTable({ name: v.string(), email: v.string() }),
  posts: defineTable({ authorId: v.string(), count: v.bigint() }),
});
"""
BROKEN = (
    "export default defineSchema({\n  users: defineTable({ name: v.text() }),\n});\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, django_user_model):
    user = django_user_model.objects.create_user("alice", password="pw")
    client.force_login(user)
    return user


def test_it_is_the_agreed_url():
    assert reverse("project-import") == URL


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_form(client, alice):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="file"' in response.content
    assert b'name="text"' in response.content


def test_it_rejects_other_methods(client, alice, caplog):
    with caplog.at_level(logging.WARNING, "django.request"):
        assert client.put(URL).status_code == 405


def test_it_imports_pasted_text(client, alice):
    response = client.post(URL, {"text": VALID, "name": "Shop"})
    assert response.status_code == 200
    project = Project.objects.get()
    assert project.name == "Shop"
    assert [t.name for t in project.tables.all()] == ["users", "posts"]
    assert Membership.objects.get(project=project).user == alice
    assert Membership.objects.get(project=project).role == "owner"
    html = response.content.decode()
    assert f'href="/projects/{project.slug}/"' in html
    assert (
        "Line 6, column 6:</span> tables spread with <code>...authTables</code>"
    ) in html
    assert "Line 9, column 53:</span> <code>v.bigint()</code> is deprecated" in html
    assert "`" not in html.split("<main")[1].split("</main>")[0]
    assert "Findings (" in html


def test_it_lists_findings_of_the_imported_schema(client, alice):
    response = client.post(URL, {"text": VALID})
    html = response.content.decode()
    from designer.schemas.importers.typescript import import_typescript
    from designer.schemas.rules import lint

    findings = lint(import_typescript(VALID).schema)
    assert f"Findings ({len(findings)})" in html
    for finding in findings:
        assert finding.code in html


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("shop_schema.ts", "Shop"),
        ("get-convex__convex-saas__schema.ts", "Convex saas"),
        ("schema.ts", "Imported schema"),
    ],
)
def test_it_imports_an_uploaded_file_named_after_it(client, alice, file_name, name):
    upload = SimpleUploadedFile(file_name, VALID.encode(), "text/plain")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    assert Project.objects.get().name == name


def test_it_prefers_the_given_name(client, alice):
    upload = SimpleUploadedFile("shop_schema.ts", VALID.encode(), "text/plain")
    client.post(URL, {"file": upload, "name": "  Main store "})
    assert Project.objects.get().name == "Main store"


def test_it_answers_htmx_with_the_panel_only(client, alice):
    response = client.post(URL, {"text": VALID}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="import-panel"')
    assert "<html" not in html


def test_it_reports_the_error_place(client, alice, caplog):
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"text": BROKEN})
    assert response.status_code == 422
    assert Project.objects.count() == 0
    html = response.content.decode()
    assert "Unknown validator <code>v.text</code>" in html
    assert 'class="notice notice-error import-error" role="alert"' in html
    assert "Line 2, column 30:" in html
    assert "  users: defineTable({ name: v.text() }),\n" + " " * 29 + "^" in html
    assert "Nothing was created." in html
    assert [r.status_code for r in caplog.records] == [422]


def test_it_answers_htmx_errors_with_422(client, alice, caplog):
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"text": BROKEN}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.content.decode().lstrip().startswith('<section id="import-panel"')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Upload a file or paste its text."),
        ({"text": "   "}, "Upload a file or paste its text."),
        (
            {"text": "x", "file": SimpleUploadedFile("a.ts", b"x")},
            "Upload a file or paste its text, not both.",
        ),
        (
            {"file": SimpleUploadedFile("a.py", b"x")},
            "The file &#x27;a.py&#x27; is not a .ts or .json file.",
        ),
        (
            {"file": SimpleUploadedFile("a.ts", b"\xff\xfe")},
            "The file is not UTF-8 text: invalid start byte.",
        ),
        (
            {"file": SimpleUploadedFile("a.ts", b" " * (3 * 1024 * 1024))},
            "The file is 3.0 MB, but the maximum is 2 MB.",
        ),
        (
            {"text": "//" + "x" * (2 * 1024 * 1024 + 100)},
            "The file is 2.0 MB, but the maximum is 2 MB.",
        ),
    ],
)
def test_it_rejects_bad_input(client, alice, caplog, data, message):
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Project.objects.count() == 0


def test_it_escapes_hostile_text_in_errors(client, alice, caplog):
    text = 'export default defineSchema({ t: defineTable({ "<script>x</script>": v.string() }) });'
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"text": text})
    html = response.content.decode()
    assert response.status_code == 422
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_it_escapes_hostile_text_in_the_report(client, alice):
    text = (
        'import { x } from "<img src=y onerror=alert(1)>";\n'
        "export default defineSchema({ t: defineTable({ a: x }) });"
    )
    response = client.post(URL, {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=y" not in html
    assert "&lt;img src=y onerror=alert(1)&gt;" in html


# Project files (JSON), as Download → Project file (JSON) writes them.


def blog_file() -> str:
    from designer.schemas.exporters import jsonfile
    from tests.factories import make_blog_schema

    return jsonfile.render(make_blog_schema())


def test_it_imports_an_uploaded_project_file(client, alice):
    from designer.schemas.store import load_schema
    from tests.factories import make_blog_schema

    upload = SimpleUploadedFile("blog.json", blog_file().encode(), "application/json")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    project = Project.objects.get()
    assert project.name == "Blog"
    assert load_schema(project).to_data() == make_blog_schema().to_data()
    assert Membership.objects.get(project=project).user == alice
    html = response.content.decode()
    assert f'href="/projects/{project.slug}/"' in html
    assert "Skipped constructs (0)" in html
    assert "Findings (" in html


def test_it_detects_a_pasted_project_file(client, alice):
    response = client.post(URL, {"text": "\n  " + blog_file(), "name": "Copy"})
    assert response.status_code == 200
    project = Project.objects.get()
    assert project.name == "Copy"
    assert [t.name for t in project.tables.all()] == ["users", "posts"]


def test_it_reads_a_byte_order_mark(client, alice):
    data = "\ufeff".encode() + blog_file().encode()
    response = client.post(URL, {"file": SimpleUploadedFile("blog.json", data)})
    assert response.status_code == 200
    assert Project.objects.get().name == "Blog"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n  "format": "convex-schema-designer",\n  "version": 1,\n}',
            "The project file is not valid JSON: Expecting property name enclosed "
            "in double quotes at line 4, column 1.",
        ),
        (
            '{"format": "convex-schema-designer", "version": 2, "project": {}}',
            "Unknown project file version 2; this designer reads version 1.",
        ),
        (
            "[" * 100_000,
            "The project file nests brackets more than 208 levels deep; a file "
            "the designer writes never does.",
        ),
    ],
)
def test_it_rejects_a_bad_project_file(client, alice, caplog, text, message):
    upload = SimpleUploadedFile("p.json", text.encode(), "application/json")
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "Nothing was created." in html
    assert Project.objects.count() == 0


def test_it_shows_where_a_project_file_breaks(client, alice, caplog):
    text = '{\n  "format": "convex-schema-designer",\n  "version": 1,,\n}'
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"text": text})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Line 3, column 16:" in html
    assert "  &quot;version&quot;: 1,,\n" + " " * 15 + "^" in html


def test_it_escapes_hostile_names_in_a_project_file(client, alice):
    text = blog_file().replace('"name": "Blog"', '"name": "<script>x</script>"', 1)
    response = client.post(URL, {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>x</script>" not in html
    assert "Imported &lt;script&gt;x&lt;/script&gt;" in html


# Requests too large for Django to read.


def test_oversized_paste_shows_its_size(client, alice, caplog):
    text = "x" * (3 * 1024 * 1024)
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(URL, {"text": text})
    assert response.status_code == 422
    html = response.content.decode()
    assert "The pasted text is about 3.0 MB, but the maximum is 2 MB." in html
    assert 'class="notice notice-error import-error"' in html
    assert Project.objects.count() == 0


def test_oversized_htmx_paste_gets_the_panel(client, alice, caplog):
    with caplog.at_level(logging.WARNING, "django.request"):
        response = client.post(
            URL, {"text": "x" * (3 * 1024 * 1024)}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 422
    assert response.content.decode().lstrip().startswith('<section id="import-panel"')


def test_it_still_checks_the_csrf_token(alice, caplog):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    with caplog.at_level(logging.WARNING, "django.security.csrf"):
        rejected = client.post(URL, {"text": VALID})
    assert rejected.status_code == 403
    assert Project.objects.count() == 0

    token = client.get(URL).cookies["csrftoken"].value
    accepted = client.post(URL, {"text": VALID}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert Project.objects.count() == 1


def test_oversized_paste_needs_login(client):
    response = client.post(URL, {"text": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
