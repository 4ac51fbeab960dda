"""Project pages send a visitor who is not logged in to the login page."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.editor.helpers import HTMX, table_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/projects/blog/",
        "/projects/blog/tables/{posts}/",
        "/projects/blog/settings/",
        "/projects/blog/versions/",
        "/projects/blog/diagram/",
        "/projects/blog/findings/?severity=warning",
    ],
)
def test_logged_out_visit_redirects_to_login_and_back(client, project, path):
    path = path.format(posts=table_id(project, "posts"))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + quote(path, safe="/")


def test_unknown_project_redirects_to_login(client, db):
    response = client.get("/projects/no-such-project/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/projects/no-such-project/"


def test_after_login_the_visitor_lands_on_the_project(client, project, alice):
    alice.set_password("s3cret-pass")
    alice.save()
    login_url = client.get("/projects/blog/")["Location"]

    response = client.post(
        login_url, {"username": "alice", "password": "s3cret-pass"}, follow=True
    )

    assert response.redirect_chain[-1] == ("/projects/blog/", 302)
    assert response.status_code == 200
    assert b'<h1><a href="/projects/blog/">Blog</a></h1>' in response.content


def test_logged_out_post_returns_to_workspace(client, project):
    posts = table_id(project, "posts")

    response = client.post(
        f"/projects/blog/tables/{posts}/update/", {"revision": 0, "name": "x"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/projects/blog/"
    assert project.tables.filter(name="posts").exists()


def test_logged_out_htmx_redirects_whole_page(client, project):
    posts = table_id(project, "posts")
    current = f"http://testserver/projects/blog/tables/{posts}/"

    response = client.post(
        "/projects/blog/validate/",
        {"edit": "table-add", "name": "x", "revision": 0},
        HTTP_HX_CURRENT_URL=current,
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == (
        f"/accounts/login/?next=/projects/blog/tables/{posts}/"
    )
    assert response.content == b""


def test_foreign_current_url_returns_to_workspace(client, project):
    response = client.get(
        "/projects/blog/findings/",
        HTTP_HX_CURRENT_URL="https://elsewhere.example/phish",
        **HTMX,
    )

    assert response["HX-Redirect"] == "/accounts/login/?next=/projects/blog/"


@pytest.mark.parametrize(
    "path", ["/projects/blog/", "/projects/blog/settings/", "/projects/nothing/"]
)
def test_logged_in_non_member_still_gets_404(project, path):
    client = Client()
    client.force_login(User.objects.create_user("mallory"))

    response = client.get(path)

    assert response.status_code == 404
