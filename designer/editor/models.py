"""Undo history of the editor."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from designer.schemas.models import Project


class Snapshot(models.Model):
    """A project's schema as it was before one saved change, with element ids."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="snapshots")
    data = models.JSONField(help_text="The schema data with element ids.")
    label = models.CharField(max_length=200, help_text="The change this undoes.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} before {self.label}"
