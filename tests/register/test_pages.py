"""The register's pages: what each role sees, forms, break-glass, conflicts, the analyst's extract."""

import io
import zipfile
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.documents.flow import ask_for, content_of, download, run_tasks_at_once
from tests.factories import caseworker_at, identification_grounds, new_application, user_with_role
from tests.register.conftest import EXTRACT_FILE_NAMES
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.models import JobStatus
from torju.register import services
from torju.register.models import Application, DirectIdentifiers, Person
from torju.register.services import PersonDetails

TODAY = timezone.localdate()
NAME = "Ainomarja"


@pytest.fixture
def case(caseworker: User) -> Application:
    """Pending, received three days ago; the applicant has a personal identity code."""
    return new_application(
        caseworker, first_names=NAME, hetu="131052-308T", birth_date=None, received_on=TODAY - timedelta(days=3)
    )


def test_work_list_and_case_page_of_the_own_office(caseworker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    home = client.get(reverse("register:home"))
    assert home.status_code == 200 and case.case_number in home.content.decode()
    filtered = client.get(reverse("register:home"), {"list": "all", "case_number": "HEL-1999-000001"})
    assert case.case_number not in filtered.content.decode()
    page = client.get(reverse("register:application", args=[case.pk]))
    assert page.status_code == 200
    assert NAME in page.content.decode() and "131052-308T" in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(case.pk), actor=caseworker).exists()
    person = client.get(reverse("register:person", args=[case.person_id]))
    assert person.status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="register.person").exists()
    decision_maker = signed_in_client(user_with_role(Role.DECISION_MAKER))
    assert decision_maker.get(reverse("register:application", args=[case.pk])).status_code == 200


def test_analysts_and_others_never_see_a_case(case: Application) -> None:
    for role in (Role.ANALYST, Role.COORDINATOR, Role.AUDITOR, Role.REPORTER):
        client = signed_in_client(user_with_role(role))
        for url in (reverse("register:application", args=[case.pk]), reverse("register:person", args=[case.person_id])):
            response = client.get(url)
            assert response.status_code == 403
            assert NAME not in response.content.decode()


def test_search_finds_exact_matches_and_is_audited_without_the_identifiers(caseworker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    found = client.post(reverse("register:person_search"), {"hetu": "131052-308T"})
    assert found.status_code == 200 and case.person.person_id in found.content.decode()
    nobody = client.post(reverse("register:person_search"), {"hetu": "010594Y9021"})
    assert case.person.person_id not in nobody.content.decode()
    bad = client.post(reverse("register:person_search"), {"hetu": "131052-308U"})
    assert bad.status_code == 400 and bad.context["matches"] is None  # refused: no search ran
    hetu_errors = bad.context["form"].errors["hetu"]
    assert hetu_errors and all(escape(error) in bad.content.decode() for error in hetu_errors)
    searches = AuditEvent.objects.filter(action=Action.SEARCH)
    assert searches.count() == 2
    assert all("131052" not in str(event.changes) for event in searches)
    first = searches.order_by("pk").first()
    assert first is not None and (first.changes or {})["criteria"] == ["hetu"]


def test_new_applicant_form_names_the_fields_in_error(caseworker: User) -> None:
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("register:applicant_new"), {"person-hetu": "131052-308U"})
    assert response.status_code == 400
    text = unescape(response.content.decode())
    person_form, application_form = response.context["person_form"], response.context["application_form"]
    in_error = {
        "Sex": person_form.errors["sex"],
        "Nationality": person_form.errors["nationality"],
        "Personal identity code": person_form.errors["hetu"],
        "Received on": application_form.errors["received_on"],
        "Submitted by": application_form.errors["source"],
    }
    for label, errors in in_error.items():  # the labels are on the form anyway: each with its error
        assert f"{label}: {errors[0]}" in text, label
    assert not Application.objects.exists()
    created = client.post(
        reverse("register:applicant_new"),
        {
            "person-first_names": NAME,
            "person-sex": "F",
            "person-nationality": "SO",
            "application-received_on": TODAY.isoformat(),
            "application-source": "self",
            "application-residence_status": "unknown",
        },
    )
    application = Application.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("register:application", args=[application.pk])


