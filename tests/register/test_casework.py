"""Casework through the services: four eyes, clienthoods, children, break-glass, concurrency, audit."""

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import (
    CASE_AGE_DAYS,
    caseworker_at,
    decided_application,
    identification_grounds,
    new_application,
    person_details,
    user_with_role,
)
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.concurrency import EditConflictError
from torju.register import selectors, services
from torju.register.models import Application, DirectIdentifiers, Person, ReflectionPeriod, ServiceProvided
from torju.register.permissions import (
    IDENTIFIED_PERSONS,
    OPENED_APPLICATIONS,
    can_see_application,
    visible_applications,
)
from torju.register.services import PersonDetails
from torju.register.timeline import timeline

TODAY = timezone.localdate()
RECEIVED = TODAY - timedelta(days=CASE_AGE_DAYS)  # of the factories' applications


@pytest.mark.django_db
def test_identifiers_are_encrypted_and_found_by_hash_only() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = new_application(caseworker, hetu="131052-308T", birth_date=None)
    person = application.person
    assert person.birth_date == date(1952, 10, 13)  # from the hetu
    assert "Aino" not in person.first_names_encrypted and person.hetu_hash
    assert person.read_identifiers().hetu == "131052-308T"
    assert application.assigned_to == caseworker and application.case_number.startswith(f"HEL-{RECEIVED.year}-")
    found = selectors.find_persons(Actor.for_user(caseworker), selectors.PersonSearch(hetu="131052-308t"))
    assert [match.person for match in found] == [person] and found[0].visible
    by_name = selectors.find_persons(
        Actor.for_user(caseworker),
        selectors.PersonSearch(first_names=" aino ", last_name="TESTINEN", birth_date=date(1952, 10, 13)),
    )
    assert [match.person for match in by_name] == [person]
    assert (
        selectors.find_persons(
            Actor.for_user(caseworker),
            selectors.PersonSearch(first_names="Aino", last_name="Testinen", birth_date=date(1952, 10, 14)),
        )
        == []
    )
    assert selectors.find_persons(Actor.for_user(caseworker), selectors.PersonSearch()) == []
    with pytest.raises(ValidationError) as duplicate:
        new_application(caseworker, hetu="131052-308T", birth_date=None)
    assert "hetu" in duplicate.value.error_dict
    with pytest.raises(ValidationError) as mismatch:
        new_application(caseworker, first_names="Other", hetu="010594Y9021", birth_date=date(1994, 5, 2))
    assert "birth_date" in mismatch.value.error_dict


@pytest.mark.django_db
def test_a_match_at_another_office_is_named_but_not_opened() -> None:
    application = new_application(user_with_role(Role.CASEWORKER), hetu="131052-308T", birth_date=None)
    found = selectors.find_persons(Actor.for_user(caseworker_at("TRE")), selectors.PersonSearch(hetu="131052-308T"))
    assert [(match.person, match.visible) for match in found] == [(application.person, False)]


