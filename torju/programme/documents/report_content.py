"""The programme's reports as content: the implementation report and the progress report to the ministerial
working group, built once in the document's language as plain data that the DOCX writer, the print template
and the web page all lay out (report_layout.py), and that approval freezes (frozen.py).

Both reports have a cover (publisher, date, series), a table of contents, the secretariat's summary, key
figures and charts, then per objective the measures that were reported on with their status, indicators,
milestones and the latest reports; the measures with no report in the period are one list at the end,
instead of a page of identical sentences. The progress report adds, on its summary page, the measures
delayed or at risk with their reasons.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from torju.programme import figures, selectors
from torju.programme.documents.common import SHORT_TEXT_CHARS, day, field_label
from torju.programme.languages import in_language
from torju.programme.models import Measure, Programme, Status, StatusReportVersion

Kind = Literal["implementation_report", "progress_report"]
ATTENTION = (Status.DELAYED, Status.AT_RISK)


@dataclass(frozen=True)
class ReportText:
    """One body's latest submitted report on a measure."""

    heading: str
    status: str
    done: str
    next_steps: str
    funding: str
    links: list[str]


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    baseline: str
    target: str
    latest: str
    share: str


@dataclass(frozen=True)
class MilestoneLine:
    description: str
    due: str
    reached: str


@dataclass(frozen=True)
class MeasureEntry:
    number: int
    heading: str
    text: str
    text_language: str
    short_text: str
    lead: str
    bodies: str
    schedule: str
    funding_dependent: str
    funding_note: str
    status: str
    status_label: str
    reports: list[ReportText]
    indicators: list[IndicatorLine] = field(default_factory=list)
    milestones: list[MilestoneLine] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    reason: str = ""  # for a measure delayed or at risk: what its latest report says

    @property
    def colour(self) -> str:
        return figures.STATUS_COLOURS[Status(self.status)]


@dataclass(frozen=True)
class ObjectiveEntry:
    heading: str
    measures: list[MeasureEntry]


@dataclass(frozen=True)
class PublicationContent:
    kind: str
    language: str
    title: str
    programme: str
    publisher: str
    series: str
    date: str
    period: str
    generated: str
    summary: str
    summary_language: str
    key_figures: list[tuple[str, str]]
    charts: list[figures.Chart]
    attention: list[MeasureEntry]
    measures: list[MeasureEntry]
    objectives: list[ObjectiveEntry]
    without_report: list[MeasureEntry]
    labels: dict[str, str]

    @property
    def document_title(self) -> str:
        return f"{self.title}: {self.programme}"

    @property
    def contents(self) -> list[tuple[int, str, str]]:
        """The table of contents: (level, heading, anchor) of the sections that the report has."""
        entries = []
        if self.summary:
            entries.append((1, self.labels["summary_text"], "summary"))
        entries.append((1, self.labels["key_figures"], "key-figures"))
        if self.attention:
            entries.append((1, self.labels["attention"], "attention"))
        entries.append((1, self.labels["summary"], "measures-summary"))
        entries.append((1, self.labels["by_objective"], "by-objective"))
        for index, objective in enumerate(self.objectives, start=1):
            entries.append((2, objective.heading, f"objective-{index}"))
        if self.without_report:
            entries.append((1, self.labels["without_report"], "without-report"))
        return entries

    # The first chart (status by objective), under the names the documents used before there were more.
    def chart(self, fmt: Literal["svg", "png"]) -> bytes:
        return self.charts[0].image(fmt)

    @property
    def chart_title(self) -> str:
        return self.charts[0].title

    @property
    def chart_description(self) -> str:
        return self.charts[0].description

    @property
    def chart_series(self) -> list[tuple[str, str, list[int]]]:
        return self.charts[0].series


# For the documents that call the implementation report's content by its own name.
ImplementationReportContent = PublicationContent


def _report_text(version: StatusReportVersion) -> ReportText:
    submitted = day(timezone.localtime(version.submitted_at).date())
    return ReportText(
        heading=_("%(body)s, submitted %(date)s") % {"body": version.report.organisation.name, "date": submitted},
        status=str(Status(version.status).label),
        done=version.done,
        next_steps=version.next_steps,
        funding=version.funding,
        links=[line.strip() for line in version.links.splitlines() if line.strip()],
    )


def _bodies(measure: Measure) -> tuple[str, str]:
    """(lead body, every body with the lead first and marked) in the active language."""
    names = [responsibility.organisation.name for responsibility in measure.responsibilities.all()]
    if not names:
        return "", in_language(measure, "responsible_bodies_text").text
    return names[0], ", ".join([_("%(body)s (lead)") % {"body": names[0]}, *names[1:]])


