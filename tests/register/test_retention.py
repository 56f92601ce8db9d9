"""Retention: direct identifiers erased N years after the case closed, the pseudonymous rows kept.

The rules are those of docs/decisions/0006-register-retention.md. "Today" is
fixed at TODAY with a five-year period, so the cutoff is 2021-06-15: a case
closed on 2021-06-14 closed more than five years ago, one closed on
2021-06-15 exactly five years ago.
"""

from datetime import date, timedelta
from io import StringIO
from itertools import count
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.factories import user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import crypto
from torju.register.models import Application, DirectIdentifiers, Person, PersonRole, ServiceNeedsAssessment
from torju.register.services.common import ENCRYPTED_FIELDS
from torju.register.services.maintenance import apply_retention, count_due, retention_cutoff

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
YEARS = 5
CUTOFF = date(2021, 6, 15)
BEFORE = CUTOFF - timedelta(days=1)  # more than five years before TODAY
NUMBERS = count(1)


def person(role: PersonRole = PersonRole.VICTIM, **fields: Any) -> Person:
    number = next(NUMBERS)
    created = Person(
        person_id=f"P{number}", role=role, sex="F", nationality="NP", birth_date=date(1990, 1, 1), **fields
    )
    created.write_identifiers(
        DirectIdentifiers(
            first_names="Maya", last_name=f"Gurung{number}", hetu=f"{number:06d}-X", phone="040 1", address="Katu 1"
        )
    )
    created.save()
    return created


def child(parent: Person, left_on: date | None) -> Person:
    return person(PersonRole.CHILD_OF_VICTIM, parent=parent, child_joined_on=date(2015, 1, 1), child_left_on=left_on)


def application(applicant: Person, decision: str = "", decided_on: date | None = None, **fields: Any) -> Application:
    number = next(NUMBERS)
    if decision == "negative":
        fields.setdefault("negative_reason", "not_trafficking")
    if fields.get("clienthood_ended_on"):
        fields.setdefault("end_reason", "no_longer_needs_assistance")
    return Application.objects.create(
        application_id=f"A{number}",
        case_number=f"HEL-2015-{number:06d}",
        person=applicant,
        received_on=date(2015, 1, 1),
        office="HEL",
        source="police",
        residence_status="unknown",
        decision=decision,
        decided_on=decided_on,
        **fields,
    )


def client_until(ended_on: date | None, applicant: Person | None = None) -> Person:
    """A victim whose clienthood (positive decision in 2016) ended on `ended_on`, or is still open."""
    applicant = applicant or person()
    application(applicant, "positive", date(2016, 1, 1), clienthood_ended_on=ended_on)
    return applicant


def erased(*persons: Person) -> list[bool]:
    return [Person.objects.get(pk=one.pk).identifiers_erased_at is not None for one in persons]


def run(**options: Any) -> int:
    return apply_retention(actor=Actor.system("test"), today=TODAY, years=YEARS, **options)


def test_cutoff_is_the_same_day_years_before_and_28_february_for_a_leap_day() -> None:
    assert retention_cutoff(TODAY, YEARS) == CUTOFF
    assert retention_cutoff(date(2028, 2, 29), 5) == date(2023, 2, 28)
    assert retention_cutoff(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_identifiers_erased_and_the_pseudonymous_record_kept() -> None:
    victim = client_until(BEFORE)
    before = Person.objects.get(pk=victim.pk)
    assert run() == 1
    after = Person.objects.get(pk=victim.pk)
    assert [getattr(after, column) for column in ENCRYPTED_FIELDS] == [""] * 5
    assert (after.hetu_hash, after.name_birth_hash) == (None, None)
    assert after.identifiers_erased_at is not None
    assert after.read_identifiers() == DirectIdentifiers()
    assert after.revision == before.revision + 1  # an edit form opened before gets a conflict
    assert (after.person_id, after.sex, after.birth_date) == (victim.person_id, "F", date(1990, 1, 1))
    assert after.applications.get().clienthood_ended_on == BEFORE


def test_clienthood_ended_exactly_n_years_ago_is_kept_one_day_more_is_erased() -> None:
    exactly, more = client_until(CUTOFF), client_until(BEFORE)
    assert run() == 1
    assert erased(exactly, more) == [False, True]
    assert apply_retention(actor=Actor.system("test"), today=TODAY + timedelta(days=1), years=YEARS) == 1
    assert erased(exactly) == [True]


def test_open_application_keeps_the_identifiers() -> None:
    pending = client_until(BEFORE)
    application(pending)
    assert run() == 0
    assert erased(pending) == [False]


def test_second_clienthood_still_open_keeps_the_identifiers() -> None:
    returning = client_until(BEFORE)
    client_until(None, returning)
    recently_ended = client_until(BEFORE)
    client_until(TODAY - timedelta(days=30), recently_ended)
    assert run() == 0
    assert erased(returning, recently_ended) == [False, False]


@pytest.mark.parametrize("decision", ["negative", "withdrawn", "lapsed"])
def test_without_clienthood_counted_from_the_last_decision(decision: str) -> None:
    old, exactly, recent, two = person(), person(), person(), person()
    application(old, decision, BEFORE)
    application(exactly, decision, CUTOFF)
    application(recent, decision, date(2024, 1, 1))
    application(two, decision, date(2016, 1, 1))
    application(two, decision, date(2023, 1, 1))
    assert run() == 1
    assert erased(old, exactly, recent, two) == [True, False, False, False]


def test_clienthood_ended_long_ago_but_a_later_negative_decision_counts_from_that_decision() -> None:
    victim = client_until(date(2017, 1, 1))
    application(victim, "negative", date(2022, 1, 1))
    assert run() == 0
    assert apply_retention(actor=Actor.system("test"), today=date(2027, 1, 2), years=YEARS) == 1


def test_a_victim_without_applications_counts_from_when_the_record_was_made() -> None:
    old, new = person(), person()
    Person.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366 * 6))
    assert apply_retention(actor=Actor.system("test"), years=YEARS) == 1
    assert erased(old, new) == [True, False]


