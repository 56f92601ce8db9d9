"""The annual review's content, built once from the statistics JSON in the active language.

The published review of the assistance system (the 2025 one is the model)
says the same things every year: applications and decisions, the new
clients by sex, age and nationality, the forms of exploitation, exploitation
in Finland, reflection periods and all clients at the year's end, each
figure with the previous year's beside it. `build_review` turns the spec's
JSON (torju.statistics.computation, in the form the reader may see) into that
content as plain data: paragraphs, tables and chart data. The web page, the
PDF, the DOCX and the XLSX and CSV tables all lay out this one model, so no
format can say something another does not.

Percentages are rounded half up to whole percent of the base each table
names (the spec's rule), and a figure withheld by disclosure control (None
in the public form) is shown as "..", as Statistics Finland does.

Beyond the spec's JSON the review has one cross-tabulation, the 2025
review's forms of exploitation by sex (`ReviewStatistics.events_by_form_and_sex`,
suppressed in the public form by torju.statistics.disclosure.public_table).
In the public form the review prints no count that it works out from two
published ones when that count is from 1 to k−1 (docs/decisions/0012).
"""

import base64
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import cycle
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.codes.selectors import codes_of
from torju.documents.charts import OKABE_ITO, ChartFormat, bar_chart, grouped_bar_chart
from torju.register.countries import country_name
from torju.statistics.disclosure import PublishedTable
from torju.statistics.permissions import EXACT, Form
from torju.statistics.selectors import ReviewStatistics, is_complete

Counts = Mapping[str, int | None]

