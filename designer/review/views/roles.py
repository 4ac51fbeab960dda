"""Role checks that let pages hide the forms a member would get a 403 from."""

from __future__ import annotations

from django.http import HttpRequest

from designer.accounts.access import get_membership
from designer.accounts.models import Role
from designer.schemas.models import Project


def can_edit(request: HttpRequest, project: Project) -> bool:
    """Return whether the user is an editor or owner of ``project``."""
    return get_membership(request, project.slug).allows(Role.EDITOR)
