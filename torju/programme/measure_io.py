"""A programme's measures as a spreadsheet (CSV or XLSX), and back.

The coordinator edits the measures in a spreadsheet and imports the file:
measures are matched by number, updated or created, never duplicated and
never deleted. An import is all-or-nothing: every row is checked first and
any error leaves the database as it was, with the complete list of errors
(row as a spreadsheet numbers it, the header being row 1; column; message).

A new programme starts empty: the optional import column objective_title_fi
creates the objectives it does not have yet (the title in the first row that
names the objective). The export leaves the column out, and for an existing
objective the cell must be empty or repeat its title, so that a mistyped
objective number is an error rather than a new objective.

Cells that a spreadsheet would run as formulas are written with a leading
apostrophe (torju.documents.tabular.escape_formula); the import removes that
apostrophe again, so that export → import → export gives the same file.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from torju.accounts.models import Organisation, User
from torju.actor import legacy_actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.tabular import FORMULA_STARTS, csv_lines, escape_formula
from torju.programme.models import Measure, Objective, PriorityArea, Programme, Responsibility
from torju.programme.permissions import is_coordinator
from torju.programme.selectors import measures_of

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
CONTENT_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

COLUMNS = (
    "number",
    "objective",
    "text_fi",
    "responsible_bodies",
    "responsible_bodies_text",
    "schedule_start",
    "schedule_end",
    "funding_dependent",
    "funding_note",
    "priority_areas",
)
# Read by the import only: the title of an objective the programme does not have yet.
IMPORT_ONLY_COLUMNS = ("objective_title_fi",)
REQUIRED_COLUMNS = frozenset({"number", "objective", "text_fi", "responsible_bodies", "schedule_start", "schedule_end"})
LIST_SEPARATOR = "; "
YES, NO = "yes", "no"
BOOLEANS = {YES: True, NO: False, "": False}
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NUMBER = 32767  # PositiveSmallIntegerField
HEADER_ROW = 1


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


@dataclass(frozen=True)
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    objectives_created: list[int] = field(default_factory=list)


# Export.


def _export_rows(programme: Programme) -> list[list[Any]]:
    return [
        [
            measure.number,
            measure.objective.number,
            measure.text_fi,
            LIST_SEPARATOR.join(r.organisation.code for r in measure.responsibilities.all()),
            measure.responsible_bodies_text,
            measure.schedule_start,
            measure.schedule_end,
            YES if measure.funding_dependent else NO,
            measure.funding_note,
            LIST_SEPARATOR.join(sorted(area.code for area in measure.priority_areas.all())),
        ]
        for measure in measures_of(programme)
    ]


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


def export_measures(
    programme: Programme, fmt: Format, *, user: User | None = None, request: HttpRequest | None = None
) -> bytes:
    """The programme's measures as CSV (UTF-8 with BOM) or XLSX, in the columns of COLUMNS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    rows = _export_rows(programme)
    content = "".join(csv_lines(COLUMNS, rows)).encode("utf-8") if fmt == "csv" else _xlsx([COLUMNS, *rows])
    record(
        Action.EXPORT,
        legacy_actor(request=request, user=user),
        obj=programme,
        reason=f"measures.{fmt}",
        changes={"measures": len(rows)},
    )
    return content


# Reading a file into rows of text.


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


