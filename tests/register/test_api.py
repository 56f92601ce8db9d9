"""The register REST API: the pages' rules, four eyes, break-glass, conflicts and audit over JSON."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import CASE_AGE_DAYS, decided_application, identification_grounds, new_application, user_with_role
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import services
from torju.register.models import Application, DecisionDraft, DirectIdentifiers, Person
from torju.register.services import PersonDetails

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECEIVED = TODAY - timedelta(days=CASE_AGE_DAYS)  # of the factories' applications
HETU = "131052-308T"
NAMES = ("Aino", "Testinen")
PHONE = "+358 40 123 4567"
ADDRESS = "Hämeenkatu 1, Tampere"
# Strings that must never appear in a response to someone who may not see identifiers.
IDENTIFIER_VALUES = [*NAMES, HETU, PHONE, ADDRESS]


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"register_api:{name}", kwargs=kwargs)


def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, data=json.dumps(data or {}), content_type="application/json")


def patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, data=json.dumps(data), content_type="application/json")


def person_details(**overrides: Any) -> dict[str, Any]:
    return {
        "first_names": NAMES[0],
        "last_name": NAMES[1],
        "hetu": HETU,
        "phone": PHONE,
        "address": ADDRESS,
        "sex": "F",
        "nationality": "NP",
        "languages": "ne, EN",
        **overrides,
    }


def new_applicant(**overrides: Any) -> dict[str, Any]:
    return {
        "person_details": person_details(),
        "received_on": RECEIVED.isoformat(),
        "source": "police",
        "residence_status": "work_permit",
        **overrides,
    }


# The whole flow.


def test_whole_flow_register_decide_serve_and_end(caseworker: User, decision_maker: User) -> None:
    worker = signed_in_client(caseworker)

    created = post(worker, url("application-list"), new_applicant())

    assert created.status_code == 201
    case = created.json()
    pk = case["id"]
    assert case["case_number"].startswith(f"HEL-{RECEIVED.year}-")
    assert (case["office"], case["decision"], case["assigned_to"]) == ("HEL", "", caseworker.pk)
    applicant = case["applicant"]
    assert applicant["identifiers"] == {
        "first_names": "Aino",
        "last_name": "Testinen",
        "hetu": HETU,
        "phone": PHONE,
        "address": ADDRESS,
    }
    assert (applicant["birth_date"], applicant["languages"]) == ("1952-10-13", "ne,en")  # from the hetu
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(pk), changes__what="application").exists()

    first = post(
        worker,
        url("event-list", pk=pk),
        {"form": "forced_labour", "is_primary": True, "country": "FI", "sector": "berry_farms"},
    )
    second = post(worker, url("event-list", pk=pk), {"form": "sexual_exploitation", "country": "NP"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["event_id"].startswith("E-")

    identification_grounds(caseworker, Application.objects.get(pk=pk))  # a positive decision rests on them
    drafted = post(
        worker, url("decision-draft-list", pk=pk), {"decision": "positive", "decided_on": RECEIVED.isoformat()}
    )
    assert drafted.status_code == 201
    draft_pk = drafted.json()["id"]
    assert Application.objects.get(pk=pk).decision == ""  # not in effect before confirmation

    deciding = signed_in_client(decision_maker)
    to_confirm = deciding.get(url("application-list")).json()  # a decision maker's default list
    assert [item["id"] for item in to_confirm["results"]] == [pk]
    assert deciding.get(url("application-detail", pk=pk)).json()["abilities"] == {
        "can_work": False,
        "can_draft": False,
        "can_confirm": True,
        "can_assign": True,  # a decision maker of the case's office
        "can_close": False,
        "can_record_clienthood": False,
        "can_change_clienthood": False,
        "can_open_for_writing": False,
        "can_mark_waiting": False,
    }
    confirmed = post(deciding, url("decision-draft-confirm", pk=pk, draft_pk=draft_pk))
    assert confirmed.status_code == 200
    assert (confirmed.json()["decision"], confirmed.json()["decided_on"]) == ("positive", RECEIVED.isoformat())

    service = post(worker, url("service-list", pk=pk), {"service": "counselling", "started_on": TODAY.isoformat()})
    assert service.status_code == 201

    detail = worker.get(url("application-detail", pk=pk)).json()
    assert sorted((event["form"], event["is_primary"]) for event in detail["exploitation_events"]) == [
        ("forced_labour", True),
        ("sexual_exploitation", False),
    ]
    assert [(d["drafted_by"], d["confirmed_by"]) for d in detail["decision_drafts"]] == [
        (caseworker.username, decision_maker.username)
    ]
    assert [s["service"] for s in detail["services_provided"]] == ["counselling"]
    assert detail["abilities"]["can_work"] is True

    ended = post(
        worker,
        url("clienthood-end", pk=pk),
        {"ended_on": TODAY.isoformat(), "end_reason": "no_longer_needs_assistance", "revision": detail["revision"]},
    )
    assert ended.status_code == 200
    assert (ended.json()["clienthood_ended_on"], ended.json()["end_reason"]) == (
        TODAY.isoformat(),
        "no_longer_needs_assistance",
    )
    saved = Application.objects.get(pk=pk)
    assert (saved.decision, saved.clienthood_ended_on) == ("positive", TODAY)

    timeline = worker.get(url("timeline", pk=pk))
    assert timeline.status_code == 200
    entries = timeline.json()["results"]
    assert [entry["what"] for entry in entries] == [
        "application",
        "exploitation_event",
        "exploitation_event",
        "identification_grounds",  # torju.legalpath: what the positive decision rests on
        "decision_draft",
        "decision",
        "service",
        "clienthood_ended",
    ]
    assert entries[5]["actor"] == decision_maker.username
    assert timeline.json()["count"] == len(entries)


def test_new_application_of_a_person_found_by_search(caseworker: User, tampere: User) -> None:
    earlier = new_application(caseworker, hetu=HETU, birth_date=None, phone=PHONE)
    worker = signed_in_client(tampere)
    application = {"received_on": TODAY.isoformat(), "source": "ngo", "residence_status": "unknown"}

    # Not found by a search in this session: answered as an id that does not exist.
    unreached = post(worker, url("application-list"), {"person": earlier.person.pk, **application})
    missing = post(worker, url("application-list"), {"person": earlier.person.pk + 1000, **application})
    assert unreached.status_code == missing.status_code == 400
    assert unreached.json()["person"] == [
        message.replace(str(earlier.person.pk + 1000), str(earlier.person.pk)) for message in missing.json()["person"]
    ]
    assert worker.get(url("person-search")).status_code == 405  # identifiers never travel in the query string
    found = post(worker, url("person-search"), {"hetu": HETU.lower()})

    assert found.status_code == 200
    assert found.json() == [
        {
            "id": earlier.person.pk,
            "person_id": earlier.person.person_id,
            "visible": False,
            # Found by the identity code: the person's cases elsewhere, to open with a reason (no case numbers).
            "cases_elsewhere": [{"id": earlier.pk, "received_on": earlier.received_on.isoformat()}],
        }
    ]
    assert worker.get(url("person-detail", pk=earlier.person.pk)).status_code == 404
    # Known only at another office: the record opens through the new case, which takes a reason.
    without_reason = post(worker, url("application-list"), {"person": earlier.person.pk, **application})
    assert without_reason.status_code == 400
    assert "reason" in without_reason.json()
    assert Application.objects.count() == 1
    reason = "Asiakas muutti Tampereelle ja haki apua täältä."
    created = post(worker, url("application-list"), {"person": earlier.person.pk, "reason": reason, **application})
    assert created.status_code == 201
    registered = AuditEvent.objects.get(action=Action.CREATE, object_id=str(created.json()["id"]))
    assert registered.flagged and registered.reason == reason
    assert created.json()["office"] == "TRE"
    assert created.json()["applicant"]["person_id"] == earlier.person.person_id
    assert Person.objects.count() == 1
    detail = worker.get(url("person-detail", pk=earlier.person.pk)).json()
    assert [case["office"] for case in detail["applications"]] == ["TRE"]
    assert detail["other_applications"] == 1  # the Helsinki case stays closed to Tampere


# Four eyes.


def test_the_drafter_never_confirms(caseworker: User, decision_maker: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    drafted = post(
        signed_in_client(caseworker),
        url("decision-draft-list", pk=application.pk),
        {"decision": "negative", "negative_reason": "not_trafficking", "decided_on": TODAY.isoformat()},
    )
    draft_pk = drafted.json()["id"]

    refused = post(signed_in_client(caseworker), url("decision-draft-confirm", pk=application.pk, draft_pk=draft_pk))

    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=caseworker).exists()
    both = user_with_role(Role.DECISION_MAKER)
    both.role_grants.create(role=Role.CASEWORKER)
    both.forget_roles()
    own_case = new_application(both, phone=PHONE)
    both_client = signed_in_client(both)
    identification_grounds(both, own_case)
    own = post(
        both_client,
        url("decision-draft-list", pk=own_case.pk),
        {"decision": "positive", "decided_on": TODAY.isoformat()},
    )
    assert own.status_code == 201
    own_refused = post(both_client, url("decision-draft-confirm", pk=own_case.pk, draft_pk=own.json()["id"]))
    assert own_refused.status_code == 403
    assert not DecisionDraft.objects.filter(confirmed_at__isnull=False).exists()
    assert Application.objects.filter(decision="").count() == 2

    deciding = signed_in_client(decision_maker)
    reject_url = url("decision-draft-reject", pk=application.pk, draft_pk=draft_pk)
    no_reason = post(deciding, reject_url, {"reason": " "})
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    rejected = post(deciding, reject_url, {"reason": "Perustelut puuttuvat."})
    assert rejected.status_code == 200
    assert not DecisionDraft.objects.filter(pk=draft_pk).exists()
    assert AuditEvent.objects.filter(action=Action.RETURN, reason="Perustelut puuttuvat.").exists()
    gone = post(deciding, url("decision-draft-confirm", pk=application.pk, draft_pk=draft_pk))
    assert gone.status_code == 404


# Offices and break-glass.


def test_another_offices_case_opens_only_with_a_reason(caseworker: User, tampere: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    worker = signed_in_client(tampere)
    case_url = url("application-detail", pk=application.pk)
    open_url = url("application-open", pk=application.pk)

    assert worker.get(case_url).status_code == 404
    assert worker.get(url("person-detail", pk=application.person_id)).status_code == 404
    refused = post(worker, url("event-list", pk=application.pk), {"form": "forced_begging", "country": "FI"})
    assert refused.status_code == 404
    assert worker.get(url("application-list"), {"list": "all"}).json()["count"] == 0
    assert post(worker, open_url, {"reason": "Asiakas asioi Tampereella."}).status_code == 404  # not identified
    identified = {"first_names": "Aino", "last_name": "Testinen", "birth_date": "1990-04-01"}
    post(worker, url("person-search"), identified)  # found by the names and date of birth: the reason is asked for
    short = post(worker, open_url, {"reason": "lyhyt"})
    assert (short.status_code, list(short.json())) == (400, ["reason"])
    assert not AuditEvent.objects.filter(flagged=True).exists()

    opened = post(worker, open_url, {"reason": "Asiakas asioi Tampereella kiireellisesti."})

    assert opened.status_code == 200
    assert opened.json()["applicant"]["identifiers"]["phone"] == PHONE
    flagged = AuditEvent.objects.get(flagged=True)
    assert (flagged.actor, flagged.object_id, flagged.reason, flagged.action) == (
        tampere,
        str(application.pk),
        "Asiakas asioi Tampereella kiireellisesti.",
        Action.VIEW,
    )
    assert worker.get(case_url).status_code == 200
    assert worker.get(url("person-detail", pk=application.person_id)).status_code == 200
    assert [item["id"] for item in worker.get(url("application-list"), {"list": "all"}).json()["results"]] == [
        application.pk
    ]
    timeline = worker.get(url("timeline", pk=application.pk)).json()["results"]
    assert [(entry["what"], entry["flagged"]) for entry in timeline][-1] == ("break_glass", True)
    another_session = signed_in_client(tampere)
    assert another_session.get(case_url).status_code == 404  # another session: closed again
    assert post(another_session, open_url, {"reason": "Asiakas asioi Tampereella."}).status_code == 404
    own = post(signed_in_client(caseworker), open_url, {"reason": "Oma tapaus, ei tarvitse syytä."})
    assert own.status_code == 403
    missing = post(worker, url("application-open", pk=application.pk + 1000), {"reason": "Ei tällaista tapausta."})
    assert missing.status_code == 404
    assert AuditEvent.objects.filter(flagged=True).count() == 1


def test_assign_to_a_caseworker_of_the_office(caseworker: User, tampere: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    colleague = user_with_role(Role.CASEWORKER)
    worker = signed_in_client(caseworker)
    assign_url = url("application-assign", pk=application.pk)

    elsewhere = post(worker, assign_url, {"assigned_to": tampere.pk})
    assigned = post(worker, assign_url, {"assigned_to": colleague.pk})

    assert (elsewhere.status_code, list(elsewhere.json())) == (400, ["assigned_to"])
    assert assigned.status_code == 200
    assert (assigned.json()["assigned_to"], assigned.json()["revision"]) == (colleague.pk, 2)
    mine = signed_in_client(colleague).get(url("application-list"), {"list": "mine"}).json()["results"]
    assert [item["id"] for item in mine] == [application.pk]
    nobody = post(worker, assign_url, {"assigned_to": None})
    assert (nobody.status_code, nobody.json()["assigned_to"]) == (200, None)


# Analysts and everyone else who does not work in the register.

API_REQUESTS = [
    ("get", "application-list", {}),
    ("post", "application-list", {}),
    ("get", "application-detail", {"pk": "CASE"}),
    ("patch", "application-detail", {"pk": "CASE"}),
    ("post", "application-open", {"pk": "CASE"}),
    ("post", "application-open-for-writing", {"pk": "CASE"}),
    ("post", "application-assign", {"pk": "CASE"}),
    ("post", "application-close", {"pk": "CASE"}),
    ("put", "waiting-for-information", {"pk": "CASE"}),
    ("delete", "waiting-for-information", {"pk": "CASE"}),
    ("post", "event-list", {"pk": "CASE"}),
    ("delete", "event-detail", {"pk": "CASE", "event_pk": "EVENT"}),
    ("post", "decision-draft-list", {"pk": "CASE"}),
    ("post", "decision-draft-confirm", {"pk": "CASE", "draft_pk": "DRAFT"}),
    ("post", "decision-draft-reject", {"pk": "CASE", "draft_pk": "DRAFT"}),
    ("post", "reflection-period-list", {"pk": "CASE"}),
    ("post", "service-list", {"pk": "CASE"}),
    ("post", "service-end", {"pk": "CASE", "service_pk": "SERVICE"}),
    ("post", "child-list", {"pk": "CASE"}),
    ("post", "child-left", {"pk": "CASE", "child_pk": "CHILD"}),
    ("post", "assessment-list", {"pk": "CASE"}),
    ("post", "clienthood-end", {"pk": "CASE"}),
    ("get", "timeline", {"pk": "CASE"}),
    ("post", "person-search", {}),
    ("get", "person-detail", {"pk": "PERSON"}),
    ("patch", "person-detail", {"pk": "PERSON"}),
]


def register_api_names() -> set[str]:
    resolver = get_resolver().namespace_dict["register_api"][1]
    return {pattern.name for pattern in resolver.url_patterns if isinstance(pattern, URLPattern) and pattern.name}


# The background jobs have rules of their own (the register's coordinator imports, analysts take extracts):
# tests/register/test_job_api.py.
JOB_ENDPOINTS = {"import-list", "import-detail", "import-problems", "extract-list", "extract-detail"}


def test_the_request_list_covers_every_endpoint() -> None:
    assert {name for _method, name, _kwargs in API_REQUESTS} == register_api_names() - JOB_ENDPOINTS


@pytest.fixture
def full_case(caseworker: User, decision_maker: User) -> dict[str, int]:
    """Ids of a case that has one of everything, for requests that must be refused."""
    application = decided_application(caseworker, decision_maker, hetu=HETU, birth_date=None, phone=PHONE)
    event = services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=application,
        exploitation_form="forced_begging",
        is_primary=False,
        country="FI",
    )
    provided = services.add_service(
        actor=Actor.for_user(caseworker), application=application, service="counselling", started_on=TODAY
    )
    child = services.add_child(
        actor=Actor.for_user(caseworker),
        application=application,
        details=PersonDetails(identifiers=DirectIdentifiers(), sex="M", nationality="NP", birth_date=date(2015, 1, 1)),
        joined_on=TODAY,
    )
    other = new_application(caseworker, first_names="Toinen", phone=PHONE)
    identification_grounds(caseworker, other)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=other, decision="positive", decided_on=TODAY
    )
    return {
        "CASE": application.pk,
        "EVENT": event.pk,
        "SERVICE": provided.pk,
        "CHILD": child.pk,
        "PERSON": application.person_id,
        "DRAFT": draft.pk,
    }


def refusable_request(client: Client, method: str, name: str, kwargs: dict[str, Any], ids: dict[str, int]) -> Any:
    path = url(name, **{key: ids.get(str(value), value) for key, value in kwargs.items()})
    if method == "get":
        return client.get(path)
    data = {"hetu": HETU, "reason": "Haluan nähdä tämän tapauksen.", "revision": 1}
    return getattr(client, method)(path, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR, Role.COORDINATOR, Role.REPORTER])
def test_only_register_workers_get_in(full_case: dict[str, int], role: Role) -> None:
    client = signed_in_client(user_with_role(role))
    before = AuditEvent.objects.exclude(action=Action.PERMISSION_DENIED).count()

    for method, name, kwargs in API_REQUESTS:
        response = refusable_request(client, method, name, kwargs, full_case)
        assert response.status_code == 403, (method, name)
        assert not any(value in response.content.decode() for value in IDENTIFIER_VALUES), (method, name)

    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count() == len(API_REQUESTS)
    assert AuditEvent.objects.exclude(action=Action.PERMISSION_DENIED).count() == before  # no view, no change
    assert Application.objects.get(pk=full_case["CASE"]).revision == 2
    assert DecisionDraft.objects.filter(pk=full_case["DRAFT"], confirmed_at__isnull=True).exists()


def test_anonymous_callers_get_401(full_case: dict[str, int]) -> None:
    """Not signed in and no token: 401 with the token's challenge (decision 0010)."""
    for method, name, kwargs in API_REQUESTS:
        response = refusable_request(Client(), method, name, kwargs, full_case)
        assert response.status_code == 401, (method, name)
        assert response["WWW-Authenticate"] == "Bearer", (method, name)
        assert not any(value in response.content.decode() for value in IDENTIFIER_VALUES), (method, name)


