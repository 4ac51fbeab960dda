from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from designer.accounts.models import Membership, Role
from designer.schemas import starters
from designer.schemas.models import Project
from designer.schemas.rules import lint
from designer.schemas.schema import RuleSetting, Suppression
from tests.editor.helpers import schema_of


@pytest.mark.django_db
def test_project_list_requires_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_project_list_shows_counts(owner_client, project):
    findings = lint(schema_of(project))
    errors = sum(1 for f in findings if f.severity == "error")

    response = owner_client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/projects/blog/">Blog</a>' in html
    assert "<span>2 tables</span>" in html
    assert f"{errors} error" in html


@pytest.mark.django_db
def test_project_list_hides_other_peoples_projects(outsider_client, project):
    response = outsider_client.get("/")

    assert b"/projects/blog/" not in response.content
    assert b"No projects yet" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "tables"),
    [
        ("blank", []),
        ("better_auth", [t.name for t in starters.better_auth_schema().tables]),
    ],
)
def test_it_creates_a_project_owned_by_its_creator(owner_client, alice, start, tables):
    response = owner_client.post("/projects/new/", {"name": "My app", "start": start})

    project = Project.objects.get(slug="my-app")
    assert response.status_code == 302
    assert response["Location"] == "/projects/my-app/"
    assert project.name == "My app"
    assert Membership.objects.get(project=project).user == alice
    assert Membership.objects.get(project=project).role == Role.OWNER
    assert [t.name for t in schema_of(project).tables] == tables


@pytest.mark.django_db
def test_it_creates_a_copy_of_the_demo(owner_client):
    from designer.schemas.demo import demo_schema

    owner_client.post("/projects/new/", {"name": "Demo copy", "start": "demo"})

    schema = schema_of(Project.objects.get(slug="demo-copy"))
    assert schema.name == "Demo copy"
    assert [t.to_data() for t in schema.tables] == [
        t.to_data() for t in demo_schema().tables
    ]


@pytest.mark.django_db
def test_create_rejects_a_missing_name(owner_client):
    response = owner_client.post("/projects/new/", {"name": "", "start": "blank"})

    assert response.status_code == 422
    assert b"This field is required." in response.content
    assert Project.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["new", "import"])
def test_create_never_takes_a_reserved_slug(owner_client, name):
    owner_client.post("/projects/new/", {"name": name, "start": "blank"})

    assert Project.objects.get().slug == f"{name}-project"


@pytest.mark.django_db
def test_settings_save_options_and_rename(owner_client, project):
    response = owner_client.post(
        "/projects/blog/settings/",
        {
            "name": "Blog v2",
            "description": "",
            "schema_path": "convex/schema.ts",
            "schema_validation": "on",
            "revision": 0,
        },
    )

    schema = schema_of(project)
    assert response.status_code == 302
    assert schema.name == "Blog v2"
    assert schema.schema_path == "convex/schema.ts"
    assert schema.schema_validation is True
    assert schema.strict_table_name_types is False


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/etc/passwd.ts", "../schema.ts", "convex/schema.js"])
def test_settings_reject_a_bad_schema_path(owner_client, project, path):
    response = owner_client.post(
        "/projects/blog/settings/",
        {"name": "Blog", "schema_path": path, "revision": 0},
    )

    assert response.status_code == 422
    assert b"The schema path must be a relative path ending in .ts" in response.content
    assert schema_of(project).schema_path == "src/convex/schema.ts"


@pytest.mark.django_db
def test_settings_are_for_owners_only(editor_client, project):
    assert editor_client.get("/projects/blog/settings/").status_code == 403
    assert editor_client.get("/projects/blog/delete/").status_code == 403


@pytest.mark.django_db
def test_rule_settings_disable_and_change_severity(owner_client, project):
    response = owner_client.post(
        "/projects/blog/settings/rules/",
        {"severity-CVX001": "warning", "enabled-CVX001": "on", "revision": 0},
    )

    settings = {r.code: r for r in schema_of(project).rule_settings}
    assert response.status_code == 302
    assert settings["CVX001"] == RuleSetting("CVX001", True, "warning")
    # Every rule whose box was not ticked is now off.
    assert settings["STD001"] == RuleSetting("STD001", False, "")


@pytest.mark.django_db
def test_rule_settings_reject_unknown_severity(owner_client, project):
    response = owner_client.post(
        "/projects/blog/settings/rules/", {"severity-CVX001": "fatal", "revision": 0}
    )

    assert response.status_code == 422
    assert b"Unknown severity &#x27;fatal&#x27; for CVX001." in response.content


@pytest.mark.django_db
def test_it_removes_a_suppression(owner_client, project):
    schema = schema_of(project)
    schema.suppressions.append(Suppression("STD001", "users", "Legacy name."))
    from designer.schemas import store

    store.save_schema(project, schema)

    response = owner_client.post(
        "/projects/blog/settings/suppressions/remove/",
        {"code": "STD001", "location": "users", "revision": 1},
    )

    assert response.status_code == 302
    assert schema_of(project).suppressions == []


@pytest.mark.django_db
def test_delete_asks_then_deletes(owner_client, project):
    confirm = owner_client.get("/projects/blog/delete/")
    response = owner_client.post("/projects/blog/delete/")

    assert confirm.status_code == 200
    assert b"Delete Blog?" in confirm.content
    assert response.status_code == 302
    assert not Project.objects.filter(slug="blog").exists()


@pytest.mark.django_db
def test_login_page_logs_in(client, db):
    User.objects.create_user("demo", password="demo")

    page = client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "demo", "password": "demo"})

    assert page.status_code == 200
    assert b'name="username"' in page.content
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_hostile_project_name_is_escaped(owner_client):
    owner_client.post(
        "/projects/new/", {"name": "<script>x</script>", "start": "blank"}
    )

    listing = owner_client.get("/").content.decode()
    workspace = owner_client.get("/projects/script-x-script/").content.decode()

    assert "<script>x</script>" not in listing
    assert "&lt;script&gt;x&lt;/script&gt;" in listing
    assert "<script>x</script>" not in workspace
