"""The test-side attacker of the public form: linear programmes over every published figure (scipy's HiGHS).

spec/annual-statistics.md: an attacker who knows every figure of a public
output, that counts are whole and non-negative, and that the nested
population is a subset per country, must not pin any of these to one value
from 1 to k−1: the count of persons of one country in either nationality
breakdown, the count of persons of one country exploited abroad (new
clients − exploited in Finland), and any withheld cell of a cross-tabulation.
For each target the attacker minimises and maximises it subject to the
published figures; for these structures (a box with one equality per
`other`, a two-way table with its margins) the LP bounds are whole numbers.

The attacker does not know which countries `other` holds: besides the
countries of the register, the programme has one country more that the
register does not have ("??"), which may hold any part of an `other`.
It does not use the count of nationalities (distinct codes), which is not a
linear figure (docs/decisions/0022).

This is independent of the production code's closed-form bounds
(torju.statistics.disclosure.countries.pinned) and of its suppression
algorithm: another method, over the published output as a reader sees it.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog  # type: ignore[import-untyped]

from torju.statistics.disclosure import PublishedTable
from torju.statistics.schema import OTHER, AnnualStatistics, CellCounts, SeriesYear

ANYWHERE = "??"  # a country the reader cannot rule out: any of the world's that the register does not hold


@dataclass(frozen=True)
class Pin:
    """A target the attacker pinned to one value from 1 to k−1."""

    target: str  # e.g. "new_clients.by_nationality.NP", "abroad.NP", "new_clients_by_sex_and_age_band.X.60+"
    value: int


@dataclass(frozen=True)
class Verdict:
    """The attacker's findings on one output: pins, reasoned exceptions and accepted ones."""

    pins: list[Pin]  # not allowed
    reasoned: list[Pin]  # released by an approver with a stated reason
    accepted: list[Pin]  # given by the one-dimensional breakdowns alone (the spec's accepted risk)

    @property
    def passes(self) -> bool:
        return not self.pins


class _Programme:
    """Variables by name, equality constraints, and the bounds of linear targets."""

    def __init__(self, names: list[str]) -> None:
        self.index = {name: number for number, name in enumerate(names)}
        self.equalities: list[tuple[dict[str, float], float]] = []
        self.inequalities: list[tuple[dict[str, float], float]] = []  # sum <= bound

    def equal(self, terms: Mapping[str, float], value: float) -> None:
        self.equalities.append((dict(terms), value))

    def at_most(self, terms: Mapping[str, float], value: float) -> None:
        self.inequalities.append((dict(terms), value))

    def _matrix(
        self, rows: list[tuple[dict[str, float], float]]
    ) -> tuple[NDArray[np.float64] | None, NDArray[np.float64] | None]:
        if not rows:
            return None, None
        matrix = np.zeros((len(rows), len(self.index)))
        for number, (terms, _value) in enumerate(rows):
            for name, weight in terms.items():
                matrix[number, self.index[name]] += weight
        return matrix, np.array([value for _terms, value in rows], dtype=float)

    def bounds(self, target: Mapping[str, float]) -> tuple[int, int]:
        """The least and the most the target can be (whole numbers: the LP bounds rounded inwards)."""
        objective = np.zeros(len(self.index))
        for name, weight in target.items():
            objective[self.index[name]] += weight
        a_eq, b_eq = self._matrix(self.equalities)
        a_ub, b_ub = self._matrix(self.inequalities)
        found = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
            )
            assert result.status == 0, f"the published figures are infeasible: {result.message}"
            found.append(sign * result.fun)
        return math.ceil(found[0] - 1e-6), math.floor(found[1] + 1e-6)


def _pinned(bounds: tuple[int, int], k: int) -> int | None:
    least, most = bounds
    return least if least == most and 1 <= least <= k - 1 else None


def attack_nationalities(statistics: AnnualStatistics, countries: Iterable[str], k: int) -> list[Pin]:
    """Pins of the nested nationality breakdowns of one year's public statistics.

    `countries`: those of the register (the attacker is given them as
    candidates, besides any other country of the world).
    """
    whole = statistics["new_clients"]["by_nationality"]
    part = statistics["exploited_in_finland"]["by_nationality"]
    universe = sorted({*countries, *(c for c in whole if c != OTHER), *(c for c in part if c != OTHER), ANYWHERE})
    programme = _Programme([f"{breakdown}:{country}" for country in universe for breakdown in ("n", "f")])
    for prefix, published in (("n", whole), ("f", part)):
        merged = [country for country in universe if country not in published]
        for country, value in published.items():
            if country != OTHER:
                programme.equal({f"{prefix}:{country}": 1}, value)
        programme.equal({f"{prefix}:{country}": 1 for country in merged}, published.get(OTHER, 0))
    for country in universe:
        programme.at_most({f"f:{country}": 1, f"n:{country}": -1}, 0)
    pins = []
    for country in universe:
        if country == ANYWHERE:
            continue
        for target, terms in (
            (f"new_clients.by_nationality.{country}", {f"n:{country}": 1}),
            (f"exploited_in_finland.by_nationality.{country}", {f"f:{country}": 1}),
            (f"abroad.{country}", {f"n:{country}": 1, f"f:{country}": -1}),
        ):
            pinned = _pinned(programme.bounds(terms), k)
            if pinned is not None:
                pins.append(Pin(target, pinned))
    return pins


