"""Waiting for information: set, changed and cleared by whoever works on the case, audited, ended by a decision."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, identification_grounds, new_application
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import services
from torju.register.models import Application, WaitingForInformation
from torju.register.permissions import application_abilities
from torju.register.timeline import timeline
from torju.register.views.work_lists import rows_of

TODAY = timezone.localdate()
REASON = "Poliisin esitutkintapöytäkirja"


@pytest.fixture
def case(caseworker: User) -> Application:
    return new_application(caseworker, received_on=TODAY - timedelta(days=40))


def trail(case: Application) -> list[tuple[str, Any]]:
    events = AuditEvent.objects.filter(object_id=str(case.pk), changes__what="waiting_for_information")
    return [(event.action, event.changes) for event in events.order_by("at", "pk")]


@pytest.mark.django_db
def test_set_changed_and_cleared_each_recorded_against_the_case(caseworker: User, case: Application) -> None:
    actor = Actor.for_user(caseworker)
    revision = case.revision
    waiting = services.set_waiting_for_information(actor=actor, application=case, reason=f"  {REASON} ")
    assert (waiting.reason, waiting.set_by) == (REASON, caseworker)
    since = waiting.since
    services.set_waiting_for_information(actor=actor, application=case, reason="Käräjäoikeuden tuomio")
    changed = WaitingForInformation.objects.get(application=case)
    assert changed.reason == "Käräjäoikeuden tuomio" and changed.since == since  # still waiting since then
    services.clear_waiting_for_information(actor=actor, application=case)
    assert not WaitingForInformation.objects.filter(application=case).exists()
    assert trail(case) == [
        (Action.CREATE, {"what": "waiting_for_information", "after": {"reason": REASON}}),
        (
            Action.UPDATE,
            {
                "what": "waiting_for_information",
                "before": {"reason": REASON},
                "after": {"reason": "Käräjäoikeuden tuomio"},
            },
        ),
        (Action.DELETE, {"what": "waiting_for_information", "before": {"reason": "Käräjäoikeuden tuomio"}}),
    ]
    case.refresh_from_db()
    assert case.revision == revision  # nobody's open form of the case goes stale
    with translation.override("en"):  # whatever language an earlier request of the process left active
        subjects = [str(entry.subject) for entry in timeline(case) if entry.what == "waiting_for_information"]
    assert subjects == ["waiting for information"] * 3
    with pytest.raises(ValidationError):
        services.clear_waiting_for_information(actor=actor, application=case)  # not waiting


@pytest.mark.django_db
def test_a_reason_is_required_by_the_service_and_the_database(caseworker: User, case: Application) -> None:
    actor = Actor.for_user(caseworker)
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.set_waiting_for_information(actor=actor, application=case, reason=blank)
        assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.set_waiting_for_information(actor=actor, application=case, reason="x" * 501)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitingForInformation.objects.create(application=case, reason="", set_by=caseworker)
    assert trail(case) == []


@pytest.mark.django_db
def test_only_those_who_work_on_the_case_mark_it(caseworker: User, decision_maker: User, case: Application) -> None:
    for outsider in (decision_maker, caseworker_at("TRE")):
        with pytest.raises(PermissionDenied):
            services.set_waiting_for_information(actor=Actor.for_user(outsider), application=case, reason=REASON)
    services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=case, reason=REASON)
    with pytest.raises(PermissionDenied):
        services.clear_waiting_for_information(actor=Actor.for_user(decision_maker), application=case)
    assert WaitingForInformation.objects.filter(application=case).exists()


@pytest.mark.django_db
def test_a_decision_or_a_withdrawal_ends_the_wait(caseworker: User, decision_maker: User) -> None:
    decided = new_application(caseworker, received_on=TODAY - timedelta(days=20))
    withdrawn = new_application(caseworker, received_on=TODAY - timedelta(days=20))
    for case in (decided, withdrawn):
        services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=case, reason=REASON)
    identification_grounds(caseworker, decided)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=decided, decision="positive", decided_on=TODAY
    )
    services.confirm_decision(actor=Actor.for_user(decision_maker), application=decided, draft_id=draft.pk)
    services.close_without_decision(
        actor=Actor.for_user(caseworker), application=withdrawn, outcome="withdrawn", on=TODAY
    )
    assert not WaitingForInformation.objects.exists()
    for case in (decided, withdrawn):
        assert [action for action, _changes in trail(case)] == [Action.CREATE, Action.DELETE]
        case.refresh_from_db()
        with pytest.raises(ValidationError):  # a decided case waits for nothing
            services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=case, reason=REASON)


@pytest.mark.django_db
def test_the_pages_set_and_clear_it(caseworker: User, decision_maker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    set_url = reverse("register:waiting_set", args=[case.pk])
    assert client.get(set_url).status_code == 200
    assert client.post(set_url, {"reason": ""}).status_code == 400
    assert client.post(set_url, {"reason": REASON})["Location"] == reverse("register:application", args=[case.pk])
    assert WaitingForInformation.objects.get(application=case).reason == REASON
    assert REASON in client.get(set_url).content.decode()  # the form starts from the reason given

    refused = signed_in_client(decision_maker).post(reverse("register:waiting_clear", args=[case.pk]))
    assert refused.status_code == 403
    cleared = client.post(reverse("register:waiting_clear", args=[case.pk]))
    assert cleared["Location"] == reverse("register:application", args=[case.pk])
    assert not WaitingForInformation.objects.filter(application=case).exists()
    assert client.get(reverse("register:waiting_clear", args=[case.pk])).status_code == 405


@pytest.mark.django_db
def test_the_case_page_include_shows_the_state_and_the_buttons(
    caseworker: User, decision_maker: User, case: Application
) -> None:
    def rendered(user: User) -> str:
        application = Application.objects.get(pk=case.pk)
        abilities = application_abilities(Actor.for_user(user), application)
        context = {"application": application, "abilities": abilities}
        with translation.override("en"):  # whatever language an earlier test left active
            return render_to_string("register/_waiting_for_information.html", context)

    assert "The case is not waiting for information." in rendered(caseworker)
    assert reverse("register:waiting_set", args=[case.pk]) in rendered(caseworker)
    services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=case, reason=REASON)
    shown = rendered(caseworker)
    assert REASON in shown and caseworker.get_full_name() in shown
    assert reverse("register:waiting_clear", args=[case.pk]) in shown
    read_only = rendered(decision_maker)
    assert REASON in read_only and reverse("register:waiting_clear", args=[case.pk]) not in read_only


@pytest.mark.django_db
def test_the_api_shows_sets_and_clears_it(caseworker: User, decision_maker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    waiting_url = reverse("register_api:waiting-for-information", args=[case.pk])
    detail_url = reverse("register_api:application-detail", args=[case.pk])

    def put(who: Client, reason: str) -> Any:
        return who.put(waiting_url, data=json.dumps({"reason": reason}), content_type="application/json")

    shown = client.get(detail_url).json()
    assert (shown["waiting_for_information"], shown["abilities"]["can_mark_waiting"]) == (None, True)
    blank = put(client, "  ")
    assert (blank.status_code, list(blank.json())) == (400, ["reason"])
    assert put(signed_in_client(decision_maker), REASON).status_code == 403
    assert signed_in_client(decision_maker).get(detail_url).json()["abilities"]["can_mark_waiting"] is False

    answer = put(client, f" {REASON} ")
    assert answer.status_code == 200
    since = WaitingForInformation.objects.get(application=case).since
    assert answer.json() == {"reason": REASON, "since": timezone.localtime(since).isoformat()}
    listed = client.get(reverse("register_api:application-list"), {"list": "undecided"}).json()["results"]
    assert [row["waiting_for_information"] for row in listed] == [answer.json()]
    assert client.get(detail_url).json()["waiting_for_information"] == answer.json()

    assert client.delete(waiting_url).status_code == 204
    assert client.get(detail_url).json()["waiting_for_information"] is None
    assert client.delete(waiting_url).status_code == 400  # it no longer waits
    assert [action for action, _changes in trail(case)] == [Action.CREATE, Action.DELETE]


@pytest.mark.django_db
def test_a_decided_case_shows_no_wait_even_with_a_row_left_by_an_import(caseworker: User) -> None:
    """An update import that decides a case leaves its row (decision 0108): nothing shows it any more."""
    case = new_application(caseworker, received_on=TODAY - timedelta(days=20))
    services.set_waiting_for_information(actor=Actor.for_user(caseworker), application=case, reason=REASON)
    Application.objects.filter(pk=case.pk).update(decision="withdrawn", decided_on=TODAY)
    decided = Application.objects.select_related("waiting_for_information").get(pk=case.pk)
    assert [row.waiting for row in rows_of([decided], TODAY)] == [None]
    detail = signed_in_client(caseworker).get(reverse("register_api:application-detail", args=[case.pk])).json()
    assert detail["waiting_for_information"] is None
