"""Another office's case: "not found" until its applicant is identified, break-glass read-only, probes audited.

Issue 10, holes 1 and 2 and the probe audit of hole 12. The URL patterns of
a case are read from the URLconfs, so that a sub-page added later is
covered here without anyone remembering to list it.
"""

import difflib
import json
import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, new_application
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import api_urls, services, urls
from torju.register.models import Application, DirectIdentifiers, Person
from torju.register.permissions import IDENTIFIED_PERSONS, OPENED_APPLICATIONS, WRITING_REASONS, writing_key
from torju.register.services import PersonDetails
from torju.throttling import NOT_FOUND_PROBE

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HETU = "131052-308T"
NAMES = ("Aino", "Testinen")
READING = "Asiakas tuli Tampereen toimistoon tänään."
WRITING = "Asiakas tarvitsee palvelun Tampereella heti."
CASE_PREFIX = "cases/<int:pk>/"


def case_patterns(module: Any) -> list[URLPattern]:
    """Every URL pattern of a case (cases/<pk>/ and all beneath it) in a URLconf."""
    patterns = [pattern for pattern in module.urlpatterns if str(pattern.pattern).startswith(CASE_PREFIX)]
    assert len(patterns) > 10  # the case page and its sub-pages
    return patterns


WEB_PATTERNS = case_patterns(urls)
API_PATTERNS = case_patterns(api_urls)


@pytest.fixture
def helsinki_case() -> Application:
    """A Helsinki clienthood with all its parts: an event, a service, a child, a confirmed decision draft."""
    caseworker = caseworker_at("HEL")
    case = decided_application(
        caseworker, decision_maker_at("HEL"), first_names=NAMES[0], last_name=NAMES[1], hetu=HETU, birth_date=None
    )
    actor = Actor.for_user(caseworker)
    services.add_exploitation_event(
        actor=actor, application=case, exploitation_form="forced_labour", is_primary=True, country="FI"
    )
    services.add_service(actor=actor, application=case, service="counselling", started_on=TODAY - timedelta(days=1))
    services.add_child(
        actor=actor,
        application=case,
        details=PersonDetails(identifiers=DirectIdentifiers(first_names="Lapsi"), sex="M", nationality="NP"),
        joined_on=TODAY,
    )
    return Application.objects.get(pk=case.pk)


@pytest.fixture
def tampere() -> User:
    return caseworker_at("TRE")


def case_kwargs(pattern: URLPattern, case: Application, pk: int) -> dict[str, int]:
    """The pattern's arguments: the case id `pk`, and the ids of the case's own parts."""
    parts = {
        "pk": pk,
        "event_pk": case.exploitation_events.get().pk,
        "service_pk": case.services_provided.get().pk,
        "child_pk": Person.objects.get(parent=case.person).pk,
        "draft_pk": case.decision_drafts.get().pk,
    }
    names = pattern.pattern.converters
    assert set(names) <= set(parts), f"a new kind of id in {pattern.pattern}: add it to case_kwargs"
    return {name: parts[name] for name in names}


