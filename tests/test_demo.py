from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from designer.accounts.models import Membership
from designer.schemas.demo import DEMO_SLUG, demo_schema
from designer.schemas.exporters.convex import render
from designer.schemas.importers import name_problems
from designer.schemas.models import Project
from designer.schemas.rules import Severity, lint
from designer.schemas.starters import better_auth_schema
from designer.schemas.store import load_schema
from designer.schemas.validators import Id
from tests.conftest import CORPUS
from tests.node import evaluate_schemas

BETTER_AUTH_TABLES = ["user", "session", "account", "verification", "jwks"]


def id_paths(schema) -> set[str]:
    """Return ``table.path`` of every v.id in the schema, nested ones included."""
    return {
        f"{table.name}.{path}"
        for table, f in schema.iter_fields()
        for path, validator in f.validator.walk(f.name)
        if isinstance(validator, Id)
    }


def test_demo_has_better_auth_and_app_tables():
    schema = demo_schema()

    assert len(schema.tables) == 14
    assert [t.name for t in schema.tables[:5]] == BETTER_AUTH_TABLES
    assert {t.group for t in schema.tables} == {
        "Better Auth",
        "Workspaces",
        "Content",
        "Activity",
        "Integrations",
    }
    assert name_problems(schema) == []


def test_demo_references_nest_in_arrays_objects_records_and_unions():
    paths = id_paths(demo_schema())

    assert "documents.relatedIds[]" in paths
    assert "documents.attachments[].fileId" in paths
    assert "workspaces.settings.pinned{key}" in paths
    assert "comments.anchor|1.revisionId" in paths


def test_demo_has_every_index_kind():
    documents = demo_schema().table("documents")

    assert [i.name for i in documents.indexes] == [
        "by_workspaceId_and_status",
        "by_parentId",
        "by_authorId",
    ]
    assert documents.indexes[2].staged is True
    assert documents.search_indexes[0].filter_fields == ["workspaceId", "status"]
    assert documents.vector_indexes[0].dimensions == 1536
    assert demo_schema().table("activityEvents").document_kind == "union"


def test_demo_findings_are_the_deliberate_ones():
    findings = lint(demo_schema())

    warnings = [
        (f.code, f.location.key) for f in findings if f.severity == Severity.WARNING
    ]
    assert warnings == [
        ("STD007", "favorites.documentId"),
        ("STD001", "invitation"),
        ("STD005", "invitation.email"),
    ]
    assert [f for f in findings if f.severity == Severity.ERROR] == []


def test_better_auth_starter_has_generated_indexes():
    schema = better_auth_schema()

    assert [t.name for t in schema.tables] == BETTER_AUTH_TABLES
    assert {t.group for t in schema.tables} == {"Better Auth"}
    assert [i.name for i in schema.table("session").indexes] == [
        "expiresAt",
        "expiresAt_userId",
        "token",
        "userId",
    ]
    assert schema.table("user").field("email").unique is True
    assert schema.table("session").field("token").unique is True


@pytest.mark.node
def test_better_auth_starter_matches_component_schema():
    path = CORPUS / "get-convex__better-auth__schema.ts"
    if not path.exists():
        pytest.skip(f"The corpus file {path} is missing.")

    generated, ours = evaluate_schemas([path.read_text(), render(better_auth_schema())])

    theirs = {t["tableName"]: t for t in generated["json"]["tables"]}
    for table in ours["json"]["tables"]:
        expected = theirs[table["tableName"]]
        if table["tableName"] == "user":
            # The component file also has plugin columns and their indexes.
            fields = expected["documentType"]["value"]
            expected["documentType"]["value"] = {
                k: fields[k] for k in table["documentType"]["value"]
            }
            expected["indexes"] = expected["indexes"][:3]
        assert table == expected


@pytest.mark.django_db
def test_load_demo_creates_project_and_owner(client):
    call_command("load_demo", verbosity=0)

    project = Project.objects.get(slug=DEMO_SLUG)
    assert load_schema(project).to_data() == demo_schema().to_data()
    membership = Membership.objects.get(project=project)
    assert membership.user.username == "demo"
    assert membership.role == "owner"
    assert client.login(username="demo", password="demo") is True


@pytest.mark.django_db
def test_load_demo_prints_how_to_log_in(capsys):
    call_command("load_demo")

    assert capsys.readouterr().out == (
        "Created the project 'Team knowledge base' (slug demo). Log in as user "
        "'demo' with password 'demo' to open it.\n"
    )


@pytest.mark.django_db
def test_load_demo_if_missing_keeps_existing(capsys):
    call_command("load_demo", verbosity=0)
    project = Project.objects.get(slug=DEMO_SLUG)
    capsys.readouterr()

    call_command("load_demo", "--if-missing")

    assert Project.objects.get(slug=DEMO_SLUG).pk == project.pk
    assert capsys.readouterr().out == "The demo project exists; nothing to do.\n"


@pytest.mark.django_db
def test_load_demo_twice_needs_a_flag():
    call_command("load_demo", verbosity=0)

    with pytest.raises(CommandError, match="use --replace"):
        call_command("load_demo")
    assert Project.objects.filter(slug=DEMO_SLUG).count() == 1


@pytest.mark.django_db
def test_load_demo_replace_recreates_project():
    call_command("load_demo", verbosity=0)
    old = Project.objects.get(slug=DEMO_SLUG)
    user = get_user_model().objects.get(username="demo")
    user.set_password("changed")
    user.save()

    call_command("load_demo", "--replace", verbosity=0)

    new = Project.objects.get(slug=DEMO_SLUG)
    assert new.pk != old.pk
    assert Membership.objects.filter(project=new, user=user, role="owner").exists()
    assert get_user_model().objects.get(username="demo").check_password("demo")
