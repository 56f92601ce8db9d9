"""The amended public form against the linear-programming attacker (tests/statistics/attacker.py).

The nested nationality breakdowns, the sex × age band cross-table and the
countries' `other` rule, on hand-made figures and on random ones (hypothesis):
the attacker, who knows every published figure, pins no count of one country
(in either breakdown, or of those exploited abroad) and no withheld cell to a
value from 1 to k−1. It does find the pins of the rule that the amendment
replaced, so it is an attacker that can fail.
"""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.statistics.attacker import ANYWHERE, Pin, attack_nationalities, attack_table, attack_year
from tests.statistics.test_review import statistics_2025
from torju.demo.register_data import load_demo_register
from torju.register.models import Person
from torju.statistics.disclosure import (
    disclosure_threshold,
    merge_nested,
    merge_small_countries,
    public_cross_table,
    public_form,
)
from torju.statistics.disclosure.countries import (
    ATTACKER,
    DIFFERENCE,
    MERGED_IN_WHOLE,
    OTHER_UNDER_K,
    UNDER_K,
    pinned,
)
from torju.statistics.permissions import PUBLIC
from torju.statistics.schema import AGE_BANDS, OTHER, AnnualStatistics, SeriesYear
from torju.statistics.selectors import review_statistics, series

COUNTRIES = ("NP", "SO", "FI", "TH", "VN", "UA", "XX", "ZZ")


def nationalities(whole: dict[str, int], part: dict[str, int]) -> AnnualStatistics:
    """Only what the attacker on nationalities reads."""
    return {  # type: ignore[typeddict-item]
        "new_clients": {"by_nationality": whole},
        "exploited_in_finland": {"by_nationality": part},
    }


def test_the_attacker_pins_what_the_rule_before_the_amendment_published() -> None:
    """Nepal 60 new clients and 59 exploited in Finland: one Nepalese exploited abroad."""
    whole = {"NP": 60, "SO": 33, "FI": 18, "AF": 2, "IQ": 3}
    part = {"NP": 59, "FI": 17, "SO": 2, "AF": 1}
    before = nationalities(merge_small_countries(whole, 5), merge_small_countries(part, 5))
    assert Pin("abroad.NP", 1) in attack_nationalities(before, whole, 5)
    assert attack_nationalities(public_form(nationalities(whole, part), 5), whole, 5) == []


def test_nepal_and_finland_leave_the_nested_breakdown_of_the_2025_review() -> None:
    statistics = statistics_2025()
    public = public_form(statistics, 5)
    nested = public["exploited_in_finland"]["by_nationality"]
    assert "NP" not in nested and "FI" not in nested, "60 and 59, 18 and 17"
    assert public["new_clients"]["by_nationality"]["NP"] == 62
    assert sum(nested.values()) == statistics["exploited_in_finland"]["victims"]
    assert attack_nationalities(public, statistics["new_clients"]["by_nationality"], 5) == []


def test_each_withheld_country_says_why() -> None:
    whole = {"NP": 60, "SO": 33, "TH": 9}
    part = {"NP": 59, "SO": 20, "TH": 9}
    pair = merge_nested(whole, part, 5)
    reasons = {withheld.key: withheld.reason for withheld in pair.withheld}
    assert reasons["exploited_in_finland.by_nationality.NP"] == DIFFERENCE
    # NP alone in the nested `other` would be pinned at 59: the smallest shown country joins it.
    assert reasons["exploited_in_finland.by_nationality.TH"] == ATTACKER
    assert (pair.whole, pair.part) == (whole, {"SO": 20, OTHER: 68})
    with_small = merge_nested({**whole, "AF": 2}, part, 5)
    assert {item.key: item.reason for item in with_small.withheld} == {
        "new_clients.by_nationality.AF": UNDER_K,
        "new_clients.by_nationality.TH": OTHER_UNDER_K,
        "exploited_in_finland.by_nationality.NP": DIFFERENCE,
        "exploited_in_finland.by_nationality.TH": MERGED_IN_WHOLE,
    }


def test_a_whole_of_one_country_is_merged_too_when_nothing_else_protects_it() -> None:
    """All new clients Nepalese, three of them exploited in Finland: the spec's rule leaves 3 Nepalese pinned
    (the nested `other` is the total); merging Nepal in the new clients' breakdown hides whose they are."""
    pair = merge_nested({"NP": 10}, {"NP": 3}, 5)
    assert (pair.whole, pair.part) == ({OTHER: 10}, {OTHER: 3})
    assert attack_nationalities(nationalities(pair.whole, pair.part), ["NP"], 5) == []


def test_a_country_released_with_a_reason_is_shown_and_reported_as_a_reasoned_exception() -> None:
    whole = {"NP": 60, "SO": 33, "FI": 18, "AF": 2, "IQ": 3}
    part = {"NP": 59, "FI": 17, "SO": 2, "AF": 1}
    released = ["exploited_in_finland.by_nationality.NP"]
    statistics = public_form(nationalities(whole, part), 5, released=released)
    assert statistics["exploited_in_finland"]["by_nationality"]["NP"] == 59
    year: SeriesYear = {  # type: ignore[typeddict-item]
        "statistics": {**statistics, "new_clients": {**statistics["new_clients"], "by_sex": {}, "by_age_band": {}}},
        "new_clients_by_sex_and_age_band": {},
    }
    verdict = attack_year(year, whole, 5, released=released)
    assert verdict.pins == [] and Pin("abroad.NP", 1) in verdict.reasoned


counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(5, 40))


@st.composite
def nested_breakdowns(draw: Any) -> tuple[dict[str, int], dict[str, int]]:
    whole = {country: draw(counts) for country in draw(st.sets(st.sampled_from(COUNTRIES), min_size=1))}
    whole = {country: n for country, n in whole.items() if n}
    part = {country: draw(st.integers(0, n)) for country, n in whole.items()}
    return whole, {country: n for country, n in part.items() if n}


@examples(max_examples=150, deadline=None)
@given(breakdowns=nested_breakdowns(), k=st.integers(2, 6))
def test_no_nested_breakdown_lets_the_attacker_pin_a_count(
    breakdowns: tuple[dict[str, int], dict[str, int]], k: int
) -> None:
    whole, part = breakdowns
    pair = merge_nested(whole, part, k)
    assert sum(pair.whole.values()) == sum(whole.values()) and sum(pair.part.values()) == sum(part.values())
    assert attack_nationalities(nationalities(pair.whole, pair.part), whole, k) == []
    for country, n in pair.part.items():
        if country != OTHER:
            assert country in pair.whole and n >= k and not 1 <= whole[country] - n <= k - 1


@examples(max_examples=150, deadline=None)
@given(breakdowns=nested_breakdowns(), k=st.integers(2, 6))
def test_the_closed_form_bounds_agree_with_the_linear_programme(
    breakdowns: tuple[dict[str, int], dict[str, int]], k: int
) -> None:
    """The production check (disclosure.countries.pinned) finds a pin exactly when the LP attacker does."""
    whole, part = breakdowns
    shown_whole = {country for country in merge_small_countries(whole, k) if country != OTHER}
    shown_part = {country for country in merge_small_countries(part, k) if country != OTHER} & shown_whole
    published = nationalities(
        {country: n for country, n in whole.items() if country in shown_whole}
        | ({OTHER: sum(n for c, n in whole.items() if c not in shown_whole)} if set(whole) - shown_whole else {}),
        {country: n for country, n in part.items() if country in shown_part}
        | ({OTHER: sum(n for c, n in part.items() if c not in shown_part)} if set(part) - shown_part else {}),
    )
    by_lp = {pin.target.rsplit(".", 1)[-1] for pin in attack_nationalities(published, whole, k)} - {ANYWHERE}
    assert set(pinned(whole, part, shown_whole, shown_part, k)) == by_lp


SEXES = ("F", "M", "X")


@st.composite
def sex_and_age_tables(draw: Any) -> dict[str, dict[str, int]]:
    return {sex: {band: draw(counts) for band in AGE_BANDS} for sex in SEXES}


@examples(max_examples=120, deadline=None)
@given(table=sex_and_age_tables(), k=st.integers(2, 6))
def test_the_sex_and_age_cross_table_pins_no_withheld_cell_beyond_its_margins(
    table: dict[str, dict[str, int]], k: int
) -> None:
    cells, withheld = public_cross_table("new_clients_by_sex_and_age_band", table, k)
    by_sex = {sex: sum(bands.values()) for sex, bands in table.items()}
    by_age = {band: sum(table[sex][band] for sex in SEXES) for band in AGE_BANDS}
    for sex, bands in cells.items():
        for band, shown in bands.items():
            assert shown is None or (shown == table[sex][band] and not 0 < shown < k)
    pins = attack_table("t", cells, by_sex, by_age, k)
    if pins:  # only a table whose margins alone give a cell away, and then no cell is published at all
        assert all(value is None for bands in cells.values() for value in bands.values())
        margins_alone = attack_table("t", {sex: dict.fromkeys(AGE_BANDS) for sex in SEXES}, by_sex, by_age, k)
        assert set(pins) <= set(margins_alone)
    assert {item.key for item in withheld} >= {
        f"new_clients_by_sex_and_age_band.{sex}.{band}"
        for sex, bands in cells.items()
        for band, value in bands.items()
        if value is None and table[sex][band]
    }


@given(by_country=st.dictionaries(st.sampled_from(COUNTRIES), st.integers(1, 12)), k=st.integers(2, 6))
def test_the_events_by_country_show_no_country_under_k(by_country: dict[str, int], k: int) -> None:
    merged = merge_small_countries(by_country, k)
    assert all(n >= k for country, n in merged.items() if country != OTHER)
    assert merged.get(OTHER, k) >= k or set(merged) == {OTHER}


@pytest.mark.django_db
def test_the_attacker_finds_nothing_in_the_demo_registers_public_outputs_of_2015_to_2025() -> None:
    """Every year's public form (the series, as a situational picture publishes it, and the review's forms × sex
    table, as a year's review does) of the demo register."""
    load_demo_register()
    countries = set(Person.objects.values_list("nationality", flat=True))
    published = series(2015, 2025, PUBLIC)
    findings = {}
    for year in range(2015, 2026):
        verdict = attack_year(
            published["years"][str(year)],
            countries,
            disclosure_threshold(),
            forms_by_sex=review_statistics(year, PUBLIC).events_by_form_and_sex,
        )
        if verdict.pins:
            findings[year] = verdict.pins
    assert findings == {}
