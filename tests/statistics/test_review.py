"""The review's content model, built from fixed JSON with the figures of the published 2025 review.

`statistics_2025()` is the spec's JSON with the counts the 2025 review
prints (467 applications, 271 new clients of 50 nationalities, 141
exploited in Finland...) and breakdowns chosen to give its percentages;
`statistics_2024()` is a previous year to compare with (54 forced labour
cases in Finland, as the review says). The tests check that the review
says what the published one says, in three languages.
"""

import copy
from typing import Any

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tests.statistics.disclosure_oracle import values_given_totals
from torju.demo.register_data import load_demo_register
from torju.statistics.disclosure import exact_table, public_form, public_table
from torju.statistics.review import (
    OTHER,
    SUPPRESSED,
    Chart,
    CrossTable,
    GroupedChart,
    Review,
    Table,
    build_review,
    percent,
)
from torju.statistics.selectors import ReviewStatistics, review_statistics

pytestmark = pytest.mark.django_db

K = 5
# Nationalities of fewer than five new clients in the 2025 fixture: 37 countries, 70 persons (26 %).
SMALL_COUNTRIES_2025 = [
    *["AL", "AM", "AO", "AZ", "BR", "BY", "CM", "CN", "CO", "CU", "DZ", "EE", "EG", "ER", "ET", "GE", "GH"],
    *["GM", "GN", "ID", "IN", "IR", "KE", "KG", "LV", "MA", "MD", "MN", "PK", "RO", "RU", "SN", "SY"],
    *["TJ", "TR", "UG", "YE"],
]


def statistics_2025() -> dict[str, Any]:
    new_clients_by_nationality = {
        **{"NP": 62, "SO": 33, "FI": 18, "IQ": 14, "NG": 12, "AF": 11, "UZ": 10, "TH": 9, "VN": 8, "UA": 7},
        **{"LK": 6, "BD": 6, "PH": 5},
        **{code: 2 if index < 33 else 1 for index, code in enumerate(SMALL_COUNTRIES_2025)},
    }
    in_finland_by_nationality = {
        **{"NP": 59, "FI": 17, "UZ": 9, "TH": 8, "VN": 7, "UA": 6, "BD": 5},
        **dict.fromkeys(["AL", "AM", "AO", "AZ", "BR", "BY"], 2),
        **dict.fromkeys(["SO", "IQ", "NG", "AF", "LK", "PH", "CM", "CN", "CO", "CU", "DZ", "EE"], 1),
        **dict.fromkeys(["EG", "ER", "ET", "GE", "GH", "GM"], 1),
    }
    return {
        "year": 2025,
        "applications": {
            "received": 467,
            "by_source": {
                **{"migri_or_reception_centre": 234, "self": 94, "wellbeing_services_county": 37, "police": 30},
                **{"border_guard": 8, "labour_protection": 21, "ngo": 25, "legal_counsel": 10},
                **{"other_authority": 5, "other": 3},
            },
        },
        "decisions": {
            "positive": 271,
            "negative": 154,
            "negative_by_reason": {"no_need_for_assistance": 75, "not_trafficking": 62, "other": 17},
        },
        "new_clients": {
            "victims": 271,
            "children_of_victims": 32,
            "by_sex": {"F": 165, "M": 106, "X": 0},
            "by_age_band": {"0-17": 10, "18-29": 114, "30-39": 95, "40-49": 41, "50-59": 8, "60+": 3, "unknown": 0},
            "minors": 10,
            "nationalities": 50,
            "by_nationality": new_clients_by_nationality,
            "events": 314,
            "events_by_form": {
                **{"forced_labour": 170, "sexual_exploitation": 62, "forced_marriage": 45, "forced_criminality": 20},
                **{"forced_begging": 7, "organ_removal": 0, "illegal_adoption": 0, "surrogacy": 1, "other": 9},
            },
        },
        "exploited_in_finland": {
            "victims": 141,
            "by_sex": {"F": 55, "M": 86, "X": 0},
            "nationalities": 31,
            "by_nationality": in_finland_by_nationality,
            "events": 149,
            "events_by_form": {
                **{"forced_labour": 101, "sexual_exploitation": 30, "forced_marriage": 3, "forced_criminality": 10},
                **{"forced_begging": 3, "organ_removal": 0, "illegal_adoption": 0, "surrogacy": 0, "other": 2},
            },
            "forced_labour_by_sector": {
                **{"forestry_and_logging": 30, "restaurants": 22, "agriculture_and_horticulture": 18},
                **{"berry_farms": 5, "wild_products_picking": 1, "construction": 12, "cleaning": 4},
                **{"wellness_and_beauty": 3, "domestic_work": 2, "transport_and_logistics": 2, "manufacturing": 1},
                **{"other": 1, "unknown": 0},
            },
            "multiple_events": {"victims": 8, "by_sex": {"F": 8, "M": 0, "X": 0}},
            "by_residence_status": {
                **{"finnish_citizen": 17, "eu_citizen": 3, "seasonal_work_permit": 50, "work_permit": 21},
                **{"family_ties_permit": 13, "student_permit": 5, "other_permit": 7},
                **{"international_protection_applicant": 9, "temporary_protection": 2, "no_legal_residence": 14},
                **{"unknown": 0},
            },
            "with_residence_permit": 96,
        },
        "reflection_periods_granted": 35,
        "clienthoods_ended": {
            "total": 169,
            "by_reason": {
                "no_longer_needs_assistance": 98,
                "left_country_or_disappeared": 61,
                "own_request": 7,
                "other": 3,
            },
        },
        "clients_at_year_end": {
            "total": 1634,
            "victims": 1424,
            "children_of_victims": 210,
            "victims_by_sex": {"F": 869, "M": 555, "X": 0},
            "victims_entered_as_minors": 85,
            "victims_under_18": 10,
        },
    }


