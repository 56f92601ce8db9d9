"""Write a programme's measures to a CSV or XLSX file (the format import_measures reads back)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.programme.measure_io import FORMATS, export_measures
from torju.programme.models import Programme


class Command(BaseCommand):
    help = "Write a programme's measures to a CSV (UTF-8) or XLSX file, to edit and load with import_measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="identifier (slug) of the programme")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    def handle(self, *args: Any, programme: str, fmt: str, output: Path, **options: Any) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"no programme {programme!r}")
        content = export_measures(found, "xlsx" if fmt == "xlsx" else "csv", actor=Actor.system())
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from error
        self.stdout.write(f"{found.slug}: {found.measures.count()} measures written to {output}")
