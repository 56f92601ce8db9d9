"""The legal path's pages: the case page's sections, forms that call the services, who sees what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.legalpath import services as legal
from torju.legalpath.models import Consent, Disclosure
from torju.register.models import Application

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case() -> Application:
    return decided_application(
        caseworker_at("HEL"),
        decision_maker_at("HEL"),
        first_names="Sivu",
        last_name="Oikeus",
        received_on=TODAY - timedelta(days=60),
        decided_on=TODAY - timedelta(days=50),
    )


def test_a_caseworker_records_a_consent_and_a_disclosure_on_the_case_page(case: Application) -> None:
    client = signed_in_client(caseworker_at("HEL"))
    page = client.get(reverse("register:application", args=[case.pk])).content.decode()
    assert 'id="legal-path-title"' in page
    response = client.post(
        reverse("legalpath:consent_new", args=[case.pk]),
        {"purpose": "disclosure_police", "given_on": (TODAY + timedelta(days=5)).isoformat(), "form": "signed"},
    )
    assert response.status_code == 400  # a date in the future: the service's refusal is on the form
    assert "future" in response.content.decode() or "tulevaisuudessa" in response.content.decode()
    given = TODAY - timedelta(days=40)
    response = client.post(
        reverse("legalpath:consent_new", args=[case.pk]),
        {"purpose": "disclosure_police", "given_on": given.isoformat(), "form": "signed"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(application=case)
    response = client.post(
        reverse("legalpath:disclosure_new", args=[case.pk]),
        {
            "recipient": "police",
            "content": "Asiakkaan kertomus",
            "legal_basis": "consent",
            "consent": str(consent.pk),
            "disclosed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("register:application", args=[case.pk])).content.decode()
    assert "Asiakkaan kertomus" in page


def test_analysts_and_other_offices_see_none_of_it(case: Application) -> None:
    legal.record_disclosure(
        actor=Actor.for_user(caseworker_at("HEL")),
        application=case,
        recipient="police",
        content="Salainen sisältö",
        legal_basis="statutory_duty",
        disclosed_on=TODAY,
    )
    analyst = signed_in_client(user_with_role(Role.ANALYST))
    for name in ("legalpath:consent_new", "legalpath:disclosure_new", "legalpath:access_copy", "legalpath:grounds"):
        assert analyst.get(reverse(name, args=[case.pk])).status_code == 403
    assert analyst.get(reverse("legalpath:disclosure_register")).status_code == 403
    tampere = signed_in_client(caseworker_at("TRE"))
    assert tampere.get(reverse("legalpath:consent_new", args=[case.pk])).status_code == 404
    assert "Salainen" not in tampere.get(reverse("legalpath:permits_ending")).content.decode()


def test_the_auditor_reads_the_register_of_disclosures_and_the_reading_is_audited(case: Application) -> None:
    worker = caseworker_at("HEL")
    legal.record_disclosure(
        actor=Actor.for_user(worker),
        application=case,
        recipient="immigration_service",
        content="Lausunto",
        legal_basis="authority_request",
        request_reference="MIGRI/2026/77",
        disclosed_on=TODAY,
    )
    auditor = user_with_role(Role.AUDITOR)
    page = signed_in_client(auditor).get(reverse("legalpath:disclosure_register"), {"legal_basis": "authority_request"})
    text = page.content.decode()
    assert page.status_code == 200
    assert case.case_number in text and "MIGRI/2026/77" in text and worker.username in text
    assert "Lausunto" not in text  # what was disclosed stays on the case
    reading = AuditEvent.objects.get(actor=auditor, changes__what="disclosure_register")
    assert (reading.changes or {})["filters"] == {"legal_basis": "authority_request"}
    assert Disclosure.objects.count() == 1


def test_the_work_list_of_permits_ending(case: Application) -> None:
    worker = caseworker_at("HEL")
    legal.record_permit(
        actor=Actor.for_user(worker),
        application=case,
        permit_type="victim_temporary",
        status="granted",
        applied_on=TODAY - timedelta(days=40),
        decided_on=TODAY - timedelta(days=30),
        valid_from=TODAY - timedelta(days=30),
        valid_until=TODAY + timedelta(days=10),
    )
    page = signed_in_client(worker).get(reverse("legalpath:permits_ending")).content.decode()
    assert case.case_number in page
