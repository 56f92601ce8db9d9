"""Cross-tabulations as they may be published: cells from 1 to k−1 withheld, and secondary suppression.

`suppress_table` withholds the small cells of a table and as few further ones
as it can so that no withheld cell can be derived from what is published (the
shown cells and every row and column total; its docstring has the proof).
`public_table` publishes a table with its totals; `exact_table` is the
analyst's.
"""

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count

from torju.statistics.disclosure.threshold import check_threshold

Cell = tuple[str, str]  # (row, column)
Node = tuple[bool, str]  # (is a column, name): a row or a column of a table


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


def public_table(
    rows: Mapping[str, Mapping[str, int]], k: int, *, must_show: Iterable[Cell] = (), also_hide: Iterable[Cell] = ()
) -> PublishedTable:
    """The table as it may be published: row and column totals shown, the cells through `suppress_table`.

    When the totals alone would give a cell from 1 to k−1 away (a table so
    small that suppressing cells cannot protect it: UnprotectableTableError),
    the column totals and every cell of a row with any count are withheld
    and only the row totals remain. Then a row's cells can be spread over
    its two or more columns in more than one way, so none can be derived. A
    table of one column, whose cells are its row totals, is refused
    (UnprotectableTableError) as suppress_table refuses it.
    """
    check_threshold(k)
    exact = exact_table(rows)
    try:
        cells = suppress_table(
            {row: dict(cells) for row, cells in rows.items()}, k, must_show=must_show, also_hide=also_hide
        )
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


def suppress_table(
    rows: Mapping[str, Mapping[str, int]],
    k: int,
    *,
    must_show: Iterable[Cell] = (),
    also_hide: Iterable[Cell] = (),
) -> dict[str, dict[str, int | None]]:
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

    `must_show`: cells released with a stated reason (a release's approver,
    docs/decisions/0024): shown whatever their value, and never used to
    protect another cell. `also_hide`: further cells to treat as primary (a
    correction's cells that changed by 1 to k−1 from the earlier release).
    """
    check_threshold(k)
    table = _Table(rows)
    shown = frozenset(must_show)
    extra = frozenset(also_hide)
    hidden = {cell for cell in table.cells if (0 < table.values[cell] < k or cell in extra) and cell not in shown}
    for cell in table.cells:
        if cell in hidden and not (_can_change(table, hidden, cell, -1) or _can_change(table, hidden, cell, +1)):
            hidden |= _cheapest_protection(table, hidden, cell, shown)
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


def _cheapest_protection(table: _Table, hidden: set[Cell], cell: Cell, shown: frozenset[Cell]) -> set[Cell]:
    """The cells to hide so that `cell` can change: fewest new cells, then least value; both directions tried."""
    best: tuple[tuple[int, int], set[Cell]] | None = None
    for direction in (-1, +1):
        if direction < 0 and table.values[cell] < 1:
            continue
        found = _cheapest_path(table, hidden, cell, direction, shown)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        raise UnprotectableTableError(cell)
    return best[1]


def _cheapest_path(
    table: _Table, hidden: set[Cell], cell: Cell, direction: int, shown: frozenset[Cell]
) -> tuple[tuple[int, int], set[Cell]] | None:
    """Dijkstra from the cell's column to its row over every other cell; a hidden cell costs nothing."""
    row, column = cell
    following: dict[Node, list[tuple[Node, Cell]]] = {}
    usable = [other for other in table.cells if other != cell and other not in shown]
    for start, end, arc_cell in table.arcs(usable, direction):
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
