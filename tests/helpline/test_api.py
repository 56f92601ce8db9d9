"""The helpline's REST API: the pages' rules over JSON, anonymity included."""

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.helpline.builders import acting, adviser, caseworker, consultation, contact, referral
from tests.helpline.test_anonymity import REFUSED
from torju.accounts.models import Role, User
from torju.audit.models import Action, AuditEvent
from torju.helpline.anonymity import refusals
from torju.helpline.models import Contact, ReferralStatus

pytestmark = pytest.mark.django_db
API = "/api/helpline"


def client_of(user: User) -> Client:
    client = signed_in_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def body(**fields: Any) -> dict[str, Any]:
    return {
        "contacted_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "channel": "chat",
        "contact_type": "ngo",
        "subject": "suspected_case",
        **fields,
    }


@pytest.mark.parametrize(("identifier", "kind"), REFUSED)
def test_every_identifier_pattern_in_the_notes_is_refused_by_the_api(identifier: str, kind: str) -> None:
    response = client_of(adviser()).post(f"{API}/contacts/", body(notes=f"Soittaja: {identifier}."), "application/json")
    assert response.status_code == 400
    assert response.json() == {"notes": [refusals(identifier)[0]]}
    assert kind in response.json()["notes"][0]
    assert not Contact.objects.exists()


def test_a_contact_made_read_and_corrected_with_warnings_and_conflicts() -> None:
    user = adviser()
    client = client_of(user)
    made = client.post(
        f"{API}/contacts/",
        body(exploitation_forms=["forced_labour"], sector="cleaning", region="01", notes="Vaihde 09 1234 5678"),
        "application/json",
    )
    assert made.status_code == 201
    data = made.json()
    assert data["exploitation_forms"] == ["forced_labour"] and data["region"] == "01"
    assert list(data["warnings"]) == ["notes"] and "09 1234 5678" in data["warnings"]["notes"][0]
    address = f"{API}/contacts/{data['id']}/"
    read = client.get(address)
    assert read.status_code == 200 and read.json()["notes"] == "Vaihde 09 1234 5678"
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="helpline.contact", object_id=str(data["id"])
    ).exists()
    assert client.patch(address, {"channel": "email"}, "application/json").status_code == 400  # no revision
    patched = client.patch(address, {"channel": "email", "revision": 1}, "application/json")
    assert patched.status_code == 200 and patched.json()["channel"] == "email" and patched.json()["region"] == "01"
    stale = client.patch(address, {"channel": "letter", "revision": 1}, "application/json")
    assert stale.status_code == 409 and stale.json()["current"]["channel"] == "email"


