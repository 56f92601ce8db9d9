"""Print the helpline's statistics of a year as JSON: exact counts, or the public form."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.helpline.disclosure import disclosure_threshold
from torju.helpline.reporting import AUDIT_OBJECT_TYPE, FIRST_YEAR, current_year, is_reportable
from torju.helpline.statistics import helpline_statistics


class Command(BaseCommand):
    help = (
        "Print the statistics of the helpline's work of a year as JSON (docs/helpline-statistics.md): contacts, "
        "consultation cases and referrals, exact counts for internal use, or with --public the public form under "
        "disclosure control (threshold --k, default the setting STATISTICS_DISCLOSURE_K). The year is one from "
        "2006 to the current one. The export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, type=int, help="the year, from 2006 to the current one")
        parser.add_argument("--public", action="store_true", help="the public form, under disclosure control")
        parser.add_argument(
            "--k", type=int, default=None, help="disclosure threshold of the public form (no effect without --public)"
        )

    def handle(self, *args: Any, year: int, public: bool, k: int | None, **options: Any) -> None:
        if not is_reportable(year):
            raise CommandError(f"--year must be from {FIRST_YEAR} to {current_year()}, not {year}")
        threshold = disclosure_threshold() if k is None else k
        if threshold < 1:
            raise CommandError(f"--k must be at least 1, not {threshold}")
        statistics = helpline_statistics(year, public=public, k=threshold)
        record(
            Action.EXPORT,
            Actor.system("manage.py helpline_statistics"),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year,
            reason=f"json {'public, k=' + str(threshold) if public else 'exact'} by the command helpline_statistics",
        )
        self.stdout.write(json.dumps(statistics, ensure_ascii=False, indent=2))
