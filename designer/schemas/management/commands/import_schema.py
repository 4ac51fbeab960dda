"""Create a project from a file: a JSON project file or a Convex schema.ts.

Prints the new project's slug on the first line, then for a schema.ts each
construct the importer skipped, with its line and column. With ``--owner``
the named user owns the project. Without it a hint on stderr explains how
to add an owner, because only members can open a project. On bad input it prints
what is wrong and where, exits non-zero and creates nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from designer.accounts.models import Membership, Role
from designer.schemas import store
from designer.schemas.importers import ImportProblem
from designer.schemas.importers.files import import_file
from designer.schemas.importers.typescript import MAX_FILE_BYTES

SUFFIXES = (".json", ".ts")


class Command(BaseCommand):
    help = "Import a .json project file or a .ts Convex schema as a new project."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path of the .json or .ts file.")
        parser.add_argument(
            "--name",
            default="",
            help="Name of the new project; by default the project file's own "
            "name, or one made from the file's name.",
        )
        parser.add_argument(
            "--owner",
            default="",
            metavar="USERNAME",
            help="Make this existing user the project's owner, so they can open it.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if path.suffix not in SUFFIXES:
            raise CommandError(
                f"{path}: unknown file type {path.suffix!r}; expected .json or .ts."
            )
        owner = _owner(options["owner"])
        text = _read(path)
        try:
            result = import_file(text, str(path.resolve()), options["name"])
        except ImportProblem as error:
            raise CommandError(f"{path}: {error}") from None
        with transaction.atomic():
            project = store.create_project(result.schema)
            if owner is not None:
                Membership.objects.create(project=project, user=owner, role=Role.OWNER)
        self.stdout.write(project.slug)
        for skipped in result.skipped:
            self.stdout.write(
                f"{path}:{skipped.line}:{skipped.column}: skipped {skipped.what}: "
                f"{skipped.source_line.strip()}"
            )
        if owner is None:
            self.stderr.write(
                f"The project {project.name!r} has no members yet, so nobody can "
                "open it. Import it with --owner USERNAME next time, or add a "
                "membership in the admin at /admin/accounts/membership/add/."
            )


def _owner(username: str):
    """Return the user named ``username``, None for "", or fail before importing."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(
            f"There is no user {username!r}; create one with "
            "`manage.py createsuperuser` or name an existing user. "
            "Nothing was imported."
        ) from None


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        # Checked first, so a huge file is never read into memory.
        if size > MAX_FILE_BYTES:
            raise CommandError(
                f"{path}: the file is {size / 2**20:.1f} MB, but the maximum is "
                f"{MAX_FILE_BYTES >> 20} MB."
            )
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from None
