"""A filled template as CSV (one line per cell, with its definition) and as XLSX (a sheet per table, and the
definitions and the authorities' figures on sheets of their own)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from torju.international.reports import Report, cell_definition

CSV_HEADER = ["template", "round", "year", "publication", "table", "row", "column", "value", "note", "definition"]
WITHHELD = "withheld (disclosure control)"
TOTAL = "total"


def _note(value: int | None) -> str:
    return WITHHELD if value is None else ""


def rows_of(report: Report) -> list[list[str]]:
    """The report's cells as CSV rows (the header not included): each table's cells and margins, then the
    authorities' figures."""
    template, year = report.template, report.year
    head = [template.template, template.round, str(year), report.publication]
    lines: list[list[str]] = []
    for filled in report.tables:
        published, key = filled.published, filled.table.key
        for row, _label in filled.rows:
            for column, _column_label in filled.columns:
                value = published.cells[row][column]
                definition = cell_definition(template, filled.table, row, column, year)
                lines.append([*head, key, row, column, "" if value is None else str(value), _note(value), definition])
            value = published.row_totals[row]
            definition = cell_definition(template, filled.table, row, "", year)
            lines.append([*head, key, row, TOTAL, "" if value is None else str(value), _note(value), definition])
        for column, _label in filled.columns:
            value = published.column_totals[column]
            definition = cell_definition(template, filled.table, "", column, year)
            lines.append([*head, key, TOTAL, column, "" if value is None else str(value), _note(value), definition])
        total = published.total
        lines.append([*head, key, TOTAL, TOTAL, "" if total is None else str(total), _note(total), ""])
    for justice in report.justice:
        shown = "" if justice.value is None else str(justice.value)
        lines.append([*head, "authorities", justice.key, TOTAL, shown, justice.note, "; ".join(justice.sources)])
    return lines


def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows_of(report))
    return buffer.getvalue().encode("utf-8")


def render_xlsx(report: Report) -> bytes:
    template, year = report.template, report.year
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About"
    about.append([template.name])
    about["A1"].font = Font(bold=True)
    about.append(["Template", template.template])
    about.append(["Round", template.round])
    about.append(["Definition file", template.file_name])
    about.append(["Reference year", year])
    about.append(["Years", ", ".join(str(y) for y in template.reference_years(year))])
    about.append(["Population", ", ".join(template.population)])
    publication = "exact counts (official submission)" if report.publication == "exact" else "public form"
    about.append(["Publication", publication])
    if report.publication != "exact":
        about.append(["Disclosure threshold k", report.k])
    for filled in report.tables:
        sheet = book.create_sheet(filled.table.key[:31])
        sheet.append([filled.table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([filled.table.rows, *(label for _key, label in filled.columns), "Total"])
        for position, (key, _label) in enumerate(filled.columns, start=2):
            cell = sheet.cell(row=2, column=position)
            cell.comment = Comment(cell_definition(template, filled.table, "", key, year), "Torju")
        published = filled.published
        for row, label in filled.rows:
            sheet.append([label, *(published.cells[row][c] for c, _l in filled.columns), published.row_totals[row]])
            sheet.cell(row=sheet.max_row, column=1).comment = Comment(
                cell_definition(template, filled.table, row, "", year), "Torju"
            )
        sheet.append(["Total", *(published.column_totals[c] for c, _l in filled.columns), published.total])
        if report.publication != "exact":
            sheet.append(
                [f"Empty cells are withheld: fewer than {report.k} persons, or needed to protect such a cell."]
            )
    if report.justice:
        sheet = book.create_sheet("Authorities")
        sheet.append(["Criminal-justice figures (persons)", "Value", "Note", "Source"])
        for justice in report.justice:
            sheet.append([justice.label, justice.value, justice.note, "; ".join(justice.sources)])
    definitions = book.create_sheet("Definitions")
    definitions.append(["Dimension", "Category", "Label", "Register source", "Register codes"])
    for dimension in template.dimensions.values():
        for category in dimension.categories:
            definitions.append(
                [dimension.key, category.key, category.label, dimension.source, ", ".join(category.codes)]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