def test_another_office_asks_for_a_reason_first(case: Application) -> None:
    tampere = caseworker_at("TRE")
    client = signed_in_client(tampere)
    assert client.get(reverse("register:application", args=[case.pk])).status_code == 404  # until identified
    client.post(reverse("register:person_search"), {"hetu": "131052-308T"})
    asked = client.get(reverse("register:application", args=[case.pk]))
    assert asked.status_code == 200
    assert NAME not in asked.content.decode() and 'name="reason"' in asked.content.decode()
    assert case.case_number not in asked.content.decode()
    assert client.get(reverse("register:event_new", args=[case.pk])).status_code == 404
    assert client.get(reverse("register:person", args=[case.person_id])).status_code == 404
    refused = client.post(reverse("register:application_open", args=[case.pk]), {"reason": "x"})
    assert refused.status_code == 400 and not AuditEvent.objects.filter(flagged=True).exists()
    opened = client.post(
        reverse("register:application_open", args=[case.pk]), {"reason": "Asiakas tuli Tampereen toimistoon."}
    )
    assert opened.status_code == 302
    assert NAME in client.get(reverse("register:application", args=[case.pk])).content.decode()
    event = AuditEvent.objects.get(flagged=True)
    assert (event.actor, event.reason) == (tampere, "Asiakas tuli Tampereen toimistoon.")
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    trail = auditor.get(reverse("audit:trail"))
    assert "Asiakas tuli Tampereen toimistoon." in trail.content.decode()


