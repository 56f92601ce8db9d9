"""Write the annual review (PDF, DOCX) or its tables (XLSX, CSV) to a file, in the public form."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import documents, selectors
from torju.statistics.permissions import PUBLIC, has_ended, year_not_ended_message
from torju.statistics.schema import FIRST_YEAR

AUDIT_OBJECT_TYPE = "statistics.annual"


class Command(BaseCommand):
    help = (
        "Write the statistics review of the assistance system for a year, as the published review lays it out: "
        "PDF or DOCX, or its tables as XLSX or CSV. The figures are in the public form, under disclosure "
        "control, as everything that leaves the system, and so only of a year that has ended. "
        "The export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, type=int, help="the year, e.g. 2025")
        parser.add_argument("--lang", choices=documents.LANGUAGES, default=documents.LANGUAGES[0])
        parser.add_argument("--format", required=True, choices=documents.FORMATS, dest="fmt")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the file to write")

    def handle(self, *args: Any, year: int, lang: str, fmt: str, output: Path, **options: Any) -> None:
        if not selectors.is_reviewable(year):
            raise CommandError(f"no statistics for {year}: give a year from {FIRST_YEAR} to {selectors.current_year()}")
        if not has_ended(year):
            raise CommandError(year_not_ended_message(year, language="en"))
        content = documents.render_review(selectors.review_statistics(year, PUBLIC), language=lang, fmt=fmt)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from error
        record(
            Action.EXPORT,
            Actor.system(),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year,
            reason=f"{fmt} {lang} {PUBLIC} by the command render_review to {output.name}",
        )
        self.stdout.write(f"{output}: {len(content)} bytes")
