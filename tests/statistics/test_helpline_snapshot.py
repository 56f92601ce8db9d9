"""The helpline's figures of a year, stored with the register version and out of date after every kind of write
to the helpline's tables (statistics migration 0006, torju.statistics.helpline_figures)."""

from collections.abc import Callable
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.helpline.builders import acting, adviser, contact, referral
from torju.helpline.disclosure import public_statistics
from torju.helpline.models import (
    CaseStatus,
    ConsultationCase,
    Contact,
    ContactAction,
    ContactExploitationForm,
    Referral,
)
from torju.helpline.services import cases
from torju.helpline.statistics import helpline_statistics
from torju.statistics.helpline_figures import helpline_years
from torju.statistics.models import HelplineSnapshot
from torju.statistics.snapshots import versions_of

pytestmark = pytest.mark.django_db
YEAR = 2025
K = 5


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def counts_the_helpline(call: Callable[[], object]) -> bool:
    """Whether `call()` counted the helpline's contacts (rather than reading the stored figures)."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return any("helpline_contact" in query["sql"] and "COUNT" in query["sql"] for query in queries)


def test_a_year_s_helpline_figures_are_stored_and_read_until_the_helpline_changes() -> None:
    user = adviser()
    for day in range(1, 7):
        contact(user, at(date(YEAR, 2, day)), channel="email")
    assert counts_the_helpline(lambda: helpline_years((YEAR,), K))
    stored = HelplineSnapshot.objects.get(year=YEAR)
    assert stored.version == versions_of([YEAR])[YEAR]
    assert not counts_the_helpline(lambda: helpline_years((YEAR,), K)), "read from the stored figures"
    assert helpline_years((YEAR,), K)[str(YEAR)]["contacts"]["total"] == 6
    contact(user, at(date(YEAR, 3, 1)), channel="email")
    assert counts_the_helpline(lambda: helpline_years((YEAR,), K))
    assert helpline_years((YEAR,), K)[str(YEAR)]["contacts"]["total"] == 7


def test_the_stored_figures_are_the_figures_of_the_day_in_public_form() -> None:
    user = adviser()
    for day in range(1, 9):
        contact(user, at(date(YEAR, 4, day)), channel="chat" if day < 3 else "phone")
    helpline_years((YEAR,), K)  # stored
    assert helpline_years((YEAR,), K)[str(YEAR)] == public_statistics(helpline_statistics(YEAR), K)


def _case_of_the_year() -> tuple[ConsultationCase, Contact]:
    user = adviser()
    made = contact(user, at(date(YEAR, 5, 1)))
    return cases.group_contacts(acting(user), [made]), made


@pytest.mark.parametrize(
    "change",
    [
        "contact recorded",
        "contact's time changed",
        "form of exploitation",
        "action",
        "case closed",
        "indicator",
        "referral changed",
        "contact deleted",
        "raw sql",
        "a later contact joins the case",
    ],
)
def test_every_kind_of_write_to_the_helpline_makes_the_years_it_touches_out_of_date(change: str) -> None:
    case, made = _case_of_the_year()
    user = adviser()
    sent = referral(user, case)
    helpline_years((YEAR - 2, YEAR - 1, YEAR), K)
    before = versions_of([YEAR - 2, YEAR, YEAR + 1])
    if change == "contact recorded":
        contact(user, at(date(YEAR, 8, 1)))
    elif change == "contact's time changed":
        Contact.objects.filter(pk=made.pk).update(contacted_at=at(date(YEAR, 5, 2)))
    elif change == "form of exploitation":
        ContactExploitationForm.objects.create(contact=made, exploitation_form="forced_labour")
    elif change == "action":
        ContactAction.objects.create(contact=made, action="advice_given")
    elif change == "case closed":
        ConsultationCase.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED, closed_at=at(date(YEAR, 6, 1)), outcome="other"
        )
    elif change == "indicator":
        cases.set_indicators(acting(user), case, ("coercion.violence",))
    elif change == "referral changed":  # sent today, of a case opened in YEAR
        Referral.objects.filter(pk=sent.pk).update(referring_party="employer")
    elif change == "contact deleted":
        Contact.objects.filter(pk=made.pk).delete()
    elif change == "raw sql":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE helpline_contact SET channel = 'chat' WHERE id = %s", [made.pk])
    elif change == "a later contact joins the case":
        later = contact(user, at(date(YEAR + 1, 1, 10)))
        before = versions_of(list(before))  # the new contact itself touches YEAR + 1 only
        Contact.objects.filter(pk=later.pk).update(case=case)
    after = versions_of(list(before))
    assert after[YEAR - 2] == before[YEAR - 2], "a year before every date the change touches stays valid"
    assert after[YEAR] > before[YEAR] and after[YEAR + 1] > before[YEAR + 1]
    assert helpline_years((YEAR,), K)[str(YEAR)] == helpline_years_computed(YEAR)


def helpline_years_computed(year: int) -> dict[str, object]:
    return public_statistics(helpline_statistics(year), K)
