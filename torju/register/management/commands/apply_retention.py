"""Erase the direct identifiers whose retention period has ended (run daily, e.g. from cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from torju.actor import Actor
from torju.register.services.maintenance import apply_retention, retention_cutoff, retention_years


class Command(BaseCommand):
    help = (
        "Erase the names, identity codes and contact details of persons whose last clienthood or decision "
        "ended more than REGISTER_RETENTION_YEARS years ago (docs/decisions/0006-register-retention.md). "
        "The pseudonymous records stay for the statistics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count the persons due; change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        today, years = timezone.localdate(), retention_years()
        cutoff = retention_cutoff(today, years)
        count = apply_retention(
            actor=Actor.system("manage.py apply_retention"), today=today, years=years, dry_run=dry_run
        )
        if dry_run:
            self.stdout.write(f"{count} persons due (closed before {cutoff}, {years} years); nothing was changed")
        else:
            self.stdout.write(f"{count} persons' identifiers erased (closed before {cutoff}, {years} years)")