def _schedule(measure: Measure) -> str:
    if measure.schedule_start == measure.schedule_end:
        return str(measure.schedule_start)
    return f"{measure.schedule_start}–{measure.schedule_end}"


def _submitted_on(version: StatusReportVersion) -> date:
    return timezone.localtime(version.submitted_at).date()


def _number(value: object) -> str:
    text = f"{value}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if translation.get_language() in ("fi", "sv") else text


def _indicators(measure: Measure, progress_by_indicator: dict[int, selectors.IndicatorProgress]) -> list[IndicatorLine]:
    lines = []
    for indicator in measure.indicators.all():
        item = progress_by_indicator.get(indicator.pk)
        share = item.share_of_target if item else None
        lines.append(
            IndicatorLine(
                name=indicator.name,
                unit=str(indicator.get_unit_display()),
                baseline="–" if indicator.baseline is None else _number(indicator.baseline),
                target=_number(indicator.target),
                latest="–" if item is None or item.latest is None else _number(item.latest),
                share="–" if share is None else f"{share} %",
            )
        )
    return lines


def _milestones(measure: Measure, until: date) -> list[MilestoneLine]:
    return [
        MilestoneLine(
            description=milestone.description,
            due=day(milestone.due),
            reached=day(milestone.reached_on)
            if milestone.reached_on and milestone.reached_on <= until
            else (_("overdue") if milestone.due < until else _("not yet")),
        )
        for milestone in measure.milestones.all()
    ]


def _measure_entry(
    row: selectors.MeasureProgress,
    since: date | None,
    until: date,
    progress_by_indicator: dict[int, selectors.IndicatorProgress],
) -> MeasureEntry:
    """The measure with its status at the end of the period and the latest reports submitted in the period."""
    measure = row.measure
    lead, bodies = _bodies(measure)
    text = in_language(measure, "text")
    reports = [_report_text(version) for version in row.versions if since is None or _submitted_on(version) >= since]
    latest = row.versions[0] if row.versions else None
    return MeasureEntry(
        number=measure.number,
        heading=_("Measure %(number)s") % {"number": measure.number},
        text=text.text,
        text_language=text.language,
        short_text=Truncator(" ".join(text.text.split())).chars(SHORT_TEXT_CHARS),
        lead=lead,
        bodies=bodies,
        schedule=_schedule(measure),
        funding_dependent=_("yes") if measure.funding_dependent else _("no"),
        funding_note=in_language(measure, "funding_note").text,
        status=row.status,
        status_label=row.status_label,
        reports=reports,
        indicators=_indicators(measure, progress_by_indicator),
        milestones=_milestones(measure, until),
        recommendations=[str(recommendation) for recommendation in measure.recommendations.all()],
        reason=" ".join(part for part in (latest.done, latest.next_steps) if part) if latest else "",
    )


def _labels(kind: str, since: date | None) -> dict[str, str]:
    return {
        "number": _("No."),
        "measure": _("Measure"),
        "lead": _("Lead body"),
        "bodies": field_label(Measure, "bodies"),
        "schedule": _("Schedule"),
        "status": field_label(StatusReportVersion, "status"),
        "funding_dependent": field_label(Measure, "funding_dependent"),
        "funding_note": _("Funding note"),
        "done": field_label(StatusReportVersion, "done"),
        "next_steps": field_label(StatusReportVersion, "next_steps"),
        "funding": field_label(StatusReportVersion, "funding"),
        "links": field_label(StatusReportVersion, "links"),
        "period": _("Period"),
        "generated": _("Generated"),
        "publisher": _("Publisher"),
        "series": _("Series"),
        "date": _("Date"),
        "contents": _("Contents"),
        "summary_text": _("Summary"),
        "key_figures": _("Key figures and charts"),
        "attention": _("Measures delayed or at risk"),
        "reason": _("What the latest report says"),
        "summary": _("Summary of the measures"),
        "by_objective": _("Measures by objective"),
        "latest_reports": _("Latest status reports"),
        "indicators": _("Indicators"),
        "indicator": _("Indicator"),
        "unit": _("Unit"),
        "baseline": _("Baseline"),
        "target": _("Target"),
        "latest": _("Latest value"),
        "share": _("Of the way to the target"),
        "milestones": _("Milestones"),
        "milestone": _("Milestone"),
        "due": _("Due"),
        "reached": _("Reached"),
        "recommendations": _("Answers the recommendations"),
        "without_report": _("Measures without a status report in the period")
        if since is not None
        else _("Measures without a status report by the end of the period"),
        "objective": _("Objective"),
        "measures": _("Measures"),
        "in_finnish_only": _("This text is available in Finnish only."),
        "table": _("The chart as a table"),
        "total": _("Total"),
    }


