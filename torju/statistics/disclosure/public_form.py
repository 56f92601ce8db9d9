"""The public form of a year's figures (spec/annual-statistics.md and spec/situational-picture.md, "Public form").

- The nationality breakdowns: the new clients' merged as every country
  breakdown, the nested one of those exploited in Finland by the nested rule
  (disclosure.countries.merge_nested).
- The cross-table of the new clients by sex × age band: cells from 1 to k−1
  withheld with secondary suppression, its margins (`new_clients.by_sex`
  and `by_age_band`) published. When the margins alone would give a cell
  away (a year whose new clients are all of one sex or one age band), no
  cell is published: the table then says nothing the margins do not.
- The events by country: merged as a country breakdown.
- Everything else is published as counts (the spec's accepted risk of
  one-dimensional breakdowns and their differences).

Each function also says what it withheld and why (`Withheld`), for the
approver of a release, who may release a withheld figure with a stated
reason (`released`: the figures' keys); such a figure is shown, and the
test-side attacker reports it as a reasoned exception.
"""

import copy
from collections.abc import Iterable, Mapping, Sequence

from torju.statistics.disclosure.countries import (
    CHANGED,
    MARGINS,
    SECONDARY,
    UNDER_K,
    Withheld,
    merge_nested,
    merge_small_countries,
    withheld_countries,
)
from torju.statistics.disclosure.tables import PublishedTable, UnprotectableTableError, suppress_table
from torju.statistics.disclosure.threshold import check_threshold
from torju.statistics.schema import OTHER, AnnualStatistics, CellCounts, CrossCounts, SeriesYear

NEW_CLIENTS_BY_NATIONALITY = "new_clients.by_nationality"
FINLAND_BY_NATIONALITY = "exploited_in_finland.by_nationality"
SEX_AND_AGE = "new_clients_by_sex_and_age_band"
EVENTS_BY_COUNTRY = "events_by_country"


def _released_under(key: str, released: Iterable[str]) -> set[str]:
    """The last parts of the released keys under `key` ("a.b.NP" under "a.b" is "NP")."""
    prefix = key + "."
    return {name[len(prefix) :] for name in released if name.startswith(prefix)}


def changed_by_less_than_k(now: Mapping[str, int | None], earlier: Mapping[str, int | None], k: int) -> set[str]:
    """The keys shown in both whose values differ by 1 to k−1 (a correction would show that difference)."""
    return {
        key
        for key, value in now.items()
        if key != OTHER
        and value is not None
        and earlier.get(key) is not None
        and 1 <= abs(value - (earlier[key] or 0)) <= k - 1
    }


def public_statistics_with_withheld(
    statistics: AnnualStatistics,
    k: int,
    *,
    released: Iterable[str] = (),
    earlier: Sequence[AnnualStatistics] = (),
) -> tuple[AnnualStatistics, list[Withheld]]:
    """The annual statistics as they may be published, and what was withheld.

    `earlier`: the public forms of the same year in earlier releases, which
    this one corrects; a country shown in any of them whose count would
    change by 1 to k−1 is merged, so that the releases together do not show
    that difference (spec/situational-picture.md § 4).
    """
    check_threshold(k)
    released = set(released)
    public = copy.deepcopy(statistics)
    whole, part = statistics["new_clients"]["by_nationality"], statistics["exploited_in_finland"]["by_nationality"]
    changed_whole: set[str] = set()
    changed_part: set[str] = set()
    for before in earlier:
        changed_whole |= changed_by_less_than_k(whole, before["new_clients"]["by_nationality"], k)
        changed_part |= changed_by_less_than_k(part, before["exploited_in_finland"]["by_nationality"], k)
    pair = merge_nested(
        whole,
        part,
        k,
        keys=(NEW_CLIENTS_BY_NATIONALITY, FINLAND_BY_NATIONALITY),
        kept_whole=_released_under(NEW_CLIENTS_BY_NATIONALITY, released),
        kept_part=_released_under(FINLAND_BY_NATIONALITY, released),
        also_merge_whole=changed_whole,
        also_merge_part=changed_part,
    )
    public["new_clients"]["by_nationality"] = pair.whole
    public["exploited_in_finland"]["by_nationality"] = pair.part
    return public, pair.withheld