def events_by_form_and_sex_2025() -> dict[str, dict[str, int]]:
    """The review's chart of the forms by sex: forced marriage and sexual exploitation mostly of women and girls,
    forced labour of men and boys; the row totals are `new_clients.events_by_form` of 2025."""
    return {
        "forced_labour": {"F": 60, "M": 110, "X": 0},
        "sexual_exploitation": {"F": 55, "M": 7, "X": 0},
        "forced_marriage": {"F": 42, "M": 3, "X": 0},
        "forced_criminality": {"F": 8, "M": 12, "X": 0},
        "forced_begging": {"F": 4, "M": 3, "X": 0},
        "organ_removal": {"F": 0, "M": 0, "X": 0},
        "illegal_adoption": {"F": 0, "M": 0, "X": 0},
        "surrogacy": {"F": 1, "M": 0, "X": 0},
        "other": {"F": 5, "M": 3, "X": 1},
    }


def statistics_2024() -> dict[str, Any]:
    """The year before: fewer applications, a share from wellbeing services counties half of 2025's."""
    statistics = copy.deepcopy(statistics_2025())
    statistics["year"] = 2024
    statistics["applications"]["received"] = 412
    statistics["applications"]["by_source"].update({"wellbeing_services_county": 17, "migri_or_reception_centre": 199})
    finland = statistics["exploited_in_finland"]
    finland["events"] = 102
    finland["events_by_form"]["forced_labour"] = 54
    finland["forced_labour_by_sector"].update({"forestry_and_logging": 10, "restaurants": 12, "construction": 5})
    finland["forced_labour_by_sector"]["agriculture_and_horticulture"] = 4
    statistics["new_clients"]["by_nationality"]["IS"] = 1
    statistics["reflection_periods_granted"] = 28
    return statistics


def review_of(
    current: dict[str, Any],
    previous: dict[str, Any] | None,
    *,
    form: str = "exact",
    language: str = "fi",
    by_form_and_sex: dict[str, dict[str, int]] | None = None,
) -> Review:
    cross_table = events_by_form_and_sex_2025() if by_form_and_sex is None else by_form_and_sex
    if form == "public":
        current = public_form(current, K)
        previous = public_form(previous, K) if previous is not None else None
    statistics = ReviewStatistics(
        year=current["year"],
        form="public" if form == "public" else "exact",
        threshold=K,
        current=current,
        previous=previous,
        events_by_form_and_sex=public_table(cross_table, K) if form == "public" else exact_table(cross_table),
    )
    with translation.override(language):
        return build_review(statistics)


def table(review: Review, key: str) -> Table:
    found = next(found for found in review.tables if found.key == key)
    assert isinstance(found, Table)
    return found


