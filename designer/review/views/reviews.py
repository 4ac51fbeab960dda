"""Reviews of a version, the verdicts on them, and threaded comments."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from designer.accounts.access import get_project
from designer.accounts.models import Role
from designer.review.comments import within
from designer.review.comparison import Comparison, compare
from designer.review.forms import (
    CommentForm,
    ReviewForm,
    ReviseForm,
    VerdictForm,
    target_exists,
)
from designer.review.models import Comment, Review, Verdict, Version
from designer.review.snapshots import version_schema
from designer.review.views.roles import can_edit
from designer.schemas.models import Project
from designer.schemas.schema import Schema
from designer.schemas.store import load_schema


@require_http_methods(["GET", "POST"])
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, slug)
    project = get_project(request, slug)
    form = ReviewForm(
        project=project,
        requester=request.user,
        initial={"version": _version_to_offer(project, request.GET.get("version", ""))},
    )
    return _render_list(request, project, form)


def _version_to_offer(project: Project, number: str) -> Version | None:
    """Return version ``number`` (from ``?version=``) or else the newest one."""
    versions = project.versions.order_by("-number")
    if number.isdigit():
        return versions.filter(number=int(number)).first()
    return versions.first()


def _create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, Role.EDITOR)
    form = ReviewForm(request.POST, project=project, requester=request.user)
    if not form.is_valid():
        return _render_list(request, project, form, status=422)
    with transaction.atomic():
        review = Review.objects.create(
            project=project,
            version=form.cleaned_data["version"],
            base=form.cleaned_data["base"],
            requested_by=request.user,
            message=form.cleaned_data["message"],
        )
        review.reviewers.set(form.cleaned_data["reviewers"])
    names = ", ".join(u.username for u in form.cleaned_data["reviewers"])
    messages.success(request, f"Asked {names} to review v{review.version.number}.")
    return redirect("review-detail", slug=slug, review_id=review.pk)


def _render_list(request, project: Project, form, status: int = 200) -> HttpResponse:
    reviews = project.reviews.select_related("version", "requested_by")
    context = {
        "project": project,
        "reviews": reviews,
        "form": form,
        "can_edit": can_edit(request, project),
    }
    return render(request, "review/review_list.html", context, status=status)


@require_GET
def review_detail(request: HttpRequest, slug: str, review_id: int) -> HttpResponse:
    project = get_project(request, slug)
    review = _get_review(project, review_id)
    return _render_detail(request, project, review)


def _render_detail(request, project, review, comment_form=None, status: int = 200):
    reviewers = list(review.reviewers.order_by("username"))
    schema = version_schema(review.version)
    comparison = _review_comparison(review, schema)
    comment_form = comment_form or CommentForm(project=project, schema=None)
    comment_form.fields["target"].widget.attrs["list"] = "comment-targets"
    context = {
        "project": project,
        "review": review,
        "verdicts": _verdict_rows(review, reviewers),
        "can_decide": request.user in reviewers,
        "revise_form": _revise_form(request, project, review),
        "comparison": comparison,
        "target_options": _target_options(schema, comparison),
        "threads": threads(Comment.objects.filter(review=review)),
        "comment_form": comment_form,
        "verdict_choices": Verdict.Decision.choices,
    }
    return render(request, "review/review_detail.html", context, status=status)


def _review_comparison(review: Review, schema: Schema) -> Comparison | None:
    if review.base is None:
        return None
    return compare(
        version_schema(review.base),
        schema,
        f"v{review.base.number}",
        f"v{review.version.number}",
        with_diagram=False,
    )


def _verdict_rows(review: Review, reviewers) -> list[tuple[object, str]]:
    latest = latest_verdicts(review)
    return [(reviewer, latest.get(reviewer.pk, "")) for reviewer in reviewers]


def _revise_form(request, project, review) -> ReviseForm | None:
    """Return the form that moves the review on, for editors when there is a newer version."""
    if not can_edit(request, project):
        return None
    form = ReviseForm(review=review)
    return form if form.fields["version"].queryset.exists() else None


def _target_options(schema: Schema, comparison: Comparison | None) -> list[str]:
    """Return comment targets to suggest: changed elements first, then every table."""
    options = [c.location for c in comparison.changes] if comparison else []
    options += [table.name for table in schema.tables]
    # dict.fromkeys drops repeats and keeps the first position.
    return [o for o in dict.fromkeys(options) if target_exists(schema, o)]


@require_POST
def review_decide(request: HttpRequest, slug: str, review_id: int) -> HttpResponse:
    project = get_project(request, slug)
    review = _get_review(project, review_id)
    if not review.reviewers.filter(pk=request.user.pk).exists():
        raise PermissionDenied(
            "Only the reviewers requested for this review can approve or request changes."
        )
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return HttpResponse("decision must be approve or request_changes.", status=422)
    with transaction.atomic():
        Verdict.objects.create(
            review=review,
            reviewer=request.user,
            version=review.version,
            decision=form.cleaned_data["decision"],
        )
        review.state = review_state(review)
        review.save(update_fields=["state"])
    messages.success(
        request, f"Review of v{review.version.number}: {review.get_state_display()}."
    )
    return redirect("review-detail", slug=slug, review_id=review.pk)


@require_POST
def review_revise(request: HttpRequest, slug: str, review_id: int) -> HttpResponse:
    """Move a review on to a newer version; the reviewers then decide again."""
    project = get_project(request, slug, Role.EDITOR)
    review = _get_review(project, review_id)
    form = ReviseForm(request.POST, review=review)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return _render_detail(request, project, review, status=422)
    with transaction.atomic():
        review.version = form.cleaned_data["version"]
        review.state = review_state(review)
        review.save(update_fields=["version", "state"])
    messages.success(
        request,
        f"Review #{review.pk} now covers v{review.version.number}; "
        "the reviewers decide again.",
    )
    return redirect("review-detail", slug=slug, review_id=review.pk)


def latest_verdicts(review: Review) -> dict[int, str]:
    """Return each reviewer's latest decision on the reviewed version, by user id."""
    latest: dict[int, str] = {}
    for verdict in review.verdicts.filter(version=review.version_id):
        latest[verdict.reviewer_id] = verdict.decision
    return latest


