from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "designer.imports"
    verbose_name = "Schema import"
