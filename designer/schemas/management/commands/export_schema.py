"""Export one project's schema in a registered format.

Text formats come from ``designer.schemas.exporters.EXPORTERS`` and binary
ones (diagram images) from ``BINARY_EXPORTERS``; whatever is registered
there is a choice of ``--format``. The diagram formats that are text (dot,
svg) may go to stdout like the text formats.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from designer.diagrams.exporters import TEXT_DIAGRAM_FORMATS
from designer.diagrams.render import DiagramError
from designer.schemas import models
from designer.schemas.exporters import BINARY_EXPORTERS, EXPORTERS
from designer.schemas.schema import Schema
from designer.schemas.store import load_schema


class Command(BaseCommand):
    help = "Export a project's schema; writes to stdout unless -o is given."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="Slug of the project to export.")
        parser.add_argument(
            "--format",
            default="convex",
            choices=sorted([*EXPORTERS, *BINARY_EXPORTERS]),
            help="Export format (default: convex, the schema.ts file).",
        )
        parser.add_argument(
            "-o", "--output", help="File to write; binary formats need one."
        )

    def handle(self, *args, **options) -> None:
        slug, code, output = options["slug"], options["format"], options["output"]
        try:
            project = models.Project.objects.get(slug=slug)
        except models.Project.DoesNotExist:
            raise CommandError(f"Project {slug!r} not found.") from None
        schema = load_schema(project)
        if code in EXPORTERS:
            data = EXPORTERS[code].render(schema).encode()
        elif output or code in TEXT_DIAGRAM_FORMATS:
            data = _render_diagram(code, schema)
        else:
            raise CommandError(f"The {code} format is binary: give a file with -o.")
        if output:
            _write(Path(output), data)
        else:
            self.stdout.write(data.decode(), ending="")


def _render_diagram(code: str, schema: Schema) -> bytes:
    try:
        return BINARY_EXPORTERS[code](schema)
    except DiagramError as error:
        raise CommandError(f"Cannot draw the diagram: {error}") from None


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, turning a failure into a CommandError."""
    if path.is_dir():
        raise CommandError(
            f"Cannot write {path}: it is a directory. Give a file path with -o."
        )
    try:
        path.write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CommandError(f"Cannot write {path}: {reason}.") from None
