"""The annual review as documents: PDF and DOCX to read, XLSX and CSV tables as open data.

Every format lays out the one content model of torju.statistics.review, so
the documents say what the page says. The PDF is WeasyPrint's rendering of
the page's own HTML (statistics/_review_body.html) with print CSS; the DOCX
is the same content through python-docx; the tables of both spreadsheets
are the review's tables. Every one of them leaves the system, so
`render_review` refuses the exact form whoever calls it (open data and
publications: the public form only).
"""

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from torju.documents import docx
from torju.documents.pdf import render_pdf
from torju.documents.tabular import csv_lines, escape_formula
from torju.helpline.disclosure import shows_small_counts as shows_small_helpline_counts
from torju.statistics.disclosure import shows_small_counts
from torju.statistics.permissions import PUBLIC
from torju.statistics.review import build_review
from torju.statistics.review.model import DATE, SUPPRESSED, CrossTable, Review, Table
from torju.statistics.selectors import ReviewStatistics

if TYPE_CHECKING:
    from torju.statistics.models import Release

FORMATS = ("pdf", "docx", "xlsx", "csv")
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

TEXT_WIDTH_CM = 17.0
NUMBER_COLUMN_CM = 2.6  # the longest word of a heading ("tuntematon", "Förändring") in 9 pt bold and the cell margins
CHART_WIDTH_CM = 16.0
CELL_MARGIN_TWIPS = 108  # the left cell margin of python-docx's "Table Grid" style (0.19 cm)
TABLE_PROPERTIES_AFTER_INDENT = (  # the elements that follow w:tblInd in w:tblPr (ECMA-376)
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
KEEP_TOGETHER_LINES = 25  # a table of at most this many lines stays on one page (as statistics/_table.html)
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


class ExactFormError(ValueError):
    """A document of the exact statistics was asked for: documents leave the system, so only the public form."""


def _check(statistics: ReviewStatistics, language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    years = [statistics.current, *([statistics.previous] if statistics.previous is not None else [])]
    released = [key for key, _reason in statistics.released]
    small = [
        shows_small_counts(year, [statistics.events_by_form_and_sex], statistics.threshold, released=released)
        for year in years
    ]
    # The info line's section: its own public form (torju.helpline.disclosure), never an exact count.
    helpline = statistics.helpline or {}
    small.extend(shows_small_helpline_counts(dict(year), statistics.threshold) for year in helpline.values())
    if statistics.publication != PUBLIC or any(small):
        raise ExactFormError(f"a {fmt} of the review is made of the public form only, under disclosure control")


def _generated() -> str:
    return _("Produced on %(date)s from the register of the assistance system.") % {
        "date": date_format(timezone.localdate(), DATE)
    }


# PDF


def review_pdf(review: Review) -> bytes:
    """The page's HTML laid out for A4, with a title page; call inside `translation.override`."""
    html = render_to_string("statistics/review_document.html", {"review": review, "generated": _generated()})
    return render_pdf(html)


# DOCX


def _caption(document: Any, text: str) -> None:
    """A bold line kept on the page of the table or chart that follows it."""
    for paragraph in docx.paragraphs(document, text, bold=True):
        paragraph.paragraph_format.keep_with_next = True


def within_the_text_column(table: CT_Tbl) -> None:
    """Indent the table by its cells' left margin: Word and LibreOffice otherwise draw its left border that much
    into the page's margin (the text, not the border, aligns with the margin)."""
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
    indent.set(qn("w:type"), "dxa")
    table.tblPr.insert_element_before(indent, *TABLE_PROPERTIES_AFTER_INDENT)


def _docx_table(document: Any, table: Table | CrossTable, *, captioned: bool = True) -> None:
    """The table under its title; `captioned=False` where the heading above already says it."""
    if captioned:
        _caption(document, f"{table.title} ({table.share_of})" if table.share_of else table.title)
    numbers = len(table.header)
    widths = [TEXT_WIDTH_CM - numbers * NUMBER_COLUMN_CM, *([NUMBER_COLUMN_CM] * numbers)]
    grid = docx.table(
        document,
        [table.label_heading, *table.header],
        [[line.label, *line.cells] for line in table.lines],
        widths_cm=widths,
        font_size_pt=9,
    )
    within_the_text_column(grid._tbl)
    keep_together = len(table.lines) <= KEEP_TOGETHER_LINES
    for row_number, row in enumerate(grid.rows):
        is_total = row_number > 0 and table.lines[row_number - 1].is_total
        for column, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                if column > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.space_after = Pt(0)
                # A short table moves to the next page whole, as in the PDF. It also keeps LibreOffice from
                # splitting it after the repeated header row, where it loses the rows that follow.
                if keep_together and row_number < len(grid.rows) - 1:
                    paragraph.paragraph_format.keep_with_next = True
                if is_total:
                    for run in paragraph.runs:
                        run.bold = True
    document.add_paragraph()


def review_docx(review: Review) -> bytes:
    document = docx.new_document(title=review.title, language=review.language)
    docx.heading(document, review.title, 0)
    for paragraph in review.introduction:
        docx.paragraphs(document, paragraph)
    for note in review.notes:
        docx.paragraphs(document, note, bold=True)
    docx.paragraphs(document, _generated())
    docx.heading(document, review.key_figures.title, 1)
    _docx_table(document, review.key_figures, captioned=bool(review.key_figures.share_of))
    for section in review.sections:
        docx.heading(document, section.heading, 1, new_page=True)
        for paragraph in section.paragraphs:
            docx.paragraphs(document, paragraph)
        for chart in section.charts:
            _caption(document, chart.title)
            docx.image(document, chart.image("png"), width_cm=CHART_WIDTH_CM, description=chart.description)
        for table in section.tables:
            _docx_table(document, table)
    return docx.to_bytes(document)


# XLSX


def _sheet_names(tables: list[Table | CrossTable]) -> list[str]:
    """Each table's tab name: at most 31 characters, none that Excel forbids, no two alike."""
    names: list[str] = []
    for table in tables:
        base = " ".join(table.sheet.translate(SHEET_NAME_FORBIDDEN).split())[:SHEET_NAME_MAX] or table.key
        name, number = base, 2
        while name.casefold() in {taken.casefold() for taken in names}:
            suffix = f" {number}"
            name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
        names.append(name)
    return names


def _cell(value: Any) -> Any:
    return SUPPRESSED if value is None else escape_formula(value)


def _fill_sheet(sheet: Worksheet, review: Review, table: Table | CrossTable) -> None:
    sheet.append([_cell(table.title)])
    sheet.append([_cell(table.share_of)] if table.share_of else [])
    sheet.append([])
    sheet.append([_cell(table.label_heading), _cell(review.labels["code"]), *map(_cell, table.header)])
    for line in table.lines:
        sheet.append([_cell(line.label), _cell(line.key), *map(_cell, line.values)])
    sheet["A1"].font = Font(bold=True, size=12)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=5, min_col=3):
        for cell in row:
            cell.alignment = Alignment(horizontal="right")
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 28
    for letter in "CDEF":
        sheet.column_dimensions[letter].width = 11
    sheet.freeze_panes = "A5"


def review_xlsx(review: Review) -> bytes:
    """A sheet about the review (title, form, notes), then one sheet per table."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = pgettext("a spreadsheet tab about the statistics review", "Review")[:SHEET_NAME_MAX]
    for line in [review.title, "", *review.notes, _generated(), "", *review.introduction]:
        about.append([_cell(line)])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    for table, name in zip(review.tables, _sheet_names(review.tables), strict=True):
        _fill_sheet(workbook.create_sheet(name), review, table)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# CSV


def csv_header(review: Review) -> list[str]:
    return [review.labels[key] for key in ("table", "title", "code", "item", "year", "count", "share")]


def csv_rows(review: Review) -> Iterator[list[Any]]:
    """Long form, one row per table, item and year: machine-readable, every year's figure in one column.

    A cross-tabulation is a table per column (`<key>.<column code>`, and
    `<key>.total` for the row totals), each with the column total as its
    `total` item. An empty count or share is a figure withheld by disclosure
    control (or a share with nothing to take it of).
    """
    for table in review.tables:
        for record in table.records():
            yield list(record)


def review_csv(review: Review) -> bytes:
    return "".join(csv_lines(csv_header(review), csv_rows(review))).encode("utf-8")


WRITERS: dict[str, Callable[[Review], bytes]] = {
    "pdf": review_pdf,
    "docx": review_docx,
    "xlsx": review_xlsx,
    "csv": review_csv,
}


def render_review(statistics: ReviewStatistics, *, language: str = "fi", fmt: str) -> bytes:
    """The review of `statistics` in `language` as PDF, DOCX, XLSX or CSV bytes.

    ValueError for an unknown language or format, and ExactFormError (a
    ValueError) for statistics in the exact form.
    """
    _check(statistics, language, fmt)
    with translation.override(language):
        return WRITERS[fmt](build_review(statistics))


def review_filename(year: int, *, language: str, fmt: str) -> str:
    """E.g. auttamisjarjestelman-tilastot-2025-fi.pdf."""
    with translation.override(language):
        stem = slugify(_("assistance system statistics"))
    return f"{stem}-{year}-{language}.{fmt}"


def statistics_filename(year: int) -> str:
    """The JSON's name in the active language, e.g. auttamisjarjestelman-tilastot-2025.json (its keys are codes)."""
    return f"{slugify(_('assistance system statistics'))}-{year}.json"


# Releases (torju.statistics.services.release_document): the documents of a published release, rendered from its
# frozen figures. The situational picture registers its own renderer (torju.situation).

ReleaseRenderer = Callable[["Release", str, str], bytes]
RELEASE_RENDERERS: dict[str, tuple[ReleaseRenderer, tuple[str, ...]]] = {}


def register_release_renderer(kind: str, render: ReleaseRenderer, formats: tuple[str, ...]) -> None:
    RELEASE_RENDERERS[kind] = (render, formats)


def release_formats(release: "Release") -> tuple[str, ...]:
    return RELEASE_RENDERERS[release.kind][1]


def render_release(release: "Release", *, language: str, fmt: str) -> bytes:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    render, formats = RELEASE_RENDERERS[release.kind]
    if fmt not in formats:
        raise ValueError(f"unknown format {fmt!r}")
    return render(release, language, fmt)


def release_filename(release: "Release", *, language: str, fmt: str) -> str:
    """E.g. auttamisjarjestelman-tilastot-2025-fi.pdf, tilannekuva-2015-2024-sv.docx."""
    with translation.override(language):
        stem = slugify(release.title)
    return f"{stem}-{release.pk}-{language}.{fmt}"


def _render_annual_review(release: "Release", language: str, fmt: str) -> bytes:
    from torju.statistics.services import review_statistics_of

    return render_review(review_statistics_of(release), language=language, fmt=fmt)


register_release_renderer("annual_review", _render_annual_review, FORMATS)
