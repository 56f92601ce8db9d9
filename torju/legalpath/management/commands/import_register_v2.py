"""Import a register in exchange format version 1 or 2 (format_version says which), all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.legalpath.exchange import import_register_any
from torju.register.exchange import RegisterImportError


class Command(BaseCommand):
    help = "Import a register folder or .zip in exchange format version 1 or 2; every problem is listed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            result = import_register_any(path, actor=Actor.system("manage.py import_register_v2"))
        except RegisterImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error)) from error
        self.stdout.write(f"created: {result.created}")
