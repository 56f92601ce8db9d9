"""The rules the pages and the API once checked by themselves, now the services': tested through the services.

A command, a task or an import calls the services directly; each rule here
must hold for them as it holds for the pages and the API. And what the case
page offers (permissions.application_abilities) must be exactly what the services
then allow.
"""

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tests.factories import (
    UserFactory,
    caseworker_at,
    decided_application,
    decision_maker_at,
    identification_grounds,
    new_application,
    person_details,
    user_with_role,
)
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import services
from torju.register.models import Application
from torju.register.permissions import (
    OPENED_APPLICATIONS,
    WRITING_REASONS,
    application_abilities,
    offers_person_edit,
    registers_applications,
    writing_key,
)
from torju.register.selectors import PersonSearch

pytestmark = pytest.mark.django_db


def actor(user: User) -> Actor:
    return Actor.for_user(user, channel="command")


# The assignee: an active caseworker of the case's own office.


def test_a_case_is_assigned_only_to_an_active_caseworker_of_its_office() -> None:
    caseworker, colleague = caseworker_at("HEL"), caseworker_at("HEL")
    case = new_application(caseworker)
    refused = {
        "another office": caseworker_at("TRE"),
        "not a caseworker": decision_maker_at("HEL"),
        "no longer active": caseworker_at("HEL", is_active=False),
    }
    for why, assignee in refused.items():
        with pytest.raises(ValidationError) as error:
            services.assign_application(actor=actor(caseworker), application=case, assignee_id=assignee.pk)
        assert list(error.value.error_dict) == ["assigned_to"], why
    with pytest.raises(ValidationError):
        services.assign_application(actor=actor(caseworker), application=case, assignee_id=999_999)  # nobody
    assigned = services.assign_application(actor=actor(caseworker), application=case, assignee_id=colleague.pk)
    assert assigned.assigned_to == colleague


def test_the_decision_makers_of_the_office_assign_too_others_do_not() -> None:
    case = new_application(caseworker_at("HEL"))
    colleague = caseworker_at("HEL")
    services.assign_application(actor=actor(decision_maker_at("HEL")), application=case, assignee_id=colleague.pk)
    for outsider in (decision_maker_at("TRE"), caseworker_at("TRE"), user_with_role(Role.ANALYST)):
        with pytest.raises(PermissionDenied):
            services.assign_application(actor=actor(outsider), application=case, assignee_id=None)
    with pytest.raises(PermissionDenied):  # the system itself does no casework
        services.assign_application(actor=Actor.system("cron"), application=case, assignee_id=None)


# Assessable persons: the client and their children who are clients now.


def test_a_needs_assessment_is_of_the_client_or_a_current_child() -> None:
    caseworker = caseworker_at("HEL")
    case = decided_application(caseworker, decision_maker_at("HEL"))
    joined = timezone.localdate() - timedelta(days=5)
    child = services.add_child(
        actor=actor(caseworker), application=case, details=person_details(birth_date=date(2015, 1, 1)), joined_on=joined
    )
    left = services.add_child(
        actor=actor(caseworker),
        application=case,
        details=person_details(first_names="Lähtenyt", birth_date=date(2016, 1, 1)),
        joined_on=joined,
    )
    services.end_child_clienthood(actor=actor(caseworker), application=case, child=left, left_on=timezone.localdate())
    stranger = new_application(caseworker, first_names="Vieras").person
    today = timezone.localdate()
    for person in (case.person, child):
        services.record_needs_assessment(
            actor=actor(caseworker), application=case, person_id=person.pk, assessed_on=today, needs=["counselling"]
        )
    for person in (left, stranger):
        with pytest.raises(ValidationError) as error:
            services.record_needs_assessment(
                actor=actor(caseworker), application=case, person_id=person.pk, assessed_on=today, needs=[]
            )
        assert list(error.value.error_dict) == ["person"]
    assert case.needs_assessments.count() == 2


# The person search's keys.


def test_the_person_search_takes_one_whole_key() -> None:
    caseworker = caseworker_at("HEL")
    case = new_application(caseworker, hetu="131052-308T", birth_date=None)
    searcher = actor(caseworker)
    with pytest.raises(ValidationError) as no_key:
        services.search_persons(actor=searcher, search=PersonSearch())
    assert no_key.value.messages and not hasattr(no_key.value, "error_dict")
    with pytest.raises(ValidationError) as name_only:
        services.search_persons(actor=searcher, search=PersonSearch(first_names="Aino", last_name="Testinen"))
    assert list(name_only.value.error_dict) == ["birth_date"]
    with pytest.raises(ValidationError) as bad_hetu:
        services.search_persons(actor=searcher, search=PersonSearch(hetu="131052-308U"))
    assert list(bad_hetu.value.error_dict) == ["hetu"]
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()  # refused searches ran no query
    found = services.search_persons(actor=searcher, search=PersonSearch(hetu=" 131052-308t "))
    assert [match.person for match in found] == [case.person]
    by_name = services.search_persons(
        actor=searcher, search=PersonSearch(first_names="Aino", last_name="Testinen", birth_date=date(1952, 10, 13))
    )
    assert [match.person for match in by_name] == [case.person]
    searches = AuditEvent.objects.filter(action=Action.SEARCH).order_by("pk")
    assert [(event.changes or {})["criteria"] for event in searches] == [
        ["hetu"],
        ["birth_date", "first_names", "last_name"],
    ]
    with pytest.raises(PermissionDenied):
        services.search_persons(actor=actor(user_with_role(Role.ANALYST)), search=PersonSearch(hetu="131052-308T"))


