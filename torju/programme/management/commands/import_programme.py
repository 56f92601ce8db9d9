"""Create or update a programme from a JSON file in the format of the shipped 2026–2027 plan."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.loading import ProgrammeDataError, load_programme, read_programme_file


class Command(BaseCommand):
    help = "Create or update a programme (objectives, measures, bodies) from a JSON file; measures match by number."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            data = read_programme_file(file)
            with transaction.atomic():
                programme = load_programme(data)
                record(Action.IMPORT, obj=programme, reason=f"import_programme {file.name}")
        except (OSError, ValueError, KeyError, ProgrammeDataError) as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(f"{programme.slug}: {programme.measures.count()} measures")
