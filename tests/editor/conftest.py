from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from designer.accounts.models import Membership, Role
from designer.schemas import store
from designer.schemas.schema import Field, Index, Schema, Table
from designer.schemas.validators import Id, Scalar
from tests.editor.helpers import member


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice")


@pytest.fixture
def project(alice):
    """A project owned by alice with users and posts, posts pointing at users."""
    schema = Schema(
        "Blog",
        tables=[
            Table(
                "users",
                fields=[Field("email", Scalar("string"))],
                indexes=[Index("by_email", ["email"])],
            ),
            Table(
                "posts",
                fields=[
                    Field("authorId", Id("users")),
                    Field("title", Scalar("string")),
                    Field("body", Scalar("string")),
                ],
                indexes=[Index("by_authorId", ["authorId"])],
            ),
        ],
    )
    created = store.create_project(schema, slug="blog")
    Membership.objects.create(project=created, user=alice, role=Role.OWNER)
    return created


@pytest.fixture
def owner_client(alice):
    return _client_for(alice)


@pytest.fixture
def reviewer_client(project):
    return _client_for(member(project, "bob", Role.REVIEWER))


@pytest.fixture
def editor_client(project):
    return _client_for(member(project, "carol", Role.EDITOR))


@pytest.fixture
def outsider_client(db):
    return _client_for(User.objects.create_user("mallory"))


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