def test_analyst_reachable_responses_carry_no_identifiers(full_case: dict[str, int]) -> None:
    analyst = signed_in_client(user_with_role(Role.ANALYST))

    schema = analyst.get("/api/schema/", {"format": "json"})

    assert schema.status_code == 200
    assert not any(value in schema.content.decode() for value in IDENTIFIER_VALUES)
    worker_view = signed_in_client(user_with_role(Role.CASEWORKER)).get(url("application-detail", pk=full_case["CASE"]))
    assert HETU in worker_view.content.decode()  # the values the analyst test looks for are really there


# Bad input.


def test_bad_input_gets_400_naming_the_field_and_writes_nothing(caseworker: User) -> None:
    existing = new_application(caseworker, phone=PHONE)
    worker = signed_in_client(caseworker)
    cases = url("application-list")

    bad_hetu = post(worker, cases, new_applicant(person_details=person_details(hetu="131052-308A")))
    unknown_sex = post(worker, cases, new_applicant(person_details=person_details(sex="X-NOT-A-CODE")))
    both = post(worker, cases, new_applicant(person=existing.person_id))
    no_such_person = post(worker, cases, new_applicant(person=existing.person_id + 1000, person_details=None))
    neither = post(worker, cases, new_applicant(person_details=None))
    future = post(worker, cases, new_applicant(received_on=(TODAY + timedelta(days=1)).isoformat()))
    unknown_source = post(worker, cases, new_applicant(source="rumour"))
    not_a_date = post(worker, cases, new_applicant(received_on="31.12.2025"))

    assert (bad_hetu.status_code, list(bad_hetu.json()), list(bad_hetu.json()["person_details"])) == (
        400,
        ["person_details"],
        ["hetu"],
    )
    assert (unknown_sex.status_code, list(unknown_sex.json()["person_details"])) == (400, ["sex"])
    assert (both.status_code, list(both.json())) == (400, ["non_field_errors"])
    assert (neither.status_code, list(neither.json())) == (400, ["non_field_errors"])
    assert (no_such_person.status_code, list(no_such_person.json())) == (400, ["person"])
    assert (future.status_code, list(future.json())) == (400, ["received_on"])
    assert (unknown_source.status_code, list(unknown_source.json())) == (400, ["source"])
    assert (not_a_date.status_code, list(not_a_date.json())) == (400, ["received_on"])
    assert list(Application.objects.all()) == [existing]
    assert list(Person.objects.all()) == [existing.person]

    application = existing
    events = url("event-list", pk=application.pk)
    sector = post(worker, events, {"form": "forced_begging", "country": "FI", "sector": "cleaning"})
    country = post(worker, events, {"form": "forced_begging", "country": "QQ"})
    missing = post(worker, events, {})
    negative = post(
        worker, url("decision-draft-list", pk=application.pk), {"decision": "negative", "decided_on": TODAY.isoformat()}
    )
    months = post(
        worker, url("reflection-period-list", pk=application.pk), {"granted_on": TODAY.isoformat(), "months": 7}
    )
    not_a_client = post(
        worker, url("service-list", pk=application.pk), {"service": "counselling", "started_on": TODAY.isoformat()}
    )
    no_revision = patch(worker, url("application-detail", pk=application.pk), {"source": "ngo"})

    assert (sector.status_code, list(sector.json())) == (400, ["sector"])
    assert (country.status_code, list(country.json())) == (400, ["country"])
    assert (missing.status_code, set(missing.json())) == (400, {"form", "country"})
    assert (negative.status_code, list(negative.json())) == (400, ["negative_reason"])
    assert (months.status_code, list(months.json())) == (400, ["months"])
    assert (not_a_client.status_code, list(not_a_client.json())) == (400, ["non_field_errors"])
    assert (no_revision.status_code, list(no_revision.json())) == (400, ["revision"])
    assert not application.exploitation_events.exists()
    assert not application.decision_drafts.exists()
    assert not application.reflection_periods.exists()
    assert Application.objects.get(pk=application.pk).source == "police"

    by_name = post(worker, url("person-search"), {"first_names": "Aino", "last_name": "Testinen"})
    nothing = post(worker, url("person-search"))
    bad_search_hetu = post(worker, url("person-search"), {"hetu": "123"})
    assert (by_name.status_code, list(by_name.json())) == (400, ["birth_date"])
    assert (nothing.status_code, list(nothing.json())) == (400, ["non_field_errors"])
    assert (bad_search_hetu.status_code, list(bad_search_hetu.json())) == (400, ["hetu"])
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()

    list_name = worker.get(cases, {"list": "everything"})
    office = worker.get(cases, {"office": "XYZ"})
    assert (list_name.status_code, list(list_name.json())) == (400, ["list"])
    assert (office.status_code, list(office.json())) == (400, ["office"])


