"""The helpline's retention rule: free text goes after the period, coded fields stay for the statistics."""

from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.helpline.builders import acting, adviser, caseworker, consultation, contact, referral
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.helpline.models import ConsultationCase, Contact, Referral
from torju.helpline.retention import apply_helpline_retention, retention_cutoff
from torju.helpline.services import cases, referrals
from torju.helpline.statistics import helpline_statistics

pytestmark = pytest.mark.django_db


def changes_of(event: AuditEvent) -> dict[str, Any]:
    assert event.changes is not None
    changes: dict[str, Any] = event.changes
    return changes


TODAY = timezone.localdate()
CUTOFF = retention_cutoff(TODAY, 2)


def old(days: int = 1) -> datetime:
    """Before the cutoff: more than two years ago."""
    return CUTOFF - timedelta(days=days)


def test_the_cutoff_is_the_start_of_the_same_day_years_before() -> None:
    assert timezone.make_aware(datetime(2027, 6, 1)) == retention_cutoff(date(2029, 6, 1), 2)
    assert retention_cutoff(date(2028, 2, 29), 1).date() == date(2027, 2, 28)


def test_free_text_goes_after_the_period_and_the_codes_stay() -> None:
    user = adviser()
    kept = contact(user, notes="Tuore.")
    due = contact(user, notes="Vanha.", person_description="Nainen, noin 30.", region="01")
    Contact.objects.filter(pk=due.pk).update(contacted_at=old())
    counts = apply_helpline_retention(Actor.system("cron"), today=TODAY, years=2)
    assert counts == {"contacts": 1, "consultation_cases": 0, "referrals": 0}
    due.refresh_from_db()
    kept.refresh_from_db()
    assert (due.notes, due.person_description, due.region) == ("", "", "01") and due.text_erased_at is not None
    assert kept.notes == "Tuore." and kept.text_erased_at is None
    assert apply_helpline_retention(Actor.system("cron"), today=TODAY, years=2)["contacts"] == 0
    event, second_run = AuditEvent.objects.filter(action=Action.DELETE, object_type="helpline").order_by("pk")
    assert changes_of(second_run)["contacts"] == 0
    assert changes_of(event) == {
        "contacts": 1,
        "consultation_cases": 0,
        "referrals": 0,
        "cutoff": CUTOFF.date().isoformat(),
        "years": 2,
    }


def test_contacts_of_a_case_follow_the_case() -> None:
    user = adviser()
    early, late = contact(user, notes="Alku."), contact(user, notes="Jatko.")
    Contact.objects.filter(pk=early.pk).update(contacted_at=old(400))
    case = consultation(user, early, late)
    cases.update_case(acting(user), case, revision=None, status="open", summary="Yhä auki.")
    apply_helpline_retention(Actor.system("cron"), today=TODAY, years=2)
    early.refresh_from_db()
    assert early.notes == "Alku."  # the case is open and was changed just now
    closed = cases.close_case(
        acting(user), case, revision=None, outcome="other", reason_for_case_closure="Loppu."
    ).record
    ConsultationCase.objects.filter(pk=closed.pk).update(closed_at=old())
    counts = apply_helpline_retention(Actor.system("cron"), today=TODAY, years=2)
    assert counts["consultation_cases"] == 1 and counts["contacts"] == 2
    closed.refresh_from_db()
    assert (closed.summary, closed.reason_for_case_closure, closed.outcome) == ("", "", "other")


def test_a_referral_whose_loop_closed_long_ago_loses_its_text_only() -> None:
    user, worker = adviser(), caseworker()
    made = referral(user, referral_details="Tapaaminen sovittu.")
    declined = referrals.decline_referral(acting(worker), made, reason="other", notes="Ei meille.").record
    Referral.objects.filter(pk=declined.pk).update(answered_at=old(), sent_at=old(3))
    waiting = referral(user, referral_details="Odottaa.")
    apply_helpline_retention(Actor.system("cron"), today=TODAY, years=2)
    declined.refresh_from_db()
    waiting.refresh_from_db()
    assert (declined.referral_details, declined.response_notes, declined.decline_reason) == ("", "", "other")
    assert waiting.referral_details == "Odottaa."


def test_statistics_are_the_same_before_and_after() -> None:
    user = adviser()
    made = contact(
        user, notes="Vanha.", exploitation_forms=("forced_labour",), contacted_at=timezone.now() - timedelta(days=800)
    )
    year = timezone.localtime(made.contacted_at).year
    before = helpline_statistics(year)
    apply_helpline_retention(Actor.system("cron"), years=2)
    made.refresh_from_db()
    assert made.notes == "" and helpline_statistics(year) == before


def test_erased_text_stays_empty_in_the_database() -> None:
    made = contact(adviser(), notes="Teksti.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=made.pk).update(text_erased_at=timezone.now())


def test_the_command_counts_with_dry_run_and_erases_without() -> None:
    made = contact(adviser(), notes="Vanha.")
    Contact.objects.filter(pk=made.pk).update(contacted_at=timezone.now() - timedelta(days=365 * 3))
    output = StringIO()
    call_command("apply_helpline_retention", "--dry-run", stdout=output)
    assert "1 contacts" in output.getvalue() and "nothing was changed" in output.getvalue()
    made.refresh_from_db()
    assert made.notes == "Vanha."
    call_command("apply_helpline_retention", stdout=StringIO())
    made.refresh_from_db()
    assert made.notes == ""
    with pytest.raises(ValueError):
        apply_helpline_retention(Actor.system("cron"), years=0)


def test_the_expiry_command() -> None:
    made = referral(adviser())
    Referral.objects.filter(pk=made.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    output = StringIO()
    call_command("expire_referrals", stdout=output)
    assert output.getvalue().strip() == "1 referrals expired"
