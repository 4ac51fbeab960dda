"""People and a project for the review and accounts tests."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from django.contrib.auth.models import User

from designer.accounts.models import Membership, Role
from designer.schemas.models import Project
from designer.schemas.store import create_project
from tests.factories import make_blog_schema


@dataclass
class Team:
    project: Project
    owner: User
    editor: User
    reviewer: User
    outsider: User

    def person(self, role: str) -> User | None:
        return getattr(self, role, None)


def make_team(slug: str = "blog") -> Team:
    """Create the blog project with an owner, an editor, a reviewer and an outsider."""
    project = create_project(make_blog_schema(), slug=slug)
    people = {}
    for name, role in (
        ("alice", Role.OWNER),
        ("bob", Role.EDITOR),
        ("carol", Role.REVIEWER),
        ("dave", None),
    ):
        # No password: hashing one costs a quarter second, and tests log in
        # with force_login.
        username = name if slug == "blog" else f"{name}-{slug}"
        user = User.objects.create_user(username, f"{username}@example.com")
        if role is not None:
            Membership.objects.create(project=project, user=user, role=role)
        people[name] = user
    return Team(
        project, people["alice"], people["bob"], people["carol"], people["dave"]
    )


class _ChangeRows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        data = dict(attrs)
        if tag == "tr" and "data-classification" in data:
            self.rows.append(
                (
                    data["data-action"],
                    data["data-element"],
                    data["data-location"],
                    data["data-classification"],
                )
            )


def change_rows(html: str) -> list[tuple[str, str, str, str]]:
    """Return (action, element, location, classification) of each listed change."""
    parser = _ChangeRows()
    parser.feed(html)
    return parser.rows