def attack_table(
    key: str,
    cells: CellCounts,
    row_totals: Mapping[str, int | None],
    column_totals: Mapping[str, int | None],
    k: int,
) -> list[Pin]:
    """Pins of a cross-table's withheld cells, given its shown cells and its published margins (None: withheld)."""
    names = [f"{row}|{column}" for row, columns in cells.items() for column in columns]
    programme = _Programme(names)
    for row, columns in cells.items():
        for column, value in columns.items():
            if value is not None:
                programme.equal({f"{row}|{column}": 1}, value)
        if row_totals.get(row) is not None:
            programme.equal({f"{row}|{column}": 1 for column in columns}, row_totals[row] or 0)
    for column in {column for columns in cells.values() for column in columns}:
        if column_totals.get(column) is not None:
            programme.equal({f"{row}|{column}": 1 for row in cells if column in cells[row]}, column_totals[column] or 0)
    pins = []
    for row, columns in cells.items():
        for column, value in columns.items():
            if value is None:
                pinned = _pinned(programme.bounds({f"{row}|{column}": 1}), k)
                if pinned is not None:
                    pins.append(Pin(f"{key}.{row}.{column}", pinned))
    return pins


def attack_sex_and_age(year: SeriesYear, k: int) -> tuple[list[Pin], list[Pin]]:
    """Pins of the sex × age band cross-table (margins: the new clients by sex and by age band), and those the
    margins give alone, with no cell published (the spec's accepted one-dimensional breakdowns)."""
    cells = year["new_clients_by_sex_and_age_band"]
    by_sex = {sex: value for sex, value in year["statistics"]["new_clients"]["by_sex"].items()}
    by_age = {band: value for band, value in year["statistics"]["new_clients"]["by_age_band"].items()}
    key = "new_clients_by_sex_and_age_band"
    with_cells = attack_table(key, cells, by_sex, by_age, k)
    margins_alone = attack_table(
        key, {row: dict.fromkeys(columns) for row, columns in cells.items()}, by_sex, by_age, k
    )
    return with_cells, margins_alone


def attack_year(
    year: SeriesYear,
    countries: Iterable[str],
    k: int,
    *,
    released: Iterable[str] = (),
    forms_by_sex: PublishedTable | None = None,
) -> Verdict:
    """Every target of one year's public output; `released`: the keys an approver released with a reason."""
    released = set(released)
    pins = attack_nationalities(year["statistics"], countries, k)
    table_pins, margins_alone = attack_sex_and_age(year, k)
    accepted = [pin for pin in table_pins if pin in margins_alone]
    pins += [pin for pin in table_pins if pin not in margins_alone]
    if forms_by_sex is not None:
        pins += attack_table(
            "events_by_form_and_sex", forms_by_sex.cells, forms_by_sex.row_totals, forms_by_sex.column_totals, k
        )
    reasoned = [pin for pin in pins if _is_released(pin, released)]
    return Verdict(pins=[pin for pin in pins if pin not in reasoned], reasoned=reasoned, accepted=accepted)


def _is_released(pin: Pin, released: set[str]) -> bool:
    """A pin on a released figure, or on the difference of a released country (abroad.XX)."""
    if pin.target in released:
        return True
    if pin.target.startswith("abroad."):
        country = pin.target.removeprefix("abroad.")
        return any(key.endswith(f"by_nationality.{country}") for key in released)
    return False


def shown_cells_under_k(cells: CellCounts, k: int, released: Iterable[str] = (), key: str = "") -> list[str]:
    """Shown cells from 1 to k−1 that were not released with a reason."""
    allowed = set(released)
    return [
        f"{key}.{row}.{column}"
        for row, columns in cells.items()
        for column, value in columns.items()
        if value is not None and 0 < value < k and f"{key}.{row}.{column}" not in allowed
    ]
