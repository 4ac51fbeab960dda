"""Print the rule catalogue: every rule's code, severity, source, title and explanation."""

from __future__ import annotations

import json
import textwrap

from django.core.management.base import BaseCommand

from designer.schemas.rules.catalogue import catalogue_data


class Command(BaseCommand):
    help = "Print the rule catalogue as text, JSON or Markdown."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--format",
            choices=("text", "json", "markdown"),
            default="text",
            help="Output format (default: text).",
        )

    def handle(self, *args, **options) -> None:
        rules = catalogue_data()
        render = {"text": _text, "json": _json, "markdown": _markdown}[
            options["format"]
        ]
        self.stdout.write(render(rules))


def _text(rules: list[dict]) -> str:
    blocks = []
    for rule in rules:
        head = f"{rule['code']}  {rule['severity']:<7}  {rule['source']:<11}  {rule['title']}"
        body = textwrap.fill(
            rule["explanation"],
            width=88,
            initial_indent="    ",
            subsequent_indent="    ",
        )
        blocks.append(f"{head}\n{body}")
    return "\n\n".join(blocks)


def _json(rules: list[dict]) -> str:
    return json.dumps(rules, indent=2, ensure_ascii=False)


def _markdown(rules: list[dict]) -> str:
    lines = ["# Rule catalogue", ""]
    for rule in rules:
        lines += [
            f"## {rule['code']}: {rule['title']}",
            "",
            f"Severity: {rule['severity']}. Source: {rule['source']}.",
            "",
            rule["explanation"],
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
