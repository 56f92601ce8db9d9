"""Where the measures stand: their latest submitted reports and statuses, rounds and what is owed in them."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from torju.accounts.models import Organisation, User
from torju.programme.models import (
    AgendaItem,
    Measure,
    Meeting,
    Objective,
    Participant,
    Programme,
    ReportingRound,
    ReportState,
    Responsibility,
    Stage,
    Status,
    StatusReport,
    StatusReportVersion,
)


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("-start_year", "slug")


def measures_of(programme: Programme) -> QuerySet[Measure]:
    """The programme's measures with objective, bodies (lead first) and priority areas."""
    return (
        Measure.objects.filter(programme=programme)
        .select_related("objective")
        .prefetch_related(
            Prefetch(
                "responsibilities", queryset=Responsibility.objects.select_related("organisation").order_by("position")
            ),
            "priority_areas",
            "indicators",
            "milestones",
            "recommendations",
        )
        .order_by("number")
    )


def latest_versions(programme: Programme, until: date | None = None) -> dict[int, list[StatusReportVersion]]:
    """Per measure id: the latest submitted version of each body, lead body first.

    `until` limits to versions submitted on or before that day (a report on a period).
    """
    versions = StatusReportVersion.objects.filter(report__measure__programme=programme).select_related(
        "report__organisation", "report__round", "report__measure"
    )
    if until is not None:
        versions = versions.filter(submitted_at__date__lte=until)
    lead_of = dict(
        Responsibility.objects.filter(measure__programme=programme, position=0).values_list(
            "measure_id", "organisation_id"
        )
    )
    newest: dict[tuple[int, int], StatusReportVersion] = {}
    for version in versions.order_by("submitted_at", "id"):
        newest[(version.report.measure_id, version.report.organisation_id)] = version
    by_measure: dict[int, list[StatusReportVersion]] = defaultdict(list)
    for (measure_id, _organisation_id), version in newest.items():
        by_measure[measure_id].append(version)
    for measure_id, found in by_measure.items():
        found.sort(key=lambda v: (v.report.organisation_id != lead_of.get(measure_id), -v.submitted_at.timestamp()))
    return dict(by_measure)


def measure_status(versions: list[StatusReportVersion]) -> str:
    """A measure's status: the lead body's latest report, else the latest of another body.

    A measure nobody has reported on counts as not started.
    """
    return versions[0].status if versions else Status.NOT_STARTED


@dataclass
class MeasureProgress:
    measure: Measure
    status: str
    versions: list[StatusReportVersion] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def progress(programme: Programme, until: date | None = None) -> list[MeasureProgress]:
    versions = latest_versions(programme, until)
    return [
        MeasureProgress(
            measure=measure, status=measure_status(versions.get(measure.pk, [])), versions=versions.get(measure.pk, [])
        )
        for measure in measures_of(programme)
    ]


def status_columns() -> list[tuple[str, str]]:
    """(code, label) of every status, in the order reports and charts use."""
    return [(status.value, str(status.label)) for status in Status]


def status_counts(rows: list[MeasureProgress]) -> list[tuple[str, str, int]]:
    counts = Counter(row.status for row in rows)
    return [(code, label, counts.get(code, 0)) for code, label in status_columns()]


def published_programmes() -> QuerySet[Programme]:
    return programmes().filter(stage=Stage.PUBLISHED)


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("programme").prefetch_related(
        Prefetch(
            "participants", queryset=Participant.objects.select_related("organisation").order_by("position", "id")
        ),
        Prefetch(
            "agenda_items", queryset=AgendaItem.objects.prefetch_related("decisions__measures").order_by("number")
        ),
    )


def objectives_of(programme: Programme) -> QuerySet[Objective]:
    return Objective.objects.filter(programme=programme).order_by("number")


def by_objective(programme: Programme, rows: list[MeasureProgress]) -> list[tuple[Objective, list[MeasureProgress]]]:
    """The rows grouped under their objectives, in the programme's order."""
    return [
        (objective, [row for row in rows if row.measure.objective_id == objective.pk])
        for objective in objectives_of(programme)
    ]


def current_round(programme: Programme) -> ReportingRound | None:
    """The open round with the nearest deadline."""
    return ReportingRound.objects.filter(programme=programme, closed=False).order_by("deadline", "id").first()


def rounds_of(programme: Programme) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(programme=programme).order_by("-deadline", "-id")


@dataclass
class OwedReport:
    reporting_round: ReportingRound
    measure: Measure
    report: StatusReport | None

    @property
    def state(self) -> str:
        return self.report.state if self.report else ""


def owed_by(user: User) -> list[OwedReport]:
    """What a reporter's body owes in the open rounds, with the state of each report."""
    if user.organisation_id is None:
        return []
    owed = []
    reports = {
        (report.round_id, report.measure_id): report
        for report in StatusReport.objects.filter(organisation_id=user.organisation_id, round__closed=False)
    }
    for reporting_round in ReportingRound.objects.filter(closed=False).order_by("deadline", "id"):
        for measure in reporting_round.measures.filter(responsibilities__organisation_id=user.organisation_id).order_by(
            "number"
        ):
            owed.append(OwedReport(reporting_round, measure, reports.get((reporting_round.pk, measure.pk))))
    return owed


def reports_in_round(reporting_round: ReportingRound) -> QuerySet[StatusReport]:
    return (
        StatusReport.objects.filter(round=reporting_round)
        .select_related("measure", "organisation", "updated_by")
        .prefetch_related("versions", "comments")
        .order_by("measure__number", "organisation__code")
    )


def outstanding_reports(reporting_round: ReportingRound) -> list[tuple[Measure, Organisation]]:
    """(measure, body) pairs of the round that the body still owes.

    A body has reported once it has a submitted version in the round: the
    versions are frozen, so a newer draft on top (editing after submitting)
    does not take the submission back. A report the coordinator returned for
    completion is owed again until the body submits it anew.
    """
    submitted = set(
        StatusReport.objects.filter(round=reporting_round, versions__isnull=False)
        .exclude(state=ReportState.RETURNED)
        .values_list("measure_id", "organisation_id")
        .distinct()
    )
    pairs = []
    for measure in reporting_round.measures.prefetch_related("responsibilities__organisation").order_by("number"):
        for responsibility in measure.responsibilities.all():
            if (measure.pk, responsibility.organisation_id) not in submitted:
                pairs.append((measure, responsibility.organisation))
    return pairs


def submission_count(reporting_round: ReportingRound, measures: set[int] | None = None) -> tuple[int, int]:
    """(reports submitted, reports asked for) in the round: one per measure and responsible body, of the
    measures given (all of the round's when None)."""
    owed = {(measure.pk, body.pk) for measure, body in outstanding_reports(reporting_round)}
    expected = [
        (responsibility.measure_id, responsibility.organisation_id)
        for responsibility in Responsibility.objects.filter(measure__rounds=reporting_round)
        if measures is None or responsibility.measure_id in measures
    ]
    return sum(1 for pair in expected if pair not in owed), len(expected)
