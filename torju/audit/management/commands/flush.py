"""Django's `flush`, which also empties the append-only audit trail where that is allowed.

Only with AUDIT_TRAIL_ERASABLE (demo mode, the test settings; see
torju/audit/append_only.py). Elsewhere the trail's triggers refuse and the
flush stops with nothing removed: a production database is never emptied
by mistake, and its audit trail never.
"""

from typing import Any

from django.conf import settings
from django.core.management.commands.flush import Command as DjangoFlush

from torju.audit.append_only import erasable_audit_trail


class Command(DjangoFlush):
    help = DjangoFlush.help + " The audit trail too, in demo mode and tests only; elsewhere nothing is removed."

    def handle(self, **options: Any) -> None:
        if not settings.AUDIT_TRAIL_ERASABLE:
            super().handle(**options)
            return
        with erasable_audit_trail(options["database"]):
            super().handle(**options)
