"""The helpline's services: contacts, consultation cases, indicators, the referral loop, and their audit rows."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import user_with_role
from tests.helpline.builders import acting, adviser, caseworker, consultation, contact, details, referral
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.concurrency import EditConflictError
from torju.helpline.models import CaseStatus, ConsultationCase, Contact, Referral, ReferralKind, ReferralStatus
from torju.helpline.services import cases, contacts, referrals

pytestmark = pytest.mark.django_db


def changes_of(event: AuditEvent) -> dict[str, Any]:
    assert event.changes is not None
    changes: dict[str, Any] = event.changes
    return changes


def trail(obj: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower).order_by("pk"))  # type: ignore[attr-defined]


# Contacts -------------------------------------------------------------------------------------------


def test_a_contact_is_recorded_with_its_codes_and_audited_without_its_text() -> None:
    user = adviser()
    saved = contacts.record_contact(
        acting(user),
        details(
            exploitation_forms=("forced_labour", "sexual_exploitation"),
            sector="berry_farms",
            region="19",
            concerns_minor=False,
            actions=("advice_given", "referred_police"),
            primary_language="en",
            notes="Marjanpoimijat asuvat teltoissa.",
        ),
    )
    made = saved.record
    assert not saved.warnings
    assert sorted(made.exploitation_forms.values_list("exploitation_form", flat=True)) == [
        "forced_labour",
        "sexual_exploitation",
    ]
    assert sorted(made.actions.values_list("action", flat=True)) == ["advice_given", "referred_police"]
    [created] = trail(made)
    assert created.action == Action.CREATE and created.actor == user
    assert changes_of(created)["after"]["region"] == "19"
    assert changes_of(created)["text_changed"] == ["notes"]
    assert "teltoissa" not in str(created.changes)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"contact_type": "alien"}, "contact_type"),
        ({"subject": "weather"}, "subject"),
        ({"exploitation_forms": ("forced_labour", "nope")}, "exploitation_forms"),
        ({"sector": "berry_farms"}, "sector"),  # without forced labour suspected
        ({"exploitation_forms": ("forced_labour",), "sector": "nope"}, "sector"),
        ({"region": "99"}, "region"),
        ({"country": "FI"}, "country"),
        ({"country": "QQ"}, "country"),
        ({"region": "01", "country": "EE"}, "country"),
        ({"actions": ("shrugged",)}, "actions"),
        ({"primary_language": "fin"}, "primary_language"),
        ({"contacted_at": timezone.now() + timedelta(days=1)}, "contacted_at"),
        ({"notes": "Soita 040 123 4567"}, "notes"),
        ({"person_description": "hetu 131052-308T"}, "person_description"),
    ],
)
def test_a_contact_with_a_bad_field_is_refused_naming_it(fields: dict[str, object], field: str) -> None:
    contacted_at = fields.pop("contacted_at", None)
    with pytest.raises(ValidationError) as refused:
        contacts.record_contact(acting(adviser()), details(contacted_at, **fields))  # type: ignore[arg-type]
    assert field in refused.value.message_dict
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_other_phone_numbers_are_saved_with_a_warning() -> None:
    saved = contacts.record_contact(acting(adviser()), details(notes="Poliisin vaihde 0295 419 800."))
    assert saved.record.notes == "Poliisin vaihde 0295 419 800."
    assert list(saved.warnings.warnings) == ["notes"]


@pytest.mark.parametrize("role", [role for role in Role if role != Role.HELPLINE_ADVISER])
def test_only_advisers_record_contacts(role: Role) -> None:
    with pytest.raises(PermissionDenied):
        contacts.record_contact(acting(user_with_role(role)), details())
    with pytest.raises(PermissionDenied):
        contacts.record_contact(Actor.system("cron"), details())


def test_a_stale_correction_is_refused_and_the_newer_kept() -> None:
    user = adviser()
    made = contact(user)
    contacts.update_contact(acting(user), made, made.revision, details(made.contacted_at, channel="chat"))
    with pytest.raises(EditConflictError):
        contacts.update_contact(acting(adviser()), made, made.revision, details(made.contacted_at, channel="email"))
    made.refresh_from_db()
    assert made.channel == "chat" and made.revision == 2
    updated = [event for event in trail(made) if event.action == Action.UPDATE]
    assert changes_of(updated[0])["before"]["channel"] == "phone"
    assert changes_of(updated[0])["after"]["channel"] == "chat"


def test_reading_a_contact_is_audited() -> None:
    user = adviser()
    made = contact(user)
    contacts.record_contact_view(acting(user), made)
    assert [event.action for event in trail(made)] == [Action.CREATE, Action.VIEW]


# Consultation cases ---------------------------------------------------------------------------------


def test_contacts_grouped_into_a_case_open_it_with_the_earliest_and_list_in_order() -> None:
    first_adviser, second_adviser = adviser(), adviser()
    now = timezone.now()
    later = contact(first_adviser, now - timedelta(hours=1))
    earlier = contact(second_adviser, now - timedelta(days=2))
    case = cases.group_contacts(acting(first_adviser), [later, earlier])
    assert case.case_number == f"INFO-{timezone.localtime(earlier.contacted_at).year}-000001"
    assert case.opened_at == earlier.contacted_at and case.status == CaseStatus.OPEN
    assert list(case.contacts.order_by("contacted_at")) == [earlier, later]
    contacts.record_contact(acting(second_adviser), details(now - timedelta(minutes=5)), case=case)
    assert set(case.advisers.all()) == {first_adviser, second_adviser}
    second = cases.group_contacts(acting(first_adviser), [contact(first_adviser)])
    assert second.case_number.endswith("-000002")


def test_a_contact_moves_between_open_cases_and_the_trail_says_from_where() -> None:
    user = adviser()
    moved = contact(user)
    first = consultation(user, moved)
    second = consultation(user)
    cases.group_contacts(acting(user), [moved], second)
    moved.refresh_from_db()
    assert moved.case == second
    grouped = [event for event in trail(moved) if event.changes and changes_of(event)["what"] == "contact_grouped"]
    assert changes_of(grouped[-1])["before"] == {"case": first.case_number}


def test_closing_asks_for_the_outcome_and_a_closed_case_takes_nothing_until_reopened() -> None:
    user = adviser()
    case = consultation(user)
    with pytest.raises(ValidationError) as refused:
        cases.close_case(acting(user), case, revision=case.revision, outcome="")
    assert "outcome" in refused.value.message_dict
    closed = cases.close_case(
        acting(user), case, revision=case.revision, outcome="advice_given", reason_for_case_closure="Neuvottu."
    ).record
    assert closed.status == CaseStatus.CLOSED and closed.closed_at is not None
    for attempt in (
        lambda: contacts.record_contact(acting(user), details(), case=closed),
        lambda: cases.set_indicators(acting(user), closed, ("coercion.violence",)),
        lambda: cases.update_case(acting(user), closed, revision=None, status="open", summary="x"),
        lambda: referral(user, closed),
    ):
        with pytest.raises(ValidationError):
            attempt()
    reopened = cases.reopen_case(acting(user), closed)
    assert (reopened.status, reopened.outcome, reopened.reason_for_case_closure) == (CaseStatus.OPEN, "", "")


def test_the_database_refuses_a_closed_case_without_outcome() -> None:
    case = consultation(adviser())
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())


def test_the_summary_refuses_identifiers_and_a_stale_form() -> None:
    user = adviser()
    case = consultation(user)
    with pytest.raises(ValidationError) as refused:
        cases.update_case(acting(user), case, revision=case.revision, status="waiting", summary="a@b.fi")
    assert "summary" in refused.value.message_dict
    cases.update_case(acting(user), case, revision=case.revision, status="waiting", summary="Odottaa.")
    with pytest.raises(EditConflictError):
        cases.update_case(acting(user), case, revision=case.revision, status="open", summary="Toinen.")


def test_indicators_are_ticked_and_unticked_with_the_trail() -> None:
    user = adviser()
    case = consultation(user)
    cases.set_indicators(acting(user), case, ("coercion.violence", "deception.conditions"))
    cases.set_indicators(acting(user), case, ("deception.conditions", "exploitation.low_or_no_pay"))
    assert sorted(case.indicator_ticks.values_list("indicator", flat=True)) == [
        "deception.conditions",
        "exploitation.low_or_no_pay",
    ]
    changes = [changes_of(event) for event in trail(case) if changes_of(event)["what"] == "screening_indicators"]
    assert changes[-1]["added"] == ["exploitation.low_or_no_pay"] and changes[-1]["removed"] == ["coercion.violence"]
    with pytest.raises(ValidationError):
        cases.set_indicators(acting(user), case, ("no.such",))


# Referrals ------------------------------------------------------------------------------------------


def test_the_loop_sent_accepted_outcome() -> None:
    user, worker = adviser(), caseworker("HEL")
    sent = referral(user, referral_details="Tapaaminen sovittu puhelimitse.")
    assert sent.status == ReferralStatus.SENT and sent.due_on == timezone.localdate() + timedelta(days=14)
    with pytest.raises(PermissionDenied):
        referrals.accept_referral(acting(caseworker("TRE")), sent)
    with pytest.raises(ValidationError):  # not taken up yet: a state, not a right
        referrals.record_outcome(acting(worker), sent, outcome="not_reached")
    accepted = referrals.accept_referral(acting(worker), sent)
    assert accepted.status == ReferralStatus.ACCEPTED and accepted.answered_by == worker
    with pytest.raises(ValidationError):
        referrals.record_outcome(acting(worker), accepted, outcome="application_registered")
    done = referrals.record_outcome(acting(worker), accepted, outcome="not_reached", notes="Ei vastannut.").record
    assert done.outcome == "not_reached" and not done.is_open
    with pytest.raises(ValidationError):
        referrals.withdraw_referral(acting(user), done)
    with pytest.raises(ValidationError):  # a second click, or a colleague, answered it already
        referrals.accept_referral(acting(worker), done)


def test_declining_takes_a_reason_and_withdrawing_is_the_referrers() -> None:
    user, worker = adviser(), caseworker("HEL")
    sent = referral(user)
    with pytest.raises(ValidationError):
        referrals.decline_referral(acting(worker), sent, reason="")
    declined = referrals.decline_referral(acting(worker), sent, reason="other_office").record
    assert declined.status == ReferralStatus.DECLINED and declined.decline_reason == "other_office"
    other = referral(user)
    with pytest.raises(PermissionDenied):
        referrals.withdraw_referral(acting(worker), other)
    assert referrals.withdraw_referral(acting(user), other).status == ReferralStatus.WITHDRAWN


def test_overdue_referrals_expire_and_nothing_else() -> None:
    user = adviser()
    overdue, current = referral(user), referral(user)
    Referral.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert referrals.expire_overdue_referrals(Actor.system("cron")) == 1
    overdue.refresh_from_db()
    current.refresh_from_db()
    assert overdue.status == ReferralStatus.EXPIRED and overdue.closed_at is not None
    assert current.status == ReferralStatus.SENT
    assert referrals.expire_overdue_referrals(Actor.system("cron")) == 0


def test_a_first_responders_referral_names_its_organisation() -> None:
    user = adviser()
    with pytest.raises(ValidationError) as refused:
        referral(user, kind=ReferralKind.FIRST_RESPONDER, referring_party="police")
    assert "referring_organisation" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        referral(user, kind=ReferralKind.FIRST_RESPONDER, referring_party="relative", referring_organisation="X")
    assert "referring_party" in refused.value.message_dict
    logged = referral(
        user, kind=ReferralKind.FIRST_RESPONDER, referring_party="police", referring_organisation="Helsingin poliisi"
    )
    assert logged.case is None and logged.referring_organisation == "Helsingin poliisi"


def test_referral_text_refuses_identifiers() -> None:
    user = adviser()
    for fields, field in (
        ({"referral_details": "Soita 050 123 4567"}, "referral_details"),
        ({"referring_organisation": "poliisi@example.fi"}, "referring_organisation"),
    ):
        with pytest.raises(ValidationError) as refused:
            referral(user, consultation(user), **fields)
        assert field in refused.value.message_dict
    sent = referral(user)
    with pytest.raises(ValidationError) as refused:
        referrals.decline_referral(acting(caseworker()), sent, reason="other", notes="Hetu 131052-308T")
    assert "response_notes" in refused.value.message_dict


def test_a_person_registered_before_gets_the_referrals_application_under_the_registers_rules() -> None:
    from dataclasses import replace
    from datetime import date

    from torju.helpline.services.applications import ApplicationDetails, register_application
    from torju.register import services as register_services
    from torju.register.models import DirectIdentifiers
    from torju.register.services import PersonDetails

    user, worker = adviser(), caseworker("HEL")
    earlier = register_services.register_new_applicant(
        actor=acting(worker),
        details=PersonDetails(identifiers=DirectIdentifiers(first_names="Aiempi"), sex="F", nationality="VN"),
        received_on=date(2024, 5, 1),
        source="police",
        residence_status="work_permit",
    )
    made = referral(user, referring_party="ngo")
    details = ApplicationDetails(
        received_on=timezone.localdate(), residence_status="work_permit", person_id=earlier.person.person_id
    )
    with pytest.raises(PermissionDenied):  # a caseworker of another office
        register_application(acting(caseworker("TRE")), made, details)
    with pytest.raises(ValidationError) as refused:  # not a person the register lets this caseworker apply for
        register_application(acting(worker), made, replace(details, person_id="P-NOT-FOUND"))
    assert list(refused.value.message_dict) == ["person_id"]
    linked = register_application(acting(worker), made, details)
    assert linked.application is not None and linked.application.person == earlier.person
    assert linked.application.source == "ngo" and linked.status == ReferralStatus.ACCEPTED
    with pytest.raises(ValidationError):  # the loop is closed: no second application from it
        register_application(acting(worker), linked, details)