@pytest.mark.django_db
def test_four_eyes_decision_starts_a_clienthood() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    application = new_application(caseworker)
    identification_grounds(caseworker, application)  # a positive decision rests on them (torju.legalpath)
    with pytest.raises(ValidationError) as missing_reason:
        services.draft_decision(
            actor=Actor.for_user(caseworker), application=application, decision="negative", decided_on=TODAY
        )
    assert "negative_reason" in missing_reason.value.error_dict
    with pytest.raises(ValidationError) as too_early:
        services.draft_decision(
            actor=Actor.for_user(caseworker),
            application=application,
            decision="positive",
            decided_on=RECEIVED - timedelta(days=1),
        )
    assert "decided_on" in too_early.value.error_dict
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=application, decision="positive", decided_on=TODAY
    )
    assert Application.objects.get(pk=application.pk).decision == ""  # not in effect before confirmation
    with pytest.raises(ValidationError):
        services.draft_decision(
            actor=Actor.for_user(caseworker), application=application, decision="positive", decided_on=TODAY
        )
    with pytest.raises(PermissionDenied):  # a caseworker does not confirm
        services.confirm_decision(actor=Actor.for_user(caseworker), application=application, draft_id=draft.pk)
    both = user_with_role(Role.DECISION_MAKER)
    both.role_grants.create(role=Role.CASEWORKER)
    both.forget_roles()
    own_draft_application = new_application(both)
    identification_grounds(both, own_draft_application)
    own = services.draft_decision(
        actor=Actor.for_user(both), application=own_draft_application, decision="positive", decided_on=TODAY
    )
    with pytest.raises(PermissionDenied):  # never one's own draft
        services.confirm_decision(actor=Actor.for_user(both), application=own_draft_application, draft_id=own.pk)
    assert [case.pk for case in selectors.work_list(Actor.for_user(both), selectors.WorkList.TO_CONFIRM)] == [
        application.pk
    ]
    confirmed = services.confirm_decision(
        actor=Actor.for_user(decision_maker), application=application, draft_id=draft.pk
    )
    assert (confirmed.decision, confirmed.decided_on) == ("positive", TODAY)
    assert application.pk in selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.MINE).values_list(
        "pk", flat=True
    )
    decision_event = AuditEvent.objects.filter(object_id=str(application.pk), changes__what="decision").get()
    assert decision_event.actor == decision_maker
    assert (decision_event.changes or {})["after"]["drafted_by"] == caseworker.username


@pytest.mark.django_db
def test_rejected_draft_is_returned_with_a_reason() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    application = new_application(caseworker)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker),
        application=application,
        decision="negative",
        negative_reason="not_trafficking",
        decided_on=TODAY,
    )
    with pytest.raises(ValidationError):
        services.reject_decision_draft(
            actor=Actor.for_user(decision_maker), application=application, draft_id=draft.pk, reason=" "
        )
    services.reject_decision_draft(
        actor=Actor.for_user(decision_maker), application=application, draft_id=draft.pk, reason="Perustelut puuttuvat."
    )
    assert not application.decision_drafts.exists()
    assert AuditEvent.objects.filter(action=Action.RETURN, reason="Perustelut puuttuvat.").exists()
    assert application.pk in selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.UNDECIDED).values_list(
        "pk", flat=True
    )


@pytest.mark.django_db
def test_withdrawn_needs_no_confirmation_but_is_not_a_clienthood() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = new_application(caseworker)
    services.close_without_decision(
        actor=Actor.for_user(caseworker), application=application, outcome="withdrawn", on=TODAY
    )
    assert Application.objects.get(pk=application.pk).decision == "withdrawn"
    with pytest.raises(ValidationError):
        services.add_service(
            actor=Actor.for_user(caseworker), application=application, service="counselling", started_on=TODAY
        )


