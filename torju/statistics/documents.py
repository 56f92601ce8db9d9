"""The annual review as documents: PDF and DOCX to read, XLSX and CSV tables as open data.

Every format lays out the one content model of torju.statistics.review, so
the documents say what the page says. The PDF is WeasyPrint's rendering of
the page's own HTML (statistics/_review_body.html) with print CSS; the DOCX
is the same content through python-docx; the tables of both spreadsheets
are the review's tables. What goes in is the caller's choice: the views and
the command give these writers only the public form.
"""

import io
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from torju.documents import docx
from torju.documents.pdf import render_pdf
from torju.documents.tabular import csv_lines, escape_formula
from torju.statistics.review import DATE, SUPPRESSED, Review, Table, build_review
from torju.statistics.selectors import ReviewStatistics

FORMATS = ("pdf", "docx", "xlsx", "csv")
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

TEXT_WIDTH_CM = 17.0
NUMBER_COLUMN_CM = 2.3
CHART_WIDTH_CM = 16.0
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _check(language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")


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


def _docx_table(document: Any, table: Table) -> None:
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
    for row_number, row in enumerate(grid.rows):
        is_total = row_number > 0 and table.lines[row_number - 1].is_total
        for column, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                if column > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.space_after = Pt(0)
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
    _docx_table(document, review.key_figures)
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


def _sheet_names(tables: list[Table]) -> list[str]:
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


def _fill_sheet(sheet: Worksheet, review: Review, table: Table) -> None:
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

    An empty count or share is a figure withheld by disclosure control (or
    a share with nothing to take it of).
    """
    for table in review.tables:
        for row in table.all_rows:
            about = [table.key, table.title, row.key, row.label]
            yield [*about, review.year, row.count, row.share]
            if review.previous_year is not None:
                yield [*about, review.previous_year, row.previous, row.previous_share]


def review_csv(review: Review) -> bytes:
    return "".join(csv_lines(csv_header(review), csv_rows(review))).encode("utf-8")


WRITERS: dict[str, Callable[[Review], bytes]] = {
    "pdf": review_pdf,
    "docx": review_docx,
    "xlsx": review_xlsx,
    "csv": review_csv,
}


def render_review(statistics: ReviewStatistics, *, language: str = "fi", fmt: str) -> bytes:
    """The review of `statistics` in `language` as PDF, DOCX, XLSX or CSV bytes (ValueError for unknown ones)."""
    _check(language, fmt)
    with translation.override(language):
        return WRITERS[fmt](build_review(statistics))


def review_filename(year: int, *, language: str, fmt: str) -> str:
    """E.g. auttamisjarjestelman-tilastot-2025-fi.pdf."""
    with translation.override(language):
        stem = slugify(_("assistance system statistics"))
    return f"{stem}-{year}-{language}.{fmt}"
