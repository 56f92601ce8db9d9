"""Version 2 of the exchange format: export → import gives the same register; version 1 still imports; all or
nothing (docs/register-exchange-v2.md)."""

import csv
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import caseworker_at, decided_application, decision_maker_at
from tests.register.conftest import VALID_FILES, empty_the_register
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.legalpath import services as legal
from torju.legalpath.exchange import export_register_v2, import_register_any
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
from torju.register.exchange import ExtractOptions, RegisterImportError
from torju.register.exchange.versions import VERSION_FILE, extract_current_zip, has_version_file
from torju.register.models import Application, DirectIdentifiers, Person, ServiceProvided
from torju.register.services import PersonDetails

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# Free text and names the fixture records: none of them may leave in the format or the analysts' extract.
CONTENT, RECIPIENT_NAME, REFERENCE = "SALAINEN-SISALTO-4711", "VASTAANOTTAJA-4711", "MIGRI-VIITE-4711"
MUNICIPALITY, CHILD_NAME = "KUNTALA-4711", "Nimilapsi-4711"
FREE_TEXT = (CONTENT, RECIPIENT_NAME, REFERENCE, MUNICIPALITY, CHILD_NAME)
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


def a_register_with_a_legal_path() -> str:
    """A case with every part of the legal path, and an assisting person's case; the decision maker's username."""
    caseworker = caseworker_at("HEL")
    maker = decision_maker_at("HEL")
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
            identifiers=DirectIdentifiers(first_names=CHILD_NAME),
            sex="F",
            nationality="NP",
            birth_date=date(2017, 1, 1),
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
        content=CONTENT,
        recipient_name=RECIPIENT_NAME,
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
        content=CONTENT,
        legal_basis="authority_request",
        request_reference=REFERENCE,
        disclosed_on=TODAY - timedelta(days=30),
    )
    period = register_services.grant_reflection_period(
        actor=actor, application=case, granted_on=TODAY - timedelta(days=88), months=3
    )
    legal.record_permit(
        actor=actor,
        application=case,
        reflection_period_id=period.pk,
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
    legal.record_child_safeguards(
        actor=actor,
        application=case,
        child_id=child.pk,
        representative_appointed_on=TODAY - timedelta(days=78),
        welfare_notified_on=TODAY - timedelta(days=77),
        welfare_municipality=MUNICIPALITY,
        barnahus_referred_on=TODAY - timedelta(days=76),
    )
    request = legal.record_data_request(
        actor=actor, application=case, kind="access", received_on=TODAY - timedelta(days=15)
    )
    legal.respond_data_request(actor=actor, request=request, responded_on=TODAY - timedelta(days=5), outcome="granted")
    helper = decided_application(caseworker, maker, received_on=TODAY - timedelta(days=50))
    legal.set_client_category(actor=actor, application=helper, category="assisting_person")
    return maker.username


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_export_import_export_gives_the_same_register(tmp_path: Path) -> None:
    a_register_with_a_legal_path()
    first = tmp_path / "first"
    counts = export_register_v2(first, actor=OPERATOR)
    assert (first / VERSION_FILE).read_text() == "2\n"
    assert counts.rows["disclosures.csv"] == 2 and counts.rows["consents.csv"] == 1
    text = {name: data.decode() for name, data in files_of(first).items()}
    assert ",assisting_person," in text["persons.csv"]
    assert not [value for value in FREE_TEXT if value in "".join(text.values())]  # no free text, no names
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
    assert has_version_file(second)


def test_version_1_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    folder.mkdir()
    for name, text in VALID_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert not has_version_file(folder)
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
            "application_id,permit_type,status,applied_on,decided_on,valid_from,valid_until,reflection_granted_on\n"
            "A9,victim_temporary,applied,2024-02-01,,,,\n"
            "A2,victim_temporary,applied,2024-03-12,,,,2024-03-11\n"  # A2's period was granted on 10 March
        ),
        "child_safeguards.csv": "application_id,person_id,welfare_notified_on\nA1,P2,2024-03-01\n",  # not A1's child
        "data_subject_requests.csv": (
            "application_id,person_id,kind,received_on,responded_on,outcome\n"
            "A1,C1,access,2024-05-01,2024-04-01,granted\n"  # answered before it was received
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
    assert ("child_safeguards.csv", 2, "person_id") in where
    assert ("residence_permits.csv", 3, "reflection_granted_on") in where
    assert ("data_subject_requests.csv", 2, "") in where
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


def export_command(path: Path) -> None:
    call_command("export_register", str(path), stdout=io.StringIO())


def import_command(path: Path, *options: str) -> None:
    call_command("import_register", str(path), *options, stdout=io.StringIO(), stderr=io.StringIO())


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_register_commands_write_version_2_and_read_it_back_to_the_same_bytes(tmp_path: Path) -> None:
    a_register_with_a_legal_path()
    first = tmp_path / "first"
    export_command(first)
    text = {name: data.decode() for name, data in files_of(first).items()}
    assert text[VERSION_FILE] == "2\n"
    safeguards, requests = rows_of(text["child_safeguards.csv"]), rows_of(text["data_subject_requests.csv"])
    assert len(safeguards) == 2 and safeguards[1][2:] == [
        (TODAY - timedelta(days=days)).isoformat() for days in (78, 77, 76)
    ]
    assert requests[1][2:] == [
        "access",
        (TODAY - timedelta(days=15)).isoformat(),
        (TODAY - timedelta(days=5)).isoformat(),
        "granted",
    ]
    permit = rows_of(text["residence_permits.csv"])
    assert permit[0][-1] == "reflection_granted_on" and permit[1][-1] == (TODAY - timedelta(days=88)).isoformat()
    assert not [value for value in FREE_TEXT if value in "".join(text.values())]
    empty_everything()

    import_command(first)
    period = ResidencePermit.objects.get().reflection_period
    assert period is not None and period.granted_on == TODAY - timedelta(days=88)
    imported = ChildSafeguards.objects.get()
    assert imported.imported and imported.welfare_notified_on and imported.welfare_municipality == ""
    assert DataSubjectRequest.objects.get().outcome == "granted"
    second = tmp_path / "second.zip"
    export_command(second)
    empty_everything()
    import_command(second)
    third = tmp_path / "third"
    export_command(third)
    assert files_of(third) == files_of(first)


def test_a_version_1_folder_still_imports_with_the_register_command(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    folder.mkdir()
    for name, text in VALID_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_command(folder)
    assert Person.objects.count() == 3 and Application.objects.count() == 3
    assert not ServiceRecipient.objects.exists() and not Consent.objects.exists()


def test_the_separate_version_2_commands_are_gone() -> None:
    for name in ("export_register_v2", "import_register_v2"):
        with pytest.raises(CommandError):
            call_command(name)


def rewrite(path: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    rows = rows_of((path / name).read_text(encoding="utf-8"))
    stream = io.StringIO()
    csv.writer(stream).writerows(change(rows))
    (path / name).write_text(stream.getvalue(), encoding="utf-8", newline="")


def test_an_update_import_of_version_2_replaces_the_legal_path_row_by_row(tmp_path: Path) -> None:
    maker = a_register_with_a_legal_path()
    folder = tmp_path / "register"
    export_command(folder)
    decided = (TODAY - timedelta(days=3)).isoformat()

    def convicted(rows: list[list[str]]) -> list[list[str]]:
        header = rows[0]
        rows[1][header.index("court_outcome")] = "court_convicted"
        rows[1][header.index("court_decided_on")] = decided
        return rows

    rewrite(folder, "criminal_process.csv", convicted)
    rewrite(folder, "data_subject_requests.csv", lambda rows: rows[:1])
    expected = files_of(folder)
    case = Application.objects.get(consents__isnull=False)

    import_command(folder, "--update", "--user", maker)

    matter = CriminalMatter.objects.get()
    assert (matter.court_outcome, str(matter.court_decided_on)) == ("court_convicted", decided)
    assert matter.recorded_by is None  # the file's row
    assert not DataSubjectRequest.objects.exists()
    # What the file does not change stays as the register had it: the content of disclosures, the municipality.
    assert Disclosure.objects.filter(imported=False).count() == 2
    assert ChildSafeguards.objects.get().welfare_municipality == MUNICIPALITY
    assert ResidencePermit.objects.get().reflection_period is not None  # linked to the period written anew
    assert ServiceRecipient.objects.count() == 1
    changes = {
        (event.action, (event.changes or {})["what"])
        for event in AuditEvent.objects.filter(object_id=str(case.pk), changes__import__isnull=False)
    }
    assert changes == {
        (Action.DELETE, "criminal_process"),
        (Action.CREATE, "criminal_process"),
        (Action.DELETE, "data_subject_request"),
    }
    after = tmp_path / "after"
    export_command(after)
    assert files_of(after) == expected


def test_an_update_import_cannot_remove_a_disclosure(tmp_path: Path) -> None:
    maker = a_register_with_a_legal_path()
    folder = tmp_path / "register"
    export_command(folder)
    rewrite(folder, "disclosures.csv", lambda rows: rows[:1])
    rewrite(folder, "data_subject_requests.csv", lambda rows: rows[:1])
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", str(folder), "--update", "--user", maker, stdout=io.StringIO(), stderr=errors)
    assert "disclosures.csv" in errors.getvalue() and "cannot remove a disclosure" in errors.getvalue()
    assert Disclosure.objects.count() == 2 and DataSubjectRequest.objects.count() == 1  # nothing was imported


def test_a_version_1_update_keeps_the_legal_paths_links(tmp_path: Path) -> None:
    maker = a_register_with_a_legal_path()
    folder = tmp_path / "register"
    export_command(folder)
    (folder / VERSION_FILE).unlink()
    for name in ("consents.csv", "identification.csv", "residence_permits.csv", "criminal_process.csv"):
        (folder / name).unlink()
    for name in ("child_safeguards.csv", "data_subject_requests.csv", "disclosures.csv"):
        (folder / name).unlink()
    rewrite(folder, "services.csv", lambda rows: [[cell for i, cell in enumerate(row) if i != 1] for row in rows])
    rewrite(
        folder,
        "persons.csv",
        lambda rows: [[("victim" if cell == "assisting_person" else cell) for cell in row] for row in rows],
    )
    import_command(folder, "--update", "--user", maker)
    assert ResidencePermit.objects.get().reflection_period is not None
    assert ServiceRecipient.objects.count() == 1
    assert Consent.objects.count() == 1 and Disclosure.objects.count() == 2  # a version 1 file leaves them be


def extract_files() -> dict[str, str]:
    output = io.BytesIO()
    extract_current_zip(output, name="extract.zip", actor=Actor.system("analyst"), options=ExtractOptions())
    with zipfile.ZipFile(output) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_analysts_extract_has_the_coded_facts_and_no_free_text() -> None:
    a_register_with_a_legal_path()
    files = extract_files()
    everything = "".join(files.values())
    assert [value for value in FREE_TEXT if value in everything] == []
    assert [p.person_id for p in Person.objects.all() if p.person_id in everything] == []
    assert [a.application_id for a in Application.objects.all() if a.application_id in everything] == []
    assert "disclosures.csv" not in files and "data_subject_requests.csv" not in files
    tables = {name: list(csv.DictReader(io.StringIO(text))) for name, text in files.items() if name.endswith(".csv")}
    case = Application.objects.get(consents__isnull=False)
    case_pseudonym = next(
        row["application_id"]
        for row in tables["applications.csv"]
        if row["received_on"] == case.received_on.isoformat()
    )
    applicant = next(row["person_id"] for row in tables["applications.csv"] if row["application_id"] == case_pseudonym)
    child = next(row["person_id"] for row in tables["persons.csv"] if row["parent_person_id"] == applicant)
    assert [(r["application_id"], r["purpose"], r["withdrawn_on"]) for r in tables["consents.csv"]] == [
        (case_pseudonym, "disclosure_police", (TODAY - timedelta(days=40)).isoformat())
    ]
    assert {r["application_id"] for r in tables["identification.csv"]} >= {case_pseudonym}
    assert [(r["permit_type"], r["status"]) for r in tables["residence_permits.csv"]] == [
        ("victim_temporary", "granted")
    ]
    assert [(r["offence"], r["prosecution"]) for r in tables["criminal_process.csv"]] == [
        ("aggravated_trafficking", "charged")
    ]
    assert [(r["application_id"], r["person_id"]) for r in tables["child_safeguards.csv"]] == [(case_pseudonym, child)]
    assert [r["person_id"] for r in tables["services.csv"] if r["person_id"]] == [child]
    assert sorted(tuple(r.values()) for r in tables["disclosure_counts.csv"]) == [
        (applicant, "authority_request", "immigration_service", "1"),
        (applicant, "consent", "police", "1"),
    ]
    assert [r["role"] for r in tables["persons.csv"]].count("assisting_person") == 1
    assert files[VERSION_FILE] == "2\n"