@pytest.mark.django_db
def test_clienthood_events_services_children_and_end() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = decided_application(caseworker, user_with_role(Role.DECISION_MAKER))
    decided = application.decided_on
    assert decided is not None
    services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=application,
        exploitation_form="forced_labour",
        is_primary=True,
        country="FI",
        sector="berry_farms",
    )
    with pytest.raises(ValidationError) as second_primary:
        services.add_exploitation_event(
            actor=Actor.for_user(caseworker),
            application=application,
            exploitation_form="sexual_exploitation",
            is_primary=True,
            country="NP",
        )
    assert "is_primary" in second_primary.value.error_dict
    with pytest.raises(ValidationError) as sector:
        services.add_exploitation_event(
            actor=Actor.for_user(caseworker),
            application=application,
            exploitation_form="forced_begging",
            is_primary=False,
            country="FI",
            sector="cleaning",
        )
    assert "sector" in sector.value.error_dict
    services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=application,
        exploitation_form="sexual_exploitation",
        is_primary=False,
        country="NP",
    )
    assert application.exploitation_events.count() == 2
    with pytest.raises(ValidationError) as early:
        services.add_service(
            actor=Actor.for_user(caseworker),
            application=application,
            service="counselling",
            started_on=application.received_on - timedelta(days=1),
        )
    assert "started_on" in early.value.error_dict
    urgent = services.add_service(  # urgent help while the application was being decided is part of the clienthood
        actor=Actor.for_user(caseworker),
        application=application,
        service="safe_accommodation",
        started_on=decided - timedelta(days=1),
    )
    assert urgent.started_on < decided
    provided = services.add_service(
        actor=Actor.for_user(caseworker), application=application, service="counselling", started_on=decided
    )
    services.end_service(actor=Actor.for_user(caseworker), provided=provided, ended_on=TODAY)
    child = services.add_child(
        actor=Actor.for_user(caseworker),
        application=application,
        details=person_details(first_names="Pieni", birth_date=date(2018, 1, 1)),
        joined_on=TODAY,
    )
    assert (child.role, child.parent_id) == ("child_of_victim", application.person_id)
    with pytest.raises(ValidationError) as adult:
        services.add_child(
            actor=Actor.for_user(caseworker),
            application=application,
            details=person_details(first_names="Iso", birth_date=date(2000, 1, 1)),
            joined_on=TODAY,
        )
    assert "birth_date" in adult.value.error_dict
    services.record_needs_assessment(
        actor=Actor.for_user(caseworker),
        application=application,
        person_id=child.pk,
        assessed_on=TODAY,
        needs=["counselling", "health_services"],
        notes="Tarvitsee koulupaikan.",
    )
    assessment = application.needs_assessments.get()
    assert assessment.need_codes == ["counselling", "health_services"]
    assert assessment.read_notes() == "Tarvitsee koulupaikan." and "koulu" not in assessment.notes_encrypted
    services.end_child_clienthood(actor=Actor.for_user(caseworker), application=application, child=child, left_on=TODAY)
    current = Application.objects.get(pk=application.pk)
    with pytest.raises(EditConflictError):
        services.end_clienthood(
            actor=Actor.for_user(caseworker),
            application=current,
            revision=current.revision - 1,
            ended_on=TODAY,
            end_reason="own_request",
        )
    ended = services.end_clienthood(
        actor=Actor.for_user(caseworker),
        application=current,
        revision=current.revision,
        ended_on=TODAY,
        end_reason="own_request",
    )
    assert (ended.clienthood_ended_on, ended.end_reason) == (TODAY, "own_request")
    whats = [entry.what for entry in timeline(ended)]
    assert whats == [
        "application",
        "identification_grounds",  # torju.legalpath: what the positive decision rests on
        "decision_draft",
        "decision",
        "exploitation_event",
        "exploitation_event",
        "service",  # the urgent one, before the decision
        "service",
        "service",
        "child",
        "needs_assessment",
        "child_left",
        "clienthood_ended",
    ]


@pytest.mark.django_db
def test_changes_are_audited_with_before_and_after_but_no_identifier_values() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = new_application(caseworker)
    person = application.person
    services.update_person(
        actor=Actor.for_user(caseworker),
        person=person,
        revision=person.revision,
        details=person_details(last_name="Uusinimi"),
    )
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_type="register.person").get()
    assert (event.changes or {})["identifiers_changed"] == ["last_name"]
    assert "Uusinimi" not in str(event.changes) and "Testinen" not in str(event.changes)
    updated = services.update_application(
        actor=Actor.for_user(caseworker),
        application=application,
        revision=application.revision,
        received_on=RECEIVED,
        source="ngo",
        residence_status="work_permit",
    )
    change = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(application.pk)).latest("pk")
    changes = change.changes or {}
    assert (changes["before"]["source"], changes["after"]["source"]) == ("police", "ngo")
    with pytest.raises(EditConflictError) as conflict:
        services.update_application(
            actor=Actor.for_user(caseworker),
            application=application,
            revision=application.revision,  # the revision the stale form was opened with
            received_on=RECEIVED,
            source="self",
            residence_status="work_permit",
        )
    assert conflict.value.current.source == "ngo" and conflict.value.submitted["source"] == "self"
    assert Application.objects.get(pk=application.pk).revision == updated.revision