def test_cases_are_grouped_summarised_ticked_and_closed() -> None:
    user = adviser()
    client = client_of(user)
    first, second = contact(user), contact(user)
    made = client.post(f"{API}/cases/", {"contacts": [first.pk, second.pk]}, "application/json")
    assert made.status_code == 201
    case = made.json()
    assert [item["id"] for item in case["contacts"]] == sorted([first.pk, second.pk], key=lambda pk: pk)
    address = f"{API}/cases/{case['id']}/"
    refused = client.patch(address, {"summary": "Soita 0401234567", "revision": case["revision"]}, "application/json")
    assert refused.status_code == 400 and list(refused.json()) == ["summary"]
    summary = client.patch(
        address, {"summary": "Työnantaja epäilee.", "status": "waiting", "revision": 1}, "application/json"
    )
    assert summary.status_code == 200 and summary.json()["status"] == "waiting"
    ticked = client.post(f"{address}indicators/", {"indicators": ["coercion.violence"]}, "application/json")
    assert ticked.status_code == 200 and ticked.json()["indicators"] == ["coercion.violence"]
    assert client.post(f"{address}close/", {}, "application/json").status_code == 400
    closed = client.post(f"{address}close/", {"outcome": "advice_given"}, "application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.post(f"{API}/cases/", {"contacts": [999999]}, "application/json").status_code == 400


def test_the_referral_loop_over_the_api_at_both_ends() -> None:
    user, worker = adviser(), caseworker("HEL")
    case = consultation(user)
    sent = client_of(user).post(
        f"{API}/referrals/",
        {"kind": "helpline", "case": case.pk, "office": "HEL", "referring_party": "police"},
        "application/json",
    )
    assert sent.status_code == 201 and sent.json()["case_number"] == case.case_number
    pk = sent.json()["id"]
    office = client_of(worker)
    waiting = office.get(f"{API}/referrals/", {"waiting": "true"}).json()["results"]
    assert [item["id"] for item in waiting] == [pk] and waiting[0]["case_number"] is None
    assert client_of(caseworker("TRE")).get(f"{API}/referrals/{pk}/").status_code == 404
    assert office.post(f"{API}/referrals/{pk}/accept/", {}, "application/json").status_code == 200
    assert (
        office.post(
            f"{API}/referrals/{pk}/outcome/", {"outcome": "application_registered"}, "application/json"
        ).status_code
        == 400
    )
    done = office.post(f"{API}/referrals/{pk}/outcome/", {"outcome": "not_reached"}, "application/json")
    assert done.status_code == 200 and done.json()["outcome"] == "not_reached"
    seen = client_of(user).get(f"{API}/cases/{case.pk}/").json()["referrals"]
    assert seen[0]["status"] == ReferralStatus.ACCEPTED and seen[0]["outcome"] == "not_reached"


def test_the_application_link_shows_its_case_number_only_to_those_the_register_lets_open_it() -> None:
    from torju.helpline.services.applications import ApplicationDetails, register_application
    from torju.register.models import DirectIdentifiers
    from torju.register.services import PersonDetails

    user, worker = adviser(), caseworker("HEL")
    made = referral(user)
    application = register_application(
        acting(worker),
        made,
        ApplicationDetails(
            received_on=timezone.localdate(),
            residence_status="work_permit",
            new_applicant=PersonDetails(identifiers=DirectIdentifiers(first_names="Api"), sex="M", nationality="SO"),
        ),
    ).application
    assert application is not None
    as_adviser = client_of(user).get(f"{API}/referrals/{made.pk}/").json()["application"]
    assert as_adviser == {
        "received_on": application.received_on.isoformat(),
        "office": "HEL",
        "case_number": "",
        "id": None,
    }
    as_worker = client_of(worker).get(f"{API}/referrals/{made.pk}/").json()["application"]
    assert as_worker["case_number"] == application.case_number and as_worker["id"] == application.pk
    assert client_of(user).get(f"{API}/cases/{made.case_id}/").json()["led_to_application"] is True


def test_declining_names_the_reason_and_refuses_identifiers_in_the_notes() -> None:
    made = referral(adviser())
    office = client_of(caseworker("HEL"))
    refused = office.post(
        f"{API}/referrals/{made.pk}/decline/", {"decline_reason": "other", "notes": "a@b.fi"}, "application/json"
    )
    assert refused.status_code == 400 and list(refused.json()) == ["response_notes"]
    declined = office.post(
        f"{API}/referrals/{made.pk}/decline/", {"decline_reason": "other_office"}, "application/json"
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    withdrawn = client_of(adviser()).post(f"{API}/referrals/{made.pk}/withdraw/", {}, "application/json")
    assert withdrawn.status_code == 400 and "no longer waiting" in str(withdrawn.json())
    assert (
        client_of(caseworker("HEL")).post(f"{API}/referrals/{made.pk}/withdraw/", {}, "application/json").status_code
        == 403
    )


def test_statistics_forms_by_role() -> None:
    contact(adviser(), channel="letter")
    year = timezone.localdate().year
    analyst = client_of(user_with_role(Role.ANALYST)).get(f"{API}/statistics/{year}/")
    assert analyst.status_code == 200 and analyst.json()["contacts"]["by_channel"]["letter"] == 1
    assert "monthly" in analyst.json()
    coordinator = client_of(user_with_role(Role.COORDINATOR))
    public = coordinator.get(f"{API}/statistics/{year}/")
    assert public.status_code == 200 and public.json()["contacts"]["by_channel"]["letter"] is None
    assert coordinator.get(f"{API}/statistics/{year}/", {"publication": "exact"}).status_code == 403
    assert coordinator.get(f"{API}/statistics/1999/").status_code == 400
    assert client_of(user_with_role(Role.CASEWORKER)).get(f"{API}/statistics/{year}/").status_code == 403
