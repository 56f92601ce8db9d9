"""Disclosure control: the public form of the annual statistics (spec/annual-statistics.md, "Public form").

What the public form changes, and why only that:

- The two `by_nationality` breakdowns (of the new clients and of those
  exploited in Finland) merge every country with fewer than k persons into
  `other`. Nationality is the attribute that singles a person out: it has
  two hundred values, most of them rare in the register, and a rare one
  together with what a reader knows from elsewhere (a news item, a court
  case) points at one person. The review does the same ("Muut maat").
- Everything else in the JSON is published as counts. Each figure is a
  one-dimensional total of one population (applications received in Y, new
  clients in Y, those exploited in Finland, clients at year end…): by a
  code list of a handful of values fixed in advance (sex, age band, form,
  sector, residence status, reason, source) or a single number. The spec
  allows these, as the review prints them ("Kolme asiakasta oli tätä
  vanhempia", "18 henkilöä").
- The JSON holds no cross-tabulation. A table of two attributes that the
  review adds beyond it (the new clients' events by form × sex, as the 2025
  review's chart) is published by `public_table`: its cells through
  `suppress_table`, with its row and column totals, which the suppression
  accounts for.

The threshold k is the setting STATISTICS_DISCLOSURE_K (default 5), read by
`disclosure_threshold`.

Residual risk, accepted by the spec (docs/decisions/0012): breakdowns of
nested populations (new clients and those exploited in Finland, by
nationality and by sex) are published separately, so their difference
(those exploited abroad) can show a small count, as the published review
does for Nepal (60 new clients, 59 exploited in Finland). The review itself
never prints such a difference when it is from 1 to k−1.
"""

import copy
import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count
from typing import Any

from django.conf import settings

from torju.statistics.schema import OTHER, AnnualStatistics

NATIONALITY_BREAKDOWNS = (("new_clients", "by_nationality"), ("exploited_in_finland", "by_nationality"))
DEFAULT_THRESHOLD = 5

Cell = tuple[str, str]  # (row, column)
Node = tuple[bool, str]  # (is a column, name): a row or a column of a table


def disclosure_threshold() -> int:
    """k: the smallest count published as it is (the setting STATISTICS_DISCLOSURE_K, default 5)."""
    return int(getattr(settings, "STATISTICS_DISCLOSURE_K", DEFAULT_THRESHOLD))


def _check_threshold(k: int) -> None:
    if k < 1:
        raise ValueError(f"the disclosure threshold must be at least 1, not {k}")


def public_form(statistics: AnnualStatistics, k: int) -> AnnualStatistics:
    """The statistics as they may be published: the nationality breakdowns merged (see the module's docstring)."""
    _check_threshold(k)
    public = copy.deepcopy(statistics)
    public["new_clients"]["by_nationality"] = merge_small_countries(public["new_clients"]["by_nationality"], k)
    public["exploited_in_finland"]["by_nationality"] = merge_small_countries(
        public["exploited_in_finland"]["by_nationality"], k
    )
    return public


def shows_small_counts(statistics: Mapping[str, Any], tables: Iterable["PublishedTable"], k: int) -> bool:
    """Whether the statistics show what their public form never does: a country or a table's cell from 1 to k−1.

    `other` under k is the public form's too when every country went into
    it. For a check of what is about to leave the system: the exact form
    of a year with small counts is caught whatever it is labelled.
    """
    _check_threshold(k)
    for section, breakdown in NATIONALITY_BREAKDOWNS:
        by_country: Mapping[str, int] = statistics[section][breakdown]
        for country, persons in by_country.items():
            if 0 < persons < k and (country != OTHER or len(by_country) > 1):
                return True
    return any(
        value is not None and 0 < value < k
        for table in tables
        for cells in table.cells.values()
        for value in cells.values()
    )


def merge_small_countries(by_country: Mapping[str, int], k: int) -> dict[str, int]:
    """Countries under k persons merged into `other`, and while `other` is under k the smallest country too.

    The smallest is the one with the fewest persons, of equal ones the first
    by code. Countries stay most frequent first; `other` comes last and only
    when something was merged. Should every country be merged and `other`
    still be under k, it equals the population's total, which is published
    anyway.
    """
    _check_threshold(k)
    shown = {country: persons for country, persons in by_country.items() if persons >= k}
    other = sum(persons for persons in by_country.values() if 0 < persons < k)
    if other:
        while other < k and shown:
            smallest = min(shown, key=lambda country: (shown[country], country))
            other += shown.pop(smallest)
    merged = dict(sorted(shown.items(), key=lambda item: (-item[1], item[0])))
    if other:
        merged[OTHER] = other
    return merged