def _unescape(value: str) -> str:
    """Undo escape_formula."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _read_csv(content: bytes) -> _Table:
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


def _read_xlsx(content: bytes) -> _Table:
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


def _table(records: list[list[str]]) -> _Table:
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
    return _Table(header=header, rows=rows)


# Checking rows.


@dataclass
class _MeasureRow:
    row: int
    values: dict[str, Any]


@dataclass
class _Lookups:
    objectives: dict[int, Objective]
    organisations: dict[str, Organisation]
    priority_areas: dict[str, PriorityArea]


class _RowChecker:
    """Turns one row's cells into values, noting every problem."""

    def __init__(self, row: int, cells: dict[str, str], lookups: _Lookups, problems: list[ImportProblem]) -> None:
        self.row = row
        self.cells = cells
        self.lookups = lookups
        self.problems = problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.row, column, message))

    def whole_number(self, column: str) -> int | None:
        text = self.cells[column].strip()
        if not text:
            self.problem(column, _("This value is required."))
            return None
        if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
            self.problem(column, _("“%(value)s” is not a whole number above zero.") % {"value": text})
            return None
        return int(text)

    def year(self, column: str) -> int | None:
        text = self.cells[column].strip()
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            self.problem(column, _("“%(value)s” is not a year (for example 2026).") % {"value": text})
            return None
        return int(text)

    def codes(self, column: str) -> list[str]:
        codes = [code.strip() for code in self.cells[column].split(";")]
        codes = [code for code in codes if code]
        for code in {code for code in codes if codes.count(code) > 1}:
            self.problem(column, _("“%(code)s” is listed twice.") % {"code": code})
        return codes

    def objective(self, values: dict[str, Any]) -> None:
        """An existing objective, or (with a title) the number and title of one to create."""
        number = self.whole_number("objective")
        if number is None:
            return
        title = self.cells.get("objective_title_fi", "").strip()
        existing = self.lookups.objectives.get(number)
        if existing is not None:
            values["objective"] = existing
            if title and title != existing.title_fi.strip():
                self.problem(
                    "objective_title_fi",
                    _("Objective %(number)s is titled “%(title)s”: leave the cell empty or write the same title.")
                    % {"number": number, "title": Truncator(existing.title_fi).chars(80)},
                )
        else:
            values["new_objective"] = (number, title)  # an empty title must come from another row

    def check(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        cells = self.cells
        if "number" in cells:
            values["number"] = self.whole_number("number")
        if "objective" in cells:
            self.objective(values)
        if "text_fi" in cells:
            values["text_fi"] = cells["text_fi"]
            if not cells["text_fi"].strip():
                self.problem("text_fi", _("This value is required."))
        if "responsible_bodies" in cells:
            values["responsible_bodies"] = []
            for code in self.codes("responsible_bodies"):
                organisation = self.lookups.organisations.get(code.upper())
                if organisation is None:
                    self.problem("responsible_bodies", _("Unknown organisation code “%(code)s”.") % {"code": code})
                else:
                    values["responsible_bodies"].append(organisation)
        for column in ("responsible_bodies_text", "funding_note"):
            if column in cells:
                values[column] = cells[column]
        for column in ("schedule_start", "schedule_end"):
            if column in cells:
                values[column] = self.year(column)
        start, end = values.get("schedule_start"), values.get("schedule_end")
        if start is not None and end is not None and end < start:
            self.problem("schedule_end", _("The schedule must not end before it starts."))
        if "funding_dependent" in cells:
            answer = cells["funding_dependent"].strip().lower()
            if answer in BOOLEANS:
                values["funding_dependent"] = BOOLEANS[answer]
            else:
                self.problem("funding_dependent", _("Write yes or no, not “%(value)s”.") % {"value": answer})
        if "priority_areas" in cells:
            values["priority_areas"] = []
            for code in self.codes("priority_areas"):
                area = self.lookups.priority_areas.get(code)
                if area is None:
                    self.problem("priority_areas", _("Unknown priority area “%(code)s”.") % {"code": code})
                else:
                    values["priority_areas"].append(area)
        return values


def _check(table: _Table, lookups: _Lookups) -> tuple[list[_MeasureRow], dict[int, str], list[ImportProblem]]:
    """The rows' values, the objectives to create (number: title, in the file's order) and every problem."""
    problems: list[ImportProblem] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(table.header):
        if name not in COLUMNS and name not in IMPORT_ONLY_COLUMNS:
            problems.append(ImportProblem(HEADER_ROW, name, _("Unknown column.")))
        elif name in columns:
            problems.append(ImportProblem(HEADER_ROW, name, _("The column appears twice.")))
        else:
            columns[name] = index
    for name in COLUMNS:
        if name in REQUIRED_COLUMNS and name not in columns:
            problems.append(ImportProblem(HEADER_ROW, name, _("The column is missing.")))
    rows: list[_MeasureRow] = []
    first_row_of: dict[int, int] = {}
    new_objectives: dict[int, tuple[str, int]] = {}  # number: (title, the row that gave it)
    for number, cells in table.rows:
        if len(cells) > len(table.header) and any(cell.strip() for cell in cells[len(table.header) :]):
            problems.append(ImportProblem(number, "", _("The row has more cells than the header has columns.")))
        named = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
        values = _RowChecker(number, named, lookups, problems).check()
        if "new_objective" in values and values["new_objective"][1]:
            objective_number, title = values["new_objective"]
            first_title, first_row = new_objectives.setdefault(objective_number, (title, number))
            if title != first_title:
                problems.append(
                    ImportProblem(
                        number,
                        "objective_title_fi",
                        _("Objective %(number)s has another title on row %(row)s.")
                        % {"number": objective_number, "row": first_row},
                    )
                )
        measure_number = values.get("number")
        if measure_number is not None:
            if measure_number in first_row_of:
                problems.append(
                    ImportProblem(
                        number,
                        "number",
                        _("Measure %(number)s is also on row %(row)s.")
                        % {"number": measure_number, "row": first_row_of[measure_number]},
                    )
                )
            else:
                first_row_of[measure_number] = number
        rows.append(_MeasureRow(number, values))
    for row in rows:
        if "new_objective" in row.values and row.values["new_objective"][0] not in new_objectives:
            problems.append(
                ImportProblem(
                    row.row,
                    "objective",
                    _(
                        "The programme has no objective %(number)s. "
                        "To add it, write its title in the column objective_title_fi."
                    )
                    % {"number": row.values["new_objective"][0]},
                )
            )
    problems.sort(key=lambda problem: problem.row or 0)  # stable: a row's problems keep their order
    return rows, {number: title for number, (title, _row) in new_objectives.items()}, problems


# Writing.

_FIELDS = (
    "objective",
    "text_fi",
    "responsible_bodies_text",
    "schedule_start",
    "schedule_end",
    "funding_dependent",
    "funding_note",
)


NEW_MEASURE_DEFAULTS: dict[str, Any] = {
    "responsible_bodies_text": "",
    "funding_dependent": False,
    "funding_note": "",
    "responsible_bodies": [],
    "priority_areas": [],
}


def measure_state(measure: Measure) -> dict[str, Any]:
    """A measure's importable values, comparable and JSON-ready (for the audit trail)."""
    return {
        "objective": measure.objective.number,
        "text_fi": measure.text_fi,
        "responsible_bodies_text": measure.responsible_bodies_text,
        "schedule_start": measure.schedule_start,
        "schedule_end": measure.schedule_end,
        "funding_dependent": measure.funding_dependent,
        "funding_note": measure.funding_note,
        "responsible_bodies": [r.organisation.code for r in measure.responsibilities.all()],
        "priority_areas": sorted(area.code for area in measure.priority_areas.all()),
    }


def _proposed(before: dict[str, Any] | None, values: dict[str, Any]) -> dict[str, Any]:
    """The state a row asks for: its values over the current ones (a new measure's defaults)."""
    state = dict(before) if before is not None else dict(NEW_MEASURE_DEFAULTS)
    for name in _FIELDS:
        if name in values:
            state[name] = values[name].number if name == "objective" else values[name]
    if "responsible_bodies" in values:
        state["responsible_bodies"] = [organisation.code for organisation in values["responsible_bodies"]]
    if "priority_areas" in values:
        state["priority_areas"] = sorted(area.code for area in values["priority_areas"])
    return state


def _write(programme: Programme, measure: Measure | None, values: dict[str, Any], bodies_changed: bool) -> None:
    fields = {name: values[name] for name in _FIELDS if name in values}
    if measure is None:
        measure = Measure.objects.create(programme=programme, number=values["number"], **fields)
    else:
        for name, value in fields.items():
            setattr(measure, name, value)
        measure.save()
    if bodies_changed:
        Responsibility.objects.filter(measure=measure).delete()
        Responsibility.objects.bulk_create(
            Responsibility(measure=measure, organisation=organisation, position=position)
            for position, organisation in enumerate(values["responsible_bodies"])
        )
    if "priority_areas" in values:
        measure.priority_areas.set(values["priority_areas"])


def import_measures(
    programme: Programme, file_bytes: bytes, fmt: Format, *, user: User | None, request: HttpRequest | None = None
) -> ImportResult:
    """Update the programme's measures by number from a CSV or XLSX file, creating new ones.

    `user` is None when an operator runs the management command. Raises
    MeasureImportError with every problem, having written nothing; columns
    left out of the file (the optional ones) keep their current values.
    """
    if user is not None and not is_coordinator(user):
        raise PermissionDenied("coordinator only")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    table = _read_csv(file_bytes) if fmt == "csv" else _read_xlsx(file_bytes)
    with transaction.atomic():
        # Imports of one programme run one at a time: the second sees the first's measures.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        lookups = _Lookups(
            objectives={objective.number: objective for objective in Objective.objects.filter(programme=programme)},
            organisations={organisation.code.upper(): organisation for organisation in Organisation.objects.all()},
            priority_areas={area.code: area for area in PriorityArea.objects.all()},
        )
        rows, new_objectives, problems = _check(table, lookups)
        if problems:
            raise MeasureImportError(problems)
        created_objectives = {
            number: Objective.objects.create(programme=programme, number=number, title_fi=title)
            for number, title in new_objectives.items()
        }
        for row in rows:
            if "new_objective" in row.values:
                row.values["objective"] = created_objectives[row.values.pop("new_objective")[0]]
        existing = {measure.number: measure for measure in measures_of(programme)}
        created: list[int] = []
        updated: list[int] = []
        unchanged: list[int] = []
        changes: dict[str, Any] = {}
        for row in rows:
            number = row.values["number"]
            measure = existing.get(number)
            before = measure_state(measure) if measure is not None else None
            after = _proposed(before, row.values)
            if before == after:
                unchanged.append(number)
                continue
            bodies_changed = before is None or before["responsible_bodies"] != after["responsible_bodies"]
            _write(programme, measure, row.values, bodies_changed)
            if before is None:
                created.append(number)
                changes[str(number)] = {"before": None, "after": after}
            else:
                updated.append(number)
                changed = [name for name in after if after[name] != before[name]]
                changes[str(number)] = {
                    "before": {name: before[name] for name in changed},
                    "after": {name: after[name] for name in changed},
                }
        record(
            Action.IMPORT,
            legacy_actor(request=request, user=user),
            obj=programme,
            reason=f"measures.{fmt}",
            changes={
                "created": created,
                "updated": updated,
                "unchanged": len(unchanged),
                "measures": changes,
                "objectives_created": {str(number): title for number, title in new_objectives.items()},
            },
        )
    return ImportResult(created=created, updated=updated, unchanged=unchanged, objectives_created=list(new_objectives))
