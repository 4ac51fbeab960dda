"""The one place that decides whether a request may see or change a project.

Every view that touches a project loads it through ``get_project``: a
project the user is not a member of is a 404, so its existence does not
leak; a member whose role is too low for the action gets a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from designer.accounts.models import Membership, Role
from designer.schemas.models import Project


def get_project(request: HttpRequest, slug: str, role: str = Role.REVIEWER) -> Project:
    """Return the project ``slug`` if the user is a member with at least ``role``.

    Raises:
        Http404: anonymous user, unknown project, or not a member.
        PermissionDenied: a member whose role is lower than ``role``.
    """
    membership = get_membership(request, slug)
    if not membership.allows(role):
        raise PermissionDenied(
            f"Your role on {membership.project.name!r} is {membership.role}; "
            f"this needs {Role(role).label.lower()} rights."
        )
    return membership.project


def get_membership(request: HttpRequest, slug: str) -> Membership:
    if not request.user.is_authenticated:
        raise Http404("No such project.")
    try:
        return Membership.objects.select_related("project").get(
            project__slug=slug, user=request.user
        )
    except Membership.DoesNotExist:
        raise Http404("No such project.") from None


def projects_for(user) -> list[tuple[Project, str]]:
    """Return the user's projects with the user's role on each, by name."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related("project")
    return sorted(
        ((m.project, m.role) for m in memberships), key=lambda pair: pair[0].name.lower()
    )