@pytest.mark.django_db
def test_offices_and_break_glass() -> None:
    helsinki = user_with_role(Role.CASEWORKER)
    application = new_application(helsinki)
    tampere = caseworker_at("TRE")
    actor = Actor.for_user(tampere, channel="web")
    assert not visible_applications(actor).exists()
    assert not can_see_application(actor, application)
    with pytest.raises(PermissionDenied):
        services.add_service(actor=actor, application=application, service="counselling", started_on=TODAY)
    with pytest.raises(PermissionDenied):  # the applicant not identified by a search in this session
        services.open_with_reason(actor=actor, application=application, reason="Asiakas asioi Tampereella.")
    actor = replace(actor, unlocked={IDENTIFIED_PERSONS: (application.person.person_id,)})
    with pytest.raises(ValidationError):
        services.open_with_reason(actor=actor, application=application, reason="short")
    services.open_with_reason(actor=actor, application=application, reason="Asiakas asioi Tampereella kiireellisesti.")
    assert not can_see_application(actor, application)  # the service unlocks nothing itself: the view does
    opened = replace(actor, unlocked={OPENED_APPLICATIONS: (application.case_number,)})
    assert can_see_application(opened, application)
    assert list(visible_applications(opened)) == [application]
    flagged = AuditEvent.objects.get(flagged=True)
    assert (flagged.actor, flagged.object_id, flagged.reason) == (
        tampere,
        str(application.pk),
        "Asiakas asioi Tampereella kiireellisesti.",
    )
    with pytest.raises(ValidationError) as elsewhere:  # cases are given to the caseworkers of their office
        services.assign_application(actor=Actor.for_user(helsinki), application=application, assignee_id=tampere.pk)
    assert "assigned_to" in elsewhere.value.error_dict
    mover = user_with_role(Role.CASEWORKER)
    assigned = new_application(helsinki, first_names="Toinen")
    services.assign_application(actor=Actor.for_user(helsinki), application=assigned, assignee_id=mover.pk)
    mover.organisation = tampere.organisation  # moved to Tampere: the cases assigned to them stay theirs
    mover.save()
    assert list(visible_applications(Actor.for_user(mover))) == [assigned]  # assigned cases, without a reason
    assert not visible_applications(Actor.for_user(user_with_role(Role.ANALYST))).exists()
    analyst = replace(
        Actor.for_user(user_with_role(Role.ANALYST)), unlocked={OPENED_APPLICATIONS: (application.case_number,)}
    )
    assert not visible_applications(analyst).exists()  # an unlocked case opens only to those in the register


@pytest.mark.django_db
def test_work_lists_reflection_periods_and_services() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    ending = new_application(caseworker, first_names="Yksi")
    services.grant_reflection_period(
        actor=Actor.for_user(caseworker), application=ending, granted_on=TODAY - timedelta(days=60), months=2
    )  # ends within 14 days either way, 59–62 days after
    later = new_application(caseworker, first_names="Kaksi")
    services.grant_reflection_period(actor=Actor.for_user(caseworker), application=later, granted_on=TODAY, months=3)
    with pytest.raises(ValidationError):
        services.grant_reflection_period(
            actor=Actor.for_user(caseworker), application=later, granted_on=TODAY, months=7
        )
    ending_list = selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.REFLECTION_ENDING, today=TODAY)
    assert list(ending_list) == [ending]
    quiet = decided_application(caseworker, decision_maker)
    Application.objects.filter(pk=quiet.pk).update(decided_on=TODAY - timedelta(days=100))
    served = decided_application(caseworker, decision_maker)
    Application.objects.filter(pk=served.pk).update(decided_on=TODAY - timedelta(days=100))
    services.add_service(
        actor=Actor.for_user(caseworker),
        application=served,
        service="counselling",
        started_on=TODAY - timedelta(days=5),
    )
    no_service = selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.NO_RECENT_SERVICE, today=TODAY)
    assert list(no_service) == [quiet]
    assert (
        selectors.filter_applications(
            selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.ALL),
            selectors.ApplicationFilter(decision="pending"),
        ).count()
        == 2
    )


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_one_wins_the_other_conflicts() -> None:
    """Two caseworkers save the same application at once, in real concurrent transactions."""
    caseworker, colleague = user_with_role(Role.CASEWORKER), user_with_role(Role.CASEWORKER)
    application = new_application(caseworker)
    opened_with = application.revision
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user: User, source: str) -> None:
        try:
            start.wait()
            services.update_application(
                actor=Actor.for_user(user),
                application=application,
                revision=opened_with,
                received_on=RECEIVED,
                source=source,
                residence_status="work_permit",
            )
            outcomes[source] = "saved"
        except EditConflictError:
            outcomes[source] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(caseworker, "ngo")),
        threading.Thread(target=save, args=(colleague, "self")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(source for source, outcome in outcomes.items() if outcome == "saved")
    saved = Application.objects.get(pk=application.pk)
    assert (saved.source, saved.revision) == (winner, opened_with + 1)
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(application.pk)).count() == 1


