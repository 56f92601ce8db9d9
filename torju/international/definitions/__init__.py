"""The reporting templates as data: one TOML definition file per template and round (docs/international-reporting.md).

A definition names its template (`eu`, `greta`, `unodc`), its round and the
first reference year the round applies to, the population it counts
(identified, presumed victims), the years side by side (offsets from the
reference year), its dimensions and tables, and the rows it takes from the
authorities' criminal-justice figures. A dimension maps every value of one
register source (SOURCES) to exactly one of the template's categories: a new
round of a questionnaire is a new file, not new code. A value left unmapped,
mapped twice or unknown to the register is a `TemplateError`, which the
analyst sees with every problem listed.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from torju.codes.selectors import codes_of
from torju.international.population import CITIZENSHIP_GROUPS, STATUSES, TRAFFICKING_TYPES
from torju.statistics.schema import AGE_BANDS, UNKNOWN

DEFINITIONS = Path(__file__).resolve().parent
TEMPLATES = ("eu", "greta", "unodc")
YEAR = "year"  # a table's dimension of the years side by side


def source_values(source: str) -> tuple[str, ...]:
    """Every value the register gives for a dimension source, in order (code lists with their inactive codes)."""
    if source == "sex":
        return tuple(codes_of("sex", include_inactive=True).values_list("code", flat=True))
    if source == "exploitation_form":
        return (*codes_of("exploitation_form", include_inactive=True).values_list("code", flat=True), UNKNOWN)
    fixed = {
        "age_band": AGE_BANDS,
        "citizenship_group": CITIZENSHIP_GROUPS,
        "trafficking_type": TRAFFICKING_TYPES,
        "victim_status": STATUSES,
    }
    if source not in fixed:
        raise KeyError(source)
    return fixed[source]


SOURCES = ("sex", "age_band", "citizenship_group", "exploitation_form", "trafficking_type", "victim_status")


class TemplateError(ValueError):
    """A definition that cannot be used; `problems` lists every problem found."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name, self.problems = name, problems
        super().__init__(f"{name}: " + "; ".join(problems))


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    key: str
    source: str
    categories: tuple[Category, ...]

    def category_of(self, value: str) -> Category | None:
        for category in self.categories:
            if value in category.codes:
                return category
        return None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: str  # a dimension key
    columns: str  # a dimension key, or YEAR


@dataclass(frozen=True)
class JusticeRow:
    key: str
    label: str
    stage: str
    offences: tuple[str, ...]
    court: str


@dataclass(frozen=True)
class Template:
    template: str
    round: str
    first_year: int
    name: str
    population: tuple[str, ...]
    years: tuple[int, ...]  # offsets from the reference year, oldest first
    dimensions: dict[str, Dimension]
    tables: tuple[Table, ...]
    justice: tuple[JusticeRow, ...]
    file_name: str

    def reference_years(self, year: int) -> list[int]:
        return [year + offset for offset in self.years]


def _text(data: dict[str, Any], key: str, problems: list[str], where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        problems.append(f"{where}: `{key}` is missing")
        return ""
    return value


def _dimension(key: str, data: dict[str, Any], problems: list[str]) -> Dimension:
    source = data.get("source", "")
    categories = tuple(
        Category(
            str(item.get("key", "")), str(item.get("label", "")), tuple(str(code) for code in item.get("codes", ()))
        )
        for item in data.get("categories", ())
    )
    if source not in SOURCES:
        problems.append(f"dimension {key}: unknown source {source!r} (one of {', '.join(SOURCES)})")
        return Dimension(key, str(source), categories)
    values = source_values(source)
    mapped: dict[str, str] = {}
    for category in categories:
        for code in category.codes:
            if code not in values:
                problems.append(f"dimension {key}: category {category.key} maps {code!r}, no value of {source}")
            elif code in mapped:
                problems.append(f"dimension {key}: {code!r} is mapped to both {mapped[code]} and {category.key}")
            else:
                mapped[code] = category.key
    for value in values:
        if value not in mapped:
            problems.append(f"dimension {key}: the register code {value!r} of {source} is not mapped to any category")
    return Dimension(key, source, categories)


def parse_template(text: str, name: str) -> Template:
    """A definition from its TOML text; TemplateError with every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(name, [f"not a valid TOML file: {error}"]) from error
    problems: list[str] = []
    template = _text(data, "template", problems, name)
    if template and template not in TEMPLATES:
        problems.append(f"unknown template {template!r} (one of {', '.join(TEMPLATES)})")
    population = tuple(data.get("population", ()))
    if not population or any(status not in STATUSES for status in population):
        problems.append(f"`population` must list some of {', '.join(STATUSES)}")
    dimensions = {key: _dimension(key, value, problems) for key, value in data.get("dimensions", {}).items()}
    tables = tuple(
        Table(
            str(item.get("key", "")),
            str(item.get("title", "")),
            str(item.get("rows", "")),
            str(item.get("columns", "")),
        )
        for item in data.get("tables", ())
    )
    for table in tables:
        for axis in (table.rows, table.columns):
            if axis not in dimensions and axis != YEAR:
                problems.append(f"table {table.key}: no dimension {axis!r}")
        if table.rows == table.columns:
            problems.append(f"table {table.key}: rows and columns are the same dimension")
    if not tables:
        problems.append("no tables")
    justice = tuple(
        JusticeRow(
            str(item.get("key", "")),
            str(item.get("label", "")),
            str(item.get("stage", "")),
            tuple(item.get("offences", ())),
            str(item.get("court", "")),
        )
        for item in data.get("justice", ())
    )
    years = tuple(int(offset) for offset in data.get("years", [0]))
    if problems:
        raise TemplateError(name, problems)
    return Template(
        template=template,
        round=str(data.get("round", "")),
        first_year=int(data.get("first_year", 0)),
        name=str(data.get("name", template)),
        population=population,
        years=tuple(sorted(years)),
        dimensions=dimensions,
        tables=tables,
        justice=justice,
        file_name=name,
    )


def definition_files(folder: Path = DEFINITIONS) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def template_for(template: str, year: int, *, folder: Path = DEFINITIONS) -> Template:
    """The round of `template` that applies to reference year `year`: the latest whose first year is not after it."""
    if template not in TEMPLATES:
        raise TemplateError(template, [f"unknown template {template!r} (one of {', '.join(TEMPLATES)})"])
    candidates = []
    for path in definition_files(folder):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("template") == template and int(data.get("first_year", 0)) <= year:
            candidates.append((int(data.get("first_year", 0)), str(data.get("round", "")), path))
    if not candidates:
        raise TemplateError(template, [f"no round of {template} applies to {year}"])
    path = max(candidates)[2]
    return parse_template(path.read_text(encoding="utf-8"), path.name)
