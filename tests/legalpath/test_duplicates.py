"""Likely duplicates of persons without an identity code, and the audited merge and its undoing (no automatic merge)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decision_maker_at, new_application, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.legalpath import duplicates
from torju.legalpath.models import PersonMerge
from torju.register.models import Application

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BIRTH = date(1991, 5, 4)


def test_names_written_differently_are_one_key() -> None:
    assert duplicates.name_key("Aïsha", "Khan") == duplicates.name_key("Aisha", "KHAN")
    assert duplicates.name_key("Khan", "Aisha") == duplicates.name_key("Aisha", "Han")  # kh ~ h, order free
    assert duplicates.name_key("Yusuf", "Ali") == duplicates.name_key("Jusuf", "Ali")
    assert duplicates.name_key("Anna", "Virtanen") != duplicates.name_key("Anne", "Virtanen")


def test_a_decision_maker_finds_merges_and_undoes() -> None:
    caseworker, deciding = caseworker_at("HEL"), decision_maker_at("HEL")
    first = new_application(
        caseworker, first_names="Aisha", last_name="Khan", hetu="", birth_date=BIRTH, nationality="SO"
    )
    second = new_application(
        caseworker,
        first_names="KHAN",
        last_name="Aïsha",
        hetu="",
        birth_date=BIRTH,
        nationality="SO",
        received_on=TODAY - timedelta(days=3),
    )
    new_application(caseworker, first_names="Aisha", last_name="Khan", hetu="", birth_date=BIRTH, nationality="ER")
    actor = Actor.for_user(deciding)
    found = duplicates.likely_duplicates(actor)
    assert [(c.first.pk, c.second.pk) for c in found] == [(first.person_id, second.person_id)]
    assert duplicates.likely_duplicates(Actor.for_user(caseworker)) == []  # a decision maker decides
    assert duplicates.likely_duplicates(Actor.for_user(decision_maker_at("TRE"))) == []  # not their cases

    with pytest.raises(PermissionDenied):
        duplicates.merge_persons(
            actor=Actor.for_user(caseworker),
            kept_id=first.person_id,
            merged_id=second.person_id,
            reason="Sama henkilö.",
        )
    with pytest.raises(ValidationError):
        duplicates.merge_persons(actor=actor, kept_id=first.person_id, merged_id=second.person_id, reason="sama")
    merge = duplicates.merge_persons(
        actor=actor, kept_id=first.person_id, merged_id=second.person_id, reason="Sama henkilö, passi tarkistettu."
    )
    assert Application.objects.get(pk=second.pk).person_id == first.person_id
    assert duplicates.likely_duplicates(actor) == []
    assert AuditEvent.objects.filter(changes__what="person_merge", object_type="register.application").count() == 1

    duplicates.undo_merge(actor=actor, merge_id=merge.pk, reason="Eri henkilöt sittenkin.")
    assert Application.objects.get(pk=second.pk).person_id == second.person_id
    assert PersonMerge.objects.get().undone_at is not None
    with pytest.raises(ValidationError):
        duplicates.undo_merge(actor=actor, merge_id=merge.pk, reason="Eri henkilöt sittenkin.")


def test_the_page_is_the_decision_makers() -> None:
    caseworker = caseworker_at("HEL")
    for _ in range(2):
        new_application(caseworker, first_names="Aisha", last_name="Khan", hetu="", birth_date=BIRTH, nationality="SO")
    page = signed_in_client(decision_maker_at("HEL")).get(reverse("legalpath:duplicates"))
    assert page.status_code == 200 and "Aisha Khan" in page.content.decode()
    assert AuditEvent.objects.filter(changes__what="likely_duplicates").exists()
    for role in (Role.CASEWORKER, Role.ANALYST):
        assert signed_in_client(user_with_role(role)).get(reverse("legalpath:duplicates")).status_code == 403
