from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "designer.accounts"
    verbose_name = "Accounts and project members"
