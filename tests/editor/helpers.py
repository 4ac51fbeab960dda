"""Helpers shared by the editor's view tests."""

from __future__ import annotations

from django.contrib.auth.models import User

from designer.accounts.models import Membership
from designer.schemas import store

# Headers that make a test request look like one sent by htmx.
HTMX = {"HTTP_HX_REQUEST": "true"}


def member(project, username: str, role: str) -> User:
    user = User.objects.create_user(username)
    Membership.objects.create(project=project, user=user, role=role)
    return user


def table_id(project, name: str) -> int:
    return project.tables.get(name=name).pk


def schema_of(project):
    project.refresh_from_db()
    return store.load_schema(project)
