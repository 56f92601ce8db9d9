"""Bring in the authorities' criminal-justice figures from a file: all or nothing, every error listed."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from torju.actor import Actor
from torju.situation.importing import read_file
from torju.situation.models import DimensionMapping
from torju.situation.services import import_figures


class Command(BaseCommand):
    help = (
        "Import criminal-justice figures (spec/situational-picture.md § 2): the spec's CSV, or with --mapping NAME "
        "a JSON-stat 2.0 or PX file of Statistics Finland's open database through a saved mapping of its "
        "dimensions. All or nothing: a file with any error changes nothing and every error is listed. A later "
        "figure of the same year, stage, offence and court replaces the earlier one, which stays in its history. "
        "The import is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", default=None, help="the saved mapping of a JSON-stat or PX file")

    def handle(self, *args: Any, file: Path, mapping: str | None, **options: Any) -> None:
        found = None
        if mapping is not None:
            found = DimensionMapping.objects.filter(name=mapping).first()
            if found is None:
                raise CommandError(f"no mapping named {mapping!r}")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        with translation.override("en"):
            reading = read_file(file.name, content, found)
            try:
                result = import_figures(Actor.system(channel="command"), reading, file_name=file.name)
            except ValidationError as error:
                raise CommandError("\n".join([f"{file}: nothing was imported.", *error.messages])) from error
        self.stdout.write(
            f"{file}: {result.created} figures added, {result.revised} revised, {result.unchanged} unchanged"
        )
