"""What is to be followed up: the bodies that owe reports, and the meetings' decisions until they are done."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from torju.accounts.models import Organisation
from torju.programme.models import Measure, MeetingDecision, Programme, ReportingRound
from torju.programme.selectors.progress import outstanding_reports

# How the list of bodies that owe reports can be ordered (the dashboard's links): key: (sort key, reversed).
OWING_ORDERS = ("days", "body", "owed")


@dataclass
class OwingBody:
    """A body that still owes reports in an open round."""

    reporting_round: ReportingRound
    organisation: Organisation
    measures: list[Measure] = field(default_factory=list)
    days_left: int = 0  # to the round's deadline; negative once it has passed

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def owing_bodies(
    programme: Programme, today: date, *, sort: str = "", measures: set[int] | None = None
) -> list[OwingBody]:
    """Every (open round, body) with reports still owed, by days to the deadline (default), body or number owed."""
    owing: dict[tuple[int, int], OwingBody] = {}
    for reporting_round in ReportingRound.objects.filter(programme=programme, closed=False).order_by("deadline", "id"):
        for measure, organisation in outstanding_reports(reporting_round):
            if measures is not None and measure.pk not in measures:
                continue
            body = owing.setdefault(
                (reporting_round.pk, organisation.pk),
                OwingBody(reporting_round, organisation, days_left=(reporting_round.deadline - today).days),
            )
            body.measures.append(measure)
    rows = list(owing.values())
    if sort == "body":
        rows.sort(key=lambda row: (row.organisation.name, row.days_left))
    elif sort == "owed":
        rows.sort(key=lambda row: (-len(row.measures), row.days_left, row.organisation.name))
    else:
        rows.sort(key=lambda row: (row.days_left, row.organisation.name))
    return rows


@dataclass(frozen=True)
class DecisionFollowUp:
    decision: MeetingDecision
    overdue: bool
    days_left: int | None


def open_decisions(programme: Programme | None = None) -> QuerySet[MeetingDecision]:
    """Decisions not yet done, of the programme's meetings (of every meeting when None), by deadline."""
    decisions = MeetingDecision.objects.filter(done_on__isnull=True).select_related(
        "agenda_item__meeting__group", "owner"
    )
    if programme is not None:
        decisions = decisions.filter(agenda_item__meeting__programme=programme)
    return decisions.order_by("deadline", "id")


def decisions_to_follow(programme: Programme | None, today: date) -> list[DecisionFollowUp]:
    """The open decisions that have an owner or a deadline, overdue first."""
    rows = [
        DecisionFollowUp(
            decision=decision,
            overdue=decision.deadline is not None and decision.deadline < today,
            days_left=(decision.deadline - today).days if decision.deadline else None,
        )
        for decision in open_decisions(programme)
        if decision.owner_id is not None or decision.deadline is not None
    ]
    return sorted(rows, key=lambda row: (not row.overdue, row.days_left if row.days_left is not None else 10**6))
