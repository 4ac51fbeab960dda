from __future__ import annotations

from django.apps import AppConfig


class SchemasConfig(AppConfig):
    name = "designer.schemas"
    verbose_name = "Convex schemas"

    def ready(self) -> None:
        from designer.schemas import checks  # noqa: F401  (registers system checks)