@dataclass(frozen=True)
class PublishedTable:
    """A cross-tabulation as a reader gets it: cells, row totals, column totals and the grand total.

    None is a figure withheld. In the exact form nothing is; in the public
    form see `public_table`.
    """

    cells: dict[str, dict[str, int | None]]
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None

    @property
    def columns(self) -> list[str]:
        return list(self.column_totals)


def exact_table(rows: Mapping[str, Mapping[str, int]]) -> PublishedTable:
    """The table with its totals, every count as it is (for the analyst's screen)."""
    table = _Table(rows)
    return PublishedTable(
        cells={row: {column: table.values[row, column] for column in table.columns} for row in table.rows},
        row_totals={row: sum(table.values[row, column] for column in table.columns) for row in table.rows},
        column_totals={column: sum(table.values[row, column] for row in table.rows) for column in table.columns},
        total=sum(table.values.values()),
    )


def public_table(rows: Mapping[str, Mapping[str, int]], k: int) -> PublishedTable:
    """The table as it may be published: row and column totals shown, the cells through `suppress_table`.

    When the totals alone would give a cell from 1 to k−1 away (a table so
    small that suppressing cells cannot protect it: UnprotectableTableError),
    the column totals and every cell of a row with any count are withheld
    and only the row totals remain. Then a row's cells can be spread over
    its two or more columns in more than one way, so none can be derived. A
    table of one column, whose cells are its row totals, is refused
    (UnprotectableTableError) as suppress_table refuses it.
    """
    _check_threshold(k)
    exact = exact_table(rows)
    try:
        cells = suppress_table({row: dict(cells) for row, cells in rows.items()}, k)
    except UnprotectableTableError:
        if len(exact.columns) < 2:
            raise
        return PublishedTable(
            cells={
                row: {column: 0 if not exact.row_totals[row] else None for column in exact.columns}
                for row in exact.cells
            },
            row_totals=exact.row_totals,
            column_totals=dict.fromkeys(exact.columns),
            total=exact.total,
        )
    return PublishedTable(
        cells=cells, row_totals=exact.row_totals, column_totals=exact.column_totals, total=exact.total
    )


class UnprotectableTableError(ValueError):
    """The row and column totals alone determine a cell under k: suppressing cells cannot hide it."""

    def __init__(self, cell: Cell) -> None:
        super().__init__(
            f"the row and column totals determine the cell {cell!r}: merge rows or columns, or do not publish them"
        )
        self.cell = cell


def suppress_table(rows: dict[str, dict[str, int]], k: int) -> dict[str, dict[str, int | None]]:
    """A cross-tabulation as it may be published with its row and column totals: small cells are None.

    Primary suppression hides every cell from 1 to k−1 (0 is shown: it
    singles out nobody). Secondary suppression hides as few further cells as
    it can (then those of the least value) so that no hidden cell can be
    derived from what is published: the shown cells, every row total and
    every column total. A cell missing from a row counts as 0.

    The guarantee, proved: for every hidden cell there is another table of
    non-negative integers with the same shown cells and the same totals in
    which that cell differs by one. So neither linear combinations of the
    totals (the "differencing" of rows and columns) nor the knowledge that
    counts are non-negative pin it down.

    Proof. Take the hidden cells as the edges of a bipartite graph whose
    nodes are the rows and the columns. The tables that agree with the
    published values are the true table plus integer vectors d that are 0
    on shown cells and sum to 0 over every row and every column: the kernel
    of the graph's incidence matrix, which is spanned by the alternating
    (+1, −1, +1, …) vectors around its cycles. Adding the alternating
    vector of a cycle through a hidden cell c keeps the table non-negative
    if every cell of the cycle that decreases is at least 1, and changes c
    by one. Conversely, if another non-negative table has c different, its
    d decomposes conformally into alternating cycle vectors, one of which
    passes through c and decreases only cells that d decreases, which are
    at least 1. So c can change if and only if such a cycle exists: a path
    in a directed graph that `_can_change` searches. The algorithm below
    adds, for each cell that cannot change, the cheapest path of further
    cells that closes such a cycle (every cell on it can then change too),
    and hiding more cells never takes a cycle away, so at the end every
    hidden cell can change. A cycle through c exists for some set of hidden
    cells if and only if it exists when every cell is hidden; when it does
    not, the totals alone determine c, and UnprotectableTableError says so.

    Not covered: a reader who also knows that a hidden cell is either
    primary (1 to k−1) or secondary can narrow the interval, though not
    always to one value.
    """
    _check_threshold(k)
    table = _Table(rows)
    hidden = {cell for cell in table.cells if 0 < table.values[cell] < k}
    for cell in table.cells:
        if cell in hidden and not (_can_change(table, hidden, cell, -1) or _can_change(table, hidden, cell, +1)):
            hidden |= _cheapest_protection(table, hidden, cell)
    return {
        row: {column: None if (row, column) in hidden else table.values[row, column] for column in table.columns}
        for row in table.rows
    }


