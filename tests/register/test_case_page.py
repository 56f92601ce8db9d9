"""The case page: its summary and next step, the timeline in words, and the actions that ask before they act."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, new_application
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register import selectors, services
from torju.register.models import Application
from torju.register.selectors import CaseFacts, NextStep, next_steps
from torju.register.timeline import TimelineEntry, timeline

TODAY = date(2027, 1, 4)
RECEIVED = TODAY - timedelta(days=30)


def steps(facts: CaseFacts) -> list[tuple[str, bool]]:
    with translation.override("en"):
        return [(step.text, step.urgent) for step in next_steps(facts, TODAY)]


# The next step -----------------------------------------------------------------------------------------------------


def test_an_undecided_case_waits_for_a_decision_or_for_the_confirmation_of_its_draft() -> None:
    assert steps(CaseFacts(decision="", received_on=RECEIVED)) == [("Waiting for a decision", False)]
    assert steps(CaseFacts(decision="", received_on=RECEIVED, draft_waiting=True)) == [
        ("Decision draft waiting for confirmation", False)
    ]


def test_a_running_reflection_period_names_its_end_urgent_in_the_last_two_weeks() -> None:
    later, soon, past = date(2027, 3, 14), TODAY + timedelta(days=14), TODAY - timedelta(days=1)
    assert steps(CaseFacts(decision="", received_on=RECEIVED, reflection_ends=(past, later))) == [
        ("Waiting for a decision", False),
        ("Reflection period ends 14.3.2027", False),
    ]
    assert steps(CaseFacts(decision="", received_on=RECEIVED, reflection_ends=(soon,)))[1] == (
        "Reflection period ends 18.1.2027",
        True,
    )
    assert steps(CaseFacts(decision="", received_on=RECEIVED, reflection_ends=(past,))) == [
        ("Waiting for a decision", False)
    ]


def test_a_client_without_a_service_in_ninety_days_is_due_for_one() -> None:
    long_ago = TODAY - timedelta(days=selectors.NO_SERVICE_DAYS)
    client = CaseFacts(decision="positive", received_on=RECEIVED - timedelta(days=100), decided_on=long_ago)
    assert steps(client) == [("No service in 90 days", True)]
    assert steps(replace(client, recent_service=True)) == [("Nothing due: the clienthood goes on", False)]
    recently = replace(client, decided_on=long_ago + timedelta(days=1))
    assert steps(recently) == [("Nothing due: the clienthood goes on", False)]


def test_a_closed_case_has_no_next_step() -> None:
    closed = [
        CaseFacts(decision="negative", received_on=RECEIVED, decided_on=TODAY),
        CaseFacts(decision="withdrawn", received_on=RECEIVED, decided_on=TODAY, reflection_ends=(TODAY,)),
        CaseFacts(
            decision="positive",
            received_on=RECEIVED,
            decided_on=RECEIVED,
            clienthood_ended_on=TODAY,
            draft_waiting=True,
        ),
    ]
    for facts in closed:
        assert steps(facts) == [("None: the case is closed", False)]


@pytest.mark.django_db
def test_the_summary_reads_the_case(caseworker: User, decision_maker: User) -> None:
    today = timezone.localdate()
    case = new_application(caseworker, received_on=today - timedelta(days=25))
    services.grant_reflection_period(
        actor=Actor.for_user(caseworker), application=case, granted_on=today - timedelta(days=20), months=1
    )
    with translation.override("en"):
        summary = selectors.case_summary(Application.objects.get(pk=case.pk))
    assert (summary.status, summary.responsible, summary.days_since_received, summary.days_to_decision) == (
        "Pending",
        caseworker.get_full_name(),
        25,
        None,
    )
    ends = selectors.reflection_period_end(case.reflection_periods.get())
    assert summary.next_steps == [
        NextStep("Waiting for a decision"),
        NextStep(f"Reflection period ends {ends.day}.{ends.month}.{ends.year}", urgent=True),
    ]
    client = decided_application(caseworker, decision_maker, decided_on=today - timedelta(days=100))
    with translation.override("en"):
        decided = selectors.case_summary(client)
    assert (decided.status, decided.days_to_decision) == ("Client", 20)  # received 120 days ago
    assert decided.next_steps == [NextStep("No service in 90 days", urgent=True)]
    services.add_service(
        actor=Actor.for_user(caseworker), application=client, service="counselling", started_on=today, ended_on=None
    )
    with translation.override("en"):
        assert selectors.case_summary(client).next_steps == [NextStep("Nothing due: the clienthood goes on")]


def _reads_of(queries: CaptureQueriesContext, table: str) -> int:
    """The statements that read rows of the table itself (not a subquery or a join naming it)."""
    return sum(query["sql"].startswith(f'SELECT "{table}".') for query in queries.captured_queries)


@pytest.mark.django_db
def test_the_case_page_reads_each_kind_of_the_cases_rows_once_and_no_empty_section_of_the_legal_path(
    caseworker: User, decision_maker: User
) -> None:
    today = timezone.localdate()
    case = decided_application(caseworker, decision_maker, decided_on=today - timedelta(days=10))  # a confirmed draft
    actor = Actor.for_user(caseworker)
    services.grant_reflection_period(actor=actor, application=case, granted_on=today - timedelta(days=20), months=1)
    services.add_exploitation_event(
        actor=actor, application=case, exploitation_form="forced_labour", is_primary=True, country="FI"
    )
    services.add_service(actor=actor, application=case, service="counselling", started_on=today, ended_on=None)
    with CaptureQueriesContext(connection) as queries:
        page = signed_in_client(caseworker).get(reverse("register:application", args=[case.pk]))
    assert page.status_code == 200
    # The summary, the buttons and the sections share one read of each (selectors.read_case_rows).
    for table in ("register_decisiondraft", "register_reflectionperiod", "register_exploitationevent"):
        assert _reads_of(queries, table) == 1, table
    assert _reads_of(queries, "register_serviceprovided") == 1
    # The legal path asks once which of its sections have rows: it reads the grounds a positive decision rests on,
    # and none of the empty sections.
    assert _reads_of(queries, "legalpath_identificationgrounds") == 1
    for table in (
        "legalpath_consent",
        "legalpath_residencepermit",
        "legalpath_criminalmatter",
        "legalpath_disclosure",
        "legalpath_datasubjectrequest",
        "legalpath_childsafeguards",
        "legalpath_applicantcategory",
    ):
        assert _reads_of(queries, table) == 0, table


# The timeline in words ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_timeline_says_what_happened_and_who_did_it_by_full_name(caseworker: User) -> None:
    decision_maker = decision_maker_at("HEL", first_name="Paula", last_name="Päättäjä")
    colleague = caseworker_at("HEL", first_name="Kaisa", last_name="Kollega")
    case = decided_application(caseworker, decision_maker, decision="negative", negative_reason="not_trafficking")
    services.assign_application(actor=Actor.for_user(caseworker), application=case, assignee_id=colleague.pk)
    record(Action.UPDATE, Actor.system("manage.py import_register"), obj=case, changes={"what": "import_update"})
    with translation.override("en"):
        sentences = [entry.sentence for entry in timeline(case)]
    worker = caseworker.get_full_name()
    assert sentences == [
        f"Application registered by {worker}",
        f"Decision drafted by {worker}",
        "Decision confirmed by Paula Päättäjä",
        f"Case assigned to Kaisa Kollega by {worker}",
        "Changed by an update import of the system (manage.py import_register)",
    ]
    assert caseworker.username not in " ".join(sentences)


@pytest.mark.django_db
def test_entries_the_register_does_not_name_still_read_and_an_imported_case_begins_with_the_system(
    caseworker: User,
) -> None:
    case = new_application(caseworker)
    case_events = timeline(case)
    record(Action.CREATE, Actor.for_user(caseworker), obj=case, changes={"what": "consent"})  # the legal path's
    record(Action.DELETE, Actor.for_user(caseworker), obj=case, changes={"what": "consent"})  # worded by nobody
    with translation.override("en"):
        entries = timeline(case)
        assert len(entries) == len(case_events) + 2
        assert [entry.sentence for entry in entries[-2:]] == [
            f"Consent recorded by {caseworker.get_full_name()}",
            f"Consent: deleted by {caseworker.get_full_name()}",
        ]
    first = TimelineEntry(
        at=None, actor="", action="Imported", action_code=Action.IMPORT, what="application", changes=None, flagged=False
    )
    with translation.override("en"):
        assert first.sentence == "Application imported by the system"
    assert first.system


# Actions that ask first --------------------------------------------------------------------------------------------


def english(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    return signed_in_client(user)


@pytest.mark.django_db
def test_deleting_an_event_shows_it_and_asks_and_only_the_confirming_post_deletes(
    caseworker: User, decision_maker: User
) -> None:
    case = new_application(caseworker)
    event = services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=case,
        exploitation_form="forced_labour",
        is_primary=True,
        country="FI",
    )
    url = reverse("register:event_delete", args=[case.pk, event.pk])
    client = english(caseworker)
    case_page = client.get(reverse("register:application", args=[case.pk])).content.decode()
    assert f'href="{url}"' in case_page and f'action="{url}"' not in case_page  # a link to the question, no button

    asked = client.get(url)

    assert asked.status_code == 200
    assert "Delete the exploitation event?" in asked.content.decode() and "forced labour" in asked.content.decode()
    assert case.exploitation_events.filter(pk=event.pk).exists()
    assert english(decision_maker).get(url).status_code == 403  # the question only for who may delete
    deleted = client.post(url)
    assert deleted.status_code == 302 and not case.exploitation_events.exists()


@pytest.mark.django_db
def test_ending_a_clienthood_takes_a_ticked_confirmation(caseworker: User, decision_maker: User) -> None:
    case = decided_application(caseworker, decision_maker)
    url = reverse("register:clienthood_end", args=[case.pk])
    client = english(caseworker)
    ending = {"ended_on": timezone.localdate().isoformat(), "end_reason": "own_request", "revision": case.revision}

    unconfirmed = client.post(url, ending)

    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm that the clienthood ends." in unconfirmed.content.decode()
    assert Application.objects.get(pk=case.pk).clienthood_ended_on is None
    confirmed = client.post(url, {**ending, "confirmed": "on"})
    assert confirmed.status_code == 302
    assert Application.objects.get(pk=case.pk).end_reason == "own_request"


@pytest.mark.django_db
def test_drafting_without_events_asks_once_and_drafts_when_the_caseworker_goes_on(caseworker: User) -> None:
    case = new_application(caseworker)
    url = reverse("register:decision_draft", args=[case.pk])
    client = english(caseworker)
    draft = {"decision": "negative", "negative_reason": "not_trafficking", "decided_on": timezone.localdate()}
    assert "No exploitation events recorded" not in client.get(url).content.decode()

    asked = client.post(url, draft)

    assert asked.status_code == 200
    assert "No exploitation events recorded — continue?" in asked.content.decode()
    assert 'name="without_events"' in asked.content.decode()
    assert not case.decision_drafts.exists()
    assert client.post(url, draft).status_code == 200 and not case.decision_drafts.exists()  # asked again
    went_on = client.post(url, {**draft, "without_events": "on"})
    assert went_on.status_code == 302 and case.decision_drafts.get().decision == "negative"


@pytest.mark.django_db
def test_drafting_with_an_event_does_not_ask_and_a_wrong_form_is_an_error_not_the_question(caseworker: User) -> None:
    case = new_application(caseworker)
    url = reverse("register:decision_draft", args=[case.pk])
    client = english(caseworker)
    wrong = client.post(url, {"decision": "negative", "negative_reason": "not_trafficking", "decided_on": "31.2.2026"})
    assert wrong.status_code == 400 and not case.decision_drafts.exists()
    services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=case,
        exploitation_form="forced_labour",
        is_primary=True,
        country="FI",
    )
    drafted = client.post(
        url, {"decision": "negative", "negative_reason": "not_trafficking", "decided_on": timezone.localdate()}
    )
    assert drafted.status_code == 302 and case.decision_drafts.exists()


@pytest.mark.django_db
def test_returning_a_draft_asks_its_reason_within_the_return_and_the_server_still_requires_it(
    caseworker: User, decision_maker: User
) -> None:
    case = new_application(caseworker)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker),
        application=case,
        decision="negative",
        negative_reason="not_trafficking",
        decided_on=timezone.localdate(),
    )
    client = english(decision_maker)
    page = client.get(reverse("register:application", args=[case.pk])).content.decode()
    disclosure = page[page.index('<details class="disclosure">') : page.index("</details>")]
    assert "Return to the drafter" in disclosure and 'name="reason"' in disclosure
    reject = reverse("register:decision_reject", args=[case.pk, draft.pk])
    assert client.post(reject, {"reason": ""}).status_code == 302 and case.decision_drafts.exists()
    client.post(reject, {"reason": "Päätöspäivä on väärin."})
    assert not case.decision_drafts.exists()
