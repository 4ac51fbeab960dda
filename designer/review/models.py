"""Saved versions, change history, reviews, comments and share links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from designer.schemas.models import Project

USER = settings.AUTH_USER_MODEL


class Version(models.Model):
    """A named snapshot of a project's schema.

    ``data`` is ``Schema.to_data()``, which has no element ids. They are kept
    in ``element_ids``, so that a diff against the live schema can tell a
    rename from a removal plus an addition.
    """

    project = models.ForeignKey(Project, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    message = models.TextField(blank=True)
    data = models.JSONField()
    element_ids = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(
        help_text="The project revision the snapshot was taken at."
    )
    automatic = models.BooleanField(
        default=False, help_text="Saved by the designer before a restore."
    )
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="unique_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.name}"


class Change(models.Model):
    """One saved change to a project: who, when, and what changed."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="changes")
    user = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    revision = models.PositiveIntegerField()
    summary = models.TextField()
    changes = models.JSONField(default=list, help_text="diff.Change.to_data() items.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-revision", "-pk"]

    def __str__(self) -> str:
        return f"r{self.revision}: {self.summary}"


class Review(models.Model):
    """A request to review ``version``, measured against the older ``base``.

    An editor may move a review on to a newer version after changes were
    requested. Only verdicts on the current ``version`` then count.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    project = models.ForeignKey(Project, models.CASCADE, related_name="reviews")
    version = models.ForeignKey(Version, models.CASCADE, related_name="reviews")
    base = models.ForeignKey(
        Version,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version the reviewed changes are measured from.",
    )
    requested_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    reviewers = models.ManyToManyField(USER, related_name="reviews_requested")
    message = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.version} ({self.state})"


class Verdict(models.Model):
    """A reviewer's decision on one version of a review.

    The latest verdict per reviewer on the review's current version counts.
    """

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    review = models.ForeignKey(Review, models.CASCADE, related_name="verdicts")
    reviewer = models.ForeignKey(USER, models.CASCADE, related_name="+")
    version = models.ForeignKey(
        Version, models.CASCADE, null=True, related_name="verdicts"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.decision}"


class Comment(models.Model):
    """A comment on a project, a table or a field, optionally inside a review.

    ``target`` is a Location key (``users``, ``users.email``,
    ``users#by_email``) or "" for the project as a whole. A reply points at
    the first comment of its thread and inherits its target.
    """

    project = models.ForeignKey(Project, models.CASCADE, related_name="comments")
    review = models.ForeignKey(
        Review, models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="replies"
    )
    target = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.target or 'project'}"


class ShareLink(models.Model):
    """A revocable, optionally expiring read-only link to one version."""

    version = models.ForeignKey(Version, models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Share link {self.pk} to {self.version}"

    def is_active(self) -> bool:
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        return not self.revoked and not expired
