"""The review's content model: paragraphs, tables and charts as plain data, in one language.

The web page, the PDF, the DOCX and the XLSX and CSV tables all lay out this
one model (torju.statistics.documents and the templates), so no format can
say something another does not. The builder (review.builder and the
sections) fills it from the statistics JSON.

Percentages are rounded half up to whole percent of the base each table
names (the spec's rule), and a figure withheld by disclosure control (None
in the public form) is shown as "..", as Statistics Finland does.
"""

import base64
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.documents.charts import ChartFormat, bar_chart, grouped_bar_chart
from torju.numbers import count_text
from torju.statistics.disclosure import PublishedTable
from torju.statistics.permissions import EXACT, Publication

Counts = Mapping[str, int | None]

# How the review shows a figure withheld by disclosure control.
SUPPRESSED = ".."
DATE = "j.n.Y"
# What a CSV row of a table of single figures or a cross-tabulation holds: table, title, code, item, year, count,
# share.
Record = tuple[str, str, str, str, int, int | None, int | None]


def percent(part: int | None, base: int | None) -> int | None:
    """`part` as whole percent of `base`, rounded half up (12.5 → 13); None without both or with a zero base."""
    if part is None or not base:
        return None
    return (200 * part + base) // (2 * base)


def figure(value: int | None) -> str:
    """A count as the review prints it: grouped by thousands in the active language (torju.numbers), ".." when
    withheld."""
    return SUPPRESSED if value is None else count_text(value)


def percent_text(value: int | None) -> str:
    return SUPPRESSED if value is None else _("%(percent)s%%") % {"percent": value}


@dataclass(frozen=True)
class Row:
    """One line of a table: a code (or a figure's name) with this year's and the previous year's count."""

    key: str
    label: str
    count: int | None
    share: int | None = None
    previous: int | None = None
    previous_share: int | None = None
    name: str = ""  # the label as it reads inside a sentence ("uhri itse", "Nepal"); the table's is capitalised

    @property
    def in_text(self) -> str:
        return self.name or self.label

    @property
    def change(self) -> int | None:
        if self.count is None or self.previous is None:
            return None
        return self.count - self.previous

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return SUPPRESSED
        return f"+{count_text(change)}" if change > 0 else f"−{count_text(-change)}" if change < 0 else "0"


@dataclass(frozen=True)
class Line:
    """A table row as every output lays it out: label, then this year's and the previous year's columns."""

    key: str
    label: str
    values: list[int | None]
    cells: list[str]
    is_total: bool


@dataclass(frozen=True)
class Table:
    """A table of the review; `key` names it in the CSV, `sheet` is its spreadsheet tab.

    A breakdown (with `share_of`) has the columns year, year %, previous
    year, previous year %; a table of single figures has year, previous
    year and the change. Without a previous year only this year's columns remain.
    """

    key: str
    title: str
    sheet: str
    label_heading: str
    share_of: str
    year: int
    previous_year: int | None
    rows: list[Row]
    total: Row | None = None

    @property
    def has_shares(self) -> bool:
        return bool(self.share_of)

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.total] if self.total is not None else [])]

    @property
    def header(self) -> list[str]:
        """The column headings after the label column."""
        columns = [str(self.year)]
        if self.has_shares:
            columns.append(f"{self.year}, %")
        if self.previous_year is not None:
            columns.append(str(self.previous_year))
            change = pgettext("difference from the previous year", "Change")
            columns.append(f"{self.previous_year}, %" if self.has_shares else change)
        return columns

    def values(self, row: Row) -> list[int | None]:
        values = [row.count]
        if self.has_shares:
            values.append(row.share)
        if self.previous_year is not None:
            values.append(row.previous)
            values.append(row.previous_share if self.has_shares else row.change)
        return values

    def cells(self, row: Row) -> list[str]:
        cells = [figure(value) for value in self.values(row)]
        if self.previous_year is not None and not self.has_shares:
            cells[-1] = row.change_text
        return cells

    @property
    def lines(self) -> list[Line]:
        return [
            Line(
                key=row.key, label=row.label, values=self.values(row), cells=self.cells(row), is_total=row is self.total
            )
            for row in self.all_rows
        ]

    def records(self) -> Iterator[Record]:
        """The table in long form, one record per row and year (the CSV's rows)."""
        for row in self.all_rows:
            yield self.key, self.title, row.key, row.label, self.year, row.count, row.share
            if self.previous_year is not None:
                yield self.key, self.title, row.key, row.label, self.previous_year, row.previous, row.previous_share