# How the review shows a figure withheld by disclosure control.
SUPPRESSED = ".."
# The key of the public form's merged small nationalities.
OTHER = "other"
FINLAND = "FI"
MINOR_BAND = "0-17"
AGE_BANDS = ("0-17", "18-29", "30-39", "40-49", "50-59", "60+", "unknown")
OLDER_BAND = "60+"
UNKNOWN = "unknown"
FEMALE, MALE = "F", "M"
WITH_PERMIT = ("seasonal_work_permit", "work_permit", "family_ties_permit", "student_permit", "other_permit")
PROTECTION_APPLICANT = "international_protection_applicant"
NO_LEGAL_RESIDENCE = "no_legal_residence"
FORCED_LABOUR = "forced_labour"
DATE = "j.n.Y"
SHEET_NAME_MAX = 31  # characters in a spreadsheet tab's name
TOP_SOURCES, TOP_REASONS, TOP_NATIONALITIES, TOP_SECTORS, TOP_PERMITS, TOP_FORMS_BY_SEX = 3, 2, 2, 4, 3, 2
# The colours of the sexes in the chart of the forms by sex (Okabe & Ito's; the others in the code list's order).
SEX_COLOURS = {FEMALE: OKABE_ITO["vermillion"], MALE: OKABE_ITO["blue"]}
OTHER_SEX_COLOURS = (OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
# What a CSV row of a table of single figures or a cross-tabulation holds: table, title, code, item, year, count,
# share.
Record = tuple[str, str, str, str, int, int | None, int | None]


def percent(part: int | None, base: int | None) -> int | None:
    """`part` as whole percent of `base`, rounded half up (12.5 → 13); None without both or with a zero base."""
    if part is None or not base:
        return None
    return (200 * part + base) // (2 * base)


def figure(value: int | None) -> str:
    return SUPPRESSED if value is None else str(value)


def percent_text(value: int | None) -> str:
    return SUPPRESSED if value is None else _("%(percent)s%%") % {"percent": value}


def _join(items: list[str]) -> str:
    """ "a, b and c" in the active language."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


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
        return f"+{change}" if change > 0 else f"−{-change}" if change < 0 else "0"


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
    form: Form
    threshold: int
    title: str
    introduction: list[str]
    notes: list[str]
    key_figures: Table
    sections: list[Section]
    labels: dict[str, str]

    @property
    def is_exact(self) -> bool:
        return self.form == EXACT

    @property
    def tables(self) -> list[Table | CrossTable]:
        return [self.key_figures, *(table for section in self.sections for table in section.tables)]

    @property
    def charts(self) -> list[Chart | GroupedChart]:
        return [chart for section in self.sections for chart in section.charts]


class _Builder:
    """Builds the review from the two years' JSON; one method per section of the published review."""

    def __init__(self, statistics: ReviewStatistics) -> None:
        self.statistics = statistics
        self.year = statistics.year
        self.now = statistics.current
        self.before = statistics.previous
        self.previous_year = self.year - 1 if self.before is not None else None
        self.k = statistics.threshold
        self._labels: dict[str, dict[str, str]] = {}

    # Reading the JSON.

    def _get(self, statistics: dict[str, Any] | None, path: str) -> Any:
        value: Any = statistics
        for part in path.split("."):
            if value is None:
                return None
            value = value.get(part)
        return value

    def now_at(self, path: str) -> Any:
        return self._get(self.now, path)

    def before_at(self, path: str) -> Any:
        return self._get(self.before, path)

    def with_previous(self, path: str) -> str:
        """A count with the previous year's in brackets, "467 (2024: 412)", as the figures are given in the text."""
        text = figure(self.now_at(path))
        if self.before is None:
            return text
        return f"{text} ({self.previous_year}: {figure(self.before_at(path))})"

    # Labels.

    def code_labels(self, code_list: str) -> dict[str, str]:
        """Code → label in the active language, in the code list's order (inactive codes included)."""
        if code_list not in self._labels:
            self._labels[code_list] = {code.code: code.label for code in codes_of(code_list, include_inactive=True)}
        return self._labels[code_list]

    def code_label(self, code_list: str, code: str) -> str:
        if code == UNKNOWN and code_list == "sector":
            return _("sector not known")
        return self.code_labels(code_list).get(code, code)

    @staticmethod
    def country_label(code: str) -> str:
        return _("other countries") if code == OTHER else country_name(code)

    @staticmethod
    def age_label(band: str) -> str:
        if band == UNKNOWN:
            return _("age not known")
        return band.replace("-", "–")

    # Tables.

    def breakdown(
        self,
        key: str,
        path: str,
        *,
        title: str,
        sheet: str,
        label_heading: str,
        share_of: str = "",
        base_path: str | None = None,
        label: Callable[[str], str],
        order: Iterable[str] | None = None,
        total_label: str | None = None,
    ) -> Table:
        """A table of one breakdown of the JSON, `order` giving the rows' order (else the largest first)."""
        counts: Counts = self.now_at(path) or {}
        previous: Counts | None = self.before_at(path) if self.before is not None else None
        base = self.now_at(base_path) if base_path else None
        previous_base = self.before_at(base_path) if base_path and self.before is not None else None
        if order is None:
            keys = sorted(counts, key=lambda code: (code == OTHER, -(counts[code] or 0), label(code)))
        else:
            listed = [code for code in order if code in counts]
            keys = listed + [code for code in counts if code not in listed]
        rows = [
            self.row(code, label(code), counts[code], previous, base=base, previous_base=previous_base) for code in keys
        ]
        total = None
        if total_label is not None and base_path is not None:
            total = Row(
                key="total",
                label=total_label,
                count=base,
                share=100 if base else None,
                previous=previous_base,
                previous_share=100 if previous_base else None,
            )
        return Table(
            key=key,
            title=title,
            sheet=sheet,
            label_heading=label_heading,
            share_of=share_of,
            year=self.year,
            previous_year=self.previous_year,
            rows=rows,
            total=total,
        )

    def row(
        self,
        code: str,
        name: str,
        count: int | None,
        previous: Counts | None,
        *,
        base: int | None,
        previous_base: int | None,
    ) -> Row:
        before = self.previous_count(code, previous)
        return Row(
            key=code,
            label=capfirst(name),
            name=name,
            count=count,
            share=percent(count, base) if base is not None else None,
            previous=before,
            previous_share=percent(before, previous_base) if previous_base is not None else None,
        )

    @staticmethod
    def previous_count(code: str, previous: Counts | None) -> int | None:
        """The previous year's count of `code`: missing means 0, unless it may be hidden in the year's "other"."""
        if previous is None:
            return None
        if code in previous:
            return previous[code]
        return None if OTHER in previous else 0

    def figures_table(self, key: str, title: str, sheet: str, figures: list[tuple[str, str, str]]) -> Table:
        """A table of single figures (name, label, path in the JSON) compared with the previous year."""
        rows = [
            Row(
                key=name,
                label=label,
                count=self.now_at(path),
                previous=self.before_at(path) if self.before is not None else None,
            )
            for name, label, path in figures
        ]
        return Table(
            key=key,
            title=title,
            sheet=sheet,
            label_heading=pgettext("a statistical figure, e.g. the number of applications", "Figure"),
            share_of="",
            year=self.year,
            previous_year=self.previous_year,
            rows=rows,
        )

    # Sentences shared by sections.

    @staticmethod
    def top(table: Table, count: int, *, exclude: Iterable[str] = ()) -> list[Row]:
        """The largest rows with a known, non-zero count, largest first (ties in table order)."""
        skipped = set(exclude)
        rows = [row for row in table.rows if row.key not in skipped and row.count]
        return sorted(rows, key=lambda row: -(row.count or 0))[:count]

    @staticmethod
    def with_share(row: Row) -> str:
        return f"{row.in_text} ({percent_text(row.share)})"

    def most_common(self, table: Table, count: int, one: str, several: str) -> str:
        """'The most common reason was X (49 %).' or '... were X (49 %) and Y (40 %).'; '' without any."""
        rows = self.top(table, count)
        if not rows:
            return ""
        items = [self.with_share(row) for row in rows]
        return (one if len(items) == 1 else several) % {"items": _join(items)}

    def row_of(self, table: Table, key: str) -> Row | None:
        return next((row for row in table.rows if row.key == key), None)

    # The sections.

    def key_figures(self) -> Table:
        return self.figures_table(
            "key_figures",
            _("Key figures"),
            pgettext("spreadsheet tab, at most 31 characters", "Key figures"),
            [
                ("applications_received", _("Applications received"), "applications.received"),
                ("positive_decisions", _("Positive decisions"), "decisions.positive"),
                ("negative_decisions", _("Negative decisions"), "decisions.negative"),
                ("new_victims", _("New clients: victims of human trafficking"), "new_clients.victims"),
                ("new_children", _("New clients: children of victims"), "new_clients.children_of_victims"),
                ("new_minors", _("New clients: minors among the victims"), "new_clients.minors"),
                ("nationalities", _("Nationalities of the new clients"), "new_clients.nationalities"),
                ("events", _("Trafficking events of the new clients"), "new_clients.events"),
                ("finland_victims", _("Victims exploited in Finland"), "exploited_in_finland.victims"),
                ("finland_events", _("Trafficking events in Finland"), "exploited_in_finland.events"),
                ("reflection_periods", _("Reflection periods granted"), "reflection_periods_granted"),
                ("clienthoods_ended", _("Clienthoods ended"), "clienthoods_ended.total"),
                ("clients_at_year_end", _("All clients at the end of the year"), "clients_at_year_end.total"),
            ],
        )

    def applications(self) -> Section:
        sources = self.breakdown(
            "applications.by_source",
            "applications.by_source",
            title=_("Applications by submitter"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Applications"),
            share_of=_("% of the applications received"),
            base_path="applications.received",
            label=lambda code: self.code_label("application_source", code),
            label_heading=_("Submitted by"),
            order=self.code_labels("application_source"),
            total_label=_("Applications received"),
        )
        decisions = self.figures_table(
            "decisions",
            _("Decisions"),
            pgettext("spreadsheet tab, at most 31 characters", "Decisions"),
            [
                ("positive", _("Positive decisions"), "decisions.positive"),
                ("negative", _("Negative decisions"), "decisions.negative"),
            ],
        )
        reasons = self.breakdown(
            "decisions.negative_by_reason",
            "decisions.negative_by_reason",
            title=_("Negative decisions by reason"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Negative decisions"),
            share_of=_("% of the negative decisions"),
            base_path="decisions.negative",
            label=lambda code: self.code_label("negative_reason", code),
            label_heading=_("Reason"),
            order=self.code_labels("negative_reason"),
            total_label=_("Negative decisions"),
        )
        ended = self.breakdown(
            "clienthoods_ended.by_reason",
            "clienthoods_ended.by_reason",
            title=_("Clienthoods ended by reason"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Clienthoods ended"),
            share_of=_("% of the clienthoods ended"),
            base_path="clienthoods_ended.total",
            label=lambda code: self.code_label("end_reason", code),
            label_heading=_("Reason"),
            order=self.code_labels("end_reason"),
            total_label=_("Clienthoods ended"),
        )
        paragraphs = [
            _("The number of applications recorded in the assistance system in %(year)s was %(count)s.")
            % {"year": self.year, "count": self.with_previous("applications.received")},
            self.most_common(
                sources,
                TOP_SOURCES,
                _("The most common submitter of applications was %(items)s."),
                _("The most common submitters of applications were %(items)s."),
            ),
            self.largest_change_in_share(sources),
            " ".join(
                [
                    _("The number of positive decisions was %(count)s.")
                    % {"count": self.with_previous("decisions.positive")},
                    _(
                        "A person who may be a victim of human trafficking and who needs assistance because of it "
                        "can be accepted as a client with their own consent."
                    ),
                ]
            ),
            " ".join(
                [
                    _("The number of negative decisions was %(count)s.")
                    % {"count": self.with_previous("decisions.negative")},
                    self.most_common(
                        reasons,
                        TOP_REASONS,
                        _("The most common reason for a negative decision was %(items)s."),
                        _("The most common reasons for a negative decision were %(items)s."),
                    ),
                ]
            ),
            " ".join(
                [
                    _("The number of clienthoods that ended was %(count)s.")
                    % {"count": self.with_previous("clienthoods_ended.total")},
                    self.most_common(
                        ended,
                        TOP_REASONS,
                        _("The most common reason for ending the clienthood was %(items)s."),
                        _("The most common reasons for ending the clienthood were %(items)s."),
                    ),
                ]
            ),
        ]
        return Section(
            key="applications",
            heading=_("Applications and decisions in %(year)s") % {"year": self.year},
            paragraphs=_present(paragraphs),
            tables=[sources, decisions, reasons, ended],
            charts=[],
        )

    def largest_change_in_share(self, table: Table) -> str:
        """The submitter whose share changed most from the previous year, as the review notes such a change."""
        if self.before is None:
            return ""
        changes = [
            row
            for row in table.rows
            if row.share is not None and row.previous_share is not None and row.share != row.previous_share
        ]
        if not changes:
            return ""
        row = max(changes, key=lambda row: abs((row.share or 0) - (row.previous_share or 0)))
        values = {
            "source": row.in_text,
            "previous": percent_text(row.previous_share),
            "previous_year": self.previous_year,
            "share": percent_text(row.share),
        }
        if (row.share or 0) > (row.previous_share or 0):
            return (
                _(
                    "The share of applications submitted by %(source)s grew the most: from %(previous)s "
                    "in %(previous_year)s to %(share)s."
                )
                % values
            )
        return (
            _(
                "The share of applications submitted by %(source)s fell the most: from %(previous)s "
                "in %(previous_year)s to %(share)s."
            )
            % values
        )

    def new_clients(self) -> Section:
        sex = self.breakdown(
            "new_clients.by_sex",
            "new_clients.by_sex",
            title=_("New clients by sex"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "New clients by sex"),
            share_of=_("% of the new clients"),
            base_path="new_clients.victims",
            label=lambda code: self.code_label("sex", code),
            label_heading=_("Sex"),
            order=self.code_labels("sex"),
            total_label=_("New clients: victims of human trafficking"),
        )
        ages = self.breakdown(
            "new_clients.by_age_band",
            "new_clients.by_age_band",
            title=_("New clients by age"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "New clients by age"),
            share_of=_("% of the new clients"),
            base_path="new_clients.victims",
            label=self.age_label,
            label_heading=_("Age"),
            order=AGE_BANDS,
            total_label=_("New clients: victims of human trafficking"),
        )
        nationalities = self.breakdown(
            "new_clients.by_nationality",
            "new_clients.by_nationality",
            title=_("New clients by nationality"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "New clients by nationality"),
            share_of=_("% of the new clients"),
            base_path="new_clients.victims",
            label=self.country_label,
            label_heading=_("Nationality"),
            total_label=_("New clients: victims of human trafficking"),
        )
        women = self.row_of(sex, FEMALE)
        paragraphs = [
            _("New clients in %(year)s: %(victims)s victims of human trafficking and %(children)s children of victims.")
            % {
                "year": self.year,
                "victims": self.with_previous("new_clients.victims"),
                "children": self.with_previous("new_clients.children_of_victims"),
            },
            _("Of the victims, %(percent)s were women and girls.") % {"percent": percent_text(women.share)}
            if women is not None and self.now_at("new_clients.victims")
            else "",
            self.ages_sentence(ages),
            self.nationalities_sentence(nationalities),
            self.finnish_citizens_sentence(nationalities),
            _("Of all new clients, %(count)s were minors.") % {"count": self.with_previous("new_clients.minors")},
            self.other_countries_sentence(nationalities),
        ]
        return Section(
            key="new_clients",
            heading=_("New clients in %(year)s") % {"year": self.year},
            paragraphs=_present(paragraphs),
            tables=[sex, ages, nationalities],
            charts=[
                self.chart(sex, "new_clients.by_sex", _("New clients by sex"), keep_zero=(FEMALE, MALE)),
                self.chart(ages, "new_clients.by_age_band", _("New clients by age"), keep_zero=AGE_BANDS[:-1]),
                self.nationality_chart(nationalities),
            ],
        )

    def ages_sentence(self, ages: Table) -> str:
        if not self.now_at("new_clients.victims"):
            return ""
        shares = {row.key: percent_text(row.share) for row in ages.rows}
        sentences = [
            _(
                "Of the new clients, %(minors)s were minors, %(age18)s were aged 18–29, %(age30)s 30–39, "
                "%(age40)s 40–49 and %(age50)s 50–59."
            )
            % {
                "minors": shares.get(MINOR_BAND, SUPPRESSED),
                "age18": shares.get("18-29", SUPPRESSED),
                "age30": shares.get("30-39", SUPPRESSED),
                "age40": shares.get("40-49", SUPPRESSED),
                "age50": shares.get("50-59", SUPPRESSED),
            }
        ]
        older = self.row_of(ages, OLDER_BAND)
        if older is not None:
            sentences.append(_("The number of clients older than this was %(count)s.") % {"count": figure(older.count)})
        unknown = self.row_of(ages, UNKNOWN)
        if unknown is not None and unknown.count != 0:
            sentences.append(_("Clients whose age was not known: %(count)s.") % {"count": figure(unknown.count)})
        return " ".join(sentences)

    def nationalities_sentence(self, nationalities: Table) -> str:
        sentence = _("The number of different nationalities among the new clients was %(count)s.") % {
            "count": self.with_previous("new_clients.nationalities")
        }
        common = [
            row.in_text for row in self.top(nationalities, TOP_NATIONALITIES, exclude=(OTHER, "XX", "ZZ", FINLAND))
        ]
        if len(common) == 1:
            sentence += " " + _("The most common nationality was %(items)s.") % {"items": common[0]}
        elif common:
            sentence += " " + _("The most common nationalities were %(items)s.") % {"items": _join(common)}
        return sentence

    def finnish_citizens_sentence(self, nationalities: Table) -> str:
        finns = self.row_of(nationalities, FINLAND)
        if finns is None or not finns.count:
            return ""
        sentence = _("Finnish citizens were also among the victims: %(count)s (%(percent)s).") % {
            "count": figure(finns.count),
            "percent": percent_text(finns.share),
        }
        in_finland = (self.now_at("exploited_in_finland.by_nationality") or {}).get(FINLAND)
        if in_finland is None or in_finland > finns.count:
            return sentence
        abroad = self.derived(finns.count - in_finland)
        if abroad is None:
            sentence += " " + _("Of them, %(finland)s had been exploited in Finland and the others abroad.") % {
                "finland": in_finland
            }
        else:
            sentence += " " + _("Of them, %(abroad)s had been exploited abroad and %(finland)s in Finland.") % {
                "abroad": abroad,
                "finland": in_finland,
            }
        return sentence

    def derived(self, count: int) -> int | None:
        """A count the review works out from two published ones (a difference), if it may print it.

        Such a count is a cell of a table the statistics do not publish (the
        Finns exploited abroad: nationality × where): in the public form it
        is printed only when it is 0 or at least k, as a cell of a published
        cross-tabulation would be (docs/decisions/0012). The exact form
        prints every count.
        """
        if self.statistics.form == EXACT or count == 0 or count >= self.k:
            return count
        return None

    def other_countries_sentence(self, nationalities: Table) -> str:
        """The share of "other countries": nationalities with fewer than k persons, merged as the review merges them."""
        victims = self.now_at("new_clients.victims")
        small = sum(row.count or 0 for row in nationalities.rows if row.key == OTHER or (row.count or 0) < self.k)
        if not small or not victims:
            return ""
        return _("Other countries (%(percent)s) covers all nationalities with fewer than %(k)s persons.") % {
            "percent": percent_text(percent(small, victims)),
            "k": self.k,
        }

    def chart(
        self,
        table: Table,
        key: str,
        title: str,
        *,
        keep_zero: Iterable[str] = (),
        axis_label: str = "",
        largest_first: bool = False,
    ) -> Chart:
        """A chart of a table's rows with a count (and those in `keep_zero` even at 0), in the table's order."""
        kept = set(keep_zero)
        rows = [row for row in table.rows if row.count != 0 or row.key in kept]
        if largest_first:
            rows.sort(key=lambda row: -(row.count or 0))
        return Chart(
            key=key,
            title=title,
            categories=[row.label for row in rows],
            values=[row.count for row in rows],
            axis_label=axis_label or _("Persons"),
        )

    def nationality_chart(self, nationalities: Table) -> Chart:
        """The largest nationalities; those under k persons (and the public form's "other") as other countries."""
        large = [row for row in nationalities.rows if row.key != OTHER and (row.count is None or row.count >= self.k)]
        shown = {row.key for row in large}
        other = sum(row.count or 0 for row in nationalities.rows if row.key not in shown)
        categories = [row.label for row in large]
        values: list[int | None] = [row.count for row in large]
        if other:
            categories.append(capfirst(_("other countries")))
            values.append(other)
        return Chart(
            key="new_clients.by_nationality",
            title=_("New clients by nationality"),
            categories=categories,
            values=values,
            axis_label=_("Persons"),
        )

    def forms(self) -> Section:
        forms = self.breakdown(
            "new_clients.events_by_form",
            "new_clients.events_by_form",
            title=_("Trafficking events of the new clients by form of exploitation"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Forms of exploitation"),
            share_of=_("% of the trafficking events"),
            base_path="new_clients.events",
            label=lambda code: self.code_label("exploitation_form", code),
            label_heading=_("Form of exploitation"),
            order=self.code_labels("exploitation_form"),
            total_label=_("Trafficking events of the new clients"),
        )
        victims, events = self.now_at("new_clients.victims"), self.now_at("new_clients.events")
        if victims is not None and events is not None and events > victims:
            counts = _(
                "The new clients (%(victims)s) were subject to %(events)s trafficking events in all, because "
                "some clients had been subjected to more than one form of exploitation."
            )
        else:
            counts = _("The number of trafficking events of the new clients (%(victims)s) was %(events)s.")
        by_sex = self.forms_by_sex_table()
        paragraphs = [
            self.forms_by_sex_sentences(by_sex),
            counts % {"victims": figure(victims), "events": self.with_previous("new_clients.events")},
            _("The charts show both the primary and the secondary forms of exploitation."),
            self.most_common_form(forms),
        ]
        charts: list[Chart | GroupedChart] = [
            self.chart(
                forms,
                "new_clients.events_by_form",
                _("Forms of exploitation of the new clients"),
                axis_label=_("Trafficking events"),
                largest_first=True,
            )
        ]
        by_sex_chart = self.forms_by_sex_chart(by_sex)
        if by_sex_chart is not None:
            charts.insert(0, by_sex_chart)
        return Section(
            key="forms",
            heading=_("Forms of exploitation"),
            paragraphs=_present(paragraphs),
            tables=[forms, by_sex],
            charts=charts,
        )

    def sex_column_label(self, code: str) -> str:
        """The review's "Naiset ja tytöt" and "Miehet ja pojat"; other codes by their label."""
        if code == FEMALE:
            return _("Women and girls")
        if code == MALE:
            return _("Men and boys")
        return capfirst(self.code_label("sex", code))

    def forms_by_sex_table(self) -> CrossTable:
        published = self.statistics.events_by_form_and_sex
        forms = self.code_labels("exploitation_form")
        return CrossTable(
            key="new_clients.events_by_form_and_sex",
            title=_("Trafficking events of the new clients by form of exploitation and sex"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Forms of exploitation by sex"),
            label_heading=_("Form of exploitation"),
            year=self.year,
            rows=[(code, capfirst(forms.get(code, code))) for code in published.cells],
            columns=[(code, self.sex_column_label(code)) for code in published.columns],
            published=published,
            total_label=_("Trafficking events of the new clients"),
            total_column=_("Total"),
        )

    def forms_by_sex_chart(self, table: CrossTable) -> GroupedChart | None:
        """The review's chart: the forms with events, the most first, a bar per sex; None if nothing can be drawn.

        Women and men always have their bars, as in the review; another sex
        code only with k events or more, as fewer would be bars of withheld
        cells (the table shows them all).
        """
        forms = [(code, label) for code, label in table.rows if table.published.row_totals[code] != 0]
        if all(table.cell(form, column) is None for form, _form_label in forms for column, _label in table.columns):
            return None  # no events, or every cell withheld: nothing to draw
        forms.sort(key=lambda form: -(table.published.row_totals[form[0]] or 0))
        other_colours = cycle(OTHER_SEX_COLOURS)
        series = [
            (
                label,
                SEX_COLOURS.get(code) or next(other_colours),
                [table.cell(form, code) for form, _label in forms],
            )
            for code, label in table.columns
            if code in SEX_COLOURS or (table.published.column_totals[code] or 0) >= self.k
        ]
        return GroupedChart(
            key="new_clients.events_by_form_and_sex",
            title=_("Forms of exploitation of the new clients by sex"),
            categories=[label for _code, label in forms],
            series=series,
            axis_label=_("Trafficking events"),
        )

    @staticmethod
    def cell_bounds(cells: Mapping[str, int | None], total: int, column: str) -> tuple[int, int]:
        """The least and the most a cell of a row can be, given the row's shown cells and its total."""
        value = cells[column]
        if value is not None:
            return value, value
        return 0, total - sum(shown for shown in cells.values() if shown is not None)

    def forms_by_sex_sentences(self, table: CrossTable) -> str:
        """Which forms were directed more often at women and girls, which at men and boys (the review's words).

        A form counts for one sex when its count is certainly greater than
        the other's: a withheld cell is taken at what the published figures
        leave possible (from 0 to the row total less the row's shown cells),
        so the text says nothing that the tables do not. Of each sex the
        forms with the most events are named.
        """
        if FEMALE not in table.published.column_totals or MALE not in table.published.column_totals:
            return ""
        women: list[tuple[int, str]] = []
        men: list[tuple[int, str]] = []
        labels = self.code_labels("exploitation_form")
        for code, _label in table.rows:
            total = table.published.row_totals[code]
            if total is None:
                continue
            female = self.cell_bounds(table.published.cells[code], total, FEMALE)
            male = self.cell_bounds(table.published.cells[code], total, MALE)
            name = labels.get(code, code)
            if female[0] > male[1]:
                women.append((female[0], name))
            elif male[0] > female[1]:
                men.append((male[0], name))
        sentences = []
        for found, one, several in (
            (
                women,
                _("%(forms)s was directed more often at women and girls than at men and boys."),
                _("%(forms)s were directed more often at women and girls than at men and boys."),
            ),
            (
                men,
                _("%(forms)s was directed more often at men and boys than at women and girls."),
                _("%(forms)s were directed more often at men and boys than at women and girls."),
            ),
        ):
            names = [name for _count, name in sorted(found, key=lambda item: -item[0])[:TOP_FORMS_BY_SEX]]
            if names:
                sentences.append(capfirst((one if len(names) == 1 else several) % {"forms": _join(names)}))
        return " ".join(sentences)

    def most_common_form(self, forms: Table) -> str:
        common = self.top(forms, 1)
        if not common:
            return ""
        return _("The most common form of exploitation was %(form)s (%(percent)s of the events).") % {
            "form": common[0].in_text,
            "percent": percent_text(common[0].share),
        }

    def finland(self) -> Section:
        base = "exploited_in_finland"
        sex = self.breakdown(
            f"{base}.by_sex",
            f"{base}.by_sex",
            title=_("Victims exploited in Finland by sex"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Finland by sex"),
            share_of=_("% of the victims exploited in Finland"),
            base_path=f"{base}.victims",
            label=lambda code: self.code_label("sex", code),
            label_heading=_("Sex"),
            order=self.code_labels("sex"),
            total_label=_("Victims exploited in Finland"),
        )
        nationalities = self.breakdown(
            f"{base}.by_nationality",
            f"{base}.by_nationality",
            title=_("Victims exploited in Finland by nationality"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Finland by nationality"),
            share_of=_("% of the victims exploited in Finland"),
            base_path=f"{base}.victims",
            label=self.country_label,
            label_heading=_("Nationality"),
            total_label=_("Victims exploited in Finland"),
        )
        forms = self.breakdown(
            f"{base}.events_by_form",
            f"{base}.events_by_form",
            title=_("Trafficking events in Finland by form of exploitation"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Finland by form"),
            share_of=_("% of the trafficking events in Finland"),
            base_path=f"{base}.events",
            label=lambda code: self.code_label("exploitation_form", code),
            label_heading=_("Form of exploitation"),
            order=self.code_labels("exploitation_form"),
            total_label=_("Trafficking events in Finland"),
        )
        sectors = self.breakdown(
            f"{base}.forced_labour_by_sector",
            f"{base}.forced_labour_by_sector",
            title=_("Forced labour in Finland by sector"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Forced labour by sector"),
            share_of=_("% of the forced labour cases in Finland"),
            base_path=f"{base}.events_by_form.{FORCED_LABOUR}",
            label=lambda code: self.code_label("sector", code),
            label_heading=_("Sector"),
            order=[*self.code_labels("sector"), UNKNOWN],
            total_label=_("Forced labour cases in Finland"),
        )
        residence = self.breakdown(
            f"{base}.by_residence_status",
            f"{base}.by_residence_status",
            title=_("Victims exploited in Finland by residence status"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Finland by residence status"),
            share_of=_("% of the victims exploited in Finland"),
            base_path=f"{base}.victims",
            label=lambda code: self.code_label("residence_status", code),
            label_heading=_("Residence status"),
            order=self.code_labels("residence_status"),
            total_label=_("Victims exploited in Finland"),
        )
        repeated = self.breakdown(
            f"{base}.multiple_events.by_sex",
            f"{base}.multiple_events.by_sex",
            title=_("Victims of repeated or several forms of trafficking in Finland by sex"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "Finland repeated by sex"),
            share_of=_("% of the victims of repeated trafficking"),
            base_path=f"{base}.multiple_events.victims",
            label=lambda code: self.code_label("sex", code),
            label_heading=_("Sex"),
            order=self.code_labels("sex"),
            total_label=_("Victims of repeated or several forms of trafficking"),
        )
        paragraphs = [
            self.finland_overview(sex),
            self.repeated_sentence(repeated),
            self.forced_labour_sentences(forms, sectors),
            self.finland_nationalities_sentence(nationalities),
            self.residence_sentences(residence),
        ]
        return Section(
            key="finland",
            heading=_("Exploitation in Finland"),
            paragraphs=_present(paragraphs),
            tables=[sex, nationalities, forms, sectors, residence, repeated],
            charts=[],
        )

    def finland_overview(self, sex: Table) -> str:
        base = "exploited_in_finland"
        sentences = [
            _("In %(year)s, the number of persons who became victims of human trafficking in Finland was %(count)s.")
            % {"year": self.year, "count": self.with_previous(f"{base}.victims")}
        ]
        men, women = self.row_of(sex, MALE), self.row_of(sex, FEMALE)
        if men is not None and women is not None and self.now_at(f"{base}.victims"):
            sentences.append(
                _("Of them, %(men)s were men and %(women)s women.")
                % {"men": figure(men.count), "women": figure(women.count)}
            )
        sentences.append(
            _("The number of nationalities among the victims was %(count)s.")
            % {"count": figure(self.now_at(f"{base}.nationalities"))}
        )
        sentences.append(
            _("The number of trafficking events they were subject to was %(count)s.")
            % {"count": self.with_previous(f"{base}.events")}
        )
        return " ".join(sentences)

    def repeated_sentence(self, repeated: Table) -> str:
        victims = self.now_at("exploited_in_finland.multiple_events.victims")
        if victims == 0:
            return ""
        by_sex = ", ".join(f"{row.in_text} {figure(row.count)}" for row in repeated.rows if row.count != 0)
        return _(
            "Persons who were subjected to human trafficking repeatedly, or to several forms of it at once, "
            "numbered %(count)s (%(by_sex)s)."
        ) % {"count": figure(victims), "by_sex": by_sex}

    def forced_labour_sentences(self, forms: Table, sectors: Table) -> str:
        forced = self.row_of(forms, FORCED_LABOUR)
        if forced is None or not forced.count:
            return ""
        sentences = [
            _("Of the trafficking events in Finland, %(count)s (%(percent)s) were forced labour.")
            % {"count": figure(forced.count), "percent": percent_text(forced.share)}
        ]
        common = [row.in_text for row in self.top(sectors, TOP_SECTORS, exclude=(UNKNOWN,))]
        if len(common) == 1:
            sentences.append(_("The most common sector was %(items)s.") % {"items": common[0]})
        elif common:
            sentences.append(_("The most common sectors were %(items)s.") % {"items": _join(common)})
        if self.before is not None:
            sentences.append(
                _("In %(year)s, the number of forced labour cases in Finland was %(count)s.")
                % {"year": self.previous_year, "count": figure(forced.previous)}
            )
        return " ".join(sentences)

    def finland_nationalities_sentence(self, nationalities: Table) -> str:
        sentences = []
        common = self.top(nationalities, 1, exclude=(OTHER, "XX", "ZZ", FINLAND))
        if common:
            sentences.append(
                _("The most common nationality of those exploited in Finland was %(country)s (%(count)s, %(percent)s).")
                % {
                    "country": common[0].in_text,
                    "count": figure(common[0].count),
                    "percent": percent_text(common[0].share),
                }
            )
        finns = self.row_of(nationalities, FINLAND)
        if finns is not None and finns.count:
            sentences.append(
                _("Finnish citizens numbered %(count)s (%(percent)s).")
                % {"count": figure(finns.count), "percent": percent_text(finns.share)}
            )
        return " ".join(sentences)

    def residence_sentences(self, residence: Table) -> str:
        base = "exploited_in_finland"
        victims = self.now_at(f"{base}.victims")
        if not victims:
            return ""
        permitted = self.now_at(f"{base}.with_residence_permit")
        sentences = [
            _(
                "Of those exploited in Finland, %(percent)s were lawfully in the country with a residence permit "
                "(%(count)s)."
            )
            % {"percent": percent_text(percent(permitted, victims)), "count": figure(permitted)}
        ]
        others = set(self.code_labels("residence_status")) - set(WITH_PERMIT)
        permits = [f"{row.in_text} ({figure(row.count)})" for row in self.top(residence, TOP_PERMITS, exclude=others)]
        if len(permits) == 1:
            sentences.append(_("The most common permit was %(items)s.") % {"items": permits[0]})
        elif permits:
            sentences.append(_("The most common permits were %(items)s.") % {"items": _join(permits)})
        applicants = self.row_of(residence, PROTECTION_APPLICANT)
        if applicants is not None and applicants.count:
            sentences.append(
                _(
                    "Applicants for international protection numbered %(count)s, that is %(percent)s of all "
                    "victims exploited in Finland."
                )
                % {"count": figure(applicants.count), "percent": percent_text(applicants.share)}
            )
        unlawful = self.row_of(residence, NO_LEGAL_RESIDENCE)
        if unlawful is not None and unlawful.count:
            sentences.append(
                _("The number of victims staying in the country without a legal right of residence was %(count)s.")
                % {"count": figure(unlawful.count)}
            )
        return " ".join(sentences)

    def reflection(self) -> Section:
        return Section(
            key="reflection",
            heading=_("Reflection periods"),
            paragraphs=[
                _(
                    "A victim of human trafficking staying in Finland without a legal right of residence can be "
                    "given a reflection period of 1–6 months. The reflection period is a temporary right of "
                    "residence during which staying in Finland is lawful."
                ),
                _("The number of reflection periods the assistance system granted in %(year)s was %(count)s.")
                % {"year": self.year, "count": self.with_previous("reflection_periods_granted")},
            ],
            tables=[],
            charts=[],
        )

    def year_end(self) -> Section:
        base = "clients_at_year_end"
        day = date_format(date(self.year, 12, 31), DATE)
        clients = self.figures_table(
            base,
            _("All clients on %(date)s") % {"date": day},
            pgettext("spreadsheet tab, at most 31 characters", "All clients at year end"),
            [
                ("total", _("Clients"), f"{base}.total"),
                ("victims", _("Victims of human trafficking"), f"{base}.victims"),
                ("children_of_victims", _("Children of victims"), f"{base}.children_of_victims"),
                ("victims_entered_as_minors", _("Victims who entered as minors"), f"{base}.victims_entered_as_minors"),
                ("victims_under_18", _("Victims under 18"), f"{base}.victims_under_18"),
            ],
        )
        sex = self.breakdown(
            f"{base}.victims_by_sex",
            f"{base}.victims_by_sex",
            title=_("Victims among all clients by sex"),
            sheet=pgettext("spreadsheet tab, at most 31 characters", "All victims by sex"),
            share_of=_("% of the victims among all clients"),
            base_path=f"{base}.victims",
            label=lambda code: self.code_label("sex", code),
            label_heading=_("Sex"),
            order=self.code_labels("sex"),
            total_label=_("Victims of human trafficking"),
        )
        women = self.row_of(sex, FEMALE)
        paragraphs = [
            _(
                "On %(date)s, the number of clients of the assistance system was %(total)s: %(victims)s "
                "identified victims of human trafficking and %(children)s of their minor children."
            )
            % {
                "date": day,
                "total": self.with_previous(f"{base}.total"),
                "victims": figure(self.now_at(f"{base}.victims")),
                "children": figure(self.now_at(f"{base}.children_of_victims")),
            },
            " ".join(
                [
                    _("The number of clients who had entered the assistance system as minors was %(count)s.")
                    % {"count": figure(self.now_at(f"{base}.victims_entered_as_minors"))},
                    _("The number of children among the victims was %(count)s.")
                    % {"count": figure(self.now_at(f"{base}.victims_under_18"))},
                ]
            ),
            _("About %(percent)s of the victims of human trafficking were women.")
            % {"percent": percent_text(women.share)}
            if women is not None and self.now_at(f"{base}.victims")
            else "",
        ]
        return Section(
            key="year_end",
            heading=_("All clients on %(date)s") % {"date": day},
            paragraphs=_present(paragraphs),
            tables=[clients, sex],
            charts=[],
        )

    # The whole review.

    def notes(self) -> list[str]:
        notes = []
        if self.statistics.form == EXACT:
            notes.append(
                _(
                    "Exact figures for internal use: not to be published. Downloads and the API give the public "
                    "form, under disclosure control."
                )
            )
        else:
            notes.append(
                _(
                    "Public form under disclosure control: nationalities with fewer than %(k)s persons are "
                    "combined into other countries, and a figure shown as %(symbol)s is withheld to protect the "
                    "persons concerned."
                )
                % {"k": self.k, "symbol": SUPPRESSED}
            )
        if not is_complete(self.year):
            notes.append(_("The year %(year)s is not over: the figures are preliminary.") % {"year": self.year})
        if self.before is None:
            notes.append(_("The register has no data for the previous year, so there are no comparisons."))
        return notes

    def build(self) -> Review:
        return Review(
            language=translation.get_language() or settings.LANGUAGE_CODE,
            year=self.year,
            previous_year=self.previous_year,
            form=self.statistics.form,
            threshold=self.k,
            title=_("Statistics of the Assistance System for Victims of Human Trafficking %(year)s")
            % {"year": self.year},
            introduction=[
                _(
                    "The Assistance System for Victims of Human Trafficking, working since 2006, is the national "
                    "expert authority on human trafficking. It helps victims of human trafficking and their minor "
                    "children, and persons who assist in the investigation of a trafficking offence; Finnish and "
                    "foreign victims alike."
                ),
                _(
                    "The statistical review of %(year)s presents the key figures of the assistance system's work: "
                    "the numbers of applications and decisions, and the sex, age, nationalities and forms of "
                    "exploitation of the new clients. Persons who became victims in Finland and all clients at the "
                    "end of the year are examined separately."
                )
                % {"year": self.year},
            ],
            notes=self.notes(),
            key_figures=self.key_figures(),
            sections=[
                self.applications(),
                self.new_clients(),
                self.forms(),
                self.finland(),
                self.reflection(),
                self.year_end(),
            ],
            labels={
                "table": _("Table"),
                "title": _("Title"),
                "code": _("Code"),
                "item": _("Item"),
                "year": _("Year"),
                "count": _("Count"),
                "share": _("Share, %"),
            },
        )


def _present(paragraphs: list[str]) -> list[str]:
    """Paragraphs without the empty ones (a sentence left out when its figures are missing)."""
    return [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]


def build_review(statistics: ReviewStatistics) -> Review:
    """The review of `statistics.year` in the active language (call it inside `translation.override`)."""
    return _Builder(statistics).build()