# What a user may do on a case: the abilities are the services' own answers.


def _allowed(call: Callable[[], object]) -> bool:
    """Whether the service accepts the call; nothing it writes is kept."""
    try:
        with transaction.atomic():
            call()
            raise _UndoError
    except _UndoError:
        return True
    except (PermissionDenied, ValidationError):
        return False


class _UndoError(Exception):
    pass


def _service_answers(who: Actor, case: Application) -> dict[str, bool]:
    """Each ability asked of the service it stands for, with data the service accepts when the rule allows."""
    today = timezone.localdate()
    draft = case.decision_drafts.filter(confirmed_at__isnull=True).first()
    can_work = _allowed(
        lambda: services.grant_reflection_period(actor=who, application=case, granted_on=today, months=1)
    )
    return {
        "can_work": can_work,
        "can_draft": _allowed(
            lambda: services.draft_decision(actor=who, application=case, decision="positive", decided_on=today)
        ),
        "can_confirm": draft is not None
        and _allowed(lambda: services.confirm_decision(actor=who, application=case, draft_id=draft.pk)),
        "can_assign": _allowed(lambda: services.assign_application(actor=who, application=case, assignee_id=None)),
        # Break-glass is read-only: a second reason, for writing, where the actor may not write yet.
        "can_open_for_writing": not can_work
        and _allowed(
            lambda: services.open_for_writing(actor=who, application=case, reason="Asiakas tarvitsee palvelun nyt.")
        ),
        "can_close": _allowed(
            lambda: services.close_without_decision(actor=who, application=case, outcome="withdrawn", on=today)
        ),
        "can_record_clienthood": _allowed(
            lambda: services.add_service(
                actor=who, application=case, service="counselling", started_on=case.decided_on or today
            )
        ),
        "can_change_clienthood": _allowed(
            lambda: services.end_clienthood(
                actor=who, application=case, revision=case.revision, ended_on=today, end_reason="own_request"
            )
        ),
        "can_mark_waiting": _allowed(
            lambda: services.set_waiting_for_information(actor=who, application=case, reason="Poliisin lausunto")
        ),
    }


def test_the_case_abilities_are_what_the_services_allow() -> None:
    drafter, colleague = caseworker_at("HEL"), caseworker_at("HEL")
    deciding, tampere_worker, tampere_deciding = (
        decision_maker_at("HEL"),
        caseworker_at("TRE"),
        decision_maker_at("TRE"),
    )
    pending = new_application(drafter, first_names="Odottava")
    identification_grounds(drafter, pending)  # so that a positive draft is the service's to allow
    drafted = new_application(drafter, first_names="Luonnos")
    services.draft_decision(
        actor=actor(drafter),
        application=drafted,
        decision="negative",
        negative_reason="not_trafficking",
        decided_on=drafted.received_on,
    )
    client = decided_application(drafter, deciding, first_names="Asiakas")
    ended = decided_application(drafter, deciding, first_names="Päättynyt")
    ended = services.end_clienthood(
        actor=actor(drafter),
        application=ended,
        revision=ended.revision,
        ended_on=timezone.localdate(),
        end_reason="own_request",
    )
    refused = decided_application(drafter, deciding, decision="negative", negative_reason="not_trafficking")
    actors = {
        "drafter": actor(drafter),
        "colleague": actor(colleague),
        "decision maker": actor(deciding),
        "other office": actor(tampere_worker),
        "other office's decision maker": actor(tampere_deciding),
        "analyst": actor(user_with_role(Role.ANALYST)),
        "system": Actor.system("cron"),
    }
    checked = 0
    for case in (pending, drafted, client, ended, refused):
        opened = replace(actor(tampere_worker), unlocked={OPENED_APPLICATIONS: (case.case_number,)})
        writing = replace(
            opened, unlocked={**opened.unlocked, WRITING_REASONS: (writing_key(case, "Asiakas on nyt täällä."),)}
        )
        cases_actors = {
            **actors,
            "other office, opened with a reason": opened,
            "other office, opened with a reason and for writing": writing,
        }
        for name, who in cases_actors.items():
            case = Application.objects.get(pk=case.pk)
            offered = asdict(application_abilities(who, case))
            assert offered == _service_answers(who, case), (case.person.read_identifiers().first_names, name)
            checked += sum(offered.values())
    assert checked > 10  # the states and actors above allow plenty: the comparison is not of empty answers


def test_who_registers_and_edits_persons() -> None:
    caseworker = caseworker_at("HEL")
    case = new_application(caseworker)
    without_office: User = UserFactory(roles=[Role.CASEWORKER], organisation=None)
    assert registers_applications(actor(caseworker)) and not registers_applications(actor(without_office))
    with pytest.raises(PermissionDenied):
        services.register_new_applicant(
            actor=actor(without_office),
            details=person_details(first_names="Uusi"),
            received_on=timezone.localdate(),
            source="self",
            residence_status="unknown",
        )
    assert offers_person_edit(actor(caseworker), case.person)
    assert not offers_person_edit(actor(decision_maker_at("HEL")), case.person)
    assert not offers_person_edit(actor(caseworker_at("TRE")), case.person)
