"""Project memberships and the roles they grant."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from designer.schemas.models import Project


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"


# Rank of each role, from least to most rights. A role has every right of the
# roles ranked below it.
ROLE_RANK = {Role.REVIEWER: 0, Role.EDITOR: 1, Role.OWNER: 2}


class Membership(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) on {self.project}"

    def allows(self, role: str) -> bool:
        """Return whether this member's role includes ``role``."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]
