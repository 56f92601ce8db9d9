"""Disclosure control: nationality merging, and cell suppression that no reader can undo from the totals.

The suppression is checked against an independent oracle
(tests/statistics/disclosure_oracle.py): for a hidden cell, every value it
could take in a table of non-negative integers with the published cells and
the same row and column totals, found by maximum-flow feasibility rather
than with the cycles the implementation reasons about.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from tests.statistics.disclosure_oracle import possible_values, values_given_totals
from torju.statistics.disclosure import (
    UnprotectableTableError,
    disclosure_threshold,
    exact_table,
    merge_small_countries,
    public_form,
    public_table,
    shows_small_counts,
    suppress_table,
)
from torju.statistics.schema import OTHER, AnnualStatistics

Table = dict[str, dict[str, int]]
Published = dict[str, dict[str, int | None]]


def everything_hidden(table: Table) -> Published:
    return {row: dict.fromkeys(cells) for row, cells in table.items()}


# Cross-tabulations.


def test_small_cells_are_hidden_with_the_cheapest_complementary_cells() -> None:
    table = {
        "NP": {"F": 2, "M": 30, "X": 0},
        "SO": {"F": 12, "M": 9, "X": 0},
        "TH": {"F": 40, "M": 6, "X": 0},
    }
    published = suppress_table(table, 5)
    # 2 is hidden; the cheapest cycle through it takes the least of NP's and F's other cells.
    assert published == {
        "NP": {"F": None, "M": None, "X": 0},
        "SO": {"F": None, "M": None, "X": 0},
        "TH": {"F": 40, "M": 6, "X": 0},
    }


def test_a_table_without_small_cells_is_published_as_it_is() -> None:
    table = {"A": {"F": 0, "M": 5}, "B": {"F": 7, "M": 0}}
    assert suppress_table(table, 5) == table


def test_zero_cells_may_be_hidden_when_nothing_else_protects_a_cell() -> None:
    table = {"A": {"F": 3, "M": 0}, "B": {"F": 0, "M": 10}}
    published = suppress_table(table, 5)
    assert published == everything_hidden(table)
    assert possible_values(table, published, ("A", "F")) == {0, 1, 2, 3}


def test_a_cell_the_totals_give_away_cannot_be_protected() -> None:
    with pytest.raises(UnprotectableTableError) as error:
        suppress_table({"A": {"F": 3, "M": 12}}, 5)  # one row: the column total F is the cell
    assert error.value.cell == ("A", "F")
    with pytest.raises(UnprotectableTableError):
        suppress_table({"A": {"F": 3, "M": 0}, "B": {"F": 0, "M": 0}}, 5)


def test_a_missing_cell_counts_as_zero_and_negative_counts_are_refused() -> None:
    assert suppress_table({"A": {"F": 6}, "B": {"M": 7}}, 5) == {"A": {"F": 6, "M": 0}, "B": {"F": 0, "M": 7}}
    with pytest.raises(ValueError, match="negative"):
        suppress_table({"A": {"F": -1, "M": 7}}, 5)
    with pytest.raises(ValueError, match="threshold"):
        suppress_table({"A": {"F": 1}}, 0)


SUPPRESS_IN_A_NEW_PROCESS = """
import json, sys
from torju.statistics.disclosure import merge_small_countries, suppress_table
table = {f"R{row}": {f"C{column}": (row * 7 + column * 3) % 9 for column in range(5)} for row in range(6)}
ties = {f"T{row}": {f"S{column}": 2 if row == column else 6 for column in range(4)} for row in range(4)}
countries = {code: 3 for code in ("NP", "SO", "FI", "TH", "VN", "UA", "IN", "PH")}
json.dump([suppress_table(table, 4), suppress_table(ties, 5), merge_small_countries(countries, 5)], sys.stdout)
"""


def test_the_suppression_is_the_same_in_every_process_whatever_the_hash_seed() -> None:
    """Sets of cells and of strings iterate in an order that changes with PYTHONHASHSEED from process to process:
    a choice among equally cheap cells that followed it would differ between two renderings of one year."""
    results = {}
    for seed in ("0", "1", "2", "3", "12345"):
        finished = subprocess.run(
            [sys.executable, "-c", SUPPRESS_IN_A_NEW_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        )
        results[seed] = finished.stdout
    assert len(set(results.values())) == 1, results
    _table, ties, countries = json.loads(results["0"])
    assert sum(value is None for cells in ties.values() for value in cells.values()) >= 8, "a choice among equals"
    assert countries == {OTHER: 24}


counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(5, 40))


@st.composite
def tables(draw: Any) -> Table:
    row_count = draw(st.integers(1, 4))
    column_count = draw(st.integers(1, 4))
    return {f"r{row}": {f"c{column}": draw(counts) for column in range(column_count)} for row in range(row_count)}


@examples(max_examples=300, deadline=None)
@given(table=tables(), k=st.integers(2, 6))
def test_no_small_cell_is_shown_and_no_hidden_cell_can_be_derived(table: Table, k: int) -> None:
    try:
        published = suppress_table(table, k)
    except UnprotectableTableError as error:
        # Refused only when the totals alone fix the cell, whatever else is hidden.
        assert 0 < table[error.cell[0]][error.cell[1]] < k
        assert len(possible_values(table, everything_hidden(table), error.cell)) == 1
        return
    assert list(published) == list(table)
    for row, cells in table.items():
        assert list(published[row]) == list(cells)
        for column, value in cells.items():
            shown = published[row][column]
            if shown is None:
                values = possible_values(table, published, (row, column))
                assert value in values
                assert len(values) >= 2, (row, column, values)
            else:
                assert shown == value
                assert shown == 0 or shown >= k


# Cross-tabulations with their totals, as the review publishes them.


def test_the_exact_table_has_its_row_and_column_totals() -> None:
    table = exact_table({"forced_labour": {"F": 2, "M": 30}, "forced_marriage": {"F": 12}})
    assert table.cells == {"forced_labour": {"F": 2, "M": 30}, "forced_marriage": {"F": 12, "M": 0}}
    assert table.row_totals == {"forced_labour": 32, "forced_marriage": 12}
    assert table.column_totals == {"F": 14, "M": 30}
    assert (table.total, table.columns) == (44, ["F", "M"])


def test_the_public_table_suppresses_the_cells_and_publishes_the_totals() -> None:
    table = {"NP": {"F": 2, "M": 30, "X": 0}, "SO": {"F": 12, "M": 9, "X": 0}, "TH": {"F": 40, "M": 6, "X": 0}}
    published = public_table(table, 5)
    assert published.cells == suppress_table(table, 5)
    assert published.row_totals == {"NP": 32, "SO": 21, "TH": 46}
    assert published.column_totals == {"F": 54, "M": 45, "X": 0}
    assert published.total == 99


def test_a_table_the_totals_would_give_away_keeps_only_its_row_totals() -> None:
    table = {"forced_labour": {"F": 3, "M": 10, "X": 0}, "forced_marriage": {"F": 0, "M": 0, "X": 0}}
    with pytest.raises(UnprotectableTableError):
        suppress_table(table, 5)
    published = public_table(table, 5)
    assert published.cells == {
        "forced_labour": {"F": None, "M": None, "X": None},
        "forced_marriage": {"F": 0, "M": 0, "X": 0},
    }
    assert published.column_totals == {"F": None, "M": None, "X": None}
    assert (published.row_totals, published.total) == ({"forced_labour": 13, "forced_marriage": 0}, 13)
    with pytest.raises(UnprotectableTableError):
        public_table({"forced_labour": {"F": 3}, "forced_marriage": {"F": 9}}, 5)  # one column: cells = row totals


@examples(max_examples=200, deadline=None)
@given(table=tables(), k=st.integers(2, 6))
def test_no_cell_of_a_public_table_is_small_or_can_be_derived_from_its_published_totals(table: Table, k: int) -> None:
    try:
        published = public_table(table, k)
    except UnprotectableTableError:
        assert len(next(iter(table.values()))) == 1
        return
    assert not shows_small_counts(no_nationalities(), [published], k)
    row_totals = {row: sum(cells.values()) for row, cells in table.items()}
    assert published.row_totals == row_totals
    # Withheld column totals: the reader knows only the row totals.
    column_totals = {column: total for column, total in published.column_totals.items() if total is not None}
    shown_totals = len(column_totals) == len(published.column_totals)
    for row, cells in published.cells.items():
        for column, shown in cells.items():
            if shown is not None:
                assert shown == table[row][column] and (shown == 0 or shown >= k)
                continue
            if shown_totals:
                values = values_given_totals(published.cells, row_totals, column_totals, (row, column))
            else:
                assert all(value is None for value in cells.values())
                values = set(range(row_totals[row] + 1))  # only the row total bounds it
            assert table[row][column] in values
            assert len(values) >= 2, (row, column, values)


def no_nationalities() -> AnnualStatistics:
    return {  # type: ignore[typeddict-item]
        "new_clients": {"by_nationality": {}},
        "exploited_in_finland": {"by_nationality": {}},
    }


def test_small_counts_are_what_the_public_form_never_shows() -> None:
    exact = public_statistics({"NP": 60, "SO": 3}, {"NP": 59})
    assert shows_small_counts(exact, [], 5)
    assert not shows_small_counts(public_form(exact, 5), [], 5)
    assert not shows_small_counts(public_statistics({OTHER: 3}, {}), [], 5), "everything merged, as the rule says"
    assert shows_small_counts(public_statistics({"NP": 9, OTHER: 3}, {}), [], 5)
    table = {"A": {"F": 3, "M": 10}, "B": {"F": 10, "M": 10}}
    assert shows_small_counts(no_nationalities(), [exact_table(table)], 5)
    assert not shows_small_counts(no_nationalities(), [public_table(table, 5)], 5)


# Nationalities.


def test_countries_under_k_are_merged_into_other() -> None:
    assert merge_small_countries({"NP": 60, "SO": 30, "FI": 5, "AF": 4, "XX": 1, "ZZ": 1}, 5) == {
        "NP": 60,
        "SO": 30,
        "FI": 5,
        OTHER: 6,
    }


def test_other_under_k_takes_the_smallest_country_too() -> None:
    assert merge_small_countries({"NP": 9, "SO": 6, "TH": 6, "AF": 2}, 5) == {"NP": 9, "TH": 6, OTHER: 8}
    assert merge_small_countries({"NP": 9, "SO": 6}, 5) == {"NP": 9, "SO": 6}
    assert merge_small_countries({"NP": 2, "SO": 1}, 5) == {OTHER: 3}


@given(
    by_country=st.dictionaries(st.sampled_from(["NP", "SO", "FI", "TH", "VN", "XX", "ZZ", "AF"]), st.integers(1, 12)),
    k=st.integers(1, 8),
)
def test_no_country_under_k_is_shown(by_country: dict[str, int], k: int) -> None:
    merged = merge_small_countries(by_country, k)
    assert sum(merged.values()) == sum(by_country.values())
    for country, persons in merged.items():
        if country == OTHER:
            assert persons >= k or set(merged) == {OTHER}
        else:
            assert persons == by_country[country] >= k
    moved = set(by_country) - set(merged)
    assert len([country for country in moved if by_country[country] >= k]) <= 1


def public_statistics(by_nationality: dict[str, int], in_finland: dict[str, int]) -> AnnualStatistics:
    """Only what the public form's rules read; the rest of the JSON is left out."""
    return {  # type: ignore[typeddict-item]
        "year": 2025,
        "new_clients": {"victims": sum(by_nationality.values()), "by_sex": {"F": 1}, "by_nationality": by_nationality},
        "exploited_in_finland": {"victims": sum(in_finland.values()), "by_nationality": in_finland},
        "reflection_periods_granted": 2,
    }


