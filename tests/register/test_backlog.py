"""The decision makers' backlog: ages in bands, past the target, waiting for information, median days to decide."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, new_application
from torju.accounts.models import User
from torju.actor import Actor
from torju.register import backlog, services
from torju.register.backlog import AgeBand
from torju.register.models import Application

TODAY = timezone.localdate()


def received(caseworker: User, days_ago: int) -> Application:
    return new_application(caseworker, received_on=TODAY - timedelta(days=days_ago))


@pytest.mark.django_db
def test_undecided_applications_by_age_with_those_waiting(caseworker: User, decision_maker: User) -> None:
    cases = {days: received(caseworker, days) for days in (0, 30, 31, 90, 91, 365, 366, 800)}
    services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=cases[31], reason="Lausunto")
    received(caseworker_at("TRE"), 10)  # another office's
    decided_application(caseworker, decision_maker, received_on=TODAY - timedelta(days=50))  # decided
    assert backlog.by_age(Actor.for_user(decision_maker), TODAY) == [
        AgeBand(0, 30, applications=2, waiting=0),
        AgeBand(31, 60, applications=1, waiting=1),
        AgeBand(61, 90, applications=1, waiting=0),
        AgeBand(91, 180, applications=1, waiting=0),
        AgeBand(181, 365, applications=1, waiting=0),
        AgeBand(366, None, applications=2, waiting=0),
    ]


@pytest.mark.django_db
def test_past_the_target_the_oldest_first(caseworker: User, decision_maker: User) -> None:
    at_target, past, older = received(caseworker, 90), received(caseworker, 91), received(caseworker, 200)
    assert at_target
    actor = Actor.for_user(decision_maker)
    assert list(backlog.past_target(actor, TODAY, 90)) == [older, past]
    assert list(backlog.past_target(actor, TODAY, 300)) == []


@pytest.mark.django_db
def test_median_days_to_a_decision_per_month_of_the_last_year(caseworker: User, decision_maker: User) -> None:
    this_month = TODAY.replace(day=1)
    last_month_end = this_month - timedelta(days=1)

    def decided(days: int, on: date, decision: str = "positive") -> None:
        decided_application(
            caseworker,
            decision_maker,
            decision=decision,
            negative_reason="not_trafficking" if decision == "negative" else "",
            received_on=on - timedelta(days=days),
            decided_on=on,
        )

    for days in (10, 20, 40):
        decided(days, TODAY)
    decided(5, last_month_end)
    decided(8, last_month_end, decision="negative")
    decided(3, this_month - relativedelta(months=12))  # thirteen months ago: out of the year
    withdrawn = received(caseworker, 100)
    services.close_without_decision(
        actor=Actor.for_user(caseworker), application=withdrawn, outcome="withdrawn", on=TODAY
    )  # not a decision
    decided_application(caseworker_at("TRE"), decision_maker_at("TRE"), received_on=TODAY - timedelta(days=99))

    medians = backlog.median_days_to_decision(Actor.for_user(decision_maker), TODAY)
    assert [month.month for month in medians] == [this_month - relativedelta(months=11 - n) for n in range(12)]
    assert (medians[-1].decisions, medians[-1].median_days) == (3, 20)
    assert (medians[-2].decisions, medians[-2].median_days) == (2, 6.5)
    assert all((month.decisions, month.median_days) == (0, None) for month in medians[:-2])


@pytest.mark.django_db
def test_the_backlog_page_is_the_decision_makers(caseworker: User, decision_maker: User, settings: Settings) -> None:
    settings.DECISION_TARGET_DAYS = 60
    old = received(caseworker, 75)
    received(caseworker, 5)
    services.set_waiting_for_information(
        actor=Actor.for_user(caseworker), application=old, reason="Maahanmuuttoviraston lausunto"
    )
    client = signed_in_client(decision_maker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("register:backlog"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Past the target of 60 days" in html
    assert "1 undecided application was received longer ago than the target." in html
    assert old.case_number in html and "Maahanmuuttoviraston lausunto" in html
    until = (TODAY - timedelta(days=61)).isoformat()
    assert f"?list=all&amp;decision=pending&amp;received_until={until}&amp;sort=-days_waiting" in html
    assert reverse("register:backlog") in client.get(reverse("register:home")).content.decode()

    assert signed_in_client(caseworker).get(reverse("register:backlog")).status_code == 403
    assert (
        reverse("register:backlog") not in signed_in_client(caseworker).get(reverse("register:home")).content.decode()
    )