def missing_id() -> int:
    return (Application.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*')  # masked anew for each response


def normalised(body: bytes, path: str) -> str:
    """The body without what differs between any two responses (a masked CSRF token), and its own address."""
    return CSRF.sub(r"\1csrf", body.decode()).replace(path, "PATH")


def answer(client: Client, method: str, path: str, *, api: bool) -> tuple[int, str]:
    if api and method != "get":
        response = getattr(client, method)(path, data=json.dumps({}), content_type="application/json")
    elif api:
        response = client.get(path)
    else:
        response = getattr(client, method)(path, {} if method == "post" else None)
    return response.status_code, normalised(response.content, path)


def compare_with_missing(
    client: Client, namespace: str, patterns: list[URLPattern], case: Application, *, skip: frozenset[str]
) -> list[str]:
    """Each case address, with each method, answers for `case` exactly as for an id that does not exist."""
    api = namespace == "register_api"
    methods = ("get", "post", "patch", "delete") if api else ("get", "post")
    missing = missing_id()
    compared = []
    for pattern in patterns:
        name = f"{namespace}:{pattern.name}"
        if name in skip:
            continue
        statuses = set()
        for method in methods:
            other = reverse(name, kwargs=case_kwargs(pattern, case, case.pk))
            nothing = reverse(name, kwargs=case_kwargs(pattern, case, missing))
            expected = answer(client, method, nothing, api=api)
            got = answer(client, method, other, api=api)
            difference = "\n".join(difflib.unified_diff(expected[1].splitlines(), got[1].splitlines(), lineterm=""))
            assert got == expected, (name, method, difference[:3000])
            statuses.add(got[0])
        assert 404 in statuses and statuses <= {404, 405}, (name, statuses)
        compared.append(name)
    return compared


# Hole 1: another office's case is "not found" until its applicant is identified.


@pytest.mark.parametrize(("namespace", "patterns"), [("register", WEB_PATTERNS), ("register_api", API_PATTERNS)])
def test_another_offices_case_answers_exactly_as_a_missing_id(
    helsinki_case: Application, tampere: User, namespace: str, patterns: list[URLPattern]
) -> None:
    client = signed_in_client(tampere)
    compared = compare_with_missing(client, namespace, patterns, helsinki_case, skip=frozenset())
    assert len(compared) == len(patterns)
    assert not AuditEvent.objects.filter(flagged=True, action=Action.VIEW).exists()


@pytest.mark.parametrize(("namespace", "patterns"), [("register", WEB_PATTERNS), ("register_api", API_PATTERNS)])
def test_an_identified_applicants_case_shows_only_the_reason_page_before_the_reason(
    helsinki_case: Application, tampere: User, namespace: str, patterns: list[URLPattern]
) -> None:
    """After an identifying search, the case page asks for the reason; every other address is still "not found"."""
    client = signed_in_client(tampere)
    assert client.post(reverse("register:person_search"), {"hetu": HETU}).status_code == 200
    skip = frozenset({"register:application", "register:application_open", "register_api:application-open"})
    compared = compare_with_missing(client, namespace, patterns, helsinki_case, skip=skip)
    assert len(compared) == len(patterns) - len({f"{namespace}:{pattern.name}" for pattern in patterns} & skip)


def test_the_case_opens_only_after_an_identifying_search_and_shows_its_number_only_after_the_reason(
    helsinki_case: Application, tampere: User
) -> None:
    client = signed_in_client(tampere)
    case_page = reverse("register:application", args=[helsinki_case.pk])
    open_page = reverse("register:application_open", args=[helsinki_case.pk])
    assert client.get(case_page).status_code == 404
    # Case numbers are sequential: looking for one in the work lists finds nothing and unlocks nothing.
    listed = client.get(reverse("register:home"), {"list": "all", "case_number": helsinki_case.case_number})
    assert listed.status_code == 200 and case_page not in listed.content.decode()
    assert client.get(case_page).status_code == 404
    # A person id can be guessed too (imported registers number them): it finds the person, not their cases.
    by_id = client.post(reverse("register:person_search"), {"person_id": helsinki_case.person.person_id})
    assert by_id.status_code == 200 and case_page not in by_id.content.decode()
    assert client.get(case_page).status_code == 404
    assert client.post(open_page, {"reason": READING}).status_code == 404
    assert not AuditEvent.objects.filter(flagged=True).exists()

    found = client.post(
        reverse("register:person_search"),
        {"first_names": NAMES[0], "last_name": NAMES[1], "birth_date": "13.10.1952"},
    )
    assert case_page in found.content.decode()  # the search lists the case, to open with a reason
    assert helsinki_case.case_number not in found.content.decode()
    asked = client.get(case_page)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    assert helsinki_case.case_number not in asked.content.decode() and NAMES[0] not in asked.content.decode()
    assert client.post(open_page, {"reason": READING}).status_code == 302
    opened = client.get(case_page).content.decode()
    assert helsinki_case.case_number in opened and NAMES[0] in opened
    assert AuditEvent.objects.get(flagged=True, action=Action.VIEW).reason == READING


def test_the_api_opens_another_offices_case_only_after_an_identifying_search(
    helsinki_case: Application, tampere: User
) -> None:
    client = signed_in_client(tampere)
    open_url = reverse("register_api:application-open", kwargs={"pk": helsinki_case.pk})
    missing_url = reverse("register_api:application-open", kwargs={"pk": missing_id()})

    def post(path: str, data: dict[str, Any]) -> Any:
        return client.post(path, data=json.dumps(data), content_type="application/json")

    for data in ({}, {"reason": "lyhyt"}, {"reason": READING}):  # no answer tells the office: all "not found"
        other, missing = post(open_url, data), post(missing_url, data)
        assert (other.status_code, other.json()) == (missing.status_code, missing.json()) == (404, other.json())
    search = reverse("register_api:person-search")
    by_case_number = post(search, {"person_id": helsinki_case.case_number})
    assert by_case_number.status_code == 200 and by_case_number.json() == []
    found = post(search, {"hetu": HETU})
    assert found.json()[0]["visible"] is False
    assert found.json()[0]["cases_elsewhere"] == [
        {"id": helsinki_case.pk, "received_on": helsinki_case.received_on.isoformat()}
    ]
    assert helsinki_case.case_number not in json.dumps(found.json())
    opened = post(open_url, {"reason": READING})
    assert opened.status_code == 200 and opened.json()["case_number"] == helsinki_case.case_number
    own = post(
        reverse("register_api:application-open", kwargs={"pk": helsinki_case.pk}),
        {"reason": READING},
    )
    assert own.status_code == 200  # opened again in the same session: recorded again
    assert AuditEvent.objects.filter(flagged=True, action=Action.VIEW).count() == 2


# Hole 2: break-glass is read-only; writing takes a reason of its own and every write is flagged.


def test_break_glass_alone_writes_nothing(helsinki_case: Application, tampere: User) -> None:
    """Every write of the services, refused to a caseworker who opened another office's case to read."""
    reading = replace(
        Actor.for_user(tampere, channel="web"),
        unlocked={
            IDENTIFIED_PERSONS: (helsinki_case.person.person_id,),
            OPENED_APPLICATIONS: (helsinki_case.case_number,),
        },
    )
    case = helsinki_case
    child = Person.objects.get(parent=case.person)
    writes = {
        "edit the application": lambda: services.update_application(
            actor=reading,
            application=case,
            revision=case.revision,
            received_on=case.received_on,
            source="self",
            residence_status=case.residence_status,
        ),
        "assign": lambda: services.assign_application(actor=reading, application=case, assignee_id=None),
        "event": lambda: services.add_exploitation_event(
            actor=reading, application=case, exploitation_form="forced_begging", is_primary=False, country="FI"
        ),
        "remove an event": lambda: services.remove_exploitation_event(
            actor=reading, event=case.exploitation_events.get()
        ),
        "reflection period": lambda: services.grant_reflection_period(
            actor=reading, application=case, granted_on=TODAY, months=1
        ),
        "service": lambda: services.add_service(
            actor=reading, application=case, service="health_services", started_on=TODAY
        ),
        "end a service": lambda: services.end_service(
            actor=reading, provided=case.services_provided.get(), ended_on=TODAY
        ),
        "child leaves": lambda: services.end_child_clienthood(
            actor=reading, application=case, child=child, left_on=TODAY
        ),
        "assessment": lambda: services.record_needs_assessment(
            actor=reading, application=case, person_id=case.person_id, assessed_on=TODAY, needs=["counselling"]
        ),
        "end the clienthood": lambda: services.end_clienthood(
            actor=reading, application=case, revision=case.revision, ended_on=TODAY, end_reason="own_request"
        ),
        "edit the person": lambda: services.update_person(
            actor=reading,
            person=case.person,
            revision=case.person.revision,
            details=PersonDetails(identifiers=DirectIdentifiers(first_names="Muutettu"), sex="F", nationality="NP"),
        ),
    }
    for name, write in writes.items():
        with pytest.raises(PermissionDenied):
            write()
            pytest.fail(name)
    pending = new_application(caseworker_at("HEL"), first_names="Odottava", hetu="010190-123M", birth_date=None)
    pending_reading = replace(reading, unlocked={**reading.unlocked, OPENED_APPLICATIONS: (pending.case_number,)})
    for write in (
        lambda: services.draft_decision(
            actor=pending_reading, application=pending, decision="positive", decided_on=TODAY
        ),
        lambda: services.close_without_decision(actor=pending_reading, application=pending, outcome="lapsed", on=TODAY),
    ):
        with pytest.raises(PermissionDenied):
            write()


def test_writing_takes_a_reason_of_its_own_and_every_write_is_flagged(
    helsinki_case: Application, tampere: User
) -> None:
    client = signed_in_client(tampere)
    case_page = reverse("register:application", args=[helsinki_case.pk])
    client.post(reverse("register:person_search"), {"hetu": HETU})
    client.post(reverse("register:application_open", args=[helsinki_case.pk]), {"reason": READING})
    page = client.get(case_page).content.decode()
    assert reverse("register:application_open_for_writing", args=[helsinki_case.pk]) in page
    assert reverse("register:application_edit", args=[helsinki_case.pk]) not in page  # read-only
    service_page = reverse("register:service_new", args=[helsinki_case.pk])
    service = {"service": "health_services", "started_on": TODAY.strftime("%d.%m.%Y")}
    assert client.post(service_page, service).status_code == 403
    assert helsinki_case.services_provided.count() == 1

    client.post(reverse("register:application_open_for_writing", args=[helsinki_case.pk]), {"reason": "lyhyt"})
    assert client.post(service_page, service).status_code == 403  # a reason too short opens nothing
    written = client.post(
        reverse("register:application_open_for_writing", args=[helsinki_case.pk]), {"reason": WRITING}
    )
    assert written.status_code == 302
    assert client.post(service_page, service).status_code == 302
    edit_person = client.get(reverse("register:person_edit", args=[helsinki_case.person_id]))
    assert edit_person.status_code == 200
    events = AuditEvent.objects.filter(object_id=str(helsinki_case.pk), actor=tampere).order_by("pk")
    flags = [((event.changes or {})["what"], event.flagged, event.reason) for event in events if event.action != "view"]
    assert flags == [("break_glass_write", True, WRITING), ("service", True, WRITING)]
    # Once per case per session: another office's second case stays read-only.
    other = new_application(caseworker_at("HEL"), first_names="Toinen", hetu="010190-123M", birth_date=None)
    client.post(reverse("register:person_search"), {"hetu": "010190-123M"})
    client.post(reverse("register:application_open", args=[other.pk]), {"reason": READING})
    assert client.get(reverse("register:event_new", args=[other.pk])).status_code == 200  # the form shows
    refused = client.post(
        reverse("register:event_new", args=[other.pk]),
        {"exploitation_form": "forced_begging", "country": "FI"},
    )
    assert refused.status_code == 403 and not other.exploitation_events.exists()


def test_the_api_writes_on_another_offices_case_only_with_a_reason_for_writing(
    helsinki_case: Application, tampere: User
) -> None:
    client = signed_in_client(tampere)

    def post(name: str, data: dict[str, Any]) -> Any:
        path = reverse(f"register_api:{name}", kwargs={"pk": helsinki_case.pk})
        return client.post(path, data=json.dumps(data), content_type="application/json")

    event = {"form": "forced_begging", "is_primary": False, "country": "FI"}
    client.post(reverse("register_api:person-search"), data={"hetu": HETU}, content_type="application/json")
    opened = post("application-open", {"reason": READING})
    assert opened.json()["abilities"]["can_work"] is False
    assert opened.json()["abilities"]["can_open_for_writing"] is True
    assert post("event-list", event).status_code == 403
    assert post("application-open-for-writing", {"reason": "lyhyt"}).status_code == 400
    writing = post("application-open-for-writing", {"reason": WRITING})
    assert writing.status_code == 200 and writing.json()["abilities"]["can_work"] is True
    assert post("event-list", event).status_code == 201
    added = AuditEvent.objects.get(action=Action.CREATE, actor=tampere)
    assert (added.flagged, added.reason, (added.changes or {})["what"]) == (True, WRITING, "exploitation_event")
    patched = client.patch(
        reverse("register_api:person-detail", kwargs={"pk": helsinki_case.person_id}),
        data=json.dumps({"languages": "fi", "revision": helsinki_case.person.revision}),
        content_type="application/json",
    )
    assert patched.status_code == 200
    person_write = AuditEvent.objects.get(action=Action.UPDATE, actor=tampere, object_type="register.person")
    assert (person_write.flagged, person_write.reason) == (True, WRITING)
    own = caseworker_at("HEL")
    own_case = new_application(own, first_names="Oma", hetu="010190-123M", birth_date=None)
    mine = client.post(
        reverse("register_api:application-open-for-writing", kwargs={"pk": own_case.pk}),
        data=json.dumps({"reason": WRITING}),
        content_type="application/json",
    )
    assert mine.status_code == 404  # not this caseworker's office either: another office's case, unidentified
    assert (
        signed_in_client(own)
        .post(
            reverse("register_api:application-open-for-writing", kwargs={"pk": own_case.pk}),
            data=json.dumps({"reason": WRITING}),
            content_type="application/json",
        )
        .status_code
        == 403
    )  # one's own case needs no reason


def test_a_new_application_for_a_person_known_only_through_break_glass_takes_a_reason(
    helsinki_case: Application, tampere: User
) -> None:
    """Registering an own-office application would open the person for good: a reason, flagged."""
    opened = replace(
        Actor.for_user(tampere, channel="web"),
        unlocked={
            IDENTIFIED_PERSONS: (helsinki_case.person.person_id,),
            OPENED_APPLICATIONS: (helsinki_case.case_number,),
            WRITING_REASONS: (writing_key(helsinki_case, WRITING),),
        },
    )
    application: dict[str, Any] = {
        "received_on": TODAY,
        "office": "TRE",
        "source": "self",
        "residence_status": "unknown",
    }
    with pytest.raises(ValidationError) as refused:
        services.register_application(actor=opened, person=helsinki_case.person, **application)
    assert "reason" in refused.value.error_dict
    reason = "Asiakas muutti Tampereelle ja hakee apua täältä."
    new = services.register_application(actor=opened, person=helsinki_case.person, reason=reason, **application)
    registered = AuditEvent.objects.get(action=Action.CREATE, object_id=str(new.pk))
    assert (registered.flagged, registered.reason) == (True, reason)


# Hole 12 (part): ids that answer "not found" are audited, within a rate, so that the trail cannot be flooded.


def test_probing_ids_is_audited_without_flooding_the_trail(
    helsinki_case: Application, tampere: User, settings: Settings
) -> None:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, NOT_FOUND_PROBE: ["3/day"]}
    client = signed_in_client(tampere)
    probed = [helsinki_case.pk, missing_id(), missing_id() + 1]
    web = [client.get(reverse("register:application", args=[pk])).status_code for pk in probed]
    api = [client.get(reverse("register_api:application-detail", kwargs={"pk": pk})).status_code for pk in probed]
    assert web == api == [404, 404, 404]
    recorded = AuditEvent.objects.filter(actor=tampere, action=Action.PERMISSION_DENIED, changes__what="not_found")
    assert sorted(recorded.values_list("object_type", "object_id")) == sorted(
        ("register.application", str(pk)) for pk in probed
    )  # the first three (the rate); the rest are counted, not recorded
    flagged = AuditEvent.objects.filter(actor=tampere, action=Action.THROTTLED, object_id=NOT_FOUND_PROBE)
    assert flagged.count() == 1 and flagged.get().flagged
    for pk in probed:
        client.get(reverse("register:person", args=[pk + 500]))
    assert recorded.count() == 3 and flagged.count() == 1
