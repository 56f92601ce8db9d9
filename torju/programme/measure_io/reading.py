"""Reading a measures file (CSV or XLSX) into rows of cell text, and the problems an import reports."""

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from torju.documents.tabular import FORMULA_STARTS
from torju.programme.measure_io.columns import HEADER_ROW


@dataclass(frozen=True)
class ImportProblem:
    """One error: `row` as a spreadsheet numbers it (header = 1), None for the file as a whole."""

    row: int | None
    column: str
    message: str


class MeasureImportError(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} errors; nothing was imported")
        self.problems = problems


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


def _unescape(value: str) -> str:
    """Undo escape_formula."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise MeasureImportError(
            [ImportProblem(line, "", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise MeasureImportError([ImportProblem(None, "", _("The file is not valid CSV: %s") % error)]) from error
    return _table(records)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise MeasureImportError([ImportProblem(None, "", _("The file is not an Excel workbook (.xlsx)."))]) from error
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(records)


def _table(records: list[list[str]]) -> Table:
    if not records:
        raise MeasureImportError([ImportProblem(None, "", _("The file is empty."))])
    header = [cell.strip() for cell in records[0]]
    while header and not header[-1]:
        header.pop()  # spreadsheet programs may keep empty columns
    rows = [
        (number, [_unescape(cell) for cell in cells])
        for number, cells in enumerate(records[1:], start=HEADER_ROW + 1)
        if any(cell.strip() for cell in cells)
    ]
    return Table(header=header, rows=rows)
