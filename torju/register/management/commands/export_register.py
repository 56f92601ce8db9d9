"""Write the register in the exchange format: a folder, or a .zip when the path ends with .zip."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.register.exchange import export_register


class Command(BaseCommand):
    help = "Write the register (pseudonymous, no direct identifiers) as a folder or .zip of the exchange format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        result = export_register(path, actor=Actor.system("manage.py export_register"))
        for name, rows in result.rows.items():
            self.stdout.write(f"{name}: {rows} rows")
