"""Create the demo project and its owner, the user ``demo``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from designer.accounts.models import Membership, Role
from designer.schemas import models, store
from designer.schemas.demo import DEMO_SLUG, demo_schema

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"


class Command(BaseCommand):
    help = "Create the demo project (slug demo) owned by the user demo/demo."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the demo project exists.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the demo project first, if it exists, and create it again.",
        )

    def handle(self, *args, **options) -> None:
        exists = models.Project.objects.filter(slug=DEMO_SLUG).exists()
        if exists and options["if_missing"]:
            self.stdout.write("The demo project exists; nothing to do.")
            return
        if exists and not options["replace"]:
            raise CommandError(
                "The demo project exists; use --replace to create it again or "
                "--if-missing to keep it."
            )
        with transaction.atomic():
            models.Project.objects.filter(slug=DEMO_SLUG).delete()
            project = store.create_project(demo_schema(), slug=DEMO_SLUG)
            user = _demo_user()
            Membership.objects.create(project=project, user=user, role=Role.OWNER)
        self.stdout.write(
            f"Created the project {project.name!r} (slug {DEMO_SLUG}). Log in as "
            f"user {DEMO_USERNAME!r} with password {DEMO_PASSWORD!r} to open it."
        )


def _demo_user():
    """Return the demo user, created or with its password reset to the known one."""
    user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
