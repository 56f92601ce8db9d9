"""The programme's charts, as data: the dashboard, the reports and the public pages draw the same charts from
the same numbers (torju/documents/charts.py draws them), and each chart's table is made from that data too.

Status by objective and by responsible body, and progress over the reporting rounds, are stacked bars of the
measures' statuses; indicators are bars of how far each is from its baseline to its target.
"""

import base64
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.utils.translation import gettext as _

from torju.documents.charts import OKABE_ITO, bar_chart, stacked_bar_chart
from torju.programme.models import Objective, Programme, ReportingRound, Status
from torju.programme.selectors import IndicatorProgress, MeasureProgress, progress, status_columns

# One colour per status, from a palette that stays distinguishable with colour-vision deficiencies.
STATUS_COLOURS = {
    Status.NOT_STARTED: OKABE_ITO["grey"],
    Status.ON_TRACK: OKABE_ITO["sky_blue"],
    Status.DELAYED: OKABE_ITO["orange"],
    Status.AT_RISK: OKABE_ITO["vermillion"],
    Status.COMPLETED: OKABE_ITO["bluish_green"],
    Status.DISCONTINUED: OKABE_ITO["reddish_purple"],
}


@dataclass(frozen=True)
class Chart:
    """A chart's data: categories (bars), and series (label, colour, one value per category)."""

    key: str
    title: str
    categories: list[str]
    series: list[tuple[str, str, list[int]]]
    axis_label: str
    category_label: str = ""  # the heading of the table's first column: what a category is
    kind: Literal["stacked", "bars"] = "stacked"
    unit: str = ""  # after each value in the table, e.g. " %"
    notes: list[str] = field(default_factory=list)  # one per category, e.g. the values the percentages stand for

    def image(self, fmt: Literal["svg", "png"]) -> bytes:
        """The chart; its title is the heading above it, not part of the picture."""
        if self.kind == "bars":
            [(_label, colour, values)] = self.series
            return bar_chart(self.categories, list(values), fmt=fmt, axis_label=self.axis_label, colour=colour)
        return stacked_bar_chart(self.categories, self.series, title="", fmt=fmt, axis_label=self.axis_label)

    def data_uri(self) -> str:
        """The chart as an SVG data URI (an <img> of the page, of the PDF)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.image("svg")).decode("ascii")

    @property
    def empty(self) -> bool:
        return not self.categories

    @property
    def description(self) -> str:
        """The chart in words (its image's text alternative): each category with its non-zero values."""
        parts = []
        for index, category in enumerate(self.categories):
            values = ", ".join(
                f"{label} {values[index]}{self.unit}" for label, _colour, values in self.series if values[index]
            )
            parts.append(f"{category}: {values or 0}")
        return f"{self.title}. " + "; ".join(parts) + "."

    @property
    def rows(self) -> list[tuple[str, list[int], int]]:
        """The chart's table: each category with its value in each series and their total."""
        return [
            (category, values := [series[2][index] for series in self.series], sum(values))
            for index, category in enumerate(self.categories)
        ]

    @property
    def columns(self) -> list[str]:
        return [label for label, _colour, _values in self.series]


def _status_series(groups: list[Counter[str]]) -> list[tuple[str, str, list[int]]]:
    return [
        (label, STATUS_COLOURS[Status(code)], [group.get(code, 0) for group in groups])
        for code, label in status_columns()
    ]


def status_by_objective(rows: list[MeasureProgress], objectives: list[Objective]) -> Chart:
    groups = [
        (str(objective), Counter(row.status for row in rows if row.measure.objective_id == objective.pk))
        for objective in objectives
    ]
    groups = [(name, counts) for name, counts in groups if counts]
    return Chart(
        key="by_objective",
        title=_("Status of the measures by objective"),
        category_label=_("Objective"),
        categories=[name for name, _counts in groups],
        series=_status_series([counts for _name, counts in groups]),
        axis_label=_("Measures"),
    )


def status_by_body(rows: list[MeasureProgress]) -> Chart:
    """Each responsible body with the statuses of the measures it is responsible for (a shared measure counts
    for each of its bodies)."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        for responsibility in row.measure.responsibilities.all():
            counts.setdefault(responsibility.organisation.name, Counter())[row.status] += 1
    names = sorted(counts)
    return Chart(
        key="by_body",
        title=_("Status of the measures by responsible body"),
        category_label=_("Responsible body"),
        categories=names,
        series=_status_series([counts[name] for name in names]),
        axis_label=_("Measures"),
    )


def status_over_rounds(programme: Programme, until: date | None = None) -> Chart:
    """The measures' statuses at each reporting round's deadline, the earliest round first (the rounds due by
    `until`, when given)."""
    rounds = ReportingRound.objects.filter(programme=programme).order_by("deadline", "id")
    if until is not None:
        rounds = rounds.filter(deadline__lte=until)
    groups = [Counter(row.status for row in progress(programme, until=item.deadline)) for item in rounds]
    return Chart(
        key="over_rounds",
        title=_("Progress over the reporting rounds"),
        category_label=_("Round"),
        categories=[f"{item.name} ({item.deadline:%d.%m.%Y})" for item in rounds],
        series=_status_series(groups),
        axis_label=_("Measures"),
    )


def indicators_chart(items: list[IndicatorProgress]) -> Chart:
    """Each indicator with a reported value: how far it is from the baseline to the target, in per cent."""
    reported = [item for item in items if item.share_of_target is not None]
    return Chart(
        key="indicators",
        title=_("Indicators: the way from the baseline to the target"),
        category_label=_("Indicator"),
        categories=[
            _("Measure %(number)s: %(indicator)s")
            % {"number": item.indicator.measure.number, "indicator": item.indicator.name}
            for item in reported
        ],
        series=[(_("Of the target"), OKABE_ITO["blue"], [item.share_of_target or 0 for item in reported])],
        axis_label=_("Per cent of the way to the target"),
        kind="bars",
        unit=" %",
        notes=[f"{item.latest} / {item.indicator.target}" for item in reported],
    )
