"""Create or update a programme from a JSON file in the format of the shipped 2026–2027 plan."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.programme.programme_file import ProgrammeFileError
from torju.programme.services import import_programme_file


class Command(BaseCommand):
    help = (
        "Create or update a programme (objectives, measures, bodies) from a JSON file in the format of "
        "torju/programme/data/programme-2026-2027.json; objectives and measures match by number. All or nothing: "
        "a file with any problem is listed in full and nothing is written. Recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            result = import_programme_file(
                actor=Actor.system(), content=content, source=file.name, update_existing=True
            )
        except ProgrammeFileError as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem.location or '-'}: {problem.message}")
            raise CommandError(f"{file}: {len(error.problems)} problems; nothing was imported") from error
        verb = "created" if result.created else "updated"
        self.stdout.write(
            f"{result.programme.slug}: {verb}, {result.objectives} objectives, {result.measures} measures"
        )
