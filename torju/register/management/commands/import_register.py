"""Import a register folder or .zip in the exchange format, version 1 or 2 (`format_version` says); all or nothing."""

import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from torju.accounts.models import User
from torju.actor import Actor
from torju.register.exchange import FINISHING, RegisterImportError
from torju.register.exchange.versions import import_any

BAR_WIDTH = 30


class ProgressBar:
    """One line on a terminal, redrawn in place: stage, bar, per cent."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * BAR_WIDTH)
        label = "building indexes" if stage == FINISHING else stage
        line = f"{label:<24} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%}"
        if line != self.shown:
            self.stream.write("\r" + line)
            self.stream.flush()
            self.shown = line

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a register (a folder or .zip of persons.csv, applications.csv, exploitation.csv, "
        "reflection_periods.csv, services.csv; in version 2 also format_version and the legal path's files, "
        "docs/register-exchange-v2.md). Any error: every error is listed and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--update",
            action="store_true",
            help="replace the rows whose identifiers are in the register already: only the cases of the office of "
            "the decision maker named with --user",
        )
        parser.add_argument("--user", default="", help="with --update: the decision maker in whose name it is made")

    def handle(self, *args: Any, path: Path, update: bool, user: str, **options: Any) -> None:
        actor = Actor.system("manage.py import_register")
        if update:
            if not user:
                raise CommandError("--update changes one office's cases: name its decision maker with --user")
            found = User.objects.filter(username=user, is_active=True).first()
            if found is None:
                raise CommandError(f"no active user {user!r}")
            actor = Actor.for_user(found)
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            result = import_any(path, actor=actor, update=update, progress=bar)
        except PermissionDenied as error:
            raise CommandError(f"{user}: {error}") from error
        except RegisterImportError as error:
            if bar is not None:
                bar.close()
            for problem in error.problems:
                self.stderr.write(str(problem))
            if error.omitted:
                self.stderr.write(f"... and {error.omitted} more errors (settings.IMPORT_MAX_ERRORS)")
            raise CommandError(f"{path}: {error.total} errors; nothing was imported") from error
        except DatabaseError as error:
            raise CommandError(f"{path}: the database refused the import, nothing was imported: {error}") from error
        if bar is not None:
            bar.close()
        for name, created in result.created.items():
            updated = result.updated.get(name)
            suffix = f", {updated} updated" if updated is not None else ""
            self.stdout.write(f"{name}: {created} created{suffix}")