class _Table:
    def __init__(self, rows: Mapping[str, Mapping[str, int]]) -> None:
        self.rows = list(rows)
        self.columns = list(dict.fromkeys(column for cells in rows.values() for column in cells))
        self.cells = [(row, column) for row in self.rows for column in self.columns]
        self.values = {(row, column): rows[row].get(column, 0) for row, column in self.cells}
        negative = [cell for cell, value in self.values.items() if value < 0]
        if negative:
            raise ValueError(f"counts cannot be negative: {negative!r}")

    def arcs(self, cells: Iterable[Cell], direction: int) -> Iterator[tuple[Node, Node, Cell]]:
        """The arcs of the cells for changing a cell by `direction` (see suppress_table's proof).

        Walking the cycle from the changed cell's column, a column-to-row arc
        is a cell that changes by −direction, a row-to-column arc one that
        changes by +direction; a cell that decreases must be at least 1.
        """
        for cell in cells:
            row, column = cell
            positive = self.values[cell] >= 1
            if direction < 0 or positive:  # column → row: changes by −direction
                yield (True, column), (False, row), cell
            if direction > 0 or positive:  # row → column: changes by +direction
                yield (False, row), (True, column), cell


def _can_change(table: _Table, hidden: set[Cell], cell: Cell, direction: int) -> bool:
    """Whether another table with the published values has `cell` changed by `direction` (±1)."""
    if direction < 0 and table.values[cell] < 1:
        return False
    row, column = cell
    following: dict[Node, list[Node]] = {}
    for start, end, _arc_cell in table.arcs([other for other in hidden if other != cell], direction):
        following.setdefault(start, []).append(end)
    seen = {(True, column)}
    waiting = [(True, column)]
    while waiting:
        node = waiting.pop()
        if node == (False, row):
            return True
        for after in following.get(node, []):
            if after not in seen:
                seen.add(after)
                waiting.append(after)
    return False


def _cheapest_protection(table: _Table, hidden: set[Cell], cell: Cell) -> set[Cell]:
    """The cells to hide so that `cell` can change: fewest new cells, then least value; both directions tried."""
    best: tuple[tuple[int, int], set[Cell]] | None = None
    for direction in (-1, +1):
        if direction < 0 and table.values[cell] < 1:
            continue
        found = _cheapest_path(table, hidden, cell, direction)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        raise UnprotectableTableError(cell)
    return best[1]


def _cheapest_path(
    table: _Table, hidden: set[Cell], cell: Cell, direction: int
) -> tuple[tuple[int, int], set[Cell]] | None:
    """Dijkstra from the cell's column to its row over every other cell; a hidden cell costs nothing."""
    row, column = cell
    following: dict[Node, list[tuple[Node, Cell]]] = {}
    for start, end, arc_cell in table.arcs([other for other in table.cells if other != cell], direction):
        following.setdefault(start, []).append((end, arc_cell))
    start_node: Node = (True, column)
    target: Node = (False, row)
    costs: dict[Node, tuple[int, int]] = {start_node: (0, 0)}
    came_by: dict[Node, tuple[Node, Cell]] = {}
    order = count()  # ties in cost: the first found, so the result is the same every time
    queue: list[tuple[tuple[int, int], int, Node]] = [((0, 0), next(order), start_node)]
    done: set[Node] = set()
    while queue:
        cost, _order, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        if node == target:
            path = set()
            while node != start_node:
                node, arc_cell = came_by[node]
                path.add(arc_cell)
            return cost, path - hidden
        for after, arc_cell in following.get(node, []):
            step = (0, 0) if arc_cell in hidden else (1, table.values[arc_cell])
            new_cost = (cost[0] + step[0], cost[1] + step[1])
            if after not in done and (after not in costs or new_cost < costs[after]):
                costs[after] = new_cost
                came_by[after] = (node, arc_cell)
                heapq.heappush(queue, (new_cost, next(order), after))
    return None