def test_decision_makers_do_not_register_or_edit(caseworker: User, decision_maker: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    deciding = signed_in_client(decision_maker)

    assert post(deciding, url("application-list"), new_applicant()).status_code == 403
    assert (
        patch(deciding, url("application-detail", pk=application.pk), {"source": "ngo", "revision": 1}).status_code
        == 403
    )
    assert (
        patch(deciding, url("person-detail", pk=application.person_id), {"sex": "M", "revision": 1}).status_code == 403
    )
    assert (
        post(deciding, url("event-list", pk=application.pk), {"form": "forced_begging", "country": "FI"}).status_code
        == 403
    )
    assert deciding.get(url("application-detail", pk=application.pk)).status_code == 200
    assert Application.objects.count() == 1
    assert not application.exploitation_events.exists()


# Concurrent edits.


def test_stale_revision_gets_409_with_the_saved_version(caseworker: User, decision_maker: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    worker = signed_in_client(caseworker)
    case_url = url("application-detail", pk=application.pk)
    first = patch(worker, case_url, {"source": "ngo", "revision": 1})
    assert (first.status_code, first.json()["revision"], first.json()["received_on"]) == (200, 2, RECEIVED.isoformat())

    stale = patch(worker, case_url, {"source": "self", "revision": 1})

    assert stale.status_code == 409
    body = stale.json()
    assert (body["current"]["source"], body["current"]["revision"]) == ("ngo", 2)
    # What the service was asked to save: the fields sent, over the saved ones, and the revision read.
    assert body["submitted"] == {
        "received_on": RECEIVED.isoformat(),
        "source": "self",
        "residence_status": "work_permit",
        "revision": 1,
    }
    assert body["detail"]
    assert Application.objects.get(pk=application.pk).source == "ngo"

    person_url = url("person-detail", pk=application.person_id)
    saved = patch(worker, person_url, {"phone": "+358 50 000 0000", "revision": 1})
    assert saved.status_code == 200
    assert saved.json()["identifiers"]["phone"] == "+358 50 000 0000"
    assert saved.json()["identifiers"]["first_names"] == NAMES[0]  # not given: kept
    views_before = AuditEvent.objects.filter(action=Action.VIEW, object_type="register.person").count()
    conflict = patch(worker, person_url, {"phone": "+358 44 444 4444", "revision": 1})
    assert conflict.status_code == 409
    assert conflict.json()["current"]["identifiers"]["phone"] == "+358 50 000 0000"
    assert conflict.json()["submitted"]["phone"] == "+358 44 444 4444"
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="register.person").count() == views_before + 1
    assert Person.objects.get(pk=application.person_id).read_identifiers().phone == "+358 50 000 0000"

    clienthood = decided_application(caseworker, decision_maker, phone=PHONE)
    read = clienthood.revision
    changed = patch(
        worker, url("application-detail", pk=clienthood.pk), {"residence_status": "unknown", "revision": read}
    )
    assert changed.status_code == 200
    end = {"ended_on": TODAY.isoformat(), "end_reason": "no_longer_needs_assistance", "revision": read}
    late = post(worker, url("clienthood-end", pk=clienthood.pk), end)
    assert late.status_code == 409
    assert late.json()["current"]["residence_status"] == "unknown"
    assert Application.objects.get(pk=clienthood.pk).clienthood_ended_on is None


# Persons.


def test_person_search_is_audited_without_identifiers(caseworker: User) -> None:
    application = new_application(caseworker, hetu=HETU, birth_date=None, phone=PHONE)
    worker = signed_in_client(caseworker)

    by_body = post(worker, url("person-search"), {"hetu": HETU})
    by_name = post(
        worker, url("person-search"), {"first_names": "aino", "last_name": "TESTINEN", "birth_date": "1952-10-13"}
    )
    nobody = post(worker, url("person-search"), {"person_id": "P-NOBODY"})

    expected = [
        {"id": application.person_id, "person_id": application.person.person_id, "visible": True, "cases_elsewhere": []}
    ]
    assert by_body.json() == expected
    assert by_name.json() == expected
    assert nobody.json() == []
    searches = AuditEvent.objects.filter(action=Action.SEARCH).order_by("pk")
    assert [event.changes for event in searches] == [
        {"criteria": ["hetu"], "found": 1},
        {"criteria": ["birth_date", "first_names", "last_name"], "found": 1},
        {"criteria": ["person_id"], "found": 0},
    ]
    assert HETU not in searches[0].path  # POST keeps the identity code out of the trail


def test_person_record_with_children_audited(caseworker: User, decision_maker: User) -> None:
    application = decided_application(caseworker, decision_maker, phone=PHONE)
    worker = signed_in_client(caseworker)
    child = post(
        worker,
        url("child-list", pk=application.pk),
        {
            "first_names": "Pieni",
            "sex": "M",
            "nationality": "NP",
            "birth_date": "2015-02-01",
            "joined_on": TODAY.isoformat(),
        },
    )
    assert child.status_code == 201
    assert "identifiers" not in child.json()

    record = worker.get(url("person-detail", pk=application.person_id))

    assert record.status_code == 200
    body = record.json()
    assert body["identifiers"]["phone"] == PHONE
    assert [case["id"] for case in body["applications"]] == [application.pk]
    assert [c["person_id"] for c in body["children"]] == [child.json()["person_id"]]
    assert body["can_edit"] is True
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="register.person", object_id=str(application.person_id), actor=caseworker
    ).exists()
    child_record = worker.get(url("person-detail", pk=child.json()["id"]))
    assert child_record.json()["identifiers"]["first_names"] == "Pieni"
    assert child_record.json()["parent_person_id"] == application.person.person_id
    assert (
        signed_in_client(decision_maker).get(url("person-detail", pk=application.person_id)).json()["can_edit"] is False
    )


