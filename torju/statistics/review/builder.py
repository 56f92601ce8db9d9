"""What every section of the review uses: the two years' figures, labels, tables, charts and shared sentences.

A `ReviewBuilder` holds the statistics of the year and of the year before
(torju.statistics.selectors.ReviewStatistics, in the publication the reader
may see) and reads them through the typed keys of the JSON
(torju.statistics.schema). The sections (review.sections) call it to make
their tables and sentences; `torju.statistics.review.build_review` puts them
together.

In the public form the review prints no count that it works out from two
published ones when that count is from 1 to k−1 (`derived`,
docs/decisions/0012).
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from torju.codes.selectors import codes_of
from torju.register.countries import country_name
from torju.statistics.permissions import EXACT
from torju.statistics.review.breakdowns import Breakdown
from torju.statistics.review.model import Chart, Counts, Row, Table, figure, percent, percent_text
from torju.statistics.schema import AGE_BANDS, OTHER, UNKNOWN, AnnualStatistics
from torju.statistics.selectors import ReviewStatistics

T = TypeVar("T")
Figure = Callable[[AnnualStatistics], int]  # a single figure of the JSON


def join_items(items: list[str]) -> str:
    """ "a, b and c" in the active language."""
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def present(paragraphs: list[str]) -> list[str]:
    """Paragraphs without the empty ones (a sentence left out when its figures are missing)."""
    return [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]


class Labels:
    """The labels of codes, countries and age bands in the active language (code lists read once)."""

    def __init__(self) -> None:
        self._labels: dict[str, dict[str, str]] = {}

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

    def row_label(self, breakdown: Breakdown, code: str) -> str:
        if breakdown.rows == "countries":
            return self.country_label(code)
        if breakdown.rows == "age_bands":
            return self.age_label(code)
        return self.code_label(breakdown.code_list, code)

    def row_order(self, breakdown: Breakdown) -> list[str] | None:
        """The codes in the table's order; None: the most first."""
        if breakdown.rows == "countries":
            return None
        if breakdown.rows == "age_bands":
            return list(AGE_BANDS)
        return [*self.code_labels(breakdown.code_list), *([UNKNOWN] if breakdown.unknown_last else [])]


class ReviewBuilder(Labels):
    """The two years' figures and the tools to turn them into the review's tables and sentences."""

    def __init__(self, statistics: ReviewStatistics) -> None:
        super().__init__()
        self.statistics = statistics
        self.year = statistics.year
        self.now = statistics.current
        self.before = statistics.previous
        self.previous_year = self.year - 1 if self.before is not None else None
        self.k = statistics.threshold

    # Reading the JSON.

    def value(self, read: Callable[[AnnualStatistics], T]) -> T:
        return read(self.now)

    def previous(self, read: Callable[[AnnualStatistics], T]) -> T | None:
        return None if self.before is None else read(self.before)

    def with_previous(self, read: Figure) -> str:
        """A count with the previous year's in brackets, "467 (2024: 412)", as the figures are given in the text."""
        return self.compared(self.value(read), self.previous(read) if self.before is not None else None)

    def compared(self, count: int | None, previous: int | None, *, has_previous: bool = True) -> str:
        """A count of this year and the previous year's, "467 (2024: 412)"; the count alone without a previous
        year (`has_previous` False: the figures of the previous year are missing, not withheld)."""
        text = figure(count)
        if self.previous_year is None or not has_previous:
            return text
        return f"{text} ({self.previous_year}: {figure(previous)})"

    # Tables.

    def breakdown(self, breakdown: Breakdown) -> Table:
        """The table of one breakdown of the JSON, this year's and the previous year's, with a total line."""
        counts: Counts = self.value(breakdown.counts) or {}
        previous: Counts | None = self.previous(breakdown.counts)
        base: int | None = self.value(breakdown.base)
        previous_base: int | None = self.previous(breakdown.base)
        order = self.row_order(breakdown)
        if order is None:
            keys = sorted(
                counts, key=lambda code: (code == OTHER, -(counts[code] or 0), self.row_label(breakdown, code))
            )
        else:
            listed = [code for code in order if code in counts]
            keys = listed + [code for code in counts if code not in listed]
        rows = [
            self.row(
                code, self.row_label(breakdown, code), counts[code], previous, base=base, previous_base=previous_base
            )
            for code in keys
        ]
        total = Row(
            key="total",
            label=str(breakdown.total_label),
            count=base,
            share=100 if base else None,
            previous=previous_base,
            previous_share=100 if previous_base else None,
        )
        return Table(
            key=breakdown.key,
            title=str(breakdown.title),
            sheet=str(breakdown.sheet),
            label_heading=str(breakdown.label_heading),
            share_of=str(breakdown.share_of),
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

    def figures_table(self, key: str, title: str, sheet: str, figures: list[tuple[str, str, Figure]]) -> Table:
        """A table of single figures (name, label, the figure) compared with the previous year."""
        rows = [
            Row(key=name, label=label, count=self.value(read), previous=self.previous(read))
            for name, label, read in figures
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
        return (one if len(items) == 1 else several) % {"items": join_items(items)}

    @staticmethod
    def row_of(table: Table, key: str) -> Row | None:
        return next((row for row in table.rows if row.key == key), None)

    def derived(self, count: int) -> int | None:
        """A count the review works out from two published ones (a difference), if it may print it.

        Such a count is a cell of a table the statistics do not publish (the
        Finns exploited abroad: nationality × where): in the public form it
        is printed only when it is 0 or at least k, as a cell of a published
        cross-tabulation would be (docs/decisions/0012). The exact form
        prints every count.
        """
        if self.statistics.publication == EXACT or count == 0 or count >= self.k:
            return count
        return None

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


def figure_label(key: str) -> str:
    """A figure's key ("exploited_in_finland.by_nationality.NP") as a reader names it, in the active language."""
    from torju.statistics.review.breakdowns import BREAKDOWNS

    labels = Labels()
    for breakdown in BREAKDOWNS:
        if key.startswith(breakdown.key + "."):
            code = key.removeprefix(breakdown.key + ".")
            return f"{breakdown.title}: {labels.row_label(breakdown, code)}"
    tables = {
        "new_clients_by_sex_and_age_band": (_("New clients by sex and age"), "sex", None),
        "events_by_form_and_sex": (
            _("Trafficking events of the new clients by form of exploitation and sex"),
            "exploitation_form",
            "sex",
        ),
    }
    for prefix, (title, rows, columns) in tables.items():
        if key.startswith(prefix + "."):
            row, _dot, column = key.removeprefix(prefix + ".").partition(".")
            row_label = labels.code_label(rows, row)
            column_label = labels.code_label(columns, column) if columns else labels.age_label(column)
            return f"{title}: {row_label}, {column_label}"
    if key.startswith("events_by_country."):
        title = _("Trafficking events by country")
        return f"{title}: {labels.country_label(key.removeprefix('events_by_country.'))}"
    return key
