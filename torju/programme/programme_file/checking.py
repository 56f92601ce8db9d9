"""A programme as a JSON file, in the format of the shipped plan (data/programme-2026-2027.json).

A file is read and checked as a whole before anything is written, so that
an import is all-or-nothing and the coordinator gets every problem at once,
each with its place in the file (`objectives[0].measures[2].schedule_end`:
positions count from 0, as JSON tools show them) and a message in their
language. The checks mirror the database's own rules (lengths, years in
order, numbers unique) and the references the loader needs (organisation
and priority-area codes), so a checked file always loads.
"""

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
SLUG_MAX_LENGTH = 40
NAME_MAX_LENGTH = 300
AREA_CODE_MAX_LENGTH = 60
AREA_NAME_MAX_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NUMBER = 32767  # PositiveSmallIntegerField
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")  # what the URLs' <slug:...> converter matches

# First path segments of the programme pages (torju/programme/urls.py): a plan with one of these as its
# identifier would be hidden behind those pages. A test keeps this list in step with the URLs.
RESERVED_SLUGS = frozenset(
    {
        "attachments",
        "decisions",
        "groups",
        "import",
        "meetings",
        "my-reports",
        "new",
        "publications",
        "reports",
        "rounds",
    }
)

PROGRAMME_FIELDS = frozenset(
    {"slug", "name_fi", "name_sv", "name_en", "start_year", "end_year", "publication", "priority_areas", "objectives"}
)
AREA_FIELDS = frozenset({"code", "name_fi", "name_sv", "name_en"})
OBJECTIVE_FIELDS = frozenset(
    {"number", "title_fi", "title_sv", "title_en", "introduction_fi", "introduction_sv", "introduction_en", "measures"}
)
MEASURE_TEXT_FIELDS = (
    "text_sv",
    "text_en",
    "responsible_bodies_text_fi",
    "responsible_bodies_text_sv",
    "responsible_bodies_text_en",
    "funding_note_fi",
    "funding_note_sv",
    "funding_note_en",
)
MEASURE_FIELDS = frozenset(
    {
        "number",
        "text_fi",
        *MEASURE_TEXT_FIELDS,
        "responsible_bodies",
        "schedule_start",
        "schedule_end",
        "funding_dependent",
        "priority_areas",
    }
)


@dataclass(frozen=True)
class FileProblem:
    """One problem: where in the file (empty for the file as a whole) and what is wrong."""

    location: str
    message: str


class ProgrammeFileError(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__(f"{len(problems)} problems; nothing was imported")
        self.problems = problems


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot identify a programme, or None when it can."""
    if not SLUG_PATTERN.fullmatch(slug):
        return _("Use only the letters a–z, digits, hyphens (-) and underscores (_), without spaces.")
    if len(slug) > SLUG_MAX_LENGTH:
        return _("This is longer than %(limit)s characters.") % {"limit": SLUG_MAX_LENGTH}
    if slug.lower() in RESERVED_SLUGS:
        return _("“%(slug)s” is reserved for the system's own pages: choose another identifier.") % {"slug": slug}
    return None


def slug_taken(slug: str) -> str:
    return _("A programme with the identifier “%(slug)s” exists already.") % {"slug": slug}


def parse_programme_file(content: bytes) -> dict[str, Any]:
    """The file's JSON object; ProgrammeFileError when it is not UTF-8 JSON holding one object."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProgrammeFileError([FileProblem("", _("The file is not UTF-8 text."))]) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = _("The file is not valid JSON: the error is on line %(line)s, column %(column)s.") % {
            "line": error.lineno,
            "column": error.colno,
        }
        raise ProgrammeFileError([FileProblem("", message)]) from error
    if not isinstance(data, dict):
        raise ProgrammeFileError(
            [FileProblem("", _("The file must hold one JSON object, the programme, at the top level."))]
        )
    return data


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