def review_state(review: Review) -> str:
    """Return the state a review's latest verdicts put it in.

    One reviewer requesting changes outweighs any approvals. A review is
    approved once the latest verdict of every requested reviewer approves.
    """
    latest = latest_verdicts(review)
    if Verdict.Decision.REQUEST_CHANGES in latest.values():
        return Review.State.CHANGES_REQUESTED
    reviewer_ids = set(review.reviewers.values_list("pk", flat=True))
    approved = {uid for uid, d in latest.items() if d == Verdict.Decision.APPROVE}
    if reviewer_ids and reviewer_ids <= approved:
        return Review.State.APPROVED
    return Review.State.OPEN


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, slug: str) -> HttpResponse:
    """List the project's comment threads (``?target=`` filters); POST adds one."""
    project = get_project(request, slug)
    review = _review_from(request, project)
    # Comments in a review point at elements of the reviewed version.
    schema = version_schema(review.version) if review else load_schema(project)
    if request.method == "POST":
        form = CommentForm(request.POST, project=project, schema=schema)
        if form.is_valid():
            comment = _save_comment(project, review, request.user, form.cleaned_data)
            return _after_comment(request, slug, review, comment)
        if review is not None:
            return _render_detail(request, project, review, form, status=422)
        return _render_comments(request, project, form, status=422)
    form = CommentForm(
        project=project,
        schema=schema,
        initial={"target": request.GET.get("target", "")},
    )
    return _render_comments(request, project, form)


def _review_from(request: HttpRequest, project: Project) -> Review | None:
    review_id = request.POST.get("review") or ""
    if not review_id:
        return None
    if not review_id.isdigit():
        raise Http404("No such review.")
    return _get_review(project, int(review_id))


def _save_comment(project, review, user, data) -> Comment:
    parent = data["parent"]
    return Comment.objects.create(
        project=project,
        review=parent.review if parent else review,
        parent=parent,
        target=parent.target if parent else data["target"],
        author=user,
        body=data["body"],
    )


def _after_comment(request, slug: str, review, comment: Comment) -> HttpResponse:
    """Go back to the page the comment was written on, or else to its thread.

    A ``next`` field names the page, such as the workspace's table editor;
    only a path on this site is followed.
    """
    messages.success(request, "Comment added.")
    if comment.review_id:
        return redirect("review-detail", slug=slug, review_id=comment.review_id)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    query = urlencode({"target": comment.target}) if comment.target else ""
    url = reverse("comment-list", args=[slug])
    return redirect(f"{url}?{query}#comment-{comment.pk}" if query else url)


def _render_comments(request, project: Project, form, status: int = 200):
    target = request.GET.get("target", "")
    found = Comment.objects.filter(project=project)
    if target:
        # A table's thread shows the comments on its fields and indexes too.
        found = within(found, target)
    context = {
        "project": project,
        "target": target,
        "threads": threads(found),
        "comment_form": form,
    }
    return render(request, "review/comments.html", context, status=status)


def threads(found) -> list[tuple[Comment, list[Comment]]]:
    """Group comments into (first comment, replies) pairs, oldest first."""
    rows = list(found.select_related("author").order_by("created_at", "pk"))
    replies: dict[int, list[Comment]] = {}
    for comment in rows:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in rows if c.parent_id is None]


def _get_review(project: Project, review_id: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("version__project", "base", "requested_by"),
        project=project,
        pk=review_id,
    )
