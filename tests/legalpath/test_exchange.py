"""Version 2 of the exchange format: export → import gives the same register; version 1 still imports; all or
nothing (docs/register-exchange-v2.md)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import caseworker_at, decided_application, decision_maker_at
from tests.register.conftest import VALID_FILES, empty_the_register
from torju.actor import Actor
from torju.legalpath import services as legal
from torju.legalpath.exchange import VERSION_FILE, export_register_v2, format_version, import_register_any
from torju.legalpath.models import (
    ApplicantCategory,
    ChildSafeguards,
    Consent,
    CriminalMatter,
    DataSubjectRequest,
    Disclosure,
    GroundsIndicator,
    IdentificationGrounds,
    ResidencePermit,
    ServiceRecipient,
)
from torju.register import services as register_services
from torju.register.exchange import RegisterImportError
from torju.register.models import Application, DirectIdentifiers, Person, ServiceProvided
from torju.register.services import PersonDetails

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OPERATOR = Actor.system("test operator")
LEGAL_MODELS = (
    Disclosure,
    Consent,
    ServiceRecipient,
    ChildSafeguards,
    DataSubjectRequest,
    ApplicantCategory,
    GroundsIndicator,
    IdentificationGrounds,
    ResidencePermit,
    CriminalMatter,
)


def empty_everything() -> None:
    for model in LEGAL_MODELS:
        model.objects.all().delete()
    empty_the_register()


def a_register_with_a_legal_path() -> None:
    caseworker = caseworker_at("HEL")
    actor = Actor.for_user(caseworker)
    case = decided_application(
        caseworker,
        decision_maker_at("HEL"),
        received_on=TODAY - timedelta(days=100),
        decided_on=TODAY - timedelta(days=90),
    )
    child = register_services.add_child(
        actor=actor,
        application=case,
        details=PersonDetails(
            identifiers=DirectIdentifiers(first_names="Lapsi"), sex="F", nationality="NP", birth_date=date(2017, 1, 1)
        ),
        joined_on=TODAY - timedelta(days=80),
    )
    register_services.add_service(
        actor=actor, application=case, service="counselling", started_on=TODAY - timedelta(days=70)
    )
    legal.add_child_service(
        actor=actor, application=case, child_id=child.pk, service="counselling", started_on=TODAY - timedelta(days=70)
    )
    consent = legal.record_consent(
        actor=actor, application=case, purpose="disclosure_police", given_on=TODAY - timedelta(days=60), form="signed"
    )
    legal.record_disclosure(
        actor=actor,
        application=case,
        recipient="police",
        content="Kertomus",
        legal_basis="consent",
        consent_id=consent.pk,
        disclosed_on=TODAY - timedelta(days=50),
    )
    legal.withdraw_consent(
        actor=actor, consent=consent, withdrawn_on=TODAY - timedelta(days=40), form="oral_with_witness"
    )
    legal.record_disclosure(
        actor=actor,
        application=case,
        recipient="immigration_service",
        content="Lausunto",
        legal_basis="authority_request",
        request_reference="MIGRI-1",
        disclosed_on=TODAY - timedelta(days=30),
    )
    legal.record_permit(
        actor=actor,
        application=case,
        permit_type="victim_temporary",
        status="granted",
        applied_on=TODAY - timedelta(days=85),
        decided_on=TODAY - timedelta(days=75),
        valid_from=TODAY - timedelta(days=75),
        valid_until=TODAY + timedelta(days=290),
    )
    legal.record_criminal_matter(
        actor=actor,
        application=case,
        client_role="complainant",
        reported_on=TODAY - timedelta(days=95),
        reported_by="assistance_system",
        police_department="helsinki",
        offence="aggravated_trafficking",
        investigation_opened_on=TODAY - timedelta(days=90),
        investigation_ended_on=TODAY - timedelta(days=20),
        prosecution="charged",
        prosecution_decided_on=TODAY - timedelta(days=10),
    )
    helper = decided_application(caseworker, decision_maker_at("HEL"), received_on=TODAY - timedelta(days=50))
    legal.set_client_category(actor=actor, application=helper, category="assisting_person")


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_export_import_export_gives_the_same_register(tmp_path: Path) -> None:
    a_register_with_a_legal_path()
    first = tmp_path / "first"
    counts = export_register_v2(first, actor=OPERATOR)
    assert (first / VERSION_FILE).read_text() == "2\n"
    assert counts["disclosures.csv"] == 2 and counts["consents.csv"] == 1
    text = {name: data.decode() for name, data in files_of(first).items()}
    assert ",assisting_person," in text["persons.csv"]
    assert "Kertomus" not in "".join(text.values()) and "MIGRI-1" not in "".join(text.values())  # no free text
    empty_everything()

    import_register_any(first, actor=OPERATOR)
    assert ServiceRecipient.objects.count() == 1
    assert Disclosure.objects.filter(imported=True).count() == 2
    assert ApplicantCategory.objects.get().category == "assisting_person"
    second = tmp_path / "second.zip"
    export_register_v2(second, actor=OPERATOR)
    third = tmp_path / "third"
    empty_everything()
    import_register_any(second, actor=OPERATOR)
    export_register_v2(third, actor=OPERATOR)
    assert files_of(third) == files_of(first)
    assert format_version(second) == "2"


def test_version_1_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    folder.mkdir()
    for name, text in VALID_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert format_version(folder) == "1"
    import_register_any(folder, actor=OPERATOR)
    assert Person.objects.count() == 3 and Application.objects.count() == 3 and ServiceProvided.objects.count() == 2
    assert not ServiceRecipient.objects.exists()


def test_a_bad_version_2_writes_nothing_and_names_every_problem(tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    files = {
        **VALID_FILES,
        "services.csv": (
            "application_id,person_id,service,started_on,ended_on\n"
            "A1,,counselling,2024-02-02,2024-06-30\n"
            "A1,C1,health_services,2024-03-10,\n"
            "A1,P2,health_services,2024-03-10,\n"  # P2 is no child of A1's applicant
        ),
        "consents.csv": (
            "application_id,purpose,given_on,form,withdrawn_on,withdrawal_form\n"
            "A1,disclosure_police,2024-01-10,signed,2024-03-01,signed\n"
        ),
        "disclosures.csv": (
            "application_id,recipient,legal_basis,consent_purpose,disclosed_on\n"
            "A1,police,consent,disclosure_police,2024-04-01\n"  # after the withdrawal
        ),
        "identification.csv": (
            "application_id,is_child,act,means,purpose,indicators,preliminary_on,reasonable_grounds,final_on,final_grounds\n"
            "A1,false,true,false,true,coercion.debt_bondage,2024-01-15,true,2024-01-20,true\n"
        ),
        "residence_permits.csv": (
            "application_id,permit_type,status,applied_on,decided_on,valid_from,valid_until\n"
            "A9,victim_temporary,applied,2024-02-01,,,\n"
        ),
        "criminal_process.csv": ("application_id,client_role,reported_on\nA1,witness,2024-02-01\n"),
        VERSION_FILE: "2\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(RegisterImportError) as error:
        import_register_any(folder, actor=OPERATOR)
    where = {(problem.file, problem.line, problem.column) for problem in error.value.problems}
    assert ("services.csv", 4, "person_id") in where
    assert ("identification.csv", 2, "final_grounds") in where or ("identification.csv", 2, "") in where
    assert ("residence_permits.csv", 2, "application_id") in where
    assert ("criminal_process.csv", 2, "reported_by") in where or ("criminal_process.csv", 2, "") in where
    assert not Person.objects.exists() and not Consent.objects.exists()  # all or nothing


def test_a_disclosure_on_a_withdrawn_consent_is_refused_on_import(tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    files = {
        **VALID_FILES,
        # Semicolons, as a Finnish spreadsheet program writes them.
        "consents.csv": (
            "application_id;purpose;given_on;form;withdrawn_on;withdrawal_form\n"
            "A1;disclosure_police;2024-01-10;signed;2024-03-01;signed\n"
        ),
        "disclosures.csv": (
            "application_id,recipient,legal_basis,consent_purpose,disclosed_on\n"
            "A1,police,consent,disclosure_police,2024-04-01\n"
        ),
        VERSION_FILE: "2\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(RegisterImportError) as error:
        import_register_any(folder, actor=OPERATOR)
    assert [(p.file, p.line, p.column) for p in error.value.problems] == [("disclosures.csv", 2, "consent_purpose")]
    assert not Person.objects.exists()