# Clienthood details.


def test_children_assessments_services_and_events(caseworker: User, decision_maker: User) -> None:
    application = decided_application(caseworker, decision_maker, phone=PHONE)
    other = decided_application(caseworker, decision_maker, phone=PHONE)
    worker = signed_in_client(caseworker)
    pk = application.pk
    child = post(
        worker,
        url("child-list", pk=pk),
        {"sex": "F", "nationality": "NP", "birth_date": "2016-03-01", "joined_on": TODAY.isoformat()},
    ).json()
    adult = post(
        worker,
        url("child-list", pk=pk),
        {"sex": "F", "nationality": "NP", "birth_date": "1990-03-01", "joined_on": TODAY.isoformat()},
    )
    assert (adult.status_code, list(adult.json())) == (400, ["birth_date"])

    assessed = post(
        worker,
        url("assessment-list", pk=pk),
        {"person": child["id"], "assessed_on": TODAY.isoformat(), "needs": ["counselling"], "notes": "Koulupaikka."},
    )
    stranger = post(
        worker, url("assessment-list", pk=pk), {"person": other.person_id, "assessed_on": TODAY.isoformat()}
    )
    assert assessed.status_code == 201
    assert (assessed.json()["needs"], assessed.json()["notes"]) == (["counselling"], "Koulupaikka.")
    assert (stranger.status_code, list(stranger.json())) == (400, ["person"])

    left = post(worker, url("child-left", pk=pk, child_pk=child["id"]), {"left_on": TODAY.isoformat()})
    assert (left.status_code, left.json()["child_left_on"]) == (200, TODAY.isoformat())
    again = post(worker, url("child-left", pk=pk, child_pk=child["id"]), {"left_on": TODAY.isoformat()})
    assert again.status_code == 400
    not_their_child = post(worker, url("child-left", pk=other.pk, child_pk=child["id"]), {"left_on": TODAY.isoformat()})
    assert not_their_child.status_code == 404

    service = post(worker, url("service-list", pk=pk), {"service": "health_services", "started_on": TODAY.isoformat()})
    service_id = service.json()["id"]
    elsewhere = post(worker, url("service-end", pk=other.pk, service_pk=service_id), {"ended_on": TODAY.isoformat()})
    ended = post(worker, url("service-end", pk=pk, service_pk=service_id), {"ended_on": TODAY.isoformat()})
    assert elsewhere.status_code == 404
    assert (ended.status_code, ended.json()["ended_on"]) == (200, TODAY.isoformat())

    period = post(worker, url("reflection-period-list", pk=pk), {"granted_on": TODAY.isoformat(), "months": 2})
    assert period.status_code == 201
    assert period.json()["ends_on"] > TODAY.isoformat()

    event = post(worker, url("event-list", pk=pk), {"form": "forced_begging", "country": "FI"}).json()
    assert worker.delete(url("event-detail", pk=other.pk, event_pk=event["id"])).status_code == 404
    assert worker.delete(url("event-detail", pk=pk, event_pk=event["id"])).status_code == 204
    assert not application.exploitation_events.exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, changes__what="exploitation_event").count() == 1

    detail = worker.get(url("application-detail", pk=pk)).json()
    assert [c["id"] for c in detail["children"]] == [child["id"]]
    assert [a["person_id"] for a in detail["needs_assessments"]] == [child["person_id"]]
    assert [p["months"] for p in detail["reflection_periods"]] == [2]


