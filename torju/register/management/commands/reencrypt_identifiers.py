"""Re-encrypt every encrypted column under the current key (the second step of a key rotation)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.register.services import REENCRYPT_BATCH, reencrypt_identifiers


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column (persons' identifiers, needs assessments' notes, any *_encrypted "
        "column) under the first key of TORJU_FIELD_ENCRYPTION_KEY. Put the new key first, run this, then "
        "remove the old key. Interrupted, it goes on where it stopped when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=REENCRYPT_BATCH, help="rows per committed batch")
        parser.add_argument("--restart", action="store_true", help="start from the first row, not where it stopped")

    def handle(self, *args: Any, batch_size: int, restart: bool, **options: Any) -> None:
        result = reencrypt_identifiers(
            actor=Actor.system("manage.py reencrypt_identifiers"), batch_size=batch_size, restart=restart
        )
        if result.resumed:
            self.stdout.write("went on from where the previous run stopped")
        for table, count in result.rows.items():
            self.stdout.write(f"{table}: {count} rows re-encrypted")
