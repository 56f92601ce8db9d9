"""Every definition of spec/annual-statistics.md, on small registers written by hand.

Each test builds the few rows a definition turns on, with the edge cases the
spec settles (the latest of two positive decisions, events in Finland and
abroad, unknown birth dates, stateless and unknown nationality, a
clienthood that ends on 31 December, a birthday on the day that counts).
"""

import json
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest

from torju.codes.models import Code
from torju.register.models import Application, ExploitationEvent, Person, ReflectionPeriod
from torju.statistics.computation import CompletedYears, annual_figures, annual_statistics, last_birth_date_of_age

pytestmark = pytest.mark.django_db

Y = 2025
E = date(Y, 12, 31)
_numbers = count(1)

SOURCES = [
    "migri_or_reception_centre",
    "self",
    "wellbeing_services_county",
    "police",
    "border_guard",
    "labour_protection",
    "ngo",
    "legal_counsel",
    "other_authority",
    "other",
]
FORMS = [
    "forced_labour",
    "sexual_exploitation",
    "forced_marriage",
    "forced_criminality",
    "forced_begging",
    "organ_removal",
    "illegal_adoption",
    "surrogacy",
    "other",
]
SECTORS = [
    "forestry_and_logging",
    "restaurants",
    "agriculture_and_horticulture",
    "berry_farms",
    "wild_products_picking",
    "construction",
    "cleaning",
    "wellness_and_beauty",
    "domestic_work",
    "transport_and_logistics",
    "manufacturing",
    "other",
    "unknown",
]
RESIDENCE_STATUSES = [
    "finnish_citizen",
    "eu_citizen",
    "seasonal_work_permit",
    "work_permit",
    "family_ties_permit",
    "student_permit",
    "other_permit",
    "international_protection_applicant",
    "temporary_protection",
    "no_legal_residence",
    "unknown",
]
END_REASONS = ["no_longer_needs_assistance", "left_country_or_disappeared", "own_request", "other"]
NEGATIVE_REASONS = ["no_need_for_assistance", "not_trafficking", "other"]
AGE_BANDS = ["0-17", "18-29", "30-39", "40-49", "50-59", "60+", "unknown"]


def victim(*, sex: str = "F", born: date | None = date(1990, 6, 15), nationality: str = "NP") -> Person:
    number = next(_numbers)
    return Person.objects.create(
        person_id=f"P{number}", role="victim", sex=sex, birth_date=born, nationality=nationality
    )


def child(parent: Person, joined: date, left: date | None = None, *, sex: str = "M") -> Person:
    number = next(_numbers)
    return Person.objects.create(
        person_id=f"C{number}",
        role="child_of_victim",
        sex=sex,
        birth_date=joined - timedelta(days=3000),
        nationality=parent.nationality,
        parent=parent,
        child_joined_on=joined,
        child_left_on=left,
    )


def apply(
    person: Person,
    received: date,
    decision: str = "",
    decided: date | None = None,
    *,
    application_id: str | None = None,
    negative_reason: str = "",
    ended: date | None = None,
    end_reason: str = "",
    source: str = "police",
    residence_status: str = "unknown",
) -> Application:
    number = next(_numbers)
    if decision and decided is None:
        decided = received + timedelta(days=10)
    if decision == "negative" and not negative_reason:
        negative_reason = "not_trafficking"
    if ended is not None and not end_reason:
        end_reason = "no_longer_needs_assistance"
    return Application.objects.create(
        application_id=application_id or f"A{number:05d}",
        case_number=f"HEL-{received.year}-{number:06d}",
        person=person,
        received_on=received,
        office="HEL",
        source=source,
        residence_status=residence_status,
        decision=decision,
        decided_on=decided,
        negative_reason=negative_reason,
        clienthood_ended_on=ended,
        end_reason=end_reason,
    )