def test_stale_application_form_gets_the_conflict_page(caseworker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    form = {
        "received_on": case.received_on.isoformat(),
        "source": "ngo",
        "residence_status": "work_permit",
        "revision": str(case.revision),
    }
    services.update_application(
        actor=Actor.for_user(caseworker),
        application=case,
        revision=case.revision,
        received_on=case.received_on,
        source="border_guard",
        residence_status="work_permit",
    )
    response = client.post(reverse("register:application_edit", args=[case.pk]), form)
    assert response.status_code == 409
    text = response.content.decode()
    assert "border_guard" in text and "ngo" in text  # both versions
    assert Application.objects.get(pk=case.pk).source == "border_guard"
    resaved = client.post(
        reverse("register:application_edit", args=[case.pk]), {**form, "revision": str(case.revision + 1)}
    )
    assert resaved.status_code == 302 and Application.objects.get(pk=case.pk).source == "ngo"


def test_stale_person_form_gets_the_conflict_page(caseworker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    person = case.person
    form = {"first_names": "Toinen", "sex": "F", "nationality": "NP", "revision": str(person.revision)}
    assert client.post(reverse("register:person_edit", args=[person.pk]), form).status_code == 302
    stale = client.post(reverse("register:person_edit", args=[person.pk]), {**form, "first_names": "Kolmas"})
    assert stale.status_code == 409
    assert "Toinen" in stale.content.decode() and "Kolmas" in stale.content.decode()


def test_the_analysts_extract_is_pseudonymous_and_audited(
    case: Application, settings: Settings, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """The whole register takes a minute to write: it is prepared in the background, then downloaded."""
    run_tasks_at_once(settings, tmp_path / "data")
    analyst = user_with_role(Role.ANALYST)
    client = signed_in_client(analyst)
    assert client.get(reverse("register:extract")).status_code == 200
    _response, job = ask_for(
        client, django_capture_on_commit_callbacks, reverse("register:extract"), {"format": "zip", "language": "fi"}
    )
    assert job is not None and job.status == JobStatus.SUCCEEDED
    archive = zipfile.ZipFile(io.BytesIO(content_of(download(client, job))))
    assert sorted(archive.namelist()) == EXTRACT_FILE_NAMES
    contents = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert case.application_id not in contents and case.person.person_id not in contents  # pseudonyms
    assert NAME not in contents and "131052" not in contents and "Testinen" not in contents
    exports = AuditEvent.objects.filter(action=Action.EXPORT, actor=analyst, object_type="register")
    assert exports.count() == 2  # written, then downloaded
    assert {event.reason for event in exports} == {job.file_name}
    caseworker_client: Client = signed_in_client(user_with_role(Role.CASEWORKER))
    assert caseworker_client.get(reverse("register:extract")).status_code == 403
    assert caseworker_client.get(reverse("documents:download", args=[job.pk])).status_code == 404


def test_ending_a_service_and_a_childs_clienthood_from_the_case_page(caseworker: User, case: Application) -> None:
    identification_grounds(caseworker, case)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=TODAY
    )
    services.confirm_decision(
        actor=Actor.for_user(user_with_role(Role.DECISION_MAKER)), application=case, draft_id=draft.pk
    )
    provided = services.add_service(
        actor=Actor.for_user(caseworker), application=case, service="counselling", started_on=TODAY
    )
    child = services.add_child(
        actor=Actor.for_user(caseworker),
        application=case,
        details=PersonDetails(identifiers=DirectIdentifiers(first_names="Lapsi"), sex="M", nationality="NP"),
        joined_on=TODAY,
    )
    client = signed_in_client(caseworker)
    end_service = reverse("register:service_end", args=[case.pk, provided.pk])
    assert client.post(end_service, {"ended_on": "not a date"}).status_code == 302
    provided.refresh_from_db()
    assert provided.ended_on is None
    client.post(end_service, {"ended_on": TODAY.isoformat()})
    provided.refresh_from_db()
    assert provided.ended_on == TODAY
    too_early = (TODAY - timedelta(days=1)).isoformat()
    client.post(reverse("register:child_left", args=[case.pk, child.pk]), {"ended_on": too_early})
    child.refresh_from_db()
    assert child.child_left_on is None  # before joining: refused with a message
    client.post(reverse("register:child_left", args=[case.pk, child.pk]), {"ended_on": TODAY.isoformat()})
    child.refresh_from_db()
    assert child.child_left_on == TODAY
    page = client.get(reverse("register:application", args=[case.pk])).content.decode()
    assert child.person_id in page
    assert 'name="ended_on"' not in page  # both ended: no end forms left on the case page


def test_a_new_application_of_a_person_of_another_office_takes_a_search_and_a_reason(case: Application) -> None:
    tampere = caseworker_at("TRE")
    client = signed_in_client(tampere)
    new_application = reverse("register:application_new", args=[case.person_id])
    assert client.get(new_application).status_code == 404  # database ids are not guessed: the person is searched
    found = client.post(reverse("register:person_search"), {"hetu": "131052-308T"})
    assert new_application in found.content.decode()
    asked = client.get(new_application)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    assert NAME not in asked.content.decode()
    application = {"received_on": TODAY.isoformat(), "source": "self", "residence_status": "unknown"}
    without_reason = client.post(new_application, application)
    assert without_reason.status_code == 400 and Application.objects.count() == 1
    reason = "Asiakas muutti Tampereelle ja hakee apua täältä."
    created = client.post(new_application, {**application, "reason": reason})
    new = Application.objects.exclude(pk=case.pk).get()
    assert created.status_code == 302 and (new.office, new.person_id) == ("TRE", case.person_id)
    registered = AuditEvent.objects.get(action=Action.CREATE, object_id=str(new.pk))
    assert registered.flagged and registered.reason == reason
    # Known to this office now: the next application needs no reason.
    assert 'name="reason"' not in client.get(new_application).content.decode()


def test_a_stale_assignment_and_a_stale_end_of_clienthood_get_the_conflict_page(
    caseworker: User, case: Application
) -> None:
    colleague = user_with_role(Role.CASEWORKER, first_name="Kaisa", last_name="Kollega")
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    opened_with = case.revision
    services.assign_application(actor=Actor.for_user(caseworker), application=case, assignee_id=colleague.pk)

    stale = client.post(
        reverse("register:application_assign", args=[case.pk]),
        {"assigned_to": str(caseworker.pk), "revision": opened_with},
    )

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Kaisa Kollega" in page and caseworker.get_full_name() in page  # saved, and what was sent
    assert Application.objects.get(pk=case.pk).assigned_to == colleague
    identification_grounds(caseworker, case)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=TODAY
    )
    services.confirm_decision(
        actor=Actor.for_user(user_with_role(Role.DECISION_MAKER)), application=case, draft_id=draft.pk
    )
    read = Application.objects.get(pk=case.pk).revision
    end = reverse("register:clienthood_end", args=[case.pk])
    ending = {"ended_on": TODAY.isoformat(), "end_reason": "own_request", "confirmed": "on", "revision": str(read)}
    services.assign_application(actor=Actor.for_user(caseworker), application=case, assignee_id=None)

    late = client.post(end, ending)

    assert late.status_code == 409
    assert "at the client&#x27;s own request" in late.content.decode()  # what was sent, by its label
    assert Application.objects.get(pk=case.pk).clienthood_ended_on is None
    again = client.post(end, {**ending, "revision": str(read + 1)})
    assert again.status_code == 302 and Application.objects.get(pk=case.pk).end_reason == "own_request"


def test_pages_that_show_identifiers_are_audited_as_views(caseworker: User, case: Application) -> None:
    client = signed_in_client(caseworker)
    identification_grounds(caseworker, case)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=TODAY
    )
    services.confirm_decision(
        actor=Actor.for_user(user_with_role(Role.DECISION_MAKER)), application=case, draft_id=draft.pk
    )
    views = AuditEvent.objects.filter(action=Action.VIEW, actor=caseworker)

    assessment = client.get(reverse("register:assessment_new", args=[case.pk]))

    assert NAME in assessment.content.decode()
    assert views.filter(object_type="register.application", object_id=str(case.pk)).count() == 1
    person = case.person
    form = {"first_names": "Toinen", "sex": "F", "nationality": "NP", "revision": str(person.revision)}
    client.post(reverse("register:person_edit", args=[person.pk]), form)
    before = views.filter(object_type="register.person").count()
    stale = client.post(reverse("register:person_edit", args=[person.pk]), {**form, "first_names": "Kolmas"})
    assert stale.status_code == 409
    assert views.filter(object_type="register.person").count() == before + 1