@dataclass(frozen=True)
class CrossTable:
    """A cross-tabulation of the review (rows by columns, with the row and column totals) for the year alone.

    It lays out as a Table does (`header`, `lines`), with a column per code
    and one of the row totals, and a last line of the column totals. A cell
    or total withheld by disclosure control is None, shown as "..". The
    review compares none of it with the previous year.
    """

    key: str
    title: str
    sheet: str
    label_heading: str
    year: int
    rows: list[tuple[str, str]]  # (code, label)
    columns: list[tuple[str, str]]
    published: PublishedTable
    total_label: str
    total_column: str
    share_of: str = ""  # no shares: the counts are of the title's unit

    @property
    def header(self) -> list[str]:
        return [*(label for _code, label in self.columns), self.total_column]

    def cell(self, row: str, column: str) -> int | None:
        return self.published.cells[row][column]

    @property
    def lines(self) -> list[Line]:
        lines = []
        for code, label in self.rows:
            values = [*(self.cell(code, column) for column, _label in self.columns), self.published.row_totals[code]]
            lines.append(Line(key=code, label=label, values=values, cells=[*map(figure, values)], is_total=False))
        totals = [*(self.published.column_totals[column] for column, _label in self.columns), self.published.total]
        lines.append(
            Line(key="total", label=self.total_label, values=totals, cells=[*map(figure, totals)], is_total=True)
        )
        return lines

    def records(self) -> Iterator[Record]:
        """The table in long form for the CSV: a table per column ("<key>.<column code>", "<key>.total")."""
        columns = [*self.columns, ("total", self.total_column)]
        for index, (column, column_label) in enumerate(columns):
            title = f"{self.title}: {column_label}"
            for line in self.lines:
                yield f"{self.key}.{column}", title, line.key, line.label, self.year, line.values[index], None


@dataclass(frozen=True)
class Chart:
    """A bar chart of one breakdown; its title is the heading above it, `description` its alternative text."""

    key: str
    title: str
    categories: list[str]
    values: list[int | None]
    axis_label: str

    @property
    def description(self) -> str:
        pairs = zip(self.categories, self.values, strict=True)
        return f"{self.title}. " + "; ".join(f"{category} {figure(value)}" for category, value in pairs) + "."

    def image(self, fmt: ChartFormat) -> bytes:
        return bar_chart(self.categories, self.values, fmt=fmt, axis_label=self.axis_label, hidden_label=SUPPRESSED)

    @property
    def svg_data_uri(self) -> str:
        """The chart as SVG in a `data:` URL, for the page and the PDF (the CSP allows data: images)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.image("svg")).decode("ascii")


@dataclass(frozen=True)
class GroupedChart:
    """Bars in groups: a group per category, a bar per series (label, colour, values), as the review's chart of the
    forms of exploitation by sex."""

    key: str
    title: str
    categories: list[str]
    series: list[tuple[str, str, list[int | None]]]
    axis_label: str

    @property
    def description(self) -> str:
        groups = [
            f"{category}: " + ", ".join(f"{label} {figure(values[index])}" for label, _colour, values in self.series)
            for index, category in enumerate(self.categories)
        ]
        return f"{self.title}. " + "; ".join(groups) + "."

    def image(self, fmt: ChartFormat) -> bytes:
        return grouped_bar_chart(
            self.categories, self.series, fmt=fmt, axis_label=self.axis_label, hidden_label=SUPPRESSED
        )

    @property
    def svg_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.image("svg")).decode("ascii")


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: list[str]
    tables: list[Table | CrossTable]
    charts: list[Chart | GroupedChart]


@dataclass(frozen=True)
class Review:
    """The whole review in one language: what every output lays out."""

    language: str
    year: int
    previous_year: int | None
    publication: Publication
    threshold: int
    title: str
    introduction: list[str]
    notes: list[str]
    key_figures: Table
    sections: list[Section]
    labels: dict[str, str]

    @property
    def is_exact(self) -> bool:
        return self.publication == EXACT

    @property
    def tables(self) -> list[Table | CrossTable]:
        return [self.key_figures, *(table for section in self.sections for table in section.tables)]

    @property
    def charts(self) -> list[Chart | GroupedChart]:
        return [chart for section in self.sections for chart in section.charts]
