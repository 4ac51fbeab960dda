from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "designer.review"
    verbose_name = "Versions, reviews and history"
