"""The helpline's pages: anonymity on every form, what each role sees, the referral's two ends, audited reads."""

from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client as signed_in_in_finnish
from tests.factories import user_with_role
from tests.helpline.builders import acting, adviser, caseworker, consultation, contact, referral
from tests.helpline.test_anonymity import REFUSED
from torju.accounts.models import Role, User
from torju.audit.models import Action, AuditEvent
from torju.helpline.anonymity import refusals
from torju.helpline.models import CaseStatus, ConsultationCase, Contact, Referral, ReferralStatus
from torju.helpline.services import cases
from torju.register.models import Application

pytestmark = pytest.mark.django_db


def signed_in_client(user: User) -> Client:
    """Signed in, second factor passed, in English (the messages checked here are the English ones)."""
    client = signed_in_in_finnish(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def contact_form(**fields: str) -> dict[str, str]:
    return {
        "contacted_on": (timezone.localtime() - timedelta(hours=1)).strftime("%d.%m.%Y"),
        "contacted_time": (timezone.localtime() - timedelta(hours=1)).strftime("%H:%M"),
        "channel": "phone",
        "contact_type": "employer",
        "subject": "suspected_case",
        **fields,
    }


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("identifier", "kind"), REFUSED)
def test_every_identifier_pattern_in_the_notes_is_refused_on_the_page(identifier: str, kind: str) -> None:
    client = signed_in_client(adviser())
    response = client.post(reverse("helpline:contact_new"), contact_form(notes=f"Soittaja: {identifier}."))
    assert response.status_code == 400
    page = text(response)
    assert f"Notes: {refusals(identifier)[0]}" in page and kind in page
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("helpline:contact_new", contact_form(person_description="a@b.fi"), "person_description"),
        ("helpline:case_edit", {"status": "open", "summary": "040 1234567"}, "summary"),
        (
            "helpline:case_close",
            {"outcome": "other", "reason_for_case_closure": "131052-308T"},
            "reason_for_case_closure",
        ),
        (
            "helpline:referral_new",
            {"office": "HEL", "referring_party": "police", "referral_details": "x@y.fi", "due_on": "2099-01-01"},
            "referral_details",
        ),
    ],
)
def test_every_free_text_field_refuses_identifiers_on_its_page(url: str, data: dict[str, str], field: str) -> None:
    user = adviser()
    case = consultation(user)
    address = reverse(url) if url == "helpline:contact_new" else reverse(url, args=[case.pk])
    response = signed_in_client(user).post(address, data)
    assert response.status_code == 400
    assert f'id="id_{field}"' in text(response) and "field--error" in text(response)
    case.refresh_from_db()
    assert case.summary == "" and case.status == CaseStatus.OPEN and not case.referrals.exists()


def test_a_phone_number_is_saved_with_a_warning_on_the_next_page() -> None:
    client = signed_in_client(adviser())
    response = client.post(reverse("helpline:contact_new"), contact_form(notes="Vaihde 09 1234 5678."), follow=True)
    assert response.status_code == 200
    assert "“09 1234 5678” looks like a phone number. It was saved" in text(response)
    assert "message--warning" in text(response)
    assert Contact.objects.get().notes == "Vaihde 09 1234 5678."


def test_an_adviser_logs_groups_and_refers_and_every_read_is_audited() -> None:
    user = adviser()
    client = signed_in_client(user)
    for fields in (contact_form(), contact_form(contact_type="potential_victim")):
        assert client.post(reverse("helpline:contact_new"), fields).status_code == 302
    chosen = list(Contact.objects.values_list("pk", flat=True))
    response = client.post(reverse("helpline:group"), {"contacts": chosen})
    case = ConsultationCase.objects.get()
    assert response["Location"] == reverse("helpline:case", args=[case.pk])
    assert case.contacts.count() == 2
    client.get(reverse("helpline:case", args=[case.pk]))
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="helpline.consultationcase").count() == 1
    client.get(reverse("helpline:contacts"))
    listed = AuditEvent.objects.filter(action=Action.VIEW, object_type="helpline.contact", object_id="").get()
    assert listed.changes == {"what": "list", "criteria": [], "shown": 2}
    response = client.post(
        reverse("helpline:referral_new", args=[case.pk]),
        {"office": "TRE", "referring_party": "employer", "due_on": timezone.localdate().isoformat()},
    )
    made = Referral.objects.get()
    assert response["Location"] == reverse("helpline:referral", args=[made.pk])
    assert made.status == ReferralStatus.SENT and made.case == case


