"""CSV output shared by every export, with spreadsheet-formula escaping.

A cell starting with =, +, -, @, tab or carriage return would be run as a
formula by a spreadsheet program (CSV injection); such cells get a leading
apostrophe, which spreadsheets show as text.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that spreadsheet programs read UTF-8
    yield writer.writerow([escape_formula(cell) for cell in header])
    for row in rows:
        yield writer.writerow(["" if cell is None else escape_formula(cell) for cell in row])


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> StreamingHttpResponse:
    """Stream rows as CSV without holding them all in memory."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
