"""Re-encrypt the register's direct identifiers under the current key (the second step of a key rotation)."""

from typing import Any

from django.core.management.base import BaseCommand

from torju.actor import Actor
from torju.register.services import reencrypt_identifiers


class Command(BaseCommand):
    help = (
        "Re-encrypt every person's names, identity code and contact details under the first key of "
        "TORJU_FIELD_ENCRYPTION_KEY. Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reencrypt_identifiers(actor=Actor.system("manage.py reencrypt_identifiers"))
        self.stdout.write(f"{count} persons re-encrypted")
