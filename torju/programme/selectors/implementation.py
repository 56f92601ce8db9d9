"""The implementation plan against what is reported: indicators with their latest values, milestones."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from torju.programme.models import Indicator, Milestone, Programme, ReportedValue


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    latest: Decimal | None  # the value of the newest submitted report that gave one
    reported_on: date | None

    @property
    def share_of_target(self) -> int | None:
        """How far from the baseline to the target the latest value is, in per cent (0 baseline if none)."""
        if self.latest is None:
            return None
        start = self.indicator.baseline or Decimal(0)
        span = self.indicator.target - start
        if span == 0:
            return 100 if self.latest >= self.indicator.target else 0
        return max(0, round((self.latest - start) / span * 100))


def indicator_progress(programme: Programme, until: date | None = None) -> list[IndicatorProgress]:
    """Every indicator of the programme's measures with its latest value reported by `until` (ever, when None)."""
    values = ReportedValue.objects.select_related("version").order_by("version__submitted_at", "id")
    if until is not None:
        values = values.filter(version__submitted_at__date__lte=until)
    indicators = (
        Indicator.objects.filter(measure__programme=programme)
        .select_related("measure")
        .prefetch_related(Prefetch("values", queryset=values, to_attr="reported"))
        .order_by("measure__number", "position", "id")
    )
    progress = []
    for indicator in indicators:
        reported: list[ReportedValue] = getattr(indicator, "reported", [])
        latest = reported[-1] if reported else None
        progress.append(
            IndicatorProgress(
                indicator=indicator,
                latest=latest.value if latest else None,
                reported_on=timezone.localtime(latest.version.submitted_at).date() if latest else None,
            )
        )
    return progress


def milestones_of(programme: Programme) -> list[Milestone]:
    return list(Milestone.objects.filter(measure__programme=programme).select_related("measure").order_by("due", "id"))
