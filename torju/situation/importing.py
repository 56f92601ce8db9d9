"""Reading the authorities' figures: the spec's CSV, JSON-stat 2.0 and PX files, into checked rows or every error.

All or nothing, as the register's import (spec/situational-picture.md § 2):
a file gives either its rows, every one checked, or the complete list of
what is wrong with it, each error naming its line (or cell) and field;
torju.situation.services writes nothing unless the list is empty.

- CSV: UTF-8, comma or semicolon, the header `year, stage, offence, court,
  value, source, retrieved_on` (in any order).
- JSON-stat 2.0 (plain JSON, read directly) and PX (Statistics Finland's
  PC-Axis files, read with the maintained `px2csv` library, in UTF-8; a file
  in ISO-8859-1/15, as many PX files are, is recoded first) with a saved
  `DimensionMapping`: which dimension is the year, the offence, the stage and
  the court (or a fixed value), and which category codes are which of
  Torju's codes. Categories without a mapping (other offences, sums) are left
  out; a missing value (".." or "." in PX, null in JSON-stat) is no figure.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from px2csv import convert  # type: ignore[import-untyped]

from torju.codes.selectors import codes_of
from torju.situation.models import COURT_STAGES, DimensionMapping, MappingFormat

COLUMNS = ("year", "stage", "offence", "court", "value", "source", "retrieved_on")
FIRST_YEAR = 1900
SOURCE_MAX = 300
MAX_ERRORS = 1000  # listed; the rest are counted
KEYS = ("year", "offence", "stage", "court")


@dataclass(frozen=True)
class FigureRow:
    """One checked figure."""

    year: int
    stage: str
    offence: str
    court: str
    value: int
    source: str
    retrieved_on: date

    @property
    def key(self) -> tuple[int, str, str, str]:
        return self.year, self.stage, self.offence, self.court


@dataclass
class Reading:
    """What a file gave: its rows, or what is wrong with it."""

    rows: list[FigureRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    more_errors: int = 0

    def error(self, where: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: {message}")
        else:
            self.more_errors += 1

    @property
    def ok(self) -> bool:
        return not self.errors


class _Codes:
    def __init__(self) -> None:
        self.offence = set(codes_of("offence").values_list("code", flat=True))
        self.stage = set(codes_of("justice_stage").values_list("code", flat=True))
        self.court = set(codes_of("court").values_list("code", flat=True))


def check_row(values: Mapping[str, str], where: str, reading: Reading, codes: _Codes | None = None) -> None:
    """Check one figure given as text (the CSV's cells, a typed-in form, a mapped cell); add it or its errors."""
    codes = codes or _Codes()
    found = len(reading.errors) + reading.more_errors
    year_text = values.get("year", "").strip()
    year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
    if year is None or not FIRST_YEAR <= year <= timezone.localdate().year:
        reading.error(
            where,
            _("year: give a year from %(first)s to this year, not “%(value)s”.")
            % {"first": FIRST_YEAR, "value": year_text},
        )
    stage = values.get("stage", "").strip()
    if stage not in codes.stage:
        reading.error(where, _("stage: “%(value)s” is not a code of the list justice_stage.") % {"value": stage})
    offence = values.get("offence", "").strip()
    if offence not in codes.offence:
        reading.error(where, _("offence: “%(value)s” is not a code of the list offence.") % {"value": offence})
    court = values.get("court", "").strip()
    if stage in COURT_STAGES and court not in codes.court:
        reading.error(
            where,
            _("court: give district, appeal or all for a stage in the courts, not “%(value)s”.") % {"value": court},
        )
    elif stage not in COURT_STAGES and court:
        reading.error(
            where, _("court: leave it empty for a stage outside the courts, not “%(value)s”.") % {"value": court}
        )
    value_text = values.get("value", "").strip()
    value = int(value_text) if re.fullmatch(r"\d{1,9}", value_text) else None
    if value is None:
        reading.error(where, _("value: give a whole number of 0 or more, not “%(value)s”.") % {"value": value_text})
    source = values.get("source", "").strip()
    if not source or len(source) > SOURCE_MAX:
        reading.error(
            where, _("source: give the publisher and the table, at most %(max)s characters.") % {"max": SOURCE_MAX}
        )
    retrieved_text = values.get("retrieved_on", "").strip()
    try:
        retrieved_on = date.fromisoformat(retrieved_text)
    except ValueError:
        retrieved_on = None
    if retrieved_on is None or retrieved_on > timezone.localdate():
        reading.error(
            where,
            _("retrieved_on: give the day the figure was taken (YYYY-MM-DD), not “%(value)s”.")
            % {"value": retrieved_text},
        )
    if len(reading.errors) + reading.more_errors == found:
        assert year is not None and value is not None and retrieved_on is not None
        reading.rows.append(FigureRow(year, stage, offence, court, value, source, retrieved_on))


def _no_duplicates(reading: Reading, where: Iterable[str]) -> None:
    seen: dict[tuple[int, str, str, str], str] = {}
    for row, place in zip(reading.rows, where, strict=True):
        if row.key in seen:
            reading.error(place, _("the same year, stage, offence and court as %(other)s.") % {"other": seen[row.key]})
        else:
            seen[row.key] = place


def read_csv(content: bytes) -> Reading:
    """The spec's CSV (UTF-8, comma or semicolon)."""
    reading = Reading()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        reading.error(_("the file"), _("it is not UTF-8 text."))
        return reading
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in rows.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing:
        reading.error(_("line 1"), _("missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        reading.error(_("line 1"), _("unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if missing or unknown:
        return reading
    codes = _Codes()
    places = []
    for number, row in enumerate(rows, start=2):
        before = len(reading.rows)
        check_row(
            {key.strip(): value or "" for key, value in row.items() if key},
            _("line %(number)s") % {"number": number},
            reading,
            codes,
        )
        if len(reading.rows) > before:
            places.append(_("line %(number)s") % {"number": number})
    if not reading.rows and not reading.errors:
        reading.error(_("the file"), _("it has no figures."))
    _no_duplicates(reading, places)
    return reading


@dataclass(frozen=True)
class Cell:
    """A cell of a statistical table: the category code of each dimension, and its value (None: missing)."""

    categories: dict[str, str]
    value: float | None


def _mapped(cells: Iterable[Cell], mapping: DimensionMapping, retrieved_on: date, source: str) -> Reading:
    """The cells as figures, through the mapping; every problem an error naming the cell."""
    reading = Reading()
    codes = _Codes()
    places = []
    for cell in cells:
        values: dict[str, str] = {}
        skipped = False
        for key in KEYS:
            dimension = mapping.dimensions.get(key)
            if dimension is None:
                values[key] = str(mapping.fixed.get(key, ""))
                continue
            if dimension not in cell.categories:
                reading.error(_("the table"), _("it has no dimension “%(name)s”.") % {"name": dimension})
                return reading
            category = cell.categories[dimension]
            if key == "year" and key not in mapping.codes:
                values[key] = category
                continue
            translated = mapping.codes.get(key, {}).get(category)
            if translated is None:
                skipped = True  # a category the mapping leaves out (another offence, a sum)
                break
            values[key] = translated
        if skipped or cell.value is None:
            continue
        where = ", ".join(f"{name}={code}" for name, code in cell.categories.items())
        number = cell.value
        values["value"] = str(int(number)) if float(number).is_integer() else str(number)
        values["source"] = source
        values["retrieved_on"] = retrieved_on.isoformat()
        before = len(reading.rows)
        check_row(values, where, reading, codes)
        if len(reading.rows) > before:
            places.append(where)
    if not reading.rows and not reading.errors:
        reading.error(_("the table"), _("no cell of it maps to a figure: check the mapping."))
    _no_duplicates(reading, places)
    return reading


def read_json_stat(content: bytes, mapping: DimensionMapping) -> Reading:
    """A JSON-stat 2.0 dataset (one table of Statistics Finland's PxWeb API) through its mapping."""
    try:
        dataset = json.loads(content.decode("utf-8-sig"))
        ids: list[str] = list(dataset["id"])
        sizes: list[int] = [int(size) for size in dataset["size"]]
        categories = []
        for name in ids:
            index = dataset["dimension"][name]["category"]["index"]
            ordered = sorted(index, key=lambda code: index[code]) if isinstance(index, dict) else list(index)
            categories.append(ordered)
        values: Any = dataset["value"]
        updated = dataset.get("updated", "")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        reading = Reading()
        reading.error(_("the file"), _("it is not a JSON-stat 2.0 dataset (%(problem)s).") % {"problem": error})
        return reading
    total = 1
    for size in sizes:
        total *= size
    if isinstance(values, dict):
        values = [values.get(str(position)) for position in range(total)]

    def cells() -> Iterable[Cell]:
        for position in range(total):
            remainder, chosen = position, []
            for size in reversed(sizes):
                chosen.append(remainder % size)
                remainder //= size
            chosen.reverse()
            yield Cell(
                {name: categories[axis][chosen[axis]] for axis, name in enumerate(ids)},
                values[position] if position < len(values) else None,
            )

    retrieved_on = _day(updated) or timezone.localdate()
    return _mapped(cells(), mapping, retrieved_on, mapping.source or dataset.get("label", ""))


ENCODING = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"\s*;', re.IGNORECASE)


def read_px(content: bytes, mapping: DimensionMapping) -> Reading:
    """A PX file (PC-Axis) through its mapping, read with px2csv."""
    declared = ENCODING.search(content)
    encoding = declared.group(1).decode("ascii", "replace").lower() if declared else "iso-8859-1"
    try:
        text = content.decode("utf-8" if encoding in {"utf-8", "utf8"} else encoding)
    except (LookupError, UnicodeDecodeError):
        reading = Reading()
        reading.error(
            _("the file"), _("its characters are not in the encoding it declares (%(name)s).") % {"name": encoding}
        )
        return reading
    utf8 = ENCODING.sub(b'CODEPAGE="utf-8";', text.encode("utf-8")) if declared else text.encode("utf-8")
    output = io.BytesIO()
    try:
        convert(io.BytesIO(utf8), output, include_codes=True, include_labels=False)
    except Exception as error:  # px2csv's own exceptions: a file it cannot read
        reading = Reading()
        reading.error(_("the file"), _("it is not a PX file that can be read (%(problem)s).") % {"problem": error})
        return reading
    table = list(csv.reader(io.StringIO(output.getvalue().decode("utf-8"))))
    header, rows = table[0], table[1:]
    names = [name.removesuffix("_code") for name in header[:-1]]
    updated = re.search(r'(?:LAST-UPDATED|CREATION-DATE)\s*=\s*"(\d{8})', text)
    retrieved_on = _day(updated.group(1)) if updated else None
    cells = (
        Cell(dict(zip(names, row[:-1], strict=True)), float(row[-1]) if row[-1] not in {"", ".", ".."} else None)
        for row in rows
    )
    return _mapped(cells, mapping, retrieved_on or timezone.localdate(), mapping.source)


def _day(text: str) -> date | None:
    digits = re.sub(r"\D", "", text)[:8]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 else None
    except ValueError:
        return None


def read_file(name: str, content: bytes, mapping: DimensionMapping | None) -> Reading:
    """A file by its kind: CSV without a mapping, JSON-stat or PX with one (the mapping says which)."""
    if mapping is None:
        return read_csv(content)
    if mapping.fmt == MappingFormat.JSON_STAT:
        return read_json_stat(content, mapping)
    return read_px(content, mapping)
