"""Write the CTDC-ready microdata of a range of years, k-anonymised and checked; no file if the check fails."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.international import services


class Command(BaseCommand):
    help = (
        "Write one row per victim client of the years FROM..TO with the columns of CTDC's global dataset "
        "(docs/ctdc.md), k-anonymised by generalisation and suppression (--k, default the setting CTDC_K, 11) and "
        "checked with pyCANON. The check's result and the data-quality note go to stderr (the note also beside the "
        "file, as FILE.note.txt); if the check fails, no file is written and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", required=True, type=int, dest="first")
        parser.add_argument("--to", required=True, type=int, dest="last")
        parser.add_argument("--k", type=int, default=None)
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args: Any, first: int, last: int, k: int | None, output: Path, **options: Any) -> None:
        actor = Actor.system("manage.py ctdc_export")
        try:
            result = services.ctdc_export(actor, first, last, k)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        self.stderr.write(result.note)
        if not result.check.passed:
            self.stderr.write("The file was not written: it does not pass the anonymity check.")
            sys.exit(1)
        output.write_bytes(result.content)
        output.with_name(output.name + ".note.txt").write_text(result.note, encoding="utf-8")
        self.stdout.write(f"{len(result.anonymised.rows)} rows written to {output}")