def public_form(statistics: AnnualStatistics, k: int, *, released: Iterable[str] = ()) -> AnnualStatistics:
    """The annual statistics as they may be published (see the module's docstring)."""
    return public_statistics_with_withheld(statistics, k, released=released)[0]


def public_cross_table(
    key: str,
    rows: Mapping[str, Mapping[str, int]],
    k: int,
    *,
    released: Iterable[str] = (),
    earlier: Sequence[CellCounts] = (),
) -> tuple[CellCounts, list[Withheld]]:
    """A cross-table whose margins are published elsewhere: its cells suppressed, and what was withheld.

    `earlier`: the table as earlier releases of the same year published it;
    a cell shown in any of them that would change by 1 to k−1 is withheld too.
    """
    check_threshold(k)
    released = set(released)
    shown = {(row, column) for row, cells in rows.items() for column in cells if f"{key}.{row}.{column}" in released}
    changed = {
        (row, column)
        for before in earlier
        for row, cells in rows.items()
        for column in changed_by_less_than_k(cells, before.get(row, {}), k)
    }
    try:
        cells = suppress_table(rows, k, must_show=shown, also_hide=changed)
        margins = False
    except UnprotectableTableError:
        cells = {row: {column: None for column in columns} for row, columns in rows.items()}
        margins = True
    withheld = [
        Withheld(
            f"{key}.{row}.{column}",
            rows[row][column],
            MARGINS
            if margins
            else CHANGED
            if (row, column) in changed
            else UNDER_K
            if 0 < rows[row][column] < k
            else SECONDARY,
        )
        for row, columns in cells.items()
        for column, value in columns.items()
        if value is None and (rows[row][column] or not margins)
    ]
    return cells, withheld


def public_year(
    year: SeriesYear, k: int, *, released: Iterable[str] = (), earlier: Sequence[SeriesYear] = ()
) -> tuple[SeriesYear, list[Withheld]]:
    """A year of the series as it may be published, and what was withheld.

    `earlier`: the year as earlier releases published it, which this one corrects (see
    `public_statistics_with_withheld`).
    """
    released = set(released)
    statistics, withheld = public_statistics_with_withheld(
        year["statistics"], k, released=released, earlier=[before["statistics"] for before in earlier]
    )
    by_sex_and_age: CrossCounts = {
        sex: {band: count or 0 for band, count in bands.items()}
        for sex, bands in year["new_clients_by_sex_and_age_band"].items()
    }
    cells, withheld_cells = public_cross_table(
        SEX_AND_AGE,
        by_sex_and_age,
        k,
        released=released,
        earlier=[before["new_clients_by_sex_and_age_band"] for before in earlier],
    )
    events_by_country = year["events_by_country"]
    public_countries = merge_small_countries(events_by_country, k, kept=_released_under(EVENTS_BY_COUNTRY, released))
    public: SeriesYear = {
        **copy.deepcopy(year),
        "statistics": statistics,
        "new_clients_by_sex_and_age_band": cells,
        "events_by_country": public_countries,
    }
    return public, [
        *withheld,
        *withheld_cells,
        *withheld_countries(EVENTS_BY_COUNTRY, events_by_country, k, public_countries),
    ]


def shows_small_counts(
    statistics: AnnualStatistics, tables: Iterable[PublishedTable], k: int, *, released: Iterable[str] = ()
) -> bool:
    """Whether the statistics show what their public form never does: a country or a table's cell from 1 to k−1.

    `other` under k is the public form's too when every country went into
    it. For a check of what is about to leave the system: the exact form
    of a year with small counts is caught whatever it is labelled. Figures
    released with a stated reason (`released`, their keys) are not counted.
    """
    check_threshold(k)
    allowed = set(released)
    breakdowns = {
        NEW_CLIENTS_BY_NATIONALITY: statistics["new_clients"]["by_nationality"],
        FINLAND_BY_NATIONALITY: statistics["exploited_in_finland"]["by_nationality"],
    }
    for key, by_country in breakdowns.items():
        for country, persons in by_country.items():
            if f"{key}.{country}" in allowed:
                continue
            if 0 < persons < k and (country != OTHER or len(by_country) > 1):
                return True
    return any(
        value is not None and 0 < value < k
        for table in tables
        for row, cells in table.cells.items()
        for column, value in cells.items()
        if f"events_by_form_and_sex.{row}.{column}" not in allowed
    )
