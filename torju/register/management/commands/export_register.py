"""Write the register in the exchange format's newest version (2, with `format_version`): a folder or a .zip."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.register.exchange.versions import export_current


class Command(BaseCommand):
    help = (
        "Write the register (pseudonymous, no direct identifiers) as a folder or .zip of the exchange format, "
        "version 2: the legal path's coded facts included (docs/register-exchange-v2.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        result = export_current(path, actor=Actor.system("manage.py export_register"))
        for name, rows in result.rows.items():
            self.stdout.write(f"{name}: {rows} rows")