@pytest.mark.django_db
def test_persons_without_identifiers_can_be_registered() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = services.register_new_applicant(
        actor=Actor.for_user(caseworker),
        details=PersonDetails(identifiers=DirectIdentifiers(), sex="X", nationality="ZZ"),
        received_on=TODAY,
        source="self",
        residence_status="unknown",
    )
    person = Person.objects.get(pk=application.person_id)
    assert (person.hetu_hash, person.name_birth_hash, person.birth_date) == (None, None, None)


@pytest.mark.django_db
def test_lapsed_is_recorded_like_withdrawn_and_closes_the_case() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = new_application(caseworker)
    with pytest.raises(ValidationError) as early:
        services.close_without_decision(
            actor=Actor.for_user(caseworker), application=application, outcome="lapsed", on=RECEIVED - timedelta(days=1)
        )
    assert "on" in early.value.error_dict
    closed = services.close_without_decision(
        actor=Actor.for_user(caseworker), application=application, outcome="lapsed", on=TODAY
    )
    assert (closed.decision, closed.decided_on) == ("lapsed", TODAY)
    assert not selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.MINE).exists()
    assert not selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.UNDECIDED).exists()
    with pytest.raises(ValidationError):
        services.close_without_decision(
            actor=Actor.for_user(caseworker), application=closed, outcome="withdrawn", on=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.draft_decision(
            actor=Actor.for_user(caseworker), application=closed, decision="positive", decided_on=TODAY
        )
    event = AuditEvent.objects.get(object_id=str(application.pk), changes__what="application_closed")
    assert (event.changes or {})["after"] == {"decision": "lapsed", "decided_on": TODAY.isoformat()}


@pytest.mark.django_db
def test_an_ended_service_is_never_ended_again_and_nothing_begins_after_the_clienthood() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = decided_application(caseworker, user_with_role(Role.DECISION_MAKER))
    decided = application.decided_on
    assert decided is not None
    provided = services.add_service(
        actor=Actor.for_user(caseworker), application=application, service="counselling", started_on=decided
    )
    stale = ServiceProvided.objects.get(pk=provided.pk)  # read by a colleague before the first end
    services.end_service(actor=Actor.for_user(caseworker), provided=provided, ended_on=decided + timedelta(days=20))
    with pytest.raises(ValidationError):
        services.end_service(actor=Actor.for_user(caseworker), provided=stale, ended_on=TODAY)
    assert ServiceProvided.objects.get(pk=provided.pk).ended_on == decided + timedelta(days=20)
    ended_on = decided + timedelta(days=30)
    current = Application.objects.get(pk=application.pk)
    services.end_clienthood(
        actor=Actor.for_user(caseworker),
        application=current,
        revision=current.revision,
        ended_on=ended_on,
        end_reason="own_request",
    )
    # Given during the clienthood, recorded afterwards: fine. Begun after its end: refused.
    services.add_service(
        actor=Actor.for_user(caseworker),
        application=current,
        service="health_services",
        started_on=ended_on,
        ended_on=ended_on,
    )
    with pytest.raises(ValidationError) as late_service:
        services.add_service(
            actor=Actor.for_user(caseworker),
            application=current,
            service="counselling",
            started_on=ended_on + timedelta(days=1),
        )
    assert "started_on" in late_service.value.error_dict
    with pytest.raises(ValidationError) as late_assessment:
        services.record_needs_assessment(
            actor=Actor.for_user(caseworker),
            application=current,
            person_id=current.person_id,
            assessed_on=ended_on + timedelta(days=1),
            needs=["counselling"],
        )
    assert "assessed_on" in late_assessment.value.error_dict
    with pytest.raises(ValidationError) as early_assessment:
        services.record_needs_assessment(
            actor=Actor.for_user(caseworker),
            application=current,
            person_id=current.person_id,
            assessed_on=decided - timedelta(days=1),
            needs=["counselling"],
        )
    assert "assessed_on" in early_assessment.value.error_dict


@pytest.mark.django_db
def test_a_stale_assignment_conflicts() -> None:
    caseworker, colleague, third = (user_with_role(Role.CASEWORKER) for _ in range(3))
    application = new_application(caseworker)
    opened_with = application.revision
    services.assign_application(
        actor=Actor.for_user(caseworker), application=application, assignee_id=colleague.pk, revision=opened_with
    )
    with pytest.raises(EditConflictError):
        services.assign_application(
            actor=Actor.for_user(caseworker), application=application, assignee_id=third.pk, revision=opened_with
        )
    assert Application.objects.get(pk=application.pk).assigned_to == colleague


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("granted_days_ago", "months", "listed"),
    [
        (0, 1, False),  # ends in about a month
        (17, 1, True),  # ends in 11–14 days
        (61, 2, True),  # ends today or in a day or two
        (62 + 31, 2, False),  # ended weeks ago
    ],
)
def test_reflection_periods_ending_within_14_days(granted_days_ago: int, months: int, listed: bool) -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    application = new_application(caseworker)
    granted_on = TODAY - timedelta(days=granted_days_ago)
    services.grant_reflection_period(
        actor=Actor.for_user(caseworker), application=application, granted_on=granted_on, months=months
    )
    ends = selectors.reflection_period_end(application.reflection_periods.get())
    assert (TODAY <= ends <= TODAY + timedelta(days=selectors.REFLECTION_ENDING_DAYS)) == listed
    ending = selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.REFLECTION_ENDING, today=TODAY)
    assert list(ending) == ([application] if listed else [])


