"""A template filled for a reference year: its tables (exact or public form) and its rows of the authorities' figures.

Each cell is traceable to its definition: `cell_definition` says which
population, register codes and years a cell counts. The public form puts
every table through the statistics' disclosure control
(torju.statistics.disclosure.public_table: cells from 1 to k−1 withheld,
with secondary suppression, margins published) at the statistics' k; the
exact form is the analyst's, for the official submission. The authorities'
figures are counts of persons only where the stage is delivered as persons
(PERSON_STAGES); otherwise, or where no figure was delivered for the year,
the row is marked not available (docs/decisions/0081).
"""

from collections import Counter
from dataclasses import dataclass, field

from torju.international.definitions import YEAR, JusticeRow, Table, Template, TemplateError
from torju.international.population import Victim, victims
from torju.situation.selectors import figures
from torju.statistics.disclosure import PublishedTable, UnprotectableTableError, exact_table, public_table
from torju.statistics.permissions import EXACT, Publication

# Stages whose figures count persons (suspects charged or not, defendants convicted or acquitted); the police's
# and the investigations' figures count offences and cases (docs/decisions/0081).
PERSON_STAGES = frozenset({"charged", "not_charged", "court_convicted", "court_acquitted"})
NOT_AS_PERSONS = "not available: the figure is not delivered as persons"
NOT_DELIVERED = "not available: no figure delivered for the year"


@dataclass(frozen=True)
class FilledTable:
    table: Table
    rows: list[tuple[str, str]]  # (category key, label)
    columns: list[tuple[str, str]]
    published: PublishedTable


@dataclass(frozen=True)
class JusticeValue:
    key: str
    label: str
    value: int | None
    note: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    template: Template
    year: int
    publication: Publication
    k: int
    tables: list[FilledTable]
    justice: list[JusticeValue]
    counted: dict[int, int] = field(default_factory=dict)  # persons counted per year


def _axis(template: Template, key: str, years: list[int]) -> list[tuple[str, str]]:
    if key == YEAR:
        return [(str(year), str(year)) for year in years]
    return [(category.key, category.label) for category in template.dimensions[key].categories]


def _category(template: Template, key: str, victim: Victim, problems: set[str]) -> str:
    if key == YEAR:
        return str(victim.year)
    dimension = template.dimensions[key]
    value = victim.value(dimension.source)
    category = dimension.category_of(value)
    if category is None:
        problems.add(
            f"dimension {key}: the register code {value!r} of {dimension.source} is not mapped to any category"
        )
        return ""
    return category.key


def fill(template: Template, year: int, publication: Publication, k: int) -> Report:
    """The template's tables for `year` in `publication`; TemplateError if the register has an unmapped code."""
    years = template.reference_years(year)
    counted = [victim for victim in victims(min(years), max(years)) if victim.status in template.population]
    problems: set[str] = set()
    tables = []
    for table in template.tables:
        rows, columns = _axis(template, table.rows, years), _axis(template, table.columns, years)
        counts: Counter[tuple[str, str]] = Counter(
            (_category(template, table.rows, victim, problems), _category(template, table.columns, victim, problems))
            for victim in counted
        )
        grid = {row: {column: counts[row, column] for column, _label in columns} for row, _label in rows}
        tables.append(FilledTable(table, rows, columns, _published(grid, publication, k)))
    if problems:
        raise TemplateError(template.file_name, sorted(problems))
    return Report(
        template=template,
        year=year,
        publication=publication,
        k=k,
        tables=tables,
        justice=[justice_value(row, year) for row in template.justice],
        counted=dict(Counter(victim.year for victim in counted)),
    )


def _published(grid: dict[str, dict[str, int]], publication: Publication, k: int) -> PublishedTable:
    if publication == EXACT:
        return exact_table(grid)
    try:
        return public_table(grid, k)
    except UnprotectableTableError:
        exact = exact_table(grid)
        return PublishedTable(
            cells={row: dict.fromkeys(cells) for row, cells in exact.cells.items()},
            row_totals=dict.fromkeys(exact.row_totals),
            column_totals=dict.fromkeys(exact.column_totals),
            total=exact.total,
        )


def justice_value(row: JusticeRow, year: int) -> JusticeValue:
    if row.stage not in PERSON_STAGES:
        return JusticeValue(row.key, row.label, None, NOT_AS_PERSONS)
    found = figures().filter(year=year, stage=row.stage, offence__in=row.offences, court=row.court)
    values = {figure.offence: figure for figure in found}
    if set(values) != set(row.offences):
        return JusticeValue(row.key, row.label, None, NOT_DELIVERED)
    return JusticeValue(
        row.key,
        row.label,
        sum(figure.value for figure in values.values()),
        "",
        tuple(sorted({figure.source for figure in values.values()})),
    )


def cell_definition(template: Template, table: Table, row: str, column: str, year: int) -> str:
    """What a cell counts: the population, the years and the register codes of its row and column."""
    parts = [f"{template.template} {template.round}: {' and '.join(template.population)} victims"]
    years = template.reference_years(year)
    for axis, key in ((table.rows, row), (table.columns, column)):
        if axis == YEAR:
            parts.append(f"year {key}")
            continue
        dimension = template.dimensions[axis]
        codes = next((category.codes for category in dimension.categories if category.key == key), ())
        parts.append(f"{dimension.source} in ({', '.join(codes)})" if key else f"{dimension.source}: all")
    if table.rows != YEAR and table.columns != YEAR:
        parts.append(f"year {years[-1]}")
    return "; ".join(parts)