def test_withdrawn_application(caseworker: User) -> None:
    application = new_application(caseworker, phone=PHONE)
    worker = signed_in_client(caseworker)
    close_url = url("application-close", pk=application.pk)

    unknown = post(worker, close_url, {"outcome": "positive", "on": TODAY.isoformat()})
    closed = post(worker, close_url, {"outcome": "withdrawn", "on": TODAY.isoformat()})
    twice = post(worker, close_url, {"outcome": "lapsed", "on": TODAY.isoformat()})

    assert (unknown.status_code, list(unknown.json())) == (400, ["outcome"])
    assert (closed.status_code, closed.json()["decision"]) == (200, "withdrawn")
    assert (twice.status_code, list(twice.json())) == (400, ["non_field_errors"])
    assert Application.objects.get(pk=application.pk).decision == "withdrawn"


# Work lists.


def test_work_lists_filters_and_pages(caseworker: User, decision_maker: User, tampere: User) -> None:
    cases = [new_application(caseworker, first_names=f"Henkilö{number}", phone=PHONE) for number in range(3)]
    decided = decided_application(caseworker, decision_maker, phone=PHONE)
    worker = signed_in_client(caseworker)
    cases_url = url("application-list")

    everything = worker.get(cases_url, {"list": "all"}).json()
    pending = worker.get(cases_url, {"list": "all", "decision": "pending"}).json()
    one = worker.get(cases_url, {"list": "all", "case_number": cases[1].case_number.lower()}).json()
    positive = worker.get(cases_url, {"list": "all", "decision": "positive"}).json()

    assert everything["count"] == 4
    assert "Aino" not in json.dumps(everything) and "Henkilö" not in json.dumps(everything)  # lists carry no names
    assert {item["id"] for item in pending["results"]} == {case.pk for case in cases}
    assert [item["id"] for item in one["results"]] == [cases[1].pk]
    assert [item["id"] for item in positive["results"]] == [decided.pk]
    assert worker.get(cases_url, {"list": "undecided"}).json()["count"] == 3
    assert signed_in_client(tampere).get(cases_url, {"list": "all"}).json()["count"] == 0
    paged = worker.get(cases_url, {"list": "all", "page": "2"})
    assert paged.status_code == 404  # one page of 50 only
    first_page = worker.get(cases_url, {"list": "all", "page": "1"}).json()
    assert (first_page["next"], len(first_page["results"])) == (None, 4)