@pytest.mark.django_db
def test_the_ends_of_the_work_list_windows() -> None:
    """Exactly 14 days to the end of a reflection period is listed, 15 is not; a service 90 days ago is recent."""
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    month = relativedelta(months=1)
    periods = {"in 14 days": TODAY + timedelta(days=14), "in 15 days": TODAY + timedelta(days=15), "today": TODAY}
    cases = {}
    for name, ends_on in periods.items():
        cases[name] = new_application(caseworker, first_names=name)
        ReflectionPeriod.objects.create(application=cases[name], granted_on=ends_on - month, months=1)
        assert selectors.reflection_period_end(cases[name].reflection_periods.get()) == ends_on
    ending = selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.REFLECTION_ENDING, today=TODAY)
    assert set(ending) == {cases["in 14 days"], cases["today"]}

    served = {days: decided_application(caseworker, decision_maker) for days in (90, 91)}
    for days, application in served.items():
        ServiceProvided.objects.create(
            application=application,
            service="counselling",
            started_on=TODAY - timedelta(days=100),
            ended_on=TODAY - timedelta(days=days),
        )
    quiet = selectors.work_list(Actor.for_user(caseworker), selectors.WorkList.NO_RECENT_SERVICE, today=TODAY)
    assert list(quiet) == [served[91]]