def test_grouping_into_a_closed_or_missing_case_is_refused_with_a_message() -> None:
    user = adviser()
    loose = contact(user)
    closed = cases.close_case(acting(user), consultation(user), revision=None, outcome="other").record
    client = signed_in_client(user)
    for number in (closed.case_number, "INFO-1999-000001"):
        response = client.post(reverse("helpline:group"), {"contacts": [loose.pk], "case_number": number}, follow=True)
        assert "message--error" in text(response)
    loose.refresh_from_db()
    assert loose.case is None


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DECISION_MAKER, Role.ANALYST, Role.AUDITOR, Role.COORDINATOR])
def test_those_without_the_role_see_no_contact_or_case(role: Role) -> None:
    user = adviser()
    case = consultation(user)
    client = signed_in_client(user_with_role(role))
    for address in (
        reverse("helpline:home"),
        reverse("helpline:contacts"),
        reverse("helpline:case", args=[case.pk]),
        reverse("helpline:contact", args=[case.contacts.first().pk]),  # type: ignore[union-attr]
    ):
        assert client.get(address).status_code == 403


def test_an_office_sees_its_referrals_only_and_not_the_case_behind_them() -> None:
    user = adviser()
    case = consultation(user)
    ours, theirs = referral(user, case, office="HEL"), referral(user, case, office="TRE")
    client = signed_in_client(caseworker("HEL"))
    page = text(client.get(reverse("helpline:referrals")))
    assert reverse("helpline:referral", args=[ours.pk]) in page
    assert reverse("helpline:referral", args=[theirs.pk]) not in page
    assert client.get(reverse("helpline:referral", args=[theirs.pk])).status_code == 404
    detail = text(client.get(reverse("helpline:referral", args=[ours.pk])))
    assert case.case_number not in detail and reverse("helpline:case", args=[case.pk]) not in detail
    assert client.get(reverse("helpline:case", args=[case.pk])).status_code == 403


def test_the_office_registers_the_application_and_the_adviser_sees_only_that_it_was() -> None:
    user, worker = adviser(), caseworker("HEL")
    case = consultation(user, contact(user, contact_type="social_services"))
    made = referral(user, case, referring_party="social_services")
    client = signed_in_client(worker)
    response = client.post(
        reverse("helpline:referral_application", args=[made.pk]),
        {
            "received_on": timezone.localdate().isoformat(),
            "residence_status": "work_permit",
            "person-first_names": "Ohjattu",
            "person-last_name": "Henkilö",
            "person-sex": "F",
            "person-nationality": "NP",
        },
    )
    application = Application.objects.get()
    assert response["Location"] == reverse("register:application", args=[application.pk])
    assert application.source == "wellbeing_services_county" and application.office == "HEL"
    made.refresh_from_db()
    assert (made.status, made.outcome, made.application) == (
        ReferralStatus.ACCEPTED,
        "application_registered",
        application,
    )
    adviser_page = text(signed_in_client(user).get(reverse("helpline:case", args=[case.pk])))
    assert "led to an application" in adviser_page
    assert application.case_number not in adviser_page
    assert reverse("register:application", args=[application.pk]) not in adviser_page
    worker_page = text(client.get(reverse("helpline:referral", args=[made.pk])))
    assert application.case_number in worker_page


def test_a_person_id_not_found_by_the_register_search_is_refused() -> None:
    made = referral(adviser())
    response = signed_in_client(caseworker("HEL")).post(
        reverse("helpline:referral_application", args=[made.pk]),
        {"received_on": timezone.localdate().isoformat(), "residence_status": "work_permit", "person_id": "P-NOPE"},
    )
    assert response.status_code == 400 and "person_id" in text(response)
    assert not Application.objects.exists()


def test_statistics_exact_for_analysts_and_advisers_public_for_coordinators() -> None:
    user = adviser()
    contact(user, channel="letter")
    year = timezone.localdate().year
    for role, exact in ((Role.ANALYST, True), (Role.HELPLINE_ADVISER, True), (Role.COORDINATOR, False)):
        client: Client = signed_in_client(user_with_role(role))
        page = text(client.get(reverse("helpline:statistics"), {"year": year}))
        assert ("Exact counts" in page) == exact, role
    coordinator = signed_in_client(user_with_role(Role.COORDINATOR))
    exact_asked: dict[str, str | int] = {"year": year, "publication": "exact"}
    assert coordinator.get(reverse("helpline:statistics"), exact_asked).status_code == 403
    assert coordinator.get(reverse("helpline:statistics"), {"year": 1999}).status_code == 400


def test_a_contact_in_the_future_is_refused_on_its_date() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in_client(adviser()).post(
        reverse("helpline:contact_new"), contact_form(contacted_on=f"{tomorrow.day}.{tomorrow.month}.{tomorrow.year}")
    )
    assert response.status_code == 400
    assert "Date of the contact: The time cannot be in the future." in text(response)
    assert not Contact.objects.exists()
