"""The access copy of a client's data: rendered in fi and sv, only the person's own data (a parent, two children)."""

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import caseworker_at, decided_application, decision_maker_at
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.legalpath import access_copy
from torju.legalpath import services as legal
from torju.register import services as register_services
from torju.register.models import Application, DirectIdentifiers, Person
from torju.register.services import PersonDetails

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def pdf_text(pdf: bytes, tmp_path: object) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed: apt-get install poppler-utils"
    path = f"{tmp_path}/copy.pdf"
    with open(path, "wb") as handle:
        handle.write(pdf)
    return subprocess.run([tool, "-layout", path, "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def caseworker() -> User:
    return caseworker_at("HEL")


@pytest.fixture
def family(caseworker: User) -> tuple[Application, Person, Person]:
    """A mother who is a client, with two children who are clients, each with data of their own."""
    case = decided_application(
        caseworker,
        decision_maker_at("HEL"),
        first_names="Anjali",
        last_name="Parentes",
        hetu="",
        received_on=TODAY - timedelta(days=100),
        decided_on=TODAY - timedelta(days=90),
    )
    actor = Actor.for_user(caseworker)
    children = [
        register_services.add_child(
            actor=actor,
            application=case,
            details=PersonDetails(
                identifiers=DirectIdentifiers(first_names=name, last_name="Childsson"),
                sex="F",
                nationality="NP",
                birth_date=date(2016, 3, 1),
            ),
            joined_on=TODAY - timedelta(days=60),
        )
        for name in ("Bimala", "Chandra")
    ]
    register_services.add_service(
        actor=actor, application=case, service="legal_advice", started_on=TODAY - timedelta(days=50)
    )
    legal.add_child_service(
        actor=actor,
        application=case,
        child_id=children[0].pk,
        service="crisis_support",
        started_on=TODAY - timedelta(days=40),
    )
    legal.add_child_service(
        actor=actor,
        application=case,
        child_id=children[1].pk,
        service="health_services",
        started_on=TODAY - timedelta(days=40),
    )
    register_services.record_needs_assessment(
        actor=actor,
        application=case,
        person_id=children[1].pk,
        assessed_on=TODAY - timedelta(days=30),
        needs=["health_services"],
        notes="Chandra needs a dentist",
    )
    legal.record_child_safeguards(
        actor=actor,
        application=case,
        child_id=children[0].pk,
        welfare_notified_on=TODAY - timedelta(days=35),
        welfare_municipality="Espoo",
    )
    consent = legal.record_consent(
        actor=actor, application=case, purpose="disclosure_police", given_on=TODAY - timedelta(days=80), form="signed"
    )
    legal.record_disclosure(
        actor=actor,
        application=case,
        recipient="police",
        content="The account of the events in writing",
        legal_basis="consent",
        consent_id=consent.pk,
        disclosed_on=TODAY - timedelta(days=70),
    )
    legal.record_permit(
        actor=actor,
        application=case,
        permit_type="victim_continuous",
        status="granted",
        applied_on=TODAY - timedelta(days=85),
        decided_on=TODAY - timedelta(days=75),
        valid_from=TODAY - timedelta(days=75),
    )
    return case, children[0], children[1]


def test_the_parents_copy_in_finnish_has_her_data_and_none_of_the_childrens(
    caseworker: User, family: tuple[Application, Person, Person], tmp_path: object
) -> None:
    case, first, second = family
    pdf = access_copy.access_copy_pdf(
        actor=Actor.for_user(caseworker), application=case, person_id=case.person_id, language="fi"
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "Anjali" in text and "Parentes" in text
    assert "Kopio tiedoistasi" in text  # Finnish
    assert "oikeudellinen neuvonta" in text  # her own service
    assert "The account of the events" in text and "poliisi" in text  # the disclosure of her data
    assert "jatkuva oleskelulupa" in text
    for other in ("Bimala", "Chandra", "Childsson", "kriisiapu", "dentist", "Espoo", first.person_id, second.person_id):
        assert other not in text, other
    event = AuditEvent.objects.get(object_id=str(case.pk), changes__what="access_copy")
    assert (event.changes or {})["after"] == {"person_id": case.person.person_id, "language": "fi"}


def test_a_childs_copy_in_swedish_has_only_that_childs_data(
    caseworker: User, family: tuple[Application, Person, Person], tmp_path: object
) -> None:
    case, first, second = family
    pdf = access_copy.access_copy_pdf(
        actor=Actor.for_user(caseworker), application=case, person_id=second.pk, language="sv"
    )
    text = pdf_text(pdf, tmp_path)
    assert "Chandra" in text and "dentist" in text
    assert "Kopia av dina uppgifter" in text  # Swedish
    assert "hälso- och sjukvårdstjänster" in text
    for other in (
        "Anjali",
        "Parentes",
        "Bimala",
        "krisstöd",
        "juridisk rådgivning",
        "Espoo",
        "The account of the events",
        case.case_number,
    ):
        assert other not in text, other
    first_copy = access_copy.sections_as_text(access_copy.build_access_copy(case, first, "en"))
    assert "Espoo" in first_copy and "crisis support" in first_copy
    assert "Chandra" not in first_copy and "Anjali" not in first_copy


def test_the_copy_is_for_the_cases_own_people_and_workers(
    caseworker: User, family: tuple[Application, Person, Person]
) -> None:
    case, _first, _second = family
    stranger = decided_application(caseworker, decision_maker_at("HEL"), received_on=TODAY - timedelta(days=30))
    with pytest.raises(ValidationError):
        access_copy.access_copy_pdf(
            actor=Actor.for_user(caseworker), application=case, person_id=stranger.person_id, language="en"
        )
    with pytest.raises(PermissionDenied):
        access_copy.access_copy_pdf(
            actor=Actor.for_user(caseworker_at("TRE")), application=case, person_id=case.person_id, language="en"
        )