def cross_table(review: Review, key: str = "new_clients.events_by_form_and_sex") -> CrossTable:
    found = next(found for found in review.tables if found.key == key)
    assert isinstance(found, CrossTable)
    return found


def chart(review: Review, key: str) -> Chart:
    found = next(found for found in review.charts if found.key == key)
    assert isinstance(found, Chart)
    return found


def grouped_chart(review: Review, key: str = "new_clients.events_by_form_and_sex") -> GroupedChart:
    found = next(found for found in review.charts if found.key == key)
    assert isinstance(found, GroupedChart)
    return found


def shares(found: Table) -> dict[str, int | None]:
    return {row.key: row.share for row in found.rows}


def text(review: Review) -> str:
    return "\n".join(paragraph for section in review.sections for paragraph in section.paragraphs)


@pytest.mark.parametrize(
    ("part", "base", "expected"),
    [(1, 8, 13), (99, 200, 50), (1, 3, 33), (2, 3, 67), (49, 100, 49), (10, 271, 4), (3, 8, 38), (0, 5, 0)],
)
def test_percentages_are_rounded_half_up_to_whole_percent(part: int, base: int, expected: int) -> None:
    assert percent(part, base) == expected


def test_a_percentage_of_nothing_or_of_a_withheld_figure_is_not_given() -> None:
    assert percent(3, 0) is None
    assert percent(None, 10) is None
    assert percent(3, None) is None


def test_the_review_gives_the_percentages_of_the_published_2025_review() -> None:
    review = review_of(statistics_2025(), statistics_2024())
    assert shares(table(review, "decisions.negative_by_reason"))["no_need_for_assistance"] == 49
    assert shares(table(review, "decisions.negative_by_reason"))["not_trafficking"] == 40
    assert shares(table(review, "clienthoods_ended.by_reason"))["no_longer_needs_assistance"] == 58
    assert shares(table(review, "clienthoods_ended.by_reason"))["left_country_or_disappeared"] == 36
    assert shares(table(review, "new_clients.by_sex"))["F"] == 61
    ages = shares(table(review, "new_clients.by_age_band"))
    assert [ages[band] for band in ["0-17", "18-29", "30-39", "40-49", "50-59"]] == [4, 42, 35, 15, 3]
    assert shares(table(review, "new_clients.by_nationality"))["FI"] == 7
    assert shares(table(review, "exploited_in_finland.events_by_form"))["forced_labour"] == 68
    in_finland = shares(table(review, "exploited_in_finland.by_nationality"))
    assert (in_finland["NP"], in_finland["FI"]) == (42, 12)
    residence = shares(table(review, "exploited_in_finland.by_residence_status"))
    assert residence["international_protection_applicant"] == 6
    assert shares(table(review, "clients_at_year_end.victims_by_sex"))["F"] == 61
    with translation.override("fi"):
        permitted = _(
            "Of those exploited in Finland, %(percent)s were lawfully in the country with a residence permit "
            "(%(count)s)."
        ) % {"percent": _("%(percent)s%%") % {"percent": 68}, "count": 96}
        other_countries = _("Other countries (%(percent)s) covers all nationalities with fewer than %(k)s persons.") % {
            "percent": _("%(percent)s%%") % {"percent": 26},
            "k": K,
        }
    assert permitted in text(review)
    assert other_countries in text(review), "70 of the 271 new clients"


def test_every_figure_is_compared_with_the_previous_year() -> None:
    review = review_of(statistics_2025(), statistics_2024())
    key_figures = {row.key: row for row in review.key_figures.rows}
    assert (key_figures["applications_received"].count, key_figures["applications_received"].previous) == (467, 412)
    assert key_figures["applications_received"].change == 55
    assert key_figures["reflection_periods"].change_text == "+7"
    assert review.key_figures.header == ["2025", "2024", review.key_figures.header[2]]
    sources = table(review, "applications.by_source")
    wellbeing = next(row for row in sources.rows if row.key == "wellbeing_services_county")
    assert (wellbeing.share, wellbeing.previous_share) == (8, 4), "the share doubled, as the review says"
    assert sources.header == ["2025", "2025, %", "2024", "2024, %"]
    assert sources.total is not None and (sources.total.count, sources.total.previous) == (467, 412)
    with translation.override("fi"):
        forced_labour = _("In %(year)s, the number of forced labour cases in Finland was %(count)s.") % {
            "year": 2024,
            "count": 54,
        }
        received = _("The number of applications recorded in the assistance system in %(year)s was %(count)s.") % {
            "year": 2025,
            "count": "467 (2024: 412)",
        }
    assert forced_labour in text(review)
    assert received in text(review)


