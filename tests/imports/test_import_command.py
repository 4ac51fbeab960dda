"""manage.py import_schema on a schema.ts file."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands

from designer.accounts.models import Membership
from designer.schemas.models import Project

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "import_schema" not in get_commands(),
        reason="the import_schema management command is not there",
    ),
]
SOURCE = """\
import { authTables } from "@convex-dev/auth/server";
export default defineSchema({
  ...authTables,
  users: defineTable({ name: v.string() }),
});
"""


def test_it_prints_the_slug_and_each_skipped_construct(tmp_path):
    path = tmp_path / "schema.ts"
    path.write_text(SOURCE, encoding="utf-8")
    out = StringIO()
    call_command("import_schema", str(path), "--name", "Shop", stdout=out)
    project = Project.objects.get()
    assert project.name == "Shop"
    assert project.slug in out.getvalue()
    assert "3" in out.getvalue()
    assert "tables spread with `...authTables`" in out.getvalue()


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_schema", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_makes_the_named_user_the_owner(tmp_path, django_user_model):
    alice = django_user_model.objects.create_user("alice")
    path = tmp_path / "schema.ts"
    path.write_text(SOURCE, encoding="utf-8")
    _, err = run(str(path), "--owner", "alice")
    project = Project.objects.get()
    assert list(Membership.objects.values_list("project", "user", "role")) == [
        (project.id, alice.id, "owner")
    ]
    assert err == ""


def test_owner_opens_the_project(client, tmp_path, django_user_model):
    alice = django_user_model.objects.create_user("alice")
    path = tmp_path / "schema.ts"
    path.write_text(SOURCE, encoding="utf-8")
    slug = run(str(path), "--owner", "alice")[0].split("\n")[0]
    client.force_login(alice)
    assert client.get(f"/projects/{slug}/").status_code == 200


def test_unknown_owner_is_rejected(tmp_path):
    path = tmp_path / "schema.ts"
    path.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(str(path), "--owner", "nobody")
    assert str(raised.value) == (
        "There is no user 'nobody'; create one with `manage.py createsuperuser` "
        "or name an existing user. Nothing was imported."
    )
    assert Project.objects.count() == 0


def test_no_owner_prints_a_hint(tmp_path):
    path = tmp_path / "schema.ts"
    path.write_text(SOURCE, encoding="utf-8")
    out, err = run(str(path), "--name", "Shop")
    assert out.split("\n")[0] == "shop"
    assert err == (
        "The project 'Shop' has no members yet, so nobody can open it. Import it "
        "with --owner USERNAME next time, or add a membership in the admin at "
        "/admin/accounts/membership/add/.\n"
    )
    assert Membership.objects.count() == 0


def test_name_from_file_or_folder(tmp_path):
    named = tmp_path / "get-convex__convex-saas__schema.ts"
    named.write_text(SOURCE, encoding="utf-8")
    folder = tmp_path / "team-wiki" / "convex"
    folder.mkdir(parents=True)
    (folder / "schema.ts").write_text(SOURCE, encoding="utf-8")
    run(str(named))
    run(str(folder / "schema.ts"))
    assert sorted(Project.objects.values_list("name", flat=True)) == [
        "Convex saas",
        "Team wiki",
    ]


def test_deep_json_is_rejected(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(str(path))
    assert str(raised.value) == (
        f"{path}: The project file nests brackets more than 208 levels deep; "
        "a file the designer writes never does."
    )
    assert Project.objects.count() == 0


def test_large_file_is_rejected_unread(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (3 * 1024 * 1024))
    with pytest.raises(CommandError) as raised:
        run(str(path))
    assert str(raised.value) == (
        f"{path}: the file is 3.0 MB, but the maximum is 2 MB."
    )
    assert Project.objects.count() == 0