def test_already_erased_persons_are_not_counted_again() -> None:
    victim = client_until(BEFORE)
    assert run() == 1
    first = Person.objects.get(pk=victim.pk)
    assert run() == 0
    assert run(dry_run=True) == 0
    again = Person.objects.get(pk=victim.pk)
    assert (again.identifiers_erased_at, again.revision) == (first.identifiers_erased_at, first.revision)


def test_children_go_with_their_parent() -> None:
    # The family is erased once the parent's case and every child's clienthood closed long enough ago.
    parent = client_until(BEFORE)
    left = child(parent, BEFORE)
    # A child still a client, or who left recently, keeps the identifiers of the whole family.
    parent_of_client = client_until(BEFORE)
    still_client = child(parent_of_client, None)
    parent_of_leaver = client_until(BEFORE)
    recently_left = child(parent_of_leaver, CUTOFF)
    # A child who left long ago waits for a parent whose case is open.
    open_parent = client_until(None)
    waiting = child(open_parent, BEFORE)
    assert run() == 2
    assert erased(parent, left) == [True, True]
    assert erased(parent_of_client, still_client, parent_of_leaver, recently_left) == [False] * 4
    assert erased(open_parent, waiting) == [False, False]


def test_a_child_of_an_erased_parent_is_erased_once_left_long_enough_ago() -> None:
    parent = client_until(BEFORE)
    assert run() == 1
    late = child(parent, TODAY - timedelta(days=1))  # recorded after the parent's erasure
    assert run() == 0
    assert apply_retention(actor=Actor.system("test"), today=TODAY + timedelta(days=366 * YEARS), years=YEARS) == 1
    assert erased(late) == [True]


def test_dry_run_counts_changes_nothing_and_is_not_audited() -> None:
    parent = client_until(BEFORE)
    child(parent, BEFORE)
    client_until(None)
    assert run(dry_run=True) == 2
    assert Person.objects.filter(identifiers_erased_at__isnull=False).count() == 0
    assert not AuditEvent.objects.exists()
    assert count_due(CUTOFF) == 2


def test_one_audit_event_with_the_count_and_the_cutoff() -> None:
    for _ in range(3):
        client_until(BEFORE)
    client_until(None)
    assert run() == 3
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor_username) == (Action.DELETE, "register.person", "test")
    assert event.changes == {"erased": 3, "cutoff": "2021-06-15", "years": 5}


def test_the_same_few_queries_whatever_the_number_of_persons() -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    client_until(BEFORE)
    few = queries()
    for _ in range(20):
        parent = client_until(BEFORE)
        child(parent, BEFORE)
    assert Person.objects.filter(identifiers_erased_at__isnull=True).count() == 40
    assert queries() == few
    assert Person.objects.filter(identifiers_erased_at__isnull=True).count() == 0


def test_the_period_must_be_at_least_a_year() -> None:
    with pytest.raises(ValueError, match="at least one year"):
        apply_retention(actor=Actor.system("test"), today=TODAY, years=0)


def test_command_uses_the_setting_and_reports_the_count(settings: Settings) -> None:
    settings.REGISTER_RETENTION_YEARS = 3
    three_years_ago = timezone.localdate() - timedelta(days=366 * 3)
    victim = client_until(three_years_ago)
    client_until(timezone.localdate() - timedelta(days=365 * 2))
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 persons due")
    assert erased(victim) == [False]
    call_command("apply_retention", stdout=out)
    assert "1 persons' identifiers erased" in out.getvalue()
    assert erased(victim) == [True]
    event = AuditEvent.objects.get()
    assert event.changes is not None and event.changes["years"] == 3


def test_notes_of_needs_assessments_go_with_the_identifiers() -> None:
    gone, kept = client_until(BEFORE), client_until(None)
    assessor = user_with_role(Role.CASEWORKER)
    for assessed in (gone, kept):
        ServiceNeedsAssessment.objects.create(
            application=assessed.applications.get(),
            person=assessed,
            assessed_on=date(2016, 2, 1),
            needs="counselling",
            notes_encrypted=crypto.encrypt("Tarvitsee tukea."),
            assessed_by=assessor,
        )
    run()
    notes = dict(ServiceNeedsAssessment.objects.values_list("person_id", "notes_encrypted"))
    assert notes[gone.pk] == "" and crypto.decrypt(notes[kept.pk]) == "Tarvitsee tukea."
    assert ServiceNeedsAssessment.objects.get(person=gone).needs == "counselling"  # not identifying: kept