def test_without_a_previous_year_there_are_no_comparisons() -> None:
    review = review_of(statistics_2025(), None)
    assert review.previous_year is None
    assert all(
        len(found.header) == (2 if found.has_shares else 1) for found in review.tables if isinstance(found, Table)
    )
    assert cross_table(review).header[-1] == "Yhteensä", "the forms by sex have no previous year's columns anyway"
    assert "(2024:" not in text(review)
    with translation.override("fi"):
        assert _("The register has no data for the previous year, so there are no comparisons.") in review.notes


def test_the_review_has_the_sections_of_the_published_review_and_its_charts() -> None:
    review = review_of(statistics_2025(), statistics_2024(), language="en")
    assert [section.key for section in review.sections] == [
        "applications",
        "new_clients",
        "forms",
        "finland",
        "reflection",
        "year_end",
    ]
    assert [chart.key for chart in review.charts] == [
        "new_clients.by_sex",
        "new_clients.by_age_band",
        "new_clients.by_nationality",
        "new_clients.events_by_form_and_sex",
        "new_clients.events_by_form",
    ]
    forms = chart(review, "new_clients.events_by_form")
    assert forms.values == sorted(forms.values, key=lambda value: -(value or 0)), "the largest form on top"
    assert 0 not in forms.values
    assert sum(value or 0 for value in forms.values) == 314


def test_the_nationality_chart_shows_other_countries_as_the_review_does() -> None:
    for form in ("exact", "public"):
        review = review_of(statistics_2025(), statistics_2024(), form=form, language="en")
        nationalities = chart(review, "new_clients.by_nationality")
        assert nationalities.categories[-1] == "Other countries"
        assert nationalities.values[-1] == 70
        assert len(nationalities.categories) == 14
        assert "Other countries 70" in nationalities.description


def test_the_public_form_shows_no_nationality_under_the_threshold() -> None:
    exact = review_of(statistics_2025(), statistics_2024())
    public = review_of(statistics_2025(), statistics_2024(), form="public")
    assert "AL" in {row.key for row in table(exact, "new_clients.by_nationality").rows}
    rows = {row.key: row for row in table(public, "new_clients.by_nationality").rows}
    assert not set(SMALL_COUNTRIES_2025) & set(rows)
    assert list(rows)[-1] == OTHER
    assert (rows[OTHER].count, rows[OTHER].share) == (70, 26)
    assert rows[OTHER].previous == 71, "the previous year's other countries, Iceland's one person included"
    assert rows["NP"].previous == 62
    with translation.override("fi"):
        assert rows[OTHER].label == capfirst(_("other countries"))
    assert all(row.count is None or row.count >= K for row in rows.values())


def test_a_figure_withheld_by_disclosure_control_is_shown_as_two_dots() -> None:
    statistics = statistics_2025()
    statistics["new_clients"]["by_sex"]["X"] = None
    review = review_of(statistics, None, form="public")
    sex = table(review, "new_clients.by_sex")
    other = next(line for line in sex.lines if line.key == "X")
    assert other.cells == [SUPPRESSED, SUPPRESSED]
    assert other.values == [None, None]
    by_sex = chart(review, "new_clients.by_sex")
    assert by_sex.values[-1] is None and f"{by_sex.categories[-1]} {SUPPRESSED}" in by_sex.description


# The forms of exploitation by sex (the review's chart), beyond the spec's JSON.


def test_the_analyst_sees_the_forms_by_sex_exactly_with_their_totals() -> None:
    review = review_of(statistics_2025(), statistics_2024(), language="en")
    by_sex = cross_table(review)
    assert by_sex.header == ["Women and girls", "Men and boys", "Other or unknown", "Total"]
    lines = {line.key: line.values for line in by_sex.lines}
    assert lines["forced_labour"] == [60, 110, 0, 170]
    assert lines["surrogacy"] == [1, 0, 0, 1]
    assert lines["other"] == [5, 3, 1, 9]
    assert lines["total"] == [175, 138, 1, 314]
    assert list(lines)[:-1] == list(statistics_2025()["new_clients"]["events_by_form"]), "every form, in list order"
    forms = table(review, "new_clients.events_by_form")
    assert [row.count for row in forms.rows] == [values[-1] for key, values in lines.items() if key != "total"]