class _Checker:
    """Collects every problem of one programme's data; each method checks one field."""

    def __init__(self, organisation_codes: Collection[str], priority_area_codes: Collection[str]) -> None:
        self.organisation_codes = organisation_codes
        self.priority_area_codes = set(priority_area_codes)
        self.problems: list[FileProblem] = []
        self.objective_numbers: dict[int, str] = {}
        self.measure_numbers: dict[int, str] = {}

    def problem(self, location: str, message: str) -> None:
        self.problems.append(FileProblem(location, message))

    def fields(self, item: Any, allowed: frozenset[str], where: str) -> bool:
        """Is `item` a JSON object? Notes the fields the format does not have."""
        if not isinstance(item, dict):
            self.problem(where, _("This must be an object with fields ({…})."))
            return False
        for name in sorted(set(item) - allowed):
            self.problem(f"{where}.{name}" if where else name, _("Unknown field."))
        return True

    def text(self, item: dict[str, Any], name: str, where: str, *, required: bool, max_length: int = 0) -> str:
        location = f"{where}.{name}" if where else name
        value = item.get(name)
        if value is None:
            if required:
                self.problem(location, _("This value is required."))
            return ""
        if not isinstance(value, str):
            self.problem(location, _("This must be text in quotes, not %(value)s.") % {"value": _shown(value)})
            return ""
        if required and not value.strip():
            self.problem(location, _("This value is required."))
        if max_length and len(value) > max_length:
            self.problem(location, _("This is longer than %(limit)s characters.") % {"limit": max_length})
        return value

    def number(self, item: dict[str, Any], name: str, where: str) -> int | None:
        location = f"{where}.{name}" if where else name
        value = item.get(name)
        if value is None:
            self.problem(location, _("This value is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
            self.problem(location, _("“%(value)s” is not a whole number above zero.") % {"value": _shown(value)})
            return None
        return value

    def year(self, item: dict[str, Any], name: str, where: str) -> int | None:
        location = f"{where}.{name}" if where else name
        value = item.get(name)
        if value is None:
            self.problem(location, _("This value is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
            self.problem(location, _("“%(value)s” is not a year (for example 2026).") % {"value": _shown(value)})
            return None
        return value

    def listing(self, item: dict[str, Any], name: str, where: str, *, required: bool) -> list[Any]:
        location = f"{where}.{name}" if where else name
        value = item.get(name)
        if value is None:
            if required:
                self.problem(location, _("This value is required."))
            return []
        if not isinstance(value, list):
            self.problem(location, _("This must be a list ([…])."))
            return []
        return value

    def codes(self, item: dict[str, Any], name: str, where: str, known: Collection[str], unknown: str) -> list[str]:
        """A list of codes, each known and listed once; `unknown` is the message for an unknown code."""
        location = f"{where}.{name}"
        codes = []
        for index, code in enumerate(self.listing(item, name, where, required=False)):
            if not isinstance(code, str):
                self.problem(
                    f"{location}[{index}]", _("This must be text in quotes, not %(value)s.") % {"value": _shown(code)}
                )
            elif code in codes:
                self.problem(f"{location}[{index}]", _("“%(code)s” is listed twice.") % {"code": code})
            elif code not in known:
                self.problem(f"{location}[{index}]", unknown % {"code": code})
            else:
                codes.append(code)
        return codes

    def years_in_order(self, start: int | None, end: int | None, location: str, message: str) -> None:
        if start is not None and end is not None and end < start:
            self.problem(location, message)

    def check(self, data: dict[str, Any]) -> list[FileProblem]:
        self.fields(data, PROGRAMME_FIELDS, "")
        slug = self.text(data, "slug", "", required=True)
        if slug and (problem := slug_problem(slug)):
            self.problem("slug", problem)
        self.text(data, "name_fi", "", required=True, max_length=NAME_MAX_LENGTH)
        for name in ("name_sv", "name_en", "publication"):
            self.text(data, name, "", required=False, max_length=NAME_MAX_LENGTH)
        start, end = self.year(data, "start_year", ""), self.year(data, "end_year", "")
        self.years_in_order(start, end, "end_year", _("The programme must not end before it starts."))
        for index, area in enumerate(self.listing(data, "priority_areas", "", required=False)):
            self.priority_area(area, f"priority_areas[{index}]")
        for index, objective in enumerate(self.listing(data, "objectives", "", required=True)):
            self.objective(objective, f"objectives[{index}]")
        return self.problems

    def priority_area(self, area: Any, where: str) -> None:
        if not self.fields(area, AREA_FIELDS, where):
            return
        code = self.text(area, "code", where, required=True, max_length=AREA_CODE_MAX_LENGTH)
        if code and not SLUG_PATTERN.fullmatch(code):
            self.problem(
                f"{where}.code", _("Use only the letters a–z, digits, hyphens (-) and underscores (_), without spaces.")
            )
        self.text(area, "name_fi", where, required=True, max_length=AREA_NAME_MAX_LENGTH)
        for name in ("name_sv", "name_en"):
            self.text(area, name, where, required=False, max_length=AREA_NAME_MAX_LENGTH)
        if code:
            self.priority_area_codes.add(code)

    def unique(self, number: int | None, location: str, seen: dict[int, str]) -> None:
        if number is None:
            return
        if number in seen:
            self.problem(
                location,
                _("The number %(number)s is also used at %(location)s.") % {"number": number, "location": seen[number]},
            )
        else:
            seen[number] = location

    def objective(self, objective: Any, where: str) -> None:
        if not self.fields(objective, OBJECTIVE_FIELDS, where):
            return
        self.unique(self.number(objective, "number", where), f"{where}.number", self.objective_numbers)
        self.text(objective, "title_fi", where, required=True)
        for name in ("title_sv", "title_en", "introduction_fi", "introduction_sv", "introduction_en"):
            self.text(objective, name, where, required=False)
        for index, measure in enumerate(self.listing(objective, "measures", where, required=True)):
            self.measure(measure, f"{where}.measures[{index}]")

    def measure(self, measure: Any, where: str) -> None:
        if not self.fields(measure, MEASURE_FIELDS, where):
            return
        self.unique(self.number(measure, "number", where), f"{where}.number", self.measure_numbers)
        self.text(measure, "text_fi", where, required=True)
        if measure.get("responsible_bodies") is None:
            self.problem(f"{where}.responsible_bodies", _("This value is required."))
        elif isinstance(measure["responsible_bodies"], list) and not measure["responsible_bodies"]:
            self.problem(f"{where}.responsible_bodies", _("Name at least one responsible body."))
        self.codes(
            measure, "responsible_bodies", where, self.organisation_codes, _("Unknown organisation code “%(code)s”.")
        )
        for name in MEASURE_TEXT_FIELDS:
            self.text(measure, name, where, required=False)
        start, end = self.year(measure, "schedule_start", where), self.year(measure, "schedule_end", where)
        self.years_in_order(start, end, f"{where}.schedule_end", _("The schedule must not end before it starts."))
        funding = measure.get("funding_dependent")
        if funding is not None and not isinstance(funding, bool):
            self.problem(
                f"{where}.funding_dependent",
                _("This must be true or false, not %(value)s.") % {"value": _shown(funding)},
            )
        self.codes(measure, "priority_areas", where, self.priority_area_codes, _("Unknown priority area “%(code)s”."))


def check_programme_data(
    data: dict[str, Any], *, organisation_codes: Collection[str], priority_area_codes: Collection[str]
) -> list[FileProblem]:
    """Every problem of the programme's data, in the order of the file; an empty list when it loads.

    The measures' priority areas may be existing ones or those the file defines.
    """
    return _Checker(organisation_codes, priority_area_codes).check(data)
