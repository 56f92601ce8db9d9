"""Write a programme's implementation report to a file (DOCX or PDF), e.g. for a scheduled report."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme import documents
from torju.programme.models import Programme


class Command(BaseCommand):
    help = (
        "Write the implementation report of a programme for a period: every measure, its status at the end of "
        "the period and the bodies' latest reports submitted in the period. The export is recorded in the audit "
        "trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="the programme's identifier, e.g. 2026-2027")
        parser.add_argument("--format", required=True, choices=documents.FORMATS, dest="fmt")
        parser.add_argument("--lang", choices=documents.LANGUAGES, default=documents.LANGUAGES[0])
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            help="the first day of the period (YYYY-MM-DD); default the programme's first day",
        )
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            help="the last day of the period (YYYY-MM-DD); default today, or the programme's last day",
        )
        parser.add_argument("-o", "--output", required=True, type=Path, help="the file to write")

    def handle(
        self,
        *args: Any,
        programme: str,
        fmt: str,
        lang: str,
        since: date | None,
        until: date | None,
        output: Path,
        **options: Any,
    ) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"no programme {programme!r}")
        try:
            content = documents.implementation_report(found, language=lang, since=since, until=until, fmt=fmt)
        except ValueError as error:
            raise CommandError(str(error)) from error
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from error
        start = since.isoformat() if since else "default"
        end = until.isoformat() if until else "default"
        record(
            Action.EXPORT,
            Actor.system(),
            obj=found,
            reason=(
                f"{fmt} by the command implementation_report (language {lang}, since {start}, until {end}) "
                f"to {output.name}"
            ),
        )
        self.stdout.write(f"{output}: {len(content)} bytes")