def test_the_public_form_suppresses_the_forms_by_sex_so_that_no_cell_can_be_derived() -> None:
    review = review_of(statistics_2025(), statistics_2024(), form="public", language="en")
    by_sex = cross_table(review)
    published = by_sex.published
    assert published == public_table(events_by_form_and_sex_2025(), K)
    lines = {line.key: line for line in by_sex.lines}
    assert lines["forced_labour"].values == [60, 110, 0, 170]
    assert lines["surrogacy"].cells == [SUPPRESSED, SUPPRESSED, "0", "1"], "1 event: primary suppression"
    assert lines["forced_marriage"].values[1] is None, "3 men"
    assert lines["total"].values == [175, 138, 1, 314], "the totals are published; the suppression accounts for them"
    exact = events_by_form_and_sex_2025()
    for form, cells in published.cells.items():
        for sex, shown in cells.items():
            if shown is None:
                values = values_given_totals(
                    published.cells, exact_row_totals(exact), exact_column_totals(exact), (form, sex)
                )
                assert exact[form][sex] in values and len(values) >= 2, (form, sex, values)
            else:
                assert shown == exact[form][sex] and (shown == 0 or shown >= K)


def exact_row_totals(table: dict[str, dict[str, int]]) -> dict[str, int]:
    return {row: sum(cells.values()) for row, cells in table.items()}


def exact_column_totals(table: dict[str, dict[str, int]]) -> dict[str, int]:
    columns = next(iter(table.values()))
    return {column: sum(cells[column] for cells in table.values()) for column in columns}


def test_the_review_says_which_forms_were_directed_at_women_and_which_at_men() -> None:
    for form in ("exact", "public"):
        written = text(review_of(statistics_2025(), statistics_2024(), form=form, language="en"))
        with translation.override("en"):
            women = _("%(forms)s were directed more often at women and girls than at men and boys.") % {
                "forms": _("%(first)s and %(last)s") % {"first": "Sexual exploitation", "last": "forced marriage"}
            }
            men = _("%(forms)s were directed more often at men and boys than at women and girls.") % {
                "forms": _("%(first)s and %(last)s") % {"first": "Forced labour", "last": "forced criminality"}
            }
        # In the public form forced marriage's 3 men are withheld: its 42 women are more than the row's 45 less 42.
        assert women in written, form
        assert men in written, form
    mostly_men = events_by_form_and_sex_2025() | {
        "sexual_exploitation": {"F": 2, "M": 60, "X": 0},
        "forced_begging": {"F": 3, "M": 4, "X": 0},
        "surrogacy": {"F": 0, "M": 1, "X": 0},
        "other": {"F": 3, "M": 6, "X": 0},
    }
    written = text(review_of(statistics_2025(), None, language="en", by_form_and_sex=mostly_men))
    with translation.override("en"):
        women = _("%(forms)s was directed more often at women and girls than at men and boys.") % {
            "forms": "Forced marriage"
        }
        men = _("%(forms)s were directed more often at men and boys than at women and girls.") % {
            "forms": _("%(first)s and %(last)s") % {"first": "Forced labour", "last": "sexual exploitation"}
        }
    assert women in written and men in written


