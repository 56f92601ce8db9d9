"""Import a CTDC dataset as CTDC publishes it; print the rows read, kept and skipped with the reasons."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.international import services


class Command(BaseCommand):
    help = (
        "Import a CTDC dataset (its published CSV: a terms-of-use sentence in or before the header, ',' or ';' "
        "separators, multi-valued cells, rows without a year, one-hot or concatenated exploitation types) for "
        "the situational picture's comparison of Finland with the global and European rows (docs/ctdc.md). "
        "Prints the rows read, kept and skipped, with the reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", default="", help="the dataset's name on the page (default: the file's name)")

    def handle(self, *args: Any, file: Path, name: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        actor = Actor.system("manage.py import_ctdc")
        try:
            dataset = services.import_ctdc(actor, file.read_bytes(), file_name=file.name, name=name)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        skipped = sum(dataset.skipped.values())
        self.stdout.write(f"{dataset.name}: {dataset.rows_read} rows read, {dataset.rows_kept} kept, {skipped} skipped")
        for reason, count in dataset.skipped.items():
            self.stdout.write(f"  skipped: {count} ({reason})")
        for note, value in dataset.notes.items():
            self.stdout.write(f"  note: {note}: {value}")
        self.stdout.write(f"  years {dataset.first_year}-{dataset.last_year}")
