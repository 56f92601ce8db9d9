"""Write the register in version 2 of the exchange format: a folder, or a .zip when the path ends with .zip."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.legalpath.exchange import export_register_v2


class Command(BaseCommand):
    help = "Write the register and the legal path (pseudonymous, coded facts only) in exchange format version 2."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        counts = export_register_v2(path, actor=Actor.system("manage.py export_register_v2"))
        for name, rows in sorted(counts.items()):
            self.stdout.write(f"{name}: {rows} rows")
