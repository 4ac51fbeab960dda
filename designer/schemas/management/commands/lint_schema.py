"""Lint one project's schema and print its findings.

Exit status: 0 when no error-level finding remains, 1 when one does, 2 when
the project does not exist.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from designer.schemas import models
from designer.schemas.rules import Severity, lint
from designer.schemas.rules.catalogue import summary
from designer.schemas.store import load_schema


class Command(BaseCommand):
    help = "Lint a project's schema; exit status 1 when an error-level finding remains."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="Slug of the project to lint.")
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="Output format (default: text).",
        )

    def handle(self, *args, **options) -> None:
        slug = options["slug"]
        try:
            project = models.Project.objects.get(slug=slug)
        except models.Project.DoesNotExist:
            raise CommandError(f"Project {slug!r} not found.", returncode=2) from None
        findings = lint(load_schema(project))
        if options["format"] == "json":
            data = {"project": slug, "findings": [f.to_data() for f in findings]}
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            for f in findings:
                self.stdout.write(f"{f.severity} {f.code} {f.location}: {f.message}")
            self.stdout.write(summary(findings))
        errors = sum(f.severity == Severity.ERROR for f in findings)
        if errors:
            noun = "finding remains" if errors == 1 else "findings remain"
            raise CommandError(
                f"{errors} error-level {noun} in {slug!r}.", returncode=1
            )
