"""Checking the rows of a measures file: every problem of every row, before anything is written."""

from dataclasses import dataclass
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from torju.accounts.models import Organisation
from torju.programme.measure_io.columns import (
    BOOLEANS,
    COLUMNS,
    FIRST_YEAR,
    HEADER_ROW,
    IMPORT_ONLY_COLUMNS,
    LAST_YEAR,
    MAX_NUMBER,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
)
from torju.programme.measure_io.reading import ImportProblem, Table
from torju.programme.models import Objective, PriorityArea


@dataclass
class MeasureRow:
    row: int
    values: dict[str, Any]


@dataclass
class Lookups:
    objectives: dict[int, Objective]
    organisations: dict[str, Organisation]
    priority_areas: dict[str, PriorityArea]


class _RowChecker:
    """Turns one row's cells into values, noting every problem."""

    def __init__(self, row: int, cells: dict[str, str], lookups: Lookups, problems: list[ImportProblem]) -> None:
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
        for column in TEXT_COLUMNS:
            if column != "text_fi" and column in cells:
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


def check_rows(table: Table, lookups: Lookups) -> tuple[list[MeasureRow], dict[int, str], list[ImportProblem]]:
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
    rows: list[MeasureRow] = []
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
        rows.append(MeasureRow(number, values))
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
