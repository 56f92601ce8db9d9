"""Property tests of the public form on real registers: database rows, not hand-built dictionaries.

Hypothesis draws small registers of new clients (sex, nationality, and
exploitation events of a few forms in Finland or abroad) and a threshold k;
each is written to the database, the review's statistics are read in the
public form as every reader of documents, the JSON download and the API
gets them, and then:

- no country of either `by_nationality` breakdown has from 1 to k−1
  persons (`other` neither, unless everything went into it);
- no cell of the published cross-tabulation (forms × sex) is from 1 to
  k−1, and its published row totals are the JSON's `events_by_form`;
- no withheld cell can be recomputed from what is published: the
  independent max-flow oracle (tests/statistics/disclosure_oracle.py)
  finds at least two values for it, the true one among them.

Each register is rolled back after its example, so every example starts
from an empty register.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.statistics.disclosure_oracle import values_given_totals
from torju.register.models import Application, ExploitationEvent, Person
from torju.statistics.computation import annual_figures
from torju.statistics.disclosure import NATIONALITY_BREAKDOWNS, OTHER, PublishedTable
from torju.statistics.permissions import PUBLIC
from torju.statistics.selectors import public_statistics, review_statistics

pytestmark = pytest.mark.django_db

YEAR = 2025
SEXES = ("F", "M", "X")
NATIONALITIES = ("NP", "SO", "FI", "TH", "VN", "XX", "ZZ")
FORMS = ("forced_labour", "sexual_exploitation", "forced_marriage", "forced_begging")
COUNTRIES = ("FI", "FI", "EE", "NP")  # in Finland half the time


@dataclass(frozen=True)
class NewClient:
    sex: str
    nationality: str
    events: tuple[tuple[str, str], ...]  # (form, country)


new_clients = st.builds(
    NewClient,
    sex=st.sampled_from(SEXES),
    nationality=st.sampled_from(NATIONALITIES),
    events=st.lists(st.tuples(st.sampled_from(FORMS), st.sampled_from(COUNTRIES)), max_size=3).map(tuple),
)


def write_register(clients: list[NewClient]) -> None:
    """The clients as persons with a positive decision in YEAR and their events, in three bulk inserts."""
    persons = Person.objects.bulk_create(
        Person(person_id=f"H{number}", role="victim", sex=client.sex, nationality=client.nationality)
        for number, client in enumerate(clients)
    )
    applications = Application.objects.bulk_create(
        Application(
            application_id=f"HA{number}",
            case_number=f"HEL-{YEAR}-{number + 1:06d}",
            person=person,
            received_on=date(YEAR, 2, 1),
            office="HEL",
            source="police",
            residence_status="work_permit",
            decision="positive",
            decided_on=date(YEAR, 3, 1),
        )
        for number, person in enumerate(persons)
    )
    ExploitationEvent.objects.bulk_create(
        ExploitationEvent(
            event_id=f"HE{number}-{index}",
            application=application,
            exploitation_form=form,
            is_primary=index == 0,
            country=country,
        )
        for number, (application, client) in enumerate(zip(applications, clients, strict=True))
        for index, (form, country) in enumerate(client.events)
    )


def assert_no_country_under_k(statistics: dict[str, object], k: int) -> None:
    for section, breakdown in NATIONALITY_BREAKDOWNS:
        by_country = statistics[section][breakdown]  # type: ignore[index]
        for country, persons in by_country.items():
            if country == OTHER and set(by_country) == {OTHER}:
                continue  # everything merged: the population's total, published anyway
            assert not 0 < persons < k, (section, country, persons)


def assert_no_cell_under_k_or_derivable(published: PublishedTable, exact: dict[str, dict[str, int]], k: int) -> None:
    column_totals = published.column_totals
    shown_totals = all(total is not None for total in column_totals.values())
    for form, cells in published.cells.items():
        assert published.row_totals[form] == sum(exact[form].values())
        for sex, shown in cells.items():
            if shown is not None:
                assert shown == exact[form][sex]
                assert not 0 < shown < k, (form, sex, shown)
                continue
            if shown_totals:
                totals = {column: total or 0 for column, total in column_totals.items()}
                row_totals = {row: total or 0 for row, total in published.row_totals.items()}
                values = values_given_totals(published.cells, row_totals, totals, (form, sex))
            else:
                # Only the row totals are published: the row's withheld cells can hold its total in any column.
                assert all(value is None for value in cells.values()) and len(cells) >= 2
                values = set(range((published.row_totals[form] or 0) + 1))
            assert exact[form][sex] in values
            assert len(values) >= 2, (form, sex, values)


@examples(max_examples=40, deadline=None)
@given(clients=st.lists(new_clients, max_size=24), k=st.integers(2, 5))
def test_the_public_form_of_a_register_shows_nothing_under_k_and_nothing_derivable(
    clients: list[NewClient], k: int
) -> None:
    with transaction.atomic(), override_settings(STATISTICS_DISCLOSURE_K=k):
        write_register(clients)
        exact = annual_figures(YEAR)
        statistics = review_statistics(YEAR, PUBLIC)
        assert statistics.form == PUBLIC and statistics.threshold == k
        assert statistics.current == public_statistics(YEAR), "the review, the download and the API agree"
        assert statistics.current["new_clients"]["victims"] == len(clients)
        assert_no_country_under_k(statistics.current, k)
        published = statistics.events_by_form_and_sex
        assert published.row_totals == statistics.current["new_clients"]["events_by_form"]
        assert_no_cell_under_k_or_derivable(published, exact.events_by_form_and_sex, k)
        transaction.set_rollback(True)
