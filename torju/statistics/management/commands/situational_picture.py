"""Print the series of the situational picture (spec/situational-picture.md § 1) as JSON, and nothing else."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import selectors
from torju.statistics.disclosure import disclosure_threshold
from torju.statistics.permissions import EXACT, PUBLIC, has_ended, year_not_ended_message
from torju.statistics.schema import FIRST_YEAR

AUDIT_OBJECT_TYPE = "statistics.series"


class Command(BaseCommand):
    help = (
        "Print the series of the situational picture for the years --from to --to as JSON "
        "(spec/situational-picture.md § 1): each year's annual statistics and the series' figures, computed from "
        "the register of DATABASE_URL in one pass. Exact counts for internal use, or with --public the public form "
        "under disclosure control (threshold --k, default the setting STATISTICS_DISCLOSURE_K), which a range "
        "reaching the current year, not over yet, does not have. It prints; it does not publish. The export is "
        "recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, type=int, help="the first year, from 2006")
        parser.add_argument("--to", dest="last", required=True, type=int, help="the last year, up to the current one")
        parser.add_argument("--public", action="store_true", help="the public form, under disclosure control")
        parser.add_argument("--k", type=int, default=None, help="disclosure threshold of the public form")

    def handle(self, *args: Any, first: int, last: int, public: bool, k: int | None, **options: Any) -> None:
        current = selectors.current_year()
        for name, year in (("--from", first), ("--to", last)):
            if not FIRST_YEAR <= year <= current:
                raise CommandError(f"{name} must be from {FIRST_YEAR} to {current}, not {year}")
        if first > last:
            raise CommandError(f"--from {first} is after --to {last}")
        threshold = disclosure_threshold() if k is None else k
        if threshold < 1:
            raise CommandError(f"--k must be at least 1, not {threshold}")
        if public and not has_ended(last):
            raise CommandError(year_not_ended_message(last, language="en"))
        series = selectors.series(first, last, PUBLIC if public else EXACT, k=threshold)
        record(
            Action.EXPORT,
            Actor.system(),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=f"{first}-{last}",
            reason=f"json {'public, k=' + str(threshold) if public else 'exact'} by the command situational_picture",
        )
        self.stdout.write(json.dumps(series, ensure_ascii=False, indent=2))
