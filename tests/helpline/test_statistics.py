"""Each definition of docs/helpline-statistics.md held to an example."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.helpline.builders import acting, adviser, caseworker, contact, referral
from torju.audit.models import Action, AuditEvent
from torju.helpline.models import CaseStatus, ConsultationCase, Referral, ReferralKind, ReferralStatus
from torju.helpline.services import cases, referrals
from torju.helpline.services.applications import ApplicationDetails, register_application
from torju.helpline.statistics import helpline_statistics
from torju.register.models import DirectIdentifiers
from torju.register.services import PersonDetails

pytestmark = pytest.mark.django_db
YEAR = 2025


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A time in Finnish time."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def test_contacts_are_counted_by_the_finnish_date() -> None:
    user = adviser()
    contact(user, at(date(YEAR, 1, 1), 0, 30))  # 2024-12-31 22:30 UTC: January of YEAR
    contact(user, at(date(YEAR, 12, 31), 23, 30))  # 21:30 UTC: still YEAR
    contact(user, at(date(YEAR - 1, 12, 31), 23, 59))
    contact(user, at(date(YEAR + 1, 1, 1), 0, 0))
    figures = helpline_statistics(YEAR)["contacts"]
    assert figures["total"] == 2
    assert figures["by_month"]["01"] == 1 and figures["by_month"]["12"] == 1
    assert sum(figures["by_month"].values()) == 2


def test_contact_breakdowns_list_every_code_and_add_up() -> None:
    user = adviser()
    day = date(YEAR, 3, 10)
    contact(user, at(day), channel="chat", contact_type="employer", region="06", concerns_minor=True)
    contact(user, at(day), channel="phone", country="EE", concerns_minor=False)
    contact(user, at(day), channel="phone")
    figures = helpline_statistics(YEAR)["contacts"]
    assert figures["by_channel"] == {"phone": 2, "chat": 1, "email": 0, "in_person": 0, "letter": 0}
    assert figures["by_contact_type"]["employer"] == 1 and figures["by_contact_type"]["police"] == 2
    assert len(figures["by_contact_type"]) == 13
    assert figures["by_region"]["06"] == 1 and figures["by_region"]["abroad"] == 1
    assert figures["by_region"]["unknown"] == 1 and figures["by_region"]["01"] == 0
    assert figures["by_age_group"] == {"minor": 1, "adult": 1, "unknown": 1}
    for breakdown in ("by_channel", "by_contact_type", "by_subject", "by_region", "by_age_group", "by_month"):
        assert sum(figures[breakdown].values()) == figures["total"] == 3


def test_a_contact_counts_under_each_suspected_form_and_action() -> None:
    user = adviser()
    day = date(YEAR, 5, 5)
    contact(user, at(day), exploitation_forms=("forced_labour", "sexual_exploitation"), actions=("advice_given",))
    contact(user, at(day), exploitation_forms=("forced_labour",))
    contact(user, at(day))
    figures = helpline_statistics(YEAR)["contacts"]
    forms = figures["by_exploitation_form"]
    assert (forms["forced_labour"], forms["sexual_exploitation"], forms["none"], forms["forced_marriage"]) == (
        2,
        1,
        1,
        0,
    )
    assert figures["by_action"]["advice_given"] == 1 and figures["by_action"]["none"] == 2


def test_a_case_counts_once_by_its_earliest_contact() -> None:
    user = adviser()
    earliest = contact(user, at(date(YEAR, 2, 27)), channel="email", contact_type="social_services", region="01")
    later = contact(
        user,
        at(date(YEAR, 3, 2)),
        channel="phone",
        contact_type="potential_victim",
        concerns_minor=True,
        exploitation_forms=("forced_criminality",),
    )
    also_forms = contact(user, at(date(YEAR, 3, 3)), exploitation_forms=("forced_criminality", "forced_begging"))
    cases.group_contacts(acting(user), [later, earliest, also_forms])
    figures = helpline_statistics(YEAR)["consultation_cases"]
    assert figures["opened"] == 1 and figures["by_month"]["02"] == 1 and figures["by_month"]["03"] == 0
    assert figures["by_channel"]["email"] == 1 and figures["by_channel"]["phone"] == 0
    assert figures["by_contact_type"]["social_services"] == 1 and figures["by_region"]["01"] == 1
    assert figures["by_age_group"] == {"minor": 1, "adult": 0, "unknown": 0}
    forms = figures["by_exploitation_form"]
    assert (forms["forced_criminality"], forms["forced_begging"], forms["none"]) == (1, 1, 0)
    assert helpline_statistics(YEAR)["contacts"]["total"] == 3  # contacts are still counted as contacts


def test_a_case_emptied_of_contacts_is_not_counted() -> None:
    user = adviser()
    moved = contact(user, at(date(YEAR, 4, 1)))
    empty = cases.group_contacts(acting(user), [moved])
    cases.group_contacts(
        acting(user), [moved], cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 4, 2)))])
    )
    assert not empty.contacts.exists()
    assert helpline_statistics(YEAR)["consultation_cases"]["opened"] == 1


def test_closed_cases_by_outcome_and_those_open_at_year_end() -> None:
    user = adviser()
    closed = cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 6, 1)))])
    still_open = cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 11, 1)))])
    closed_next_year = cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 12, 1)))])
    for case, day, outcome in (
        (closed, date(YEAR, 6, 20), "contact_lost"),
        (closed_next_year, date(YEAR + 1, 1, 5), "other"),
    ):
        ConsultationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=at(day), outcome=outcome)
    figures = helpline_statistics(YEAR)["consultation_cases"]
    assert figures["closed"] == 1 and figures["by_outcome"]["contact_lost"] == 1 and figures["by_outcome"]["other"] == 0
    assert figures["open_at_year_end"] == 2  # still open, and the one closed only next year
    assert still_open.status == CaseStatus.OPEN


def test_indicators_count_cases() -> None:
    user = adviser()
    first = cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 7, 1)))])
    second = cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 7, 2)))])
    cases.group_contacts(acting(user), [contact(user, at(date(YEAR, 7, 3)))])
    cases.set_indicators(acting(user), first, ("coercion.violence", "deception.conditions"))
    cases.set_indicators(acting(user), second, ("coercion.violence",))
    figures = helpline_statistics(YEAR)["consultation_cases"]
    assert figures["with_indicators"] == 2
    assert figures["by_indicator"]["coercion.violence"] == 2 and figures["by_indicator"]["deception.conditions"] == 1
    assert figures["by_indicator"]["exploitation.hazardous_work"] == 0


def _sent_in_year(made: Referral, sent: datetime) -> None:
    Referral.objects.filter(pk=made.pk).update(sent_at=sent, due_on=(sent + timedelta(days=14)).date())


def test_referrals_by_status_outcome_time_to_answer_and_share() -> None:
    user, worker = adviser(), caseworker("HEL")
    made = [referral(user) for _ in range(5)]
    first_responder = referral(
        user, kind=ReferralKind.FIRST_RESPONDER, referring_party="labour_protection", referring_organisation="AVI"
    )
    for index, item in enumerate([*made, first_responder]):
        _sent_in_year(item, at(date(YEAR, 9, 1 + index)))
    answered = at(date(YEAR, 9, 4))
    accepted = referrals.accept_referral(acting(worker), made[0])
    referrals.record_outcome(acting(worker), accepted, outcome="declined_help")
    referrals.accept_referral(acting(worker), made[1])
    referrals.decline_referral(acting(worker), made[2], reason="insufficient_information")
    referrals.withdraw_referral(acting(user), made[3])
    Referral.objects.filter(pk__in=[made[0].pk, made[1].pk, made[2].pk]).update(answered_at=answered)
    Referral.objects.filter(pk=made[3].pk).update(closed_at=at(date(YEAR, 9, 10)))
    figures = helpline_statistics(YEAR)["referrals"]
    assert figures["sent"] == 6 and figures["by_month"]["09"] == 6
    assert figures["by_kind"] == {"helpline": 5, "first_responder": 1}
    assert figures["by_referring_party"]["labour_protection"] == 1
    assert figures["by_status"] == {"sent": 2, "accepted": 2, "declined": 1, "withdrawn": 1, "expired": 0}
    assert figures["by_outcome"] == {"application_registered": 0, "not_reached": 0, "declined_help": 1, "pending": 1}
    assert figures["by_decline_reason"]["insufficient_information"] == 1
    # Sent on 1, 2 and 3 September, answered on the 4th: 3, 2 and 1 days.
    assert figures["days_to_answer"] == {"answered": 3, "median": 2.0}
    # Sent on the 5th (made[4]) and the 6th (first responder), never answered: waiting at year end.
    assert figures["waiting_at_year_end"]["waiting"] == 2
    # Withdrawn only after the year's end: it was still waiting at the end.
    Referral.objects.filter(pk=made[3].pk).update(closed_at=at(date(YEAR + 1, 1, 2)))
    assert helpline_statistics(YEAR)["referrals"]["waiting_at_year_end"]["waiting"] == 3
    assert figures["led_to_application"] == 0 and figures["share_led_to_application"] == 0.0


def test_the_share_that_led_to_an_application() -> None:
    user, worker = adviser(), caseworker("HEL")
    sent = referral(user, referring_party="potential_victim")
    case = sent.case
    assert case is not None
    referral(user)  # another case, no application
    application = register_application(
        acting(worker),
        sent,
        ApplicationDetails(
            received_on=timezone.localdate(),
            residence_status="work_permit",
            new_applicant=PersonDetails(
                identifiers=DirectIdentifiers(first_names="Tilasto"), sex="F", nationality="NP"
            ),
        ),
    ).application
    assert application is not None
    assert application.source == "self"
    year = timezone.localtime(case.opened_at).year
    figures = helpline_statistics(year)
    assert figures["consultation_cases"]["led_to_application"] == 1
    assert figures["consultation_cases"]["share_led_to_application"] == 0.5
    assert figures["referrals"]["led_to_application"] == 1
    assert figures["referrals"]["by_outcome"]["application_registered"] == 1


def test_the_monthly_tables_are_the_exact_forms_and_add_up_to_the_year() -> None:
    user = adviser()
    contact(user, at(date(YEAR, 1, 5)), channel="chat")
    contact(user, at(date(YEAR, 8, 5)), channel="chat")
    statistics = helpline_statistics(YEAR)
    monthly = statistics["monthly"]["contacts"]["by_channel"]
    assert monthly["01"]["chat"] == 1 and monthly["08"]["chat"] == 1 and monthly["02"]["chat"] == 0
    assert statistics["contacts"]["by_channel"]["chat"] == sum(cells["chat"] for cells in monthly.values())
    assert "monthly" not in helpline_statistics(YEAR, public=True)


def run(*arguments: str) -> dict[str, Any]:
    output = StringIO()
    call_command("helpline_statistics", *arguments, stdout=output)
    result: dict[str, Any] = json.loads(output.getvalue())
    return result


def test_the_command_prints_exact_and_public_json_and_records_the_export() -> None:
    user = adviser()
    for day in range(1, 8):
        contact(user, at(date(YEAR, 4, day)), channel="phone")
    contact(user, at(date(YEAR, 4, 9)), channel="letter")
    exact, public = run("--year", str(YEAR)), run("--year", str(YEAR), "--public")
    assert exact["contacts"]["by_channel"]["letter"] == 1 and exact["contacts"]["total"] == 8
    assert public["contacts"]["by_channel"]["letter"] is None
    assert public["contacts"]["by_channel"]["phone"] is None  # secondary: the only other non-zero cell
    assert public["contacts"]["total"] == 8
    assert run("--year", str(YEAR), "--public", "--k", "1")["contacts"]["by_channel"]["letter"] == 1
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="helpline.statistics")
    assert exports.count() == 3
    for wrong in (["--year", "2005"], ["--year", str(timezone.localdate().year + 1)], ["--year", "2025", "--k", "0"]):
        with pytest.raises(CommandError):
            run(*wrong)


def test_a_referral_still_waiting_counts_as_sent() -> None:
    made = referral(adviser())
    _sent_in_year(made, at(date(YEAR, 10, 1)))
    figures = helpline_statistics(YEAR)["referrals"]
    assert figures["by_status"][ReferralStatus.SENT] == 1


def test_what_the_review_and_the_situational_picture_get_is_the_public_form() -> None:
    from torju.helpline.reporting import figures_for_review, series_for_situation

    user = adviser()
    for day in range(1, 4):
        contact(user, at(date(YEAR, 2, day)), channel="email")
    review = figures_for_review(YEAR)
    assert review.threshold == 5 and review.statistics["contacts"]["total"] is None  # 3 contacts: under k
    assert review.previous is not None and review.previous["contacts"]["total"] == 0
    assert "monthly" not in review.statistics
    series = series_for_situation(2004, YEAR)
    assert list(series) == list(range(2006, YEAR + 1))
    assert series[YEAR] == review.statistics
