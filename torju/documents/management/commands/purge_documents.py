"""Delete the prepared documents older than N days, with their jobs (run daily, e.g. from cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.documents.jobs import KEEP_DAYS, purge_documents


class Command(BaseCommand):
    help = (
        "Delete the documents prepared in the background (implementation reports, statistics reviews) that "
        f"finished more than --days days ago (default {KEEP_DAYS}), their jobs, and files that no job names. "
        "Safe to run again: a second run deletes nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=KEEP_DAYS, help=f"keep this many days (default {KEEP_DAYS})")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            raise CommandError("--days: keep the documents at least one day")
        purged = purge_documents(actor=Actor.system("manage.py purge_documents"), days=days)
        self.stdout.write(f"{purged.jobs} document jobs and {purged.files} files deleted (older than {days} days)")
