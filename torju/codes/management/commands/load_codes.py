from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.codes.services import CODES_FILE, load_codes


class Command(BaseCommand):
    help = (
        "Bring the code lists in line with codes.csv and the product's own lists (idempotent; `migrate` does this too)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=CODES_FILE,
            help="a codes.csv (default: the product's copy of the spec's); the product's own lists are loaded with it",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        result = load_codes(path=file)
        self.stdout.write(f"created {result.created}, updated {result.updated}, deactivated {result.deactivated}")
