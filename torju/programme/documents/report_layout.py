"""The programme's reports laid out: DOCX (python-docx) and PDF (the print template through WeasyPrint), from
one PublicationContent, so that the two formats never say different things."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from torju.documents import docx
from torju.documents.pdf import render_pdf
from torju.programme.documents.common import (
    FACT_COLUMNS_CM,
    FORMATS,
    FRAME_ROOM_CM,
    TEXT_WIDTH_CM,
    check_language_and_format,
)
from torju.programme.documents.report_content import (
    MeasureEntry,
    PublicationContent,
    implementation_report_content,
    period_end,
)
from torju.programme.models import Programme

# Each a little narrower than the text width (FRAME_ROOM_CM).
INDICATOR_COLUMNS_CM = [5.0, 2.1, 2.1, 2.1, 2.3, 2.9]
SUMMARY_COLUMNS_CM = [1.0, 6.9, 4.0, 2.2, 2.4]
MILESTONE_COLUMNS_CM = [9.5, 3.5, 3.5]


CELL_MARGIN_TWIPS = 108  # the Table Grid style's cell margin (0.19 cm)


def _grid(document: Document, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    """A bordered table moved in by its cell margin: Word and LibreOffice draw a table's left border that far
    to the left of the text, into the page's margin, unless the table is indented."""
    grid = docx.table(document, header, rows, widths_cm=widths_cm, font_size_pt=8.5)
    properties = grid._tbl.tblPr
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
    indent.set(qn("w:type"), "dxa")
    properties.append(indent)


def _measure_docx(document: Document, entry: MeasureEntry, labels: dict[str, str]) -> None:
    docx.heading(document, entry.heading, 3)
    docx.paragraphs(document, entry.text)
    if entry.text_language != document.core_properties.language[:2]:
        docx.paragraphs(document, labels["in_finnish_only"])
    facts = [
        (labels["bodies"], [entry.bodies]),
        (labels["schedule"], [entry.schedule]),
        (labels["funding_dependent"], [entry.funding_dependent]),
    ]
    if entry.funding_note:
        facts.append((labels["funding_note"], [entry.funding_note]))
    facts.append((labels["status"], [entry.status_label]))
    if entry.recommendations:
        facts.append((labels["recommendations"], entry.recommendations))
    docx.facts_table(document, facts, widths_cm=FACT_COLUMNS_CM)
    if entry.indicators:
        docx.heading(document, labels["indicators"], 4)
        _grid(
            document,
            [labels[key] for key in ("indicator", "unit", "baseline", "target", "latest", "share")],
            [[line.name, line.unit, line.baseline, line.target, line.latest, line.share] for line in entry.indicators],
            INDICATOR_COLUMNS_CM,
        )
    if entry.milestones:
        docx.heading(document, labels["milestones"], 4)
        _grid(
            document,
            [labels["milestone"], labels["due"], labels["reached"]],
            [[line.description, line.due, line.reached] for line in entry.milestones],
            MILESTONE_COLUMNS_CM,
        )
    docx.heading(document, labels["latest_reports"], 4)
    for report in entry.reports:
        docx.paragraphs(document, report.heading, bold=True)
        report_facts = [(labels["status"], [report.status])]
        for key in ("done", "next_steps", "funding"):
            if text := getattr(report, key):
                report_facts.append((labels[key], [text]))
        if report.links:
            report_facts.append((labels["links"], report.links))
        docx.facts_table(document, report_facts, widths_cm=FACT_COLUMNS_CM)


def _summary_rows(entries: list[MeasureEntry]) -> list[list[str]]:
    return [[str(entry.number), entry.short_text, entry.lead, entry.schedule, entry.status_label] for entry in entries]


def write_docx(content: PublicationContent) -> bytes:
    labels = content.labels
    summary_header = [labels["number"], labels["measure"], labels["lead"], labels["schedule"], labels["status"]]
    document = docx.new_document(title=content.document_title, language=content.language)
    docx.heading(document, content.title, 0)
    docx.paragraphs(document, content.programme, style="Subtitle")
    cover = [("period", content.period), ("date", content.date), ("publisher", content.publisher)]
    cover += [("series", content.series), ("generated", content.generated)]
    for key, value in cover:
        if value:
            docx.paragraphs(document, value, label=labels[key])
    docx.page_break(document)
    docx.heading(document, labels["contents"], 1)
    docx.table_of_contents(document, [(level, heading) for level, heading, _anchor in content.contents])
    if content.summary:
        docx.heading(document, labels["summary_text"], 1, new_page=True)
        docx.paragraphs(document, content.summary)
    docx.heading(document, labels["key_figures"], 1, new_page=not content.summary)
    docx.facts_table(document, [(label, [value]) for label, value in content.key_figures], widths_cm=FACT_COLUMNS_CM)
    for chart in content.charts:
        docx.heading(document, chart.title, 2)
        docx.image(document, chart.image("png"), width_cm=TEXT_WIDTH_CM - FRAME_ROOM_CM, description=chart.description)
    if content.attention:
        docx.heading(document, labels["attention"], 1)
        for entry in content.attention:
            docx.paragraphs(document, f"{entry.heading} ({entry.status_label}): {entry.short_text}", bold=True)
            docx.paragraphs(document, entry.reason or "–", label=labels["reason"])
    docx.heading(document, labels["summary"], 1, new_page=True)
    _grid(document, summary_header, _summary_rows(content.measures), SUMMARY_COLUMNS_CM)
    docx.heading(document, labels["by_objective"], 1, new_page=True)
    for objective in content.objectives:
        docx.heading(document, objective.heading, 2)
        for entry in objective.measures:
            _measure_docx(document, entry, labels)
    if content.without_report:
        docx.heading(document, labels["without_report"], 1, new_page=True)
        _grid(document, summary_header, _summary_rows(content.without_report), SUMMARY_COLUMNS_CM)
    return docx.to_bytes(document)


def write_pdf(content: PublicationContent) -> bytes:
    html = render_to_string(
        "programme/documents/publication.html",
        {
            "content": content,
            "labels": content.labels,
            "charts": [(chart, chart.data_uri()) for chart in content.charts],
        },
    )
    return render_pdf(html)


def write_publication(content: PublicationContent, fmt: str) -> bytes:
    """The report's content laid out as DOCX or PDF (call in the content's language)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return write_docx(content) if fmt == "docx" else write_pdf(content)


# The implementation report prepared at any time for a period (a document job, or the command).
write_implementation_report = write_publication


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
        return write_publication(implementation_report_content(programme, since=since, until=until), fmt)


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
