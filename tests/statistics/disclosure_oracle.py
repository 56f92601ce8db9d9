"""An independent oracle for cell suppression: every value a withheld cell can take, given what is published.

For a withheld cell of a cross-tabulation, the values it could have in a
table of non-negative integers with the published cells and the published
row and column totals, found by testing each candidate value with a
maximum-flow feasibility check (a transportation problem), not with the
cycles that torju.statistics.disclosure reasons about. A cell whose set has
one value can be recomputed from the totals.
"""

from collections import deque
from collections.abc import Mapping

Cells = Mapping[str, Mapping[str, int | None]]


def _max_flow(capacity: dict[str, dict[str, int]], source: str, sink: str) -> int:
    """Edmonds–Karp on a small graph given as capacities."""
    residual: dict[str, dict[str, int]] = {}
    for start, ends in capacity.items():
        for end, amount in ends.items():
            residual.setdefault(start, {})[end] = residual.get(start, {}).get(end, 0) + amount
            residual.setdefault(end, {}).setdefault(start, 0)
    flow = 0
    while True:
        previous: dict[str, str] = {source: source}
        queue = deque([source])
        while queue and sink not in previous:
            node = queue.popleft()
            for after, amount in residual.get(node, {}).items():
                if amount > 0 and after not in previous:
                    previous[after] = node
                    queue.append(after)
        if sink not in previous:
            return flow
        path = []
        node = sink
        while node != source:
            path.append((previous[node], node))
            node = previous[node]
        pushed = min(residual[start][end] for start, end in path)
        for start, end in path:
            residual[start][end] -= pushed
            residual[end][start] += pushed
        flow += pushed


def _fits(row_rest: dict[str, int], column_rest: dict[str, int], free: list[tuple[str, str]]) -> bool:
    """Whether the free cells can hold non-negative integers with these row and column remainders."""
    if any(value < 0 for value in (*row_rest.values(), *column_rest.values())):
        return False
    if sum(row_rest.values()) != sum(column_rest.values()):
        return False
    big = sum(row_rest.values()) + 1
    capacity: dict[str, dict[str, int]] = {"source": {}}
    for row, amount in row_rest.items():
        capacity["source"][f"r:{row}"] = amount
    for column, amount in column_rest.items():
        capacity.setdefault(f"c:{column}", {})["sink"] = amount
    for row, column in free:
        capacity.setdefault(f"r:{row}", {})[f"c:{column}"] = big
    return _max_flow(capacity, "source", "sink") == sum(row_rest.values())


def values_given_totals(
    published: Cells, row_totals: Mapping[str, int], column_totals: Mapping[str, int], cell: tuple[str, str]
) -> set[int]:
    """Every value `cell` can take given the published cells (None: withheld) and row and column totals."""
    columns = list(column_totals)
    hidden = [(row, column) for row in published for column in columns if published[row][column] is None]
    row_rest = {
        row: row_totals[row] - sum(value for value in published[row].values() if value is not None) for row in published
    }
    column_rest = {
        column: column_totals[column] - sum(published[row][column] or 0 for row in published) for column in columns
    }
    row, column = cell
    others = [other for other in hidden if other != cell]
    values = set()
    for value in range(max(min(row_rest[row], column_rest[column]), -1) + 1):
        if _fits(
            {**row_rest, row: row_rest[row] - value}, {**column_rest, column: column_rest[column] - value}, others
        ):
            values.add(value)
    return values


def possible_values(table: Mapping[str, Mapping[str, int]], published: Cells, cell: tuple[str, str]) -> set[int]:
    """As `values_given_totals`, with the totals of the true table (which the public form publishes)."""
    columns = list(dict.fromkeys(column for cells in table.values() for column in cells))
    row_totals = {row: sum(table[row].values()) for row in table}
    column_totals = {column: sum(table[row].get(column, 0) for row in table) for column in columns}
    return values_given_totals(published, row_totals, column_totals, cell)
