"""The coordinator's dashboard (read also by the groups' members and the rapporteur): counts and charts of
the measures' status, what is owed and by whom, decisions overdue, and indicators against their targets."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from torju.accounts.models import Organisation
from torju.programme.models import Measure, Programme, ReportingRound, Status
from torju.programme.selectors.follow_up import DecisionFollowUp, OwingBody, decisions_to_follow, owing_bodies
from torju.programme.selectors.implementation import IndicatorProgress, indicator_progress
from torju.programme.selectors.progress import (
    MeasureProgress,
    current_round,
    outstanding_reports,
    progress,
    submission_count,
)


@dataclass(frozen=True)
class DashboardFilter:
    objective: int | None = None
    organisation: str = ""
    priority_area: str = ""
    status: str = ""


@dataclass
class Dashboard:
    rows: list[MeasureProgress]
    by_status: Counter[str]
    by_objective: dict[str, Counter[str]]
    by_organisation: dict[str, Counter[str]]
    by_priority_area: dict[str, Counter[str]]
    ending_this_year: list[MeasureProgress]
    waiting_for_funding: list[MeasureProgress]
    open_round: ReportingRound | None
    not_reported: list[tuple[Measure, Organisation]]
    submitted: int  # reports submitted in the open round, of
    expected: int  # the reports the round asks for
    owing: list[OwingBody]
    decisions: list[DecisionFollowUp]
    indicators: list[IndicatorProgress]

    @property
    def overdue_decisions(self) -> list[DecisionFollowUp]:
        return [decision for decision in self.decisions if decision.overdue]


def _matches(row: MeasureProgress, criteria: DashboardFilter) -> bool:
    measure = row.measure
    if criteria.objective and measure.objective.number != criteria.objective:
        return False
    if criteria.organisation and criteria.organisation not in {
        r.organisation.code for r in measure.responsibilities.all()
    }:
        return False
    if criteria.priority_area and criteria.priority_area not in {area.code for area in measure.priority_areas.all()}:
        return False
    return not criteria.status or row.status == criteria.status


def dashboard(programme: Programme, criteria: DashboardFilter, today: date, sort: str = "") -> Dashboard:
    """The dashboard on `today`; the filters narrow every count, list and chart; `sort` orders the bodies that
    owe reports (OWING_ORDERS)."""
    rows = [row for row in progress(programme) if _matches(row, criteria)]
    by_objective: dict[str, Counter[str]] = defaultdict(Counter)
    by_organisation: dict[str, Counter[str]] = defaultdict(Counter)
    by_priority_area: dict[str, Counter[str]] = defaultdict(Counter)
    for row in sorted(rows, key=lambda row: row.measure.objective.number):
        by_objective[str(row.measure.objective)][row.status] += 1
        for responsibility in row.measure.responsibilities.all():
            by_organisation[responsibility.organisation.name][row.status] += 1
        for area in row.measure.priority_areas.all():
            by_priority_area[area.name][row.status] += 1
    open_round = current_round(programme)
    shown = {row.measure.pk for row in rows}
    not_reported = [pair for pair in outstanding_reports(open_round) if pair[0].pk in shown] if open_round else []
    submitted, expected = submission_count(open_round, shown) if open_round else (0, 0)
    owing = [
        body
        for body in owing_bodies(programme, today, sort=sort, measures=shown)
        if not criteria.organisation or body.organisation.code == criteria.organisation
    ]
    return Dashboard(
        rows=rows,
        by_status=Counter(row.status for row in rows),
        by_objective=dict(by_objective),
        by_organisation=dict(sorted(by_organisation.items())),
        by_priority_area=dict(sorted(by_priority_area.items())),
        ending_this_year=[
            row
            for row in rows
            if row.measure.schedule_end == today.year and row.status not in (Status.COMPLETED, Status.DISCONTINUED)
        ],
        waiting_for_funding=[row for row in rows if row.measure.funding_dependent],
        open_round=open_round,
        not_reported=not_reported,
        submitted=submitted,
        expected=expected,
        owing=owing,
        decisions=decisions_to_follow(programme, today),
        indicators=[item for item in indicator_progress(programme) if item.indicator.measure_id in shown],
    )
