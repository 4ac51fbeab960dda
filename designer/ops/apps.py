from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "designer.ops"
    verbose_name = "Operations"
