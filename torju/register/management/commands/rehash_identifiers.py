"""Recompute the keyed hashes of the identifiers under the current identifier hash key."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.register.services import REENCRYPT_BATCH, rehash_identifiers


class Command(BaseCommand):
    help = (
        "Recompute every person's identity-code and name-and-birth-date hashes under TORJU_IDENTIFIER_HASH_KEY "
        "after it was changed (from the decrypted identifiers: the old hash key is not needed). Interrupted, it "
        "goes on where it stopped when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=REENCRYPT_BATCH, help="rows per committed batch")
        parser.add_argument("--restart", action="store_true", help="start from the first row, not where it stopped")

    def handle(self, *args: Any, batch_size: int, restart: bool, **options: Any) -> None:
        result = rehash_identifiers(
            actor=Actor.system("manage.py rehash_identifiers"), batch_size=batch_size, restart=restart
        )
        if result.resumed:
            self.stdout.write("went on from where the previous run stopped")
        for table, count in result.rows.items():
            self.stdout.write(f"{table}: {count} rows re-hashed")
