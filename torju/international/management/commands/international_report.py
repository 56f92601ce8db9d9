"""Write a reporting template (EU, GRETA, UNODC) filled for a year to a file, as XLSX or CSV."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.international import services
from torju.international.definitions import TEMPLATES, TemplateError
from torju.statistics.permissions import EXACT, PUBLIC


class Command(BaseCommand):
    help = (
        "Fill a reporting template for a reference year from the register of DATABASE_URL and write it as XLSX or "
        "CSV: exact counts for the official submission, or with --public the public form under disclosure control. "
        "The template's round is the definition file that applies to the year (docs/international-reporting.md). "
        "An unmapped register code is an error that lists every problem. The export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--template", required=True, choices=TEMPLATES)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", required=True, choices=sorted(services.FORMATS), dest="fmt")
        parser.add_argument("-o", "--output", required=True, type=Path)
        parser.add_argument("--public", action="store_true", help="the public form, under disclosure control")

    def handle(
        self, *args: Any, template: str, year: int, fmt: str, output: Path, public: bool, **options: Any
    ) -> None:
        actor = Actor.system("manage.py international_report")
        try:
            download = services.report_file(actor, template, year, PUBLIC if public else EXACT, fmt)
        except TemplateError as error:
            raise CommandError(f"template {error.name}:\n  " + "\n  ".join(error.problems)) from error
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        output.write_bytes(download.content)
        self.stdout.write(f"{download.file_name}: written to {output}")
