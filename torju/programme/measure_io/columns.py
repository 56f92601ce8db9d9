"""The columns of the measures spreadsheet, and a measure's values in them."""

from typing import Any, Literal

from torju.programme.models import Measure

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

# The measure's own fields that a row sets, as they are named in the columns.
MEASURE_FIELDS = (
    "objective",
    "text_fi",
    "responsible_bodies_text",
    "schedule_start",
    "schedule_end",
    "funding_dependent",
    "funding_note",
)


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


def export_row(measure: Measure) -> list[Any]:
    """The measure's cells in the order of COLUMNS."""
    return [
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
