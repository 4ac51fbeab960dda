"""Sign-up and the members page of a project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from designer.accounts.access import get_membership, get_project
from designer.accounts.forms import AddMemberForm, RoleForm, SignupForm
from designer.accounts.models import Membership, Role
from designer.schemas.models import Project

LAST_OWNER = "A project needs at least one owner; make someone else owner first."


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("project-list")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request, "registration/signup.html", {"form": form}, status=422
            )
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}. Your account is ready.")
        return redirect("project-list")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    return _render_members(
        request, membership, AddMemberForm(project=membership.project)
    )


@require_POST
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.OWNER)
    form = AddMemberForm(request.POST, project=project)
    if not form.is_valid():
        membership = get_membership(request, slug)
        return _render_members(request, membership, form, status=422)
    user = form.cleaned_data["username"]
    Membership.objects.create(
        project=project, user=user, role=form.cleaned_data["role"]
    )
    messages.success(request, f"Added {user.username} as {form.cleaned_data['role']}.")
    return redirect("project-members", slug=slug)


@require_POST
def change_role(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    project = get_project(request, slug, Role.OWNER)
    form = RoleForm(request.POST)
    if not form.is_valid():
        membership = get_membership(request, slug)
        error = "Choose a role: owner, editor or reviewer."
        return _render_members(
            request, membership, AddMemberForm(project=project), error=error, status=422
        )
    with transaction.atomic():
        member = _locked_member(project, member_id)
        new_role = form.cleaned_data["role"]
        if (
            member.role == Role.OWNER
            and new_role != Role.OWNER
            and _is_last_owner(member)
        ):
            return _reject_last_owner(request, slug)
        member.role = new_role
        member.save(update_fields=["role"])
    messages.success(request, f"{member.user.username} is now {new_role}.")
    return redirect("project-members", slug=slug)


@require_POST
def remove_member(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    project = get_project(request, slug, Role.OWNER)
    with transaction.atomic():
        member = _locked_member(project, member_id)
        if member.role == Role.OWNER and _is_last_owner(member):
            return _reject_last_owner(request, slug)
        member.delete()
    messages.success(request, f"Removed {member.user.username} from {project.name}.")
    if member.user_id == request.user.pk:
        return redirect("project-list")
    return redirect("project-members", slug=slug)


def _locked_member(project: Project, member_id: int) -> Membership:
    # Locking every owner row of the project keeps two owners from demoting
    # each other at the same moment and leaving none.
    list(
        Membership.objects.select_for_update().filter(project=project, role=Role.OWNER)
    )
    return get_object_or_404(
        Membership.objects.select_related("user"), project=project, pk=member_id
    )


def _is_last_owner(member: Membership) -> bool:
    owners = Membership.objects.filter(project_id=member.project_id, role=Role.OWNER)
    return not owners.exclude(pk=member.pk).exists()


def _reject_last_owner(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    form = AddMemberForm(project=membership.project)
    return _render_members(request, membership, form, error=LAST_OWNER, status=409)


def _render_members(request, membership, form, error: str = "", status: int = 200):
    project = membership.project
    context = {
        "project": project,
        "membership": membership,
        "is_owner": membership.role == Role.OWNER,
        "members": project.memberships.select_related("user").order_by(
            "user__username"
        ),
        "roles": Role.choices,
        "form": form,
        "error": error,
    }
    return render(request, "accounts/members.html", context, status=status)
