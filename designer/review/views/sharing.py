"""Read-only share links to a version, for people without an account.

The token in the URL is the link's id signed with the site's SECRET_KEY, so
nobody can make up a token for another link. The stored row decides whether
the link still works, so that it can be revoked or expire.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from designer.accounts.access import get_project
from designer.accounts.models import Role
from designer.review.diagrams import schema_diagram
from designer.review.exports import schema_ts
from designer.review.forms import ShareForm
from designer.review.models import ShareLink, Version
from designer.review.snapshots import version_schema

SALT = "designer.review.share"


def share_token(link: ShareLink) -> str:
    return signing.dumps(link.pk, salt=SALT)


def share_url(request: HttpRequest, link: ShareLink) -> str:
    return request.build_absolute_uri(reverse("share-view", args=[share_token(link)]))


@require_POST
def share_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = get_project(request, slug, Role.EDITOR)
    version = get_object_or_404(Version, project=project, number=number)
    form = ShareForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponse(f"Invalid share link: {errors}", status=422)
    days = form.cleaned_data["expires_in_days"]
    link = ShareLink.objects.create(
        version=version,
        created_by=request.user,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    messages.success(request, f"Share link created: {share_url(request, link)}")
    return redirect("version-detail", slug=slug, number=number)


@require_POST
def share_revoke(request: HttpRequest, slug: str, link_id: int) -> HttpResponse:
    project = get_project(request, slug, Role.EDITOR)
    link = get_object_or_404(ShareLink, version__project=project, pk=link_id)
    link.revoked = True
    link.save(update_fields=["revoked"])
    messages.success(request, f"Revoked the share link to v{link.version.number}.")
    return redirect("version-detail", slug=slug, number=link.version.number)


@require_GET
def share_view(request: HttpRequest, token: str) -> HttpResponse:
    link = _active_link(token)
    version = link.version
    schema = version_schema(version)
    context = {
        "version": version,
        "project_name": version.project.name,
        "link": link,
        "token": token,
        "schema_ts": schema_ts(schema),
        "diagram": schema_diagram(schema),
    }
    return render(request, "review/share.html", context)


@require_GET
def share_schema(request: HttpRequest, token: str) -> HttpResponse:
    link = _active_link(token)
    text = schema_ts(version_schema(link.version))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schema.ts"'
    return response


@require_GET
def share_diagram(request: HttpRequest, token: str) -> HttpResponse:
    link = _active_link(token)
    diagram = schema_diagram(version_schema(link.version))
    if not diagram.svg:
        return HttpResponse(diagram.error, status=503, content_type="text/plain")
    response = HttpResponse(diagram.svg, content_type="image/svg+xml")
    response["Content-Disposition"] = 'attachment; filename="diagram.svg"'
    return response


def _active_link(token: str) -> ShareLink:
    try:
        link_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Http404("No such share link.") from None
    link = (
        ShareLink.objects.select_related("version__project").filter(pk=link_id).first()
    )
    # A revoked or expired link looks the same as one that never existed.
    if link is None or not link.is_active():
        raise Http404("This share link does not exist, was revoked or has expired.")
    return link