def client(
    person: Person | None = None, decided: date = date(Y, 5, 1), *, ended: date | None = None, **fields: Any
) -> Application:
    """A positive decision on `decided` (received ten days before)."""
    return apply(person or victim(), decided - timedelta(days=10), "positive", decided, ended=ended, **fields)


def event(application: Application, form: str = "forced_labour", country: str = "FI", sector: str = "") -> None:
    number = next(_numbers)
    primary = not application.exploitation_events.filter(is_primary=True).exists()
    ExploitationEvent.objects.create(
        event_id=f"E{number}",
        application=application,
        exploitation_form=form,
        is_primary=primary,
        country=country,
        sector=sector,
    )


def zeros(keys: list[str]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


def with_counts(keys: list[str], **counts: int) -> dict[str, int]:
    return zeros(keys) | counts


SEXES = ["F", "M", "X"]


# The whole form.


def test_an_empty_register_gives_the_spec_form_with_every_code_at_zero() -> None:
    statistics = annual_statistics(Y)
    assert statistics == {
        "year": Y,
        "applications": {"received": 0, "by_source": zeros(SOURCES)},
        "decisions": {"positive": 0, "negative": 0, "negative_by_reason": zeros(NEGATIVE_REASONS)},
        "new_clients": {
            "victims": 0,
            "children_of_victims": 0,
            "by_sex": zeros(SEXES),
            "by_age_band": zeros(AGE_BANDS),
            "minors": 0,
            "nationalities": 0,
            "by_nationality": {},
            "events": 0,
            "events_by_form": zeros(FORMS),
        },
        "exploited_in_finland": {
            "victims": 0,
            "by_sex": zeros(SEXES),
            "nationalities": 0,
            "by_nationality": {},
            "events": 0,
            "events_by_form": zeros(FORMS),
            "forced_labour_by_sector": zeros(SECTORS),
            "multiple_events": {"victims": 0, "by_sex": zeros(SEXES)},
            "by_residence_status": zeros(RESIDENCE_STATUSES),
            "with_residence_permit": 0,
        },
        "reflection_periods_granted": 0,
        "clienthoods_ended": {"total": 0, "by_reason": zeros(END_REASONS)},
        "clients_at_year_end": {
            "total": 0,
            "victims": 0,
            "children_of_victims": 0,
            "victims_by_sex": zeros(SEXES),
            "victims_entered_as_minors": 0,
            "victims_under_18": 0,
        },
    }


def test_keys_come_in_the_spec_order_and_the_form_is_json() -> None:
    client()
    statistics = annual_statistics(Y)
    assert list(statistics) == [
        "year",
        "applications",
        "decisions",
        "new_clients",
        "exploited_in_finland",
        "reflection_periods_granted",
        "clienthoods_ended",
        "clients_at_year_end",
    ]
    assert list(statistics["new_clients"]) == [
        "victims",
        "children_of_victims",
        "by_sex",
        "by_age_band",
        "minors",
        "nationalities",
        "by_nationality",
        "events",
        "events_by_form",
    ]
    assert list(statistics["exploited_in_finland"]) == [
        "victims",
        "by_sex",
        "nationalities",
        "by_nationality",
        "events",
        "events_by_form",
        "forced_labour_by_sector",
        "multiple_events",
        "by_residence_status",
        "with_residence_permit",
    ]
    assert list(statistics["clients_at_year_end"]) == [
        "total",
        "victims",
        "children_of_victims",
        "victims_by_sex",
        "victims_entered_as_minors",
        "victims_under_18",
    ]
    assert json.loads(json.dumps(statistics)) == statistics


# Applications and decisions.


def test_applications_received_in_the_year_by_source() -> None:
    person = victim()
    apply(person, date(Y - 1, 12, 31), source="self")
    apply(person, date(Y, 1, 1), source="self")
    apply(person, date(Y, 12, 31), source="ngo", decision="withdrawn", decided=date(Y + 1, 1, 5))
    apply(person, date(Y, 6, 1), source="self", decision="positive", decided=date(Y + 1, 1, 2))
    apply(person, date(Y + 1, 1, 1), source="police")
    assert annual_statistics(Y)["applications"] == {
        "received": 3,
        "by_source": with_counts(SOURCES, self=2, ngo=1),
    }


def test_a_code_dropped_from_the_list_is_still_a_code_of_it_listed_after_the_others_counted_or_not() -> None:
    """Inactive: no longer in codes.csv, so not offered for new records; old records use it. Every code of the
    list appears in its breakdown (the spec), so a dropped code stays, at 0 when nothing falls in it."""
    Code.objects.filter(code_list="application_source", code="ngo").update(active=False)
    apply(victim(), date(Y, 2, 1), source="ngo")
    apply(victim(), date(Y, 2, 1), source="self")
    by_source = annual_statistics(Y)["applications"]["by_source"]
    assert list(by_source) == [source for source in SOURCES if source != "ngo"] + ["ngo"]
    assert (by_source["ngo"], by_source["self"]) == (1, 1)
    Code.objects.filter(code_list="application_source", code="police").update(active=False)
    by_source = annual_statistics(Y)["applications"]["by_source"]
    assert list(by_source) == [source for source in SOURCES if source not in {"ngo", "police"}] + ["police", "ngo"]
    assert by_source["police"] == 0
    Code.objects.filter(code_list="sex", code="X").update(active=False)
    statistics = annual_statistics(Y)
    assert statistics["new_clients"]["by_sex"] == zeros(SEXES)
    assert statistics["clients_at_year_end"]["victims_by_sex"] == zeros(SEXES)


def test_decisions_in_the_year_count_positive_and_negative_only() -> None:
    person = victim()
    apply(person, date(Y - 1, 11, 1), "positive", date(Y, 1, 1))  # received the year before
    apply(person, date(Y, 3, 1), "negative", date(Y, 3, 9), negative_reason="no_need_for_assistance")
    apply(person, date(Y, 3, 1), "negative", date(Y, 12, 31), negative_reason="other")
    apply(person, date(Y, 4, 1), "withdrawn", date(Y, 4, 5))
    apply(person, date(Y, 4, 1), "lapsed", date(Y, 8, 5))
    apply(person, date(Y, 12, 1), "negative", date(Y + 1, 1, 1))  # decided the year after
    apply(person, date(Y - 1, 3, 1), "negative", date(Y - 1, 12, 31))
    assert annual_statistics(Y)["decisions"] == {
        "positive": 1,
        "negative": 2,
        "negative_by_reason": with_counts(NEGATIVE_REASONS, no_need_for_assistance=1, other=1),
    }


# New clients.


def test_a_person_with_two_positive_decisions_in_the_year_is_one_new_client_by_the_latest() -> None:
    person = victim(sex="M", born=date(2000, 7, 1), nationality="TH")
    earlier = client(person, date(Y, 3, 1), ended=date(Y, 5, 1), residence_status="work_permit")
    latest = client(person, date(Y, 9, 1), residence_status="seasonal_work_permit")
    event(earlier, "sexual_exploitation", "TH")
    event(latest, "forced_labour", "FI", "berry_farms")
    event(latest, "forced_criminality", "FI")
    statistics = annual_statistics(Y)
    assert statistics["decisions"]["positive"] == 2
    new = statistics["new_clients"]
    assert new["victims"] == 1
    assert new["by_sex"] == with_counts(SEXES, M=1)
    # 24 on the earlier decision, 25 on the latest: their application is the latest.
    assert new["by_age_band"] == with_counts(AGE_BANDS, **{"18-29": 1})
    assert new["events"] == 2
    assert new["events_by_form"] == with_counts(FORMS, forced_labour=1, forced_criminality=1)
    finland = statistics["exploited_in_finland"]
    assert finland["by_residence_status"] == with_counts(RESIDENCE_STATUSES, seasonal_work_permit=1)
    assert finland["multiple_events"]["victims"] == 1


def test_two_positive_decisions_on_the_same_day_take_the_greater_application_id() -> None:
    person = victim()
    event(client(person, date(Y, 4, 1), application_id="A-2", residence_status="work_permit"), country="FI")
    event(client(person, date(Y, 4, 1), application_id="A-1", residence_status="student_permit"), country="SE")
    statistics = annual_statistics(Y)
    assert statistics["new_clients"]["victims"] == 1
    assert statistics["new_clients"]["events"] == 1
    assert statistics["exploited_in_finland"]["by_residence_status"] == with_counts(RESIDENCE_STATUSES, work_permit=1)


def test_a_client_since_an_earlier_year_with_a_new_positive_decision_is_a_new_client() -> None:
    person = victim()
    client(person, date(Y - 2, 5, 1), ended=date(Y - 1, 5, 1))
    client(person, date(Y, 2, 1))
    client(decided=date(Y - 1, 12, 31))
    client(decided=date(Y + 1, 1, 1))
    assert annual_statistics(Y)["new_clients"]["victims"] == 1


def test_new_clients_by_sex_and_nationality_count_persons_and_leave_out_stateless_and_unknown() -> None:
    for sex, nationality in [("F", "NP"), ("F", "NP"), ("M", "SO"), ("X", "XX"), ("F", "ZZ"), ("M", "AF")]:
        client(victim(sex=sex, nationality=nationality))
    new = annual_statistics(Y)["new_clients"]
    assert new["by_sex"] == {"F": 3, "M": 2, "X": 1}
    assert new["nationalities"] == 3
    # The most frequent first, then by code; stateless and unknown are listed.
    assert list(new["by_nationality"].items()) == [("NP", 2), ("AF", 1), ("SO", 1), ("XX", 1), ("ZZ", 1)]


def test_age_bands_count_completed_years_at_the_decision() -> None:
    decided = date(Y, 6, 15)
    births = {
        date(Y - 18, 6, 15): "18-29",  # 18th birthday on the day of the decision: an adult
        date(Y - 18, 6, 16): "0-17",  # the day after: still 17
        date(Y - 30, 6, 16): "18-29",
        date(Y - 30, 6, 15): "30-39",
        date(Y - 40, 1, 1): "40-49",
        date(Y - 59, 6, 16): "50-59",
        date(Y - 60, 6, 15): "60+",
        date(Y - 91, 12, 31): "60+",
    }
    for born in births:
        client(victim(born=born), decided)
    client(victim(born=None), decided)
    new = annual_statistics(Y)["new_clients"]
    assert new["by_age_band"] == {
        "0-17": 1,
        "18-29": 2,
        "30-39": 1,
        "40-49": 1,
        "50-59": 1,
        "60+": 2,
        "unknown": 1,
    }
    assert new["minors"] == 1


def test_minors_are_under_18_on_the_day_of_the_decision_not_at_year_end() -> None:
    born = date(Y - 18, 10, 1)
    client(victim(born=born), date(Y, 9, 30))  # 17 when decided, 18 at year end
    client(victim(born=born), date(Y, 10, 1))  # 18 when decided
    new = annual_statistics(Y)["new_clients"]
    assert new["minors"] == 1
    assert new["by_age_band"]["0-17"] == 1


def test_events_of_new_clients_count_every_form_of_their_application() -> None:
    first = client()
    event(first, "forced_labour", "FI", "restaurants")
    event(first, "sexual_exploitation", "FI")
    event(first, "sexual_exploitation", "EE")
    second = client()
    event(second, "forced_marriage", "SO")
    person = victim()
    event(apply(person, date(Y - 1, 2, 1), "negative", date(Y - 1, 3, 1)), "forced_begging", "FI")
    client(person)  # their application has no events; the earlier application's do not count
    event(apply(victim(), date(Y, 2, 1), "negative", date(Y, 3, 1)), "organ_removal", "FI")
    new = annual_statistics(Y)["new_clients"]
    assert new["victims"] == 3
    assert new["events"] == 4
    assert new["events_by_form"] == with_counts(FORMS, forced_labour=1, sexual_exploitation=2, forced_marriage=1)


def test_the_reviews_forms_by_sex_are_the_events_of_the_new_clients_by_form_and_sex() -> None:
    """Beyond the spec's JSON: its row totals are events_by_form; every form and every sex code is listed."""
    woman = client(victim(sex="F"))
    event(woman, "forced_marriage", "SO")
    event(woman, "sexual_exploitation", "FI")
    man = victim(sex="M")
    event(client(man, date(Y, 3, 1)), "forced_criminality", "FI")  # an earlier decision: not their application
    latest = client(man, date(Y, 8, 1))
    event(latest, "forced_labour", "FI", "construction")
    event(latest, "forced_labour", "EE", "construction")
    event(client(victim(sex="X")), "forced_begging", "FI")
    event(apply(victim(sex="F"), date(Y, 2, 1), "negative", date(Y, 3, 1)), "organ_removal", "FI")
    event(client(victim(sex="M"), date(Y - 1, 6, 1)), "forced_labour", "FI")  # a new client of the year before
    figures = annual_figures(Y)
    assert figures.statistics == annual_statistics(Y)
    by_form_and_sex = figures.events_by_form_and_sex
    assert list(by_form_and_sex) == FORMS
    assert all(list(cells) == SEXES for cells in by_form_and_sex.values())
    assert {form: cells for form, cells in by_form_and_sex.items() if any(cells.values())} == {
        "forced_labour": with_counts(SEXES, M=2),
        "sexual_exploitation": with_counts(SEXES, F=1),
        "forced_marriage": with_counts(SEXES, F=1),
        "forced_begging": with_counts(SEXES, X=1),
    }
    events_by_form = figures.statistics["new_clients"]["events_by_form"]
    assert {form: sum(cells.values()) for form, cells in by_form_and_sex.items()} == events_by_form
    assert annual_figures(Y + 5).events_by_form_and_sex == {form: zeros(SEXES) for form in FORMS}


# Exploited in Finland.


def test_exploited_in_finland_are_new_clients_with_an_event_in_finland() -> None:
    both = client(victim(sex="F", nationality="NP"), residence_status="seasonal_work_permit")
    event(both, "forced_labour", "FI", "berry_farms")
    event(both, "sexual_exploitation", "NP")
    twice = client(victim(sex="F", nationality="FI"), residence_status="finnish_citizen")
    event(twice, "sexual_exploitation", "FI")
    event(twice, "forced_criminality", "FI")
    event(twice, "forced_begging", "EE")
    abroad = client(victim(sex="M", nationality="SO"), residence_status="no_legal_residence")
    event(abroad, "forced_labour", "SO", "construction")
    unknown = client(victim(sex="M", nationality="ZZ"), residence_status="no_legal_residence")
    event(unknown, "forced_labour", "FI")
    stateless = client(victim(sex="X", nationality="XX"), residence_status="other_permit")
    event(stateless, "forced_labour", "FI", "restaurants")
    event(stateless, "forced_labour", "FI", "restaurants")
    event(apply(victim(nationality="VN"), date(Y, 1, 5), "negative", date(Y, 2, 1)), "forced_labour", "FI")

    finland = annual_statistics(Y)["exploited_in_finland"]
    assert finland == {
        "victims": 4,
        "by_sex": {"F": 2, "M": 1, "X": 1},
        "nationalities": 2,
        "by_nationality": {"FI": 1, "NP": 1, "XX": 1, "ZZ": 1},
        "events": 6,
        "events_by_form": with_counts(FORMS, forced_labour=4, sexual_exploitation=1, forced_criminality=1),
        "forced_labour_by_sector": with_counts(SECTORS, berry_farms=1, restaurants=2, unknown=1),
        "multiple_events": {"victims": 2, "by_sex": {"F": 1, "M": 0, "X": 1}},
        "by_residence_status": with_counts(
            RESIDENCE_STATUSES, seasonal_work_permit=1, finnish_citizen=1, no_legal_residence=1, other_permit=1
        ),
        "with_residence_permit": 2,
    }


def test_with_a_residence_permit_counts_the_five_permit_statuses() -> None:
    for status in RESIDENCE_STATUSES:
        event(client(residence_status=status), country="FI")
    finland = annual_statistics(Y)["exploited_in_finland"]
    assert finland["by_residence_status"] == dict.fromkeys(RESIDENCE_STATUSES, 1)
    assert finland["with_residence_permit"] == 5


# Reflection periods and ended clienthoods.


def test_reflection_periods_granted_in_the_year() -> None:
    application = apply(victim(), date(Y - 1, 12, 1), residence_status="no_legal_residence")
    for granted in (date(Y - 1, 12, 31), date(Y, 1, 1), date(Y, 12, 31), date(Y + 1, 1, 1)):
        ReflectionPeriod.objects.create(application=application, granted_on=granted, months=3)
    assert annual_statistics(Y)["reflection_periods_granted"] == 2


def test_clienthoods_ended_in_the_year_by_reason_including_31_december() -> None:
    client(decided=date(Y - 3, 1, 1), ended=date(Y, 12, 31), end_reason="own_request")
    client(decided=date(Y - 3, 1, 1), ended=date(Y, 1, 1), end_reason="left_country_or_disappeared")
    client(decided=date(Y, 2, 1), ended=date(Y, 2, 1), end_reason="left_country_or_disappeared")
    client(decided=date(Y - 3, 1, 1), ended=date(Y - 1, 12, 31))
    client(decided=date(Y - 3, 1, 1), ended=date(Y + 1, 1, 1))
    assert annual_statistics(Y)["clienthoods_ended"] == {
        "total": 3,
        "by_reason": with_counts(END_REASONS, own_request=1, left_country_or_disappeared=2),
    }


# Clients at year end.


def test_clients_at_year_end_are_distinct_persons_with_an_open_clienthood_on_31_december() -> None:
    client(victim(sex="F"), date(Y - 5, 1, 1))  # open
    client(victim(sex="F"), date(Y - 5, 1, 1), ended=date(Y, 12, 31))  # ended on E: not a client at E
    client(victim(sex="M"), date(Y - 5, 1, 1), ended=date(Y + 1, 1, 1))  # ended after E: a client
    client(victim(sex="X"), E)  # decided on E: a client
    client(victim(sex="M"), date(Y + 1, 1, 1))  # decided after E
    twice = victim(sex="M")
    client(twice, date(Y - 2, 1, 1))
    client(twice, date(Y, 3, 1))  # two open clienthoods: one client
    returning = victim(sex="F")
    client(returning, date(Y - 4, 1, 1), ended=date(Y - 3, 1, 1))
    client(returning, date(Y - 1, 1, 1))
    apply(victim(), date(Y, 1, 1), "negative", date(Y, 2, 1))
    apply(victim(), date(Y, 1, 1))
    at_end = annual_statistics(Y)["clients_at_year_end"]
    assert at_end["victims"] == 5
    assert at_end["victims_by_sex"] == {"F": 2, "M": 2, "X": 1}
    assert at_end["total"] == 5


def test_entered_as_minor_is_the_age_at_the_current_clienthood_and_under_18_the_age_at_year_end() -> None:
    # Entered at 16 in Y-3, 19 at E.
    client(victim(born=date(Y - 19, 3, 1)), date(Y - 3, 5, 1))
    # Entered at 17, turns 18 on 31 December: entered as a minor, not under 18 at E.
    client(victim(born=date(Y - 18, 12, 31)), date(Y, 1, 10))
    # Entered at 15, 16 at E.
    client(victim(born=date(Y - 16, 1, 1)), date(Y - 1, 6, 1))
    # Turns 18 on 1 January after E: under 18 at E.
    client(victim(born=date(Y - 17, 1, 1)), date(Y, 7, 1))
    # An earlier clienthood entered as a minor, still open; the current one (decided last) entered as an adult.
    both = victim(born=date(Y - 20, 6, 1))
    client(both, date(Y - 4, 1, 1))
    client(both, date(Y, 1, 1))
    # Entered as a minor, but the clienthood ended on E.
    client(victim(born=date(Y - 17, 6, 1)), date(Y, 1, 1), ended=E)
    client(victim(born=None), date(Y, 1, 1))
    at_end = annual_statistics(Y)["clients_at_year_end"]
    assert at_end["victims"] == 6
    assert at_end["victims_entered_as_minors"] == 4
    assert at_end["victims_under_18"] == 2


def test_children_of_victims_new_in_the_year_and_at_year_end() -> None:
    parent = client(victim(), date(Y - 3, 1, 1)).person
    child(parent, date(Y - 2, 1, 1))  # a client at E
    child(parent, date(Y - 2, 1, 1), date(Y, 12, 31))  # left on E: not a client at E
    child(parent, date(Y - 2, 1, 1), date(Y + 1, 1, 1))  # left after E: a client at E
    child(parent, date(Y - 2, 1, 1), date(Y - 1, 5, 1))  # left before Y
    child(parent, date(Y, 1, 1))  # new in Y, a client at E
    child(parent, date(Y, 3, 1), date(Y, 9, 1))  # new in Y, left in Y
    child(parent, date(Y, 12, 31))  # new on E
    child(parent, date(Y + 1, 1, 1))  # joins after E
    statistics = annual_statistics(Y)
    assert statistics["new_clients"]["children_of_victims"] == 3
    assert statistics["clients_at_year_end"] == {
        "total": 5,
        "victims": 1,
        "children_of_victims": 4,
        "victims_by_sex": with_counts(SEXES, F=1),
        "victims_entered_as_minors": 0,
        "victims_under_18": 0,
    }


# Age in SQL.


def completed_years(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


AGE_CASES = [
    (date(2000, 1, 1), date(2018, 1, 1)),
    (date(2000, 1, 2), date(2018, 1, 1)),
    (date(2000, 12, 31), date(2018, 12, 30)),
    (date(2000, 12, 31), date(2018, 12, 31)),
    (date(2000, 2, 29), date(2018, 2, 28)),
    (date(2000, 2, 29), date(2018, 3, 1)),
    (date(2000, 2, 29), date(2020, 2, 29)),
    (date(2000, 3, 1), date(2020, 2, 29)),
    (date(2000, 2, 28), date(2019, 2, 28)),
    (date(2007, 10, 10), date(2025, 10, 9)),
    (date(2007, 10, 10), date(2025, 10, 10)),
    (date(2007, 10, 10), date(2025, 9, 30)),
    (date(2007, 9, 30), date(2025, 10, 1)),
    (date(2025, 5, 5), date(2025, 5, 5)),
    (date(1930, 6, 30), date(2025, 7, 1)),
]


def test_age_in_completed_years_is_right_in_sql() -> None:
    for born, day in AGE_CASES:
        client(victim(born=born), day, application_id=f"{born.isoformat()}/{day.isoformat()}")
    ages = dict(
        Application.objects.annotate(age=CompletedYears("person__birth_date", "decided_on")).values_list(
            "application_id", "age"
        )
    )
    assert ages == {f"{born.isoformat()}/{day.isoformat()}": completed_years(born, day) for born, day in AGE_CASES}


@pytest.mark.parametrize("day", sorted({day for _born, day in AGE_CASES} | {date(2024, 2, 29), date(2025, 12, 31)}))
def test_the_last_birth_date_of_an_age_agrees_with_completed_years(day: date) -> None:
    last = last_birth_date_of_age(day, 18)
    assert completed_years(last, day) == 18
    assert completed_years(last + timedelta(days=1), day) == 17
