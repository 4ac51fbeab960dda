"""The one place that decides whether a request may see or change a project.

Every view that touches a project loads it through ``get_project``. A
project the user is not a member of is a 404, so its existence does not
leak. A member whose role is too low for the action gets a 403. A visitor
who is not logged in is redirected to the login page and back afterwards
(``LoginRedirectMiddleware``). Every project URL redirects the same way, so
the redirect does not reveal whether a project exists.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from designer.accounts.models import Membership, Role
from designer.schemas.models import Project


class LoginRequired(Exception):
    """An anonymous request to a project view, redirected to the login page."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"Log in to open project {slug!r}.")
        self.slug = slug


def get_project(request: HttpRequest, slug: str, role: str = Role.REVIEWER) -> Project:
    """Return the project ``slug`` if the user is a member with at least ``role``.

    Raises:
        LoginRequired: anonymous user.
        Http404: unknown project, or not a member.
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
    """Return the user's membership of project ``slug``; raise as ``get_project``."""
    if not request.user.is_authenticated:
        raise LoginRequired(slug)
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
        ((m.project, m.role) for m in memberships),
        key=lambda pair: pair[0].name.lower(),
    )


class LoginRedirectMiddleware:
    """Redirect a request that raised ``LoginRequired`` to the login page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, LoginRequired):
            return None
        back = _return_path(request, exception.slug)
        if getattr(request, "htmx", False):
            # A 302 would be followed by htmx and the login page swapped into
            # a fragment; HX-Redirect makes htmx load it as a whole page.
            login = redirect_to_login(back)
            return HttpResponseClientRedirect(login["Location"])
        return redirect_to_login(back)


def _return_path(request: HttpRequest, slug: str) -> str:
    """Return where to go after logging in: a page the user can open with GET."""
    if getattr(request, "htmx", False):
        # The page that sent the htmx request, when it is on this site.
        current = request.htmx.current_url_abs_path
        if current:
            return current
    elif request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return reverse("workspace", args=[slug])