def test_the_public_form_merges_both_nationality_breakdowns_and_keeps_the_rest() -> None:
    exact = public_statistics({"NP": 60, "SO": 3, "FI": 18, "AF": 2}, {"NP": 59, "FI": 17, "SO": 2, "VN": 1, "XX": 2})
    public = public_form(exact, 5)
    assert public == {
        "year": 2025,
        "new_clients": {"victims": 83, "by_sex": {"F": 1}, "by_nationality": {"NP": 60, "FI": 18, OTHER: 5}},
        # Nepal (60 and 59) and Finland (18 and 17) differ by 1: merged in the nested breakdown, and with them
        # everything, as the rest would be under k.
        "exploited_in_finland": {"victims": 81, "by_nationality": {OTHER: 81}},
        "reflection_periods_granted": 2,
    }
    assert exact["new_clients"]["by_nationality"] == {"NP": 60, "SO": 3, "FI": 18, "AF": 2}  # not changed


@given(
    new=st.dictionaries(st.sampled_from(["NP", "SO", "FI", "TH", "XX", "ZZ"]), st.integers(1, 30)),
    in_finland=st.dictionaries(st.sampled_from(["NP", "SO", "FI", "VN"]), st.integers(1, 30)),
    k=st.integers(2, 8),
)
def test_the_public_form_never_shows_a_country_under_k(new: dict[str, int], in_finland: dict[str, int], k: int) -> None:
    public = public_form(public_statistics(new, in_finland), k)
    for section in ("new_clients", "exploited_in_finland"):
        shown = public[section]["by_nationality"]
        assert all(persons >= k for country, persons in shown.items() if country != OTHER)
        assert shown.get(OTHER, k) >= k or set(shown) == {OTHER}


def test_the_threshold_is_a_setting_with_default_5(settings: Settings) -> None:
    if hasattr(settings, "STATISTICS_DISCLOSURE_K"):
        del settings.STATISTICS_DISCLOSURE_K
    assert disclosure_threshold() == 5
    settings.STATISTICS_DISCLOSURE_K = 3
    assert disclosure_threshold() == 3
