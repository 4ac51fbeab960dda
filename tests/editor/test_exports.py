from __future__ import annotations

import json

import pytest

from designer.schemas.exporters import EXPORTERS


@pytest.mark.django_db
def test_it_downloads_schema_ts(reviewer_client, project):
    response = reviewer_client.get("/projects/blog/export/convex/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="schema.ts"'
    assert response["Content-Type"] == "text/typescript"
    assert 'authorId: v.id("users"),' in response.content.decode()


@pytest.mark.django_db
def test_it_downloads_the_project_file(reviewer_client, project):
    response = reviewer_client.get("/projects/blog/export/json/")

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="blog.json"'
    assert [t["name"] for t in data["project"]["tables"]] == ["users", "posts"]


@pytest.mark.django_db
def test_workspace_lists_every_registered_export(owner_client, project):
    html = owner_client.get("/projects/blog/").content.decode()

    for code, exporter in EXPORTERS.items():
        assert (
            f'href="/projects/blog/export/{code}/" download>{exporter.label}</a>'
            in html
        )


@pytest.mark.django_db
def test_unknown_export_is_404(owner_client, project):
    assert owner_client.get("/projects/blog/export/cobol/").status_code == 404


@pytest.mark.django_db
def test_export_is_404_for_non_members(outsider_client, project):
    assert outsider_client.get("/projects/blog/export/convex/").status_code == 404