def test_the_forms_by_sex_chart_has_a_bar_per_sex_and_shows_a_withheld_cell_as_two_dots() -> None:
    exact = grouped_chart(review_of(statistics_2025(), statistics_2024(), language="en"))
    assert exact.title == "Forms of exploitation of the new clients by sex"
    assert exact.categories[:3] == ["Forced labour", "Sexual exploitation", "Forced marriage"], "the most first"
    assert "Organ removal" not in exact.categories, "a form without events has no bars"
    assert [label for label, _colour, _values in exact.series] == ["Women and girls", "Men and boys"], "X: 1 < k"
    assert exact.series[0][2][:3] == [60, 55, 42] and exact.series[1][2][:3] == [110, 7, 3]
    public = grouped_chart(review_of(statistics_2025(), statistics_2024(), form="public", language="en"))
    assert public.series[1][2][:3] == [110, 7, None]
    assert "Forced marriage: Women and girls 42, Men and boys .." in public.description
    assert public.image("svg").startswith(b"<?xml") and public.image("png").startswith(b"\x89PNG")
    with_others = events_by_form_and_sex_2025() | {"other": {"F": 2, "M": 2, "X": 5}}
    chart_with_others = grouped_chart(review_of(statistics_2025(), None, language="en", by_form_and_sex=with_others))
    assert [label for label, _colour, _values in chart_with_others.series][-1] == "Other or unknown"
    assert chart_with_others.series[-1][2][chart_with_others.categories.index("Other exploitation")] == 5


def test_a_forms_by_sex_table_that_cannot_be_protected_shows_only_its_row_totals_and_no_chart() -> None:
    statistics = statistics_2025()
    statistics["new_clients"]["events_by_form"] = dict.fromkeys(statistics["new_clients"]["events_by_form"], 0) | {
        "forced_labour": 13
    }
    tiny = {form: {"F": 0, "M": 0, "X": 0} for form in events_by_form_and_sex_2025()} | {
        "forced_labour": {"F": 3, "M": 10, "X": 0}
    }
    review = review_of(statistics, None, form="public", language="en", by_form_and_sex=tiny)
    lines = {line.key: line.cells for line in cross_table(review).lines}
    assert lines["forced_labour"] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, "13"]
    assert lines["total"] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, "13"]
    assert "new_clients.events_by_form_and_sex" not in [found.key for found in review.charts]
    assert "directed more often" not in text(review)
    exact = review_of(statistics, None, language="en", by_form_and_sex=tiny)
    assert {line.key: line.values for line in cross_table(exact).lines}["forced_labour"] == [3, 10, 0, 13]


# What the public review prints of a difference of two published figures (docs/decisions/0012).


def finns_sentence(abroad: int | None, in_finland: int) -> str:
    with translation.override("en"):
        if abroad is None:
            return _("Of them, %(finland)s had been exploited in Finland and the others abroad.") % {
                "finland": in_finland
            }
        return _("Of them, %(abroad)s had been exploited abroad and %(finland)s in Finland.") % {
            "abroad": abroad,
            "finland": in_finland,
        }


def test_the_public_review_never_prints_a_difference_from_1_to_k_minus_1() -> None:
    """18 Finnish new clients, 17 of them exploited in Finland: the one exploited abroad is a cell under k."""
    public = text(review_of(statistics_2025(), statistics_2024(), form="public", language="en"))
    assert finns_sentence(None, 17) in public
    assert finns_sentence(1, 17) not in public
    exact = text(review_of(statistics_2025(), statistics_2024(), language="en"))
    assert finns_sentence(1, 17) in exact, "the analyst's screen shows every count"
    statistics = statistics_2025()
    statistics["exploited_in_finland"]["by_nationality"]["FI"] = 10
    assert finns_sentence(8, 10) in text(review_of(statistics, None, form="public", language="en")), "8 ≥ k"
    statistics["exploited_in_finland"]["by_nationality"]["FI"] = 18
    assert finns_sentence(0, 18) in text(review_of(statistics, None, form="public", language="en")), "0 is no one"


@pytest.mark.parametrize(
    ("language", "forced_labour", "somalia", "own_request"),
    [
        ("fi", "Pakkotyö", "Somalia", "Asiakkaan oma pyyntö"),
        ("sv", "Tvångsarbete", "Somalia", "På klientens egen begäran"),
        ("en", "Forced labour", "Somalia", "At the client's own request"),
    ],
)
def test_labels_come_from_the_code_lists_and_country_names_in_the_language(
    language: str, forced_labour: str, somalia: str, own_request: str
) -> None:
    review = review_of(statistics_2025(), statistics_2024(), language=language)
    assert review.language == language
    forms = {row.key: row.label for row in table(review, "new_clients.events_by_form").rows}
    assert forms["forced_labour"] == forced_labour
    reasons = {row.key: row.label for row in table(review, "clienthoods_ended.by_reason").rows}
    assert reasons["own_request"] == own_request
    countries = {row.key: row.label for row in table(review, "new_clients.by_nationality").rows}
    assert countries["SO"] == somalia
    assert countries["FI"] == {"fi": "Suomi", "sv": "Finland", "en": "Finland"}[language]
    with translation.override(language):
        title = _("Statistics of the Assistance System for Victims of Human Trafficking %(year)s") % {"year": 2025}
    assert review.title == title