def period_start(programme: Programme, since: date | None = None) -> date:
    """The first day of the reported period: `since`, else the programme's first day."""
    return since or date(programme.start_year, 1, 1)


def period_end(programme: Programme, until: date | None = None) -> date:
    """The end of the reported period: `until`, else today, or the programme's last day once it has ended."""
    return until or min(timezone.localdate(), date(programme.end_year, 12, 31))


def period_problems(programme: Programme, since: date | None, until: date | None) -> dict[str, str]:
    """Why the period cannot be reported on (field: message), or nothing: it must end on or after the programme
    starts, and not before it starts itself."""
    programme_start = period_start(programme)
    end = period_end(programme, until)
    if end < programme_start:
        message = _("The period must end on or after the programme starts (%(date)s).")
        return {"until": message % {"date": day(programme_start)}}
    if since is not None and since > end:
        return {"since": _("The period must not end before it starts.")}
    return {}


def _key_figures(rows: list[selectors.MeasureProgress], programme: Programme, until: date) -> list[tuple[str, str]]:
    counts = selectors.status_counts(rows)
    found = [(_("Measures"), str(len(rows)))] + [(label, str(count)) for _code, label, count in counts]
    latest_round = programme.rounds.filter(period_end__lte=until).order_by("-deadline", "-id").first()
    if latest_round is not None:
        submitted, expected = selectors.submission_count(latest_round)
        found.append(
            (
                _("Reports in the round “%(round)s”") % {"round": latest_round.name},
                _("%(submitted)s of %(expected)s submitted") % {"submitted": submitted, "expected": expected},
            )
        )
    return found


def publication_content(
    programme: Programme,
    *,
    kind: Kind = "implementation_report",
    since: date | None = None,
    until: date | None = None,
    summary: str = "",
    summary_language: str = "",
    publisher: str = "",
    series: str = "",
    dated: date | None = None,
) -> PublicationContent:
    """The report's content in the active language for the period from `since` to `until`.

    A measure's status is the one reported by the end of the period (a
    measure completed before the period stays completed); the reports'
    texts are those submitted in the period (see period_start, period_end).
    Raises ValueError for a period that cannot be reported on.
    """
    if problems := period_problems(programme, since, until):
        raise ValueError(" ".join(problems.values()))
    start = period_start(programme, since)
    until = period_end(programme, until)
    rows = selectors.progress(programme, until=until)
    indicator_items = {item.indicator.pk: item for item in selectors.indicator_progress(programme, until=until)}
    entries = {row.measure.pk: _measure_entry(row, since, until, indicator_items) for row in rows}
    objectives = list(selectors.objectives_of(programme))
    reported = [
        ObjectiveEntry(
            heading=str(objective),
            measures=[
                entries[row.measure.pk]
                for row in rows
                if row.measure.objective_id == objective.pk and entries[row.measure.pk].reports
            ],
        )
        for objective in objectives
    ]
    # The implementation report has the status by objective and the indicators; the progress report the
    # dashboard's charts: by body and over the rounds too.
    chart_list = [figures.status_by_objective(rows, objectives)]
    if kind == "progress_report":
        chart_list += [figures.status_by_body(rows), figures.status_over_rounds(programme, until=until)]
    if any(item.latest is not None for item in indicator_items.values()):
        chart_list.append(figures.indicators_chart(list(indicator_items.values())))
    title = (
        _("Progress report to the ministerial working group")
        if kind == "progress_report"
        else _("Implementation report")
    )
    return PublicationContent(
        kind=kind,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        title=title,
        programme=programme.name,
        publisher=publisher,
        series=series,
        date=day(dated or until),
        period=f"{day(start)}–{day(until)}",
        generated=day(timezone.localdate()),
        summary=summary,
        summary_language=summary_language,
        key_figures=_key_figures(rows, programme, until),
        charts=[chart for chart in chart_list if not chart.empty],
        attention=[entries[row.measure.pk] for row in rows if row.status in ATTENTION]
        if kind == "progress_report"
        else [],
        measures=[entries[row.measure.pk] for row in rows],
        objectives=[objective for objective in reported if objective.measures],
        without_report=[entries[row.measure.pk] for row in rows if not entries[row.measure.pk].reports],
        labels=_labels(kind, since),
    )


def implementation_report_content(
    programme: Programme, *, since: date | None = None, until: date | None = None
) -> PublicationContent:
    """The implementation report of a period, as the coordinator prepares one at any time (no summary yet)."""
    return publication_content(programme, since=since, until=until, series=programme.publication)
