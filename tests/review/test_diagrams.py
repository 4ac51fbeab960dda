from __future__ import annotations

import pytest
from django.urls import reverse

from designer.review.diagrams import ADDED_COLOR, CHANGED_COLOR, diff_style
from designer.review.diff import diff
from designer.review.history import save_with_history
from designer.review.models import ShareLink
from designer.review.snapshots import create_version
from designer.review.views.sharing import share_token
from designer.schemas.schema import Field, Table
from designer.schemas.store import load_schema
from designer.schemas.validators import Scalar
from tests.factories import make_blog_schema
from tests.review.helpers import make_team


def test_diff_style_outlines_added_and_changed_tables():
    before = make_blog_schema()
    after = make_blog_schema()
    after.tables.append(Table("tags", fields=[Field("name", Scalar("string"))]))
    after.table("users").field("name").optional = True
    after.tables = [t for t in after.tables if t.name != "posts"]

    style = diff_style(after, diff(before, after))

    assert style.splitlines() == [
        f"#table-users polygon {{ stroke: {CHANGED_COLOR}; stroke-width: 3px; }}",
        f"#table-tags polygon {{ stroke: {ADDED_COLOR}; stroke-width: 3px; }}",
    ]


def test_diff_style_sanitises_hostile_table_names():
    before = make_blog_schema()
    after = make_blog_schema()
    after.tables.append(Table("x} body { display: none"))

    style = diff_style(after, diff(before, after))

    assert style == (
        f"#table-x__body___display__none polygon "
        f"{{ stroke: {ADDED_COLOR}; stroke-width: 3px; }}"
    )


@pytest.mark.exe
@pytest.mark.django_db
def test_version_diff_page_draws_the_coloured_diagram(client):
    team = make_team()
    create_version(team.project, team.owner, "Start")
    schema = load_schema(team.project)
    schema.tables.append(Table("tags", fields=[Field("name", Scalar("string"))]))
    save_with_history(team.project, schema, team.editor)
    client.force_login(team.reviewer)

    response = client.get(
        reverse("version-diff", kwargs={"slug": team.project.slug, "number": 1})
    )

    content = response.content.decode()
    assert f"#table-tags polygon {{ stroke: {ADDED_COLOR}" in content
    assert '<g id="table&#45;tags" class="node">' in content
    assert "<svg" in content


@pytest.mark.exe
@pytest.mark.django_db
def test_share_link_downloads_the_diagram(client):
    team = make_team()
    version = create_version(team.project, team.owner, "Start")
    link = ShareLink.objects.create(version=version)

    response = client.get(reverse("share-diagram", args=[share_token(link)]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg")
    assert '<g id="table&#45;posts" class="node">' in body