# The OpenAPI schema.


def test_schema_lists_the_register_api(caseworker: User) -> None:
    response = signed_in_client(caseworker).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    expected = {
        "/api/register/cases/": {"get", "post"},
        "/api/register/cases/{id}/": {"get", "patch"},
        "/api/register/cases/{id}/open/": {"post"},
        "/api/register/cases/{id}/open-for-writing/": {"post"},
        "/api/register/cases/{id}/assign/": {"post"},
        "/api/register/cases/{id}/close/": {"post"},
        "/api/register/cases/{id}/waiting-for-information/": {"put", "delete"},
        "/api/register/cases/{id}/events/": {"post"},
        "/api/register/cases/{id}/events/{event_pk}/": {"delete"},
        "/api/register/cases/{id}/decision-drafts/": {"post"},
        "/api/register/cases/{id}/decision-drafts/{draft_pk}/confirm/": {"post"},
        "/api/register/cases/{id}/decision-drafts/{draft_pk}/reject/": {"post"},
        "/api/register/cases/{id}/reflection-periods/": {"post"},
        "/api/register/cases/{id}/services/": {"post"},
        "/api/register/cases/{id}/services/{service_pk}/end/": {"post"},
        "/api/register/cases/{id}/children/": {"post"},
        "/api/register/cases/{id}/children/{child_pk}/left/": {"post"},
        "/api/register/cases/{id}/assessments/": {"post"},
        "/api/register/cases/{id}/end/": {"post"},
        "/api/register/cases/{id}/timeline/": {"get"},
        "/api/register/persons/search/": {"post"},
        "/api/register/persons/{id}/": {"get", "patch"},
        "/api/register/imports/": {"get", "post"},
        "/api/register/imports/{id}/": {"get"},
        "/api/register/imports/{id}/problems/": {"get"},
        "/api/register/extracts/": {"get", "post"},
        "/api/register/extracts/{id}/": {"get"},
    }
    register_paths = {path: set(operations) for path, operations in paths.items() if path.startswith("/api/register/")}
    assert register_paths == expected
    assert len(expected) == len(register_api_names())
    assert "409" in paths["/api/register/cases/{id}/"]["patch"]["responses"]
    assert "409" in paths["/api/register/persons/{id}/"]["patch"]["responses"]
    assert "409" in paths["/api/register/cases/{id}/end/"]["post"]["responses"]
    assert "409" in paths["/api/register/cases/{id}/assign/"]["post"]["responses"]
    assert "multipart/form-data" in paths["/api/register/imports/"]["post"]["requestBody"]["content"]
    assert "202" in paths["/api/register/extracts/"]["post"]["responses"]
    listed = paths["/api/register/cases/"]["get"]
    assert {parameter["name"] for parameter in listed["parameters"]} >= {"list", "page", "decision", "office"}
