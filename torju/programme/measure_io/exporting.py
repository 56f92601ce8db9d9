"""Writing a programme's measures as CSV or XLSX."""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.tabular import csv_lines, escape_formula
from torju.programme.measure_io.columns import COLUMNS, FORMATS, Format, export_row
from torju.programme.models import Programme
from torju.programme.permissions import require_coordinator_or_operator
from torju.programme.selectors import measures_of


def _xlsx(rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "measures"
    for row in rows:
        sheet.append([str(escape_formula(str(value))) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"  # text, so that spreadsheet programs keep the values as written
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_measures(programme: Programme, fmt: Format, *, actor: Actor) -> bytes:
    """The programme's measures as CSV (UTF-8 with BOM) or XLSX, in the columns of COLUMNS; the export is audited."""
    require_coordinator_or_operator(actor)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    rows = [export_row(measure) for measure in measures_of(programme)]
    content = "".join(csv_lines(COLUMNS, rows)).encode("utf-8") if fmt == "csv" else _xlsx([COLUMNS, *rows])
    record(Action.EXPORT, actor, obj=programme, reason=f"measures.{fmt}", changes={"measures": len(rows)})
    return content