def test_the_most_common_ones_are_named_in_the_text() -> None:
    review = review_of(statistics_2025(), statistics_2024(), language="en")
    written = text(review)
    with translation.override("en"):
        nepal_and_somalia = _("%(first)s and %(last)s") % {"first": "Nepal", "last": "Somalia"}
        finns = _("Of them, %(abroad)s had been exploited abroad and %(finland)s in Finland.") % {
            "abroad": 1,
            "finland": 17,
        }
    assert nepal_and_somalia in written
    assert finns in written
    for sector in ("forestry and logging", "restaurants and catering", "agriculture and horticulture"):
        assert sector in written


def test_the_exact_form_is_marked_for_internal_use_and_the_public_form_explains_the_merging() -> None:
    exact = review_of(statistics_2025(), statistics_2024(), language="en")
    public = review_of(statistics_2025(), statistics_2024(), form="public", language="en")
    assert exact.is_exact and not public.is_exact
    assert "internal use" in exact.notes[0]
    assert "fewer than 5 persons" in public.notes[0]


def test_the_review_of_the_demo_register_says_what_the_published_2025_review_says() -> None:
    """From the register to the review: the demo register reproduces the 2025 review's figures."""
    load_demo_register()
    with translation.override("fi"):
        review = build_review(review_statistics(2025, "public"))
    key_figures = {row.key: row.count for row in review.key_figures.rows}
    assert key_figures == key_figures | {
        "applications_received": 467,
        "positive_decisions": 271,
        "negative_decisions": 154,
        "new_victims": 271,
        "new_children": 32,
        "new_minors": 10,
        "nationalities": 50,
        "events": 314,
        "finland_victims": 141,
        "finland_events": 149,
        "reflection_periods": 35,
        "clienthoods_ended": 169,
        "clients_at_year_end": 1634,
    }
    assert shares(table(review, "decisions.negative_by_reason"))["no_need_for_assistance"] == 49
    assert shares(table(review, "clienthoods_ended.by_reason"))["left_country_or_disappeared"] == 36
    ages = shares(table(review, "new_clients.by_age_band"))
    assert [ages[band] for band in ["0-17", "18-29", "30-39", "40-49", "50-59"]] == [4, 42, 35, 15, 3]
    assert shares(table(review, "new_clients.by_nationality"))[OTHER] == 26
    assert shares(table(review, "exploited_in_finland.events_by_form"))["forced_labour"] == 68
    sources = {row.key: row for row in table(review, "applications.by_source").rows}
    wellbeing = sources["wellbeing_services_county"]
    assert wellbeing.share == 2 * (wellbeing.previous_share or 0), "the share doubled from the previous year"
    with translation.override("fi"):
        nepal_and_somalia = _("The most common nationalities were %(items)s.") % {
            "items": _("%(first)s and %(last)s") % {"first": "Nepal", "last": "Somalia"}
        }
        forced_labour_before = _("In %(year)s, the number of forced labour cases in Finland was %(count)s.") % {
            "year": 2024,
            "count": 54,
        }
        # "Pakkoavioliitto ja seksuaalinen hyväksikäyttö kohdistuvat useimmiten naisiin. Miehet olivat suuremmassa
        # vaarassa joutua pakkotyön uhreiksi."
        women = _("%(forms)s were directed more often at women and girls than at men and boys.") % {
            "forms": _("%(first)s and %(last)s") % {"first": "seksuaalinen hyväksikäyttö", "last": "pakkoavioliitto"}
        }
        men = _("%(forms)s was directed more often at men and boys than at women and girls.") % {"forms": "pakkotyö"}
    assert nepal_and_somalia in text(review)
    assert forced_labour_before in text(review)
    assert capfirst(women) in text(review) and capfirst(men) in text(review)
    by_sex = cross_table(review)
    assert [line.values[-1] for line in by_sex.lines[:-1]] == [
        row.count for row in table(review, "new_clients.events_by_form").rows
    ]
