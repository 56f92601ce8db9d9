"""Erase the helpline's free text whose retention period has ended (run daily, e.g. from cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from torju.actor import Actor
from torju.helpline.retention import apply_helpline_retention, retention_years


class Command(BaseCommand):
    help = (
        "Erase the free text (notes, descriptions, summaries, details) of helpline records whose work ended more "
        "than HELPLINE_RETENTION_YEARS years ago (docs/decisions/0040-helpline.md). The coded fields stay for "
        "the statistics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count the records due; change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        years = retention_years()
        counts = apply_helpline_retention(
            Actor.system("manage.py apply_helpline_retention"), years=years, dry_run=dry_run
        )
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        verb = "due; nothing was changed" if dry_run else "erased"
        self.stdout.write(f"Free text of {summary} {verb} ({years} years)")
