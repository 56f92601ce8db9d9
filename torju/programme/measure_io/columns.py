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
    "text_sv",
    "text_en",
    "responsible_bodies",
    "responsible_bodies_text",
    "responsible_bodies_text_sv",
    "responsible_bodies_text_en",
    "schedule_start",
    "schedule_end",
    "funding_dependent",
    "funding_note",
    "funding_note_sv",
    "funding_note_en",
    "priority_areas",
)
# Columns of free text, and the measure's field each fills. The Finnish texts' columns keep the names they
# had before the translations came, so that files exported then still import.
TEXT_COLUMNS = {
    "text_fi": "text_fi",
    "text_sv": "text_sv",
    "text_en": "text_en",
    "responsible_bodies_text": "responsible_bodies_text_fi",
    "responsible_bodies_text_sv": "responsible_bodies_text_sv",
    "responsible_bodies_text_en": "responsible_bodies_text_en",
    "funding_note": "funding_note_fi",
    "funding_note_sv": "funding_note_sv",
    "funding_note_en": "funding_note_en",
}
# Read by the import only: the title of an objective the programme does not have yet.
IMPORT_ONLY_COLUMNS = ("objective_title_fi",)
REQUIRED_COLUMNS = frozenset({"number", "objective", "text_fi", "responsible_bodies", "schedule_start", "schedule_end"})
LIST_SEPARATOR = "; "
YES, NO = "yes", "no"
BOOLEANS = {YES: True, NO: False, "": False}
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NUMBER = 32767  # PositiveSmallIntegerField
HEADER_ROW = 1

# The measure's own fields that a row sets, by the columns' names (the texts: TEXT_COLUMNS).
MEASURE_FIELDS = ("objective", *TEXT_COLUMNS, "schedule_start", "schedule_end", "funding_dependent")


def field_of(column: str) -> str:
    """The measure's field that a column fills."""
    return TEXT_COLUMNS.get(column, column)


def measure_state(measure: Measure) -> dict[str, Any]:
    """A measure's importable values, comparable and JSON-ready (for the audit trail)."""
    return {
        "objective": measure.objective.number,
        **{column: getattr(measure, field) for column, field in TEXT_COLUMNS.items()},
        "schedule_start": measure.schedule_start,
        "schedule_end": measure.schedule_end,
        "funding_dependent": measure.funding_dependent,
        "responsible_bodies": [r.organisation.code for r in measure.responsibilities.all()],
        "priority_areas": sorted(area.code for area in measure.priority_areas.all()),
    }


def export_row(measure: Measure) -> list[Any]:
    """The measure's cells in the order of COLUMNS."""
    cells = {
        "number": measure.number,
        "objective": measure.objective.number,
        **{column: getattr(measure, field) for column, field in TEXT_COLUMNS.items()},
        "responsible_bodies": LIST_SEPARATOR.join(r.organisation.code for r in measure.responsibilities.all()),
        "schedule_start": measure.schedule_start,
        "schedule_end": measure.schedule_end,
        "funding_dependent": YES if measure.funding_dependent else NO,
        "priority_areas": LIST_SEPARATOR.join(sorted(area.code for area in measure.priority_areas.all())),
    }
    return [cells[column] for column in COLUMNS]
