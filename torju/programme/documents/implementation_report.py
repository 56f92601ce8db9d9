"""The implementation report: every measure of a programme with its status and the bodies' latest reports."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from torju.documents import docx
from torju.documents.charts import stacked_bar_chart
from torju.documents.pdf import render_pdf
from torju.programme import selectors
from torju.programme.documents.common import (
    FACT_COLUMNS_CM,
    FORMATS,
    SHORT_TEXT_CHARS,
    STATUS_COLOURS,
    TEXT_WIDTH_CM,
    check_language_and_format,
    data_uri,
    day,
    field_label,
)
from torju.programme.languages import in_language
from torju.programme.models import Measure, Programme, Status, StatusReportVersion


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
class MeasureEntry:
    number: int
    heading: str
    text: str
    short_text: str
    lead: str
    bodies: str
    schedule: str
    funding_dependent: str
    funding_note: str
    status: str
    status_label: str
    reports: list[ReportText]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[Status(self.status)]


@dataclass(frozen=True)
class ObjectiveEntry:
    heading: str
    measures: list[MeasureEntry]


@dataclass(frozen=True)
class ImplementationReportContent:
    language: str
    title: str
    programme: str
    period: str
    generated: str
    measures: list[MeasureEntry]
    objectives: list[ObjectiveEntry]
    chart_title: str
    chart_categories: list[str]
    chart_series: list[tuple[str, str, list[int]]]
    chart_description: str
    labels: dict[str, str]

    @property
    def document_title(self) -> str:
        return f"{self.title}: {self.programme}"

    def chart(self, fmt: Literal["svg", "png"]) -> bytes:
        """The status chart; its title is the heading above it in the document."""
        return stacked_bar_chart(
            self.chart_categories,
            self.chart_series,
            title="",
            fmt=fmt,
            axis_label=self.labels["measures"],
        )


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


def _measure_entry(row: selectors.MeasureProgress, since: date | None) -> MeasureEntry:
    """The measure with its status at the end of the period and the latest reports submitted in the period."""
    measure = row.measure
    lead, bodies = _bodies(measure)
    return MeasureEntry(
        number=measure.number,
        heading=_("Measure %(number)s") % {"number": measure.number},
        text=measure.text_fi,
        short_text=Truncator(" ".join(measure.text_fi.split())).chars(SHORT_TEXT_CHARS),
        lead=lead,
        bodies=bodies,
        schedule=_schedule(measure),
        funding_dependent=_("yes") if measure.funding_dependent else _("no"),
        funding_note=in_language(measure, "funding_note").text,
        status=row.status,
        status_label=row.status_label,
        reports=[_report_text(version) for version in row.versions if since is None or _submitted_on(version) >= since],
    )


def _report_labels() -> dict[str, str]:
    return {
        "number": _("No."),
        "measure": field_label(Measure, "text_fi"),
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
        "summary": _("Summary of the measures"),
        "by_objective": _("Measures by objective"),
        "latest_reports": _("Latest status reports"),
        "no_reports": _("No status report submitted by the end of the period."),
        "measures": _("Measures"),
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
        return {
            "until": _("The period must end on or after the programme starts (%(date)s).")
            % {"date": day(programme_start)}
        }
    if since is not None and since > end:
        return {"since": _("The period must not end before it starts.")}
    return {}


def implementation_report_content(
    programme: Programme, *, since: date | None = None, until: date | None = None
) -> ImplementationReportContent:
    """The report's content in the active language for the period from `since` to `until`.

    A measure's status is the one reported by the end of the period (a
    measure completed before the period stays completed); the reports'
    texts are those submitted in the period (see period_start, period_end).
    """
    today = timezone.localdate()
    if problems := period_problems(programme, since, until):
        raise ValueError(" ".join(problems.values()))
    start = period_start(programme, since)
    until = period_end(programme, until)
    rows = selectors.progress(programme, until=until)
    entries = {row.measure.pk: _measure_entry(row, since) for row in rows}
    objectives = [
        ObjectiveEntry(
            heading=str(objective),
            measures=[entries[row.measure.pk] for row in rows if row.measure.objective_id == objective.pk],
        )
        for objective in selectors.objectives_of(programme)
    ]
    objectives = [objective for objective in objectives if objective.measures]
    series = [
        (
            label,
            STATUS_COLOURS[Status(code)],
            [sum(1 for entry in objective.measures if entry.status == code) for objective in objectives],
        )
        for code, label in selectors.status_columns()
    ]
    chart_title = _("Status of the measures by objective")
    description = "; ".join(
        f"{objective.heading}: "
        + ", ".join(f"{label} {values[index]}" for label, _colour, values in series if values[index])
        for index, objective in enumerate(objectives)
    )
    return ImplementationReportContent(
        language=translation.get_language() or settings.LANGUAGE_CODE,
        title=_("Implementation report"),
        programme=programme.name,
        period=f"{day(start)}–{day(until)}",
        generated=day(today),
        measures=[entries[row.measure.pk] for row in rows],
        objectives=objectives,
        chart_title=chart_title,
        chart_categories=[objective.heading for objective in objectives],
        chart_series=series,
        chart_description=f"{chart_title}. {description}.",
        labels=_report_labels()
        | ({"no_reports": _("No status report submitted in the period.")} if since is not None else {}),
    )


def _report_docx(content: ImplementationReportContent) -> bytes:
    labels = content.labels
    document = docx.new_document(title=content.document_title, language=content.language)
    docx.heading(document, content.title, 0)
    docx.paragraphs(document, content.programme, style="Subtitle")
    docx.paragraphs(document, content.period, label=labels["period"])
    docx.paragraphs(document, content.generated, label=labels["generated"])
    docx.page_break(document)
    docx.heading(document, labels["summary"], 1)
    docx.table(
        document,
        [labels["number"], labels["measure"], labels["lead"], labels["schedule"], labels["status"]],
        [
            [str(entry.number), entry.short_text, entry.lead, entry.schedule, entry.status_label]
            for entry in content.measures
        ],
        widths_cm=[1.0, 7.2, 4.2, 2.2, 2.4],
        font_size_pt=8.5,
    )
    docx.heading(document, content.chart_title, 1)
    docx.image(document, content.chart("png"), width_cm=TEXT_WIDTH_CM, description=content.chart_description)
    docx.heading(document, labels["by_objective"], 1, new_page=True)
    for objective in content.objectives:
        docx.heading(document, objective.heading, 2)
        for entry in objective.measures:
            docx.heading(document, entry.heading, 3)
            docx.paragraphs(document, entry.text)
            facts = [
                (labels["bodies"], [entry.bodies]),
                (labels["schedule"], [entry.schedule]),
                (labels["funding_dependent"], [entry.funding_dependent]),
            ]
            if entry.funding_note:
                facts.append((labels["funding_note"], [entry.funding_note]))
            facts.append((labels["status"], [entry.status_label]))
            docx.facts_table(document, facts, widths_cm=FACT_COLUMNS_CM)
            docx.heading(document, labels["latest_reports"], 4)
            if not entry.reports:
                docx.paragraphs(document, labels["no_reports"])
            for report in entry.reports:
                docx.paragraphs(document, report.heading, bold=True)
                report_facts = [(labels["status"], [report.status])]
                for key in ("done", "next_steps", "funding"):
                    if text := getattr(report, key):
                        report_facts.append((labels[key], [text]))
                if report.links:
                    report_facts.append((labels["links"], report.links))
                docx.facts_table(document, report_facts, widths_cm=FACT_COLUMNS_CM)
    return docx.to_bytes(document)


def _report_pdf(content: ImplementationReportContent) -> bytes:
    html = render_to_string(
        "programme/documents/implementation_report.html",
        {"content": content, "labels": content.labels, "chart": data_uri(content.chart("svg"), "image/svg+xml")},
    )
    return render_pdf(html)


def write_implementation_report(content: ImplementationReportContent, fmt: str) -> bytes:
    """The report's content laid out as DOCX or PDF (call in the content's language)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return _report_docx(content) if fmt == "docx" else _report_pdf(content)


def implementation_report(
    programme: Programme,
    *,
    language: str = "fi",
    since: date | None = None,
    until: date | None = None,
    fmt: str,
) -> bytes:
    """The programme's implementation report for a period as DOCX or PDF bytes, in `language`.

    Raises ValueError for an unknown language or format, for a period that
    ends before the programme starts and for one that ends before it starts.
    """
    check_language_and_format(language, fmt)
    with translation.override(language):
        return write_implementation_report(implementation_report_content(programme, since=since, until=until), fmt)


def implementation_report_filename(
    programme: Programme, *, language: str, since: date | None = None, until: date | None, fmt: str
) -> str:
    """E.g. toimeenpanoraportti-2026-2027-2026-06-30.pdf: the programme and the period's last day.

    A period chosen to start later than the programme names its first day
    too: toimeenpanoraportti-2026-2027-2027-01-01-2027-06-30.pdf.
    """
    with translation.override(language):
        stem = slugify(_("implementation report"))
    period = period_end(programme, until).isoformat()
    if since is not None:
        period = f"{since.isoformat()}-{period}"
    return f"{stem}-{programme.slug}-{period}.{fmt}"
