"""Print the annual statistics of a year as the spec's JSON: exact counts, or the public form."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import selectors
from torju.statistics.computation import annual_statistics
from torju.statistics.disclosure import disclosure_threshold, public_form
from torju.statistics.permissions import has_ended, year_not_ended_message
from torju.statistics.schema import FIRST_YEAR

AUDIT_OBJECT_TYPE = "statistics.annual"


class Command(BaseCommand):
    help = (
        "Print the annual statistics of the assistance system for a year as JSON (spec/annual-statistics.md), "
        "computed from the register of DATABASE_URL: exact counts for internal use, or with --public the public "
        "form under disclosure control (threshold --k, default the setting STATISTICS_DISCLOSURE_K; without "
        "--public it changes nothing, as exact counts have no threshold). The year is one from 2006, the "
        "assistance system's first, to the current one; the current year, which is not over, only in the exact "
        "form (its public figures would change every day and reveal the persons added in between). The export is "
        "recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, type=int, help="the year, from 2006 to the current one")
        parser.add_argument("--public", action="store_true", help="the public form, under disclosure control")
        parser.add_argument(
            "--k", type=int, default=None, help="disclosure threshold of the public form (no effect without --public)"
        )

    def handle(self, *args: Any, year: int, public: bool, k: int | None, **options: Any) -> None:
        if not selectors.is_reviewable(year):
            raise CommandError(f"--year must be from {FIRST_YEAR} to {selectors.current_year()}, not {year}")
        threshold = disclosure_threshold() if k is None else k
        if threshold < 1:
            raise CommandError(f"--k must be at least 1, not {threshold}")
        if public and not has_ended(year):
            raise CommandError(year_not_ended_message(year, language="en"))
        statistics = annual_statistics(year)
        if public:
            statistics = public_form(statistics, threshold)
        record(
            Action.EXPORT,
            Actor.system(),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year,
            reason=f"json {'public, k=' + str(threshold) if public else 'exact'} by the command annual_statistics",
        )
        self.stdout.write(json.dumps(statistics, ensure_ascii=False, indent=2))
