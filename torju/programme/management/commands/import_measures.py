"""Update a programme's measures by number from a CSV or XLSX file; all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.programme.measure_io import FORMATS, Format, ImportProblem, MeasureImportError, import_measures
from torju.programme.models import Programme


def describe(problem: ImportProblem) -> str:
    if problem.row is None:
        return problem.message
    if not problem.column:
        return _("row %(row)s: %(message)s") % {"row": problem.row, "message": problem.message}
    return _("row %(row)s, column %(column)s: %(message)s") % {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
    }


class Command(BaseCommand):
    help = (
        "Update a programme's measures by number from a CSV or XLSX file (as export_measures writes it) and "
        "create the new ones. Any error in the file: every error is listed and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="identifier (slug) of the programme")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, help="default: from the file name's extension")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, programme: str, fmt: str | None, file: Path, **options: Any) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"no programme {programme!r}")
        chosen: Format
        suffix = (fmt or file.suffix.lstrip(".")).lower()
        if suffix == "csv":
            chosen = "csv"
        elif suffix == "xlsx":
            chosen = "xlsx"
        else:
            raise CommandError(f"{file}: give --format csv or xlsx")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            result = import_measures(found, content, chosen, actor=Actor.system())
        except MeasureImportError as error:
            for problem in error.problems:
                self.stderr.write(f"{file}: {describe(problem)}")
            raise CommandError(f"{file}: {len(error.problems)} errors; nothing was imported") from error
        self.stdout.write(
            f"{found.slug}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged; {len(result.objectives_created)} new objectives"
        )