def test_work_list_pages_are_paginated(caseworker: User) -> None:
    anonymous = PersonDetails(identifiers=DirectIdentifiers(), sex="M", nationality="ZZ")
    numbers = {
        services.register_new_applicant(
            actor=Actor.for_user(caseworker),
            details=anonymous,
            received_on=TODAY,
            source="self",
            residence_status="unknown",
        ).case_number
        for _number in range(51)
    }
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})

    first = client.get(reverse("register:home"), {"list": "all"}).content.decode()
    second = client.get(reverse("register:home"), {"list": "all", "page": "2"}).content.decode()

    on_first = {number for number in numbers if number in first}
    on_second = {number for number in numbers if number in second}
    assert (len(on_first), len(on_second), on_first | on_second) == (50, 1, numbers)
    assert "51 cases" in first and "Page 1 of 2" in first
    assert 'href="?list=all&amp;page=2"' in first  # the next page keeps the work list and its filters


def test_languages_are_chosen_by_name_and_stored_as_codes(caseworker: User, case: Application) -> None:
    """Issue 16: a list of language names in the user's language, not codes typed by hand."""
    client = signed_in_client(caseworker)
    person = case.person
    with translation.override("fi"):
        page = client.get(reverse("register:person_edit", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="fi")
        html = page.content.decode()
        assert '<option value="ne" selected>nepali</option>' in html and '<option value="sv">ruotsi</option>' in html
        form = {"first_names": "Toinen", "sex": "F", "nationality": "NP", "revision": str(person.revision)}
        answer = client.post(reverse("register:person_edit", args=[person.pk]), {**form, "languages": ["so", "en"]})
        assert answer.status_code == 302
        person.refresh_from_db()
        assert person.languages == "so,en"
        shown = client.get(reverse("register:person", args=[person.pk])).content.decode()
        assert "somali, englanti" in shown
        wrong = client.post(reverse("register:person_edit", args=[person.pk]), {**form, "languages": ["xq"]})
        assert wrong.status_code == 400  # the form again, with the field's error
        assert Person.objects.get(pk=person.pk).languages == "so,en"
