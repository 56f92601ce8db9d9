"""Rules that concern one row are database constraints: a write that breaks one never reaches the table."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import grounds_row, user_with_role, victim_row
from torju.accounts.models import Role
from torju.register.models import (
    Application,
    DecisionDraft,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceProvided,
)

pytestmark = pytest.mark.django_db


def application(application_id: str = "A1", **fields: Any) -> Application:
    values = {
        "application_id": application_id,
        "case_number": f"HEL-2024-{application_id}",
        "person": Person.objects.filter(role="victim").first() or victim_row(),
        "received_on": date(2024, 1, 10),
        "office": "HEL",
        "source": "police",
        "residence_status": "unknown",
        **fields,
    }
    return Application.objects.create(**values)


def refused(create: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_person_rules() -> None:
    parent = victim_row()
    refused(lambda: victim_row("P2", parent=parent))
    refused(lambda: Person.objects.create(person_id="C1", role="child_of_victim", sex="F", nationality="FI"))
    refused(lambda: victim_row("P3", nationality="fi"))
    refused(lambda: victim_row("P4", nationality="F1"))
    refused(lambda: victim_row("P5", role="parent"))
    refused(lambda: victim_row("=P6"))
    refused(lambda: victim_row("P7", birth_date_estimated=True))
    refused(
        lambda: Person.objects.create(
            person_id="C2",
            role="child_of_victim",
            sex="M",
            nationality="FI",
            parent=parent,
            child_joined_on=date(2024, 3, 1),
            child_left_on=date(2024, 2, 1),
        )
    )
    refused(lambda: victim_row("P8", identifiers_erased_at=timezone.now(), last_name_encrypted="token"))
    child = Person.objects.create(
        person_id="C3",
        role="child_of_victim",
        sex="M",
        nationality="XX",
        parent=parent,
        child_joined_on=date(2024, 3, 1),
    )
    assert list(parent.children.all()) == [child]


def test_application_rules() -> None:
    refused(lambda: application("A2", decision="positive"))
    refused(lambda: application("A3", decided_on=date(2024, 2, 1)))
    refused(lambda: application("A4", decision="positive", decided_on=date(2024, 1, 9)))
    refused(lambda: application("A5", decision="negative", decided_on=date(2024, 2, 1)))
    refused(lambda: application("A6", decision="positive", decided_on=date(2024, 2, 1), negative_reason="other"))
    refused(
        lambda: application(
            "A7",
            decision="negative",
            decided_on=date(2024, 2, 1),
            negative_reason="other",
            end_reason="other",
            clienthood_ended_on=date(2024, 3, 1),
        )
    )
    refused(
        lambda: application(
            "A8", decision="positive", decided_on=date(2024, 2, 1), clienthood_ended_on=date(2024, 3, 1)
        )
    )
    refused(
        lambda: application(
            "A9",
            decision="positive",
            decided_on=date(2024, 2, 1),
            clienthood_ended_on=date(2024, 1, 31),
            end_reason="other",
        )
    )
    first = application("A10", decision="positive", decided_on=date(2024, 2, 1))
    refused(lambda: application("A11", case_number=first.case_number))
    refused(lambda: application("A10", case_number="TRE-2024-1"))


def test_rows_belonging_to_an_application() -> None:
    owner = application()
    ExploitationEvent.objects.create(
        event_id="E1", application=owner, exploitation_form="forced_labour", is_primary=True, country="FI"
    )
    refused(
        lambda: ExploitationEvent.objects.create(
            event_id="E2", application=owner, exploitation_form="other", is_primary=True, country="FI"
        )
    )
    refused(
        lambda: ExploitationEvent.objects.create(
            event_id="E3", application=owner, exploitation_form="other", country="FI", sector="restaurants"
        )
    )
    refused(
        lambda: ExploitationEvent.objects.create(
            event_id="E4",
            application=owner,
            exploitation_form="other",
            country="FI",
            began_on=date(2024, 1, 2),
            ended_on=date(2024, 1, 1),
        )
    )
    refused(lambda: ReflectionPeriod.objects.create(application=owner, granted_on=date(2024, 1, 2), months=7))
    refused(lambda: ReflectionPeriod.objects.create(application=owner, granted_on=date(2024, 1, 2), months=0))
    refused(
        lambda: ServiceProvided.objects.create(
            application=owner, service="counselling", started_on=date(2024, 1, 2), ended_on=date(2024, 1, 1)
        )
    )


def test_decision_drafts_need_a_second_person() -> None:
    owner = application()
    drafter = user_with_role(Role.CASEWORKER)
    draft = DecisionDraft.objects.create(
        application=owner, decision="negative", negative_reason="other", decided_on=date(2024, 2, 1), drafted_by=drafter
    )
    refused(lambda: DecisionDraft.objects.filter(pk=draft.pk).update(confirmed_by=drafter, confirmed_at=timezone.now()))
    refused(
        lambda: DecisionDraft.objects.create(
            application=owner, decision="positive", decided_on=date(2024, 2, 1), drafted_by=drafter
        )
    )
    DecisionDraft.objects.filter(pk=draft.pk).update(
        confirmed_by=user_with_role(Role.DECISION_MAKER), confirmed_at=timezone.now()
    )
    grounds_row(owner, drafter)  # a positive draft rests on recorded grounds (torju.legalpath's trigger)
    DecisionDraft.objects.create(
        application=owner, decision="positive", decided_on=date(2024, 2, 1), drafted_by=drafter
    )
