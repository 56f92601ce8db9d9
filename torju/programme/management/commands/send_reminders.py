"""E-mail reporters who still owe status reports (for cron; idempotent)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from torju.actor import Actor
from torju.programme.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind reporters of unsubmitted status reports 14 days before the round's deadline and once it has passed. "
        "Each reminder is sent once per reporter and round, so this can run daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="the day to act as (YYYY-MM-DD); default today")

    def handle(self, *args: Any, today: date | None, **options: Any) -> None:
        result = send_reminders(actor=Actor.system(), today=today or timezone.localdate())
        self.stdout.write(f"sent {result.sent} reminders; {result.skipped_already_sent} had been sent before")
