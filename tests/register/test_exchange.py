"""The register exchange format: lossless round trips, and every bad file refused with its complete error list."""

import io
import os
import pty
import select
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from bench.generate_register import generate_register
from tests.factories import decision_maker_at
from tests.register.conftest import (
    EXPORT_FILE_NAMES,
    OPERATOR,
    VALID_FILES,
    WriteRegister,
    empty_the_register,
    problems_of,
    register_counts,
    register_is_empty,
    replaced,
)
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import RegisterImportError, export_register, import_register
from torju.register.exchange.format import FILES
from torju.register.models import Application, CaseNumberCounter, ExploitationEvent, Person, ServiceProvided

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def exported_bytes(path: Path) -> dict[str, bytes]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {file.name: (path / file.name).read_bytes() for file in FILES}


# Round trips.


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_export_import_export_gives_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    generated = tmp_path / "generated"
    counts = generate_register(generated, 40, seed=7)
    import_register(generated, actor=OPERATOR)
    first = tmp_path / f"first{suffix}"
    export_register(first, actor=OPERATOR)
    empty_the_register()
    import_register(first, actor=OPERATOR)
    second = tmp_path / f"second{suffix}"
    export_register(second, actor=OPERATOR)
    assert exported_bytes(first) == exported_bytes(second)
    assert register_counts()["Application"] == counts.applications > 40
    # The generated files hold the same rows (in the generator's order and line endings).
    for file in FILES:
        assert sorted(exported_bytes(first)[file.name].splitlines()) == sorted(
            (generated / file.name).read_bytes().splitlines()
        )


def test_export_is_utf8_without_bom_sorted_by_identifier_with_the_spec_columns(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    import_register(write_register(), actor=OPERATOR)
    export_register(tmp_path / "out", actor=OPERATOR)
    persons = (tmp_path / "out" / "persons.csv").read_bytes()
    assert not persons.startswith(b"\xef\xbb\xbf")
    lines = persons.decode("utf-8").splitlines()
    assert lines[0] == "person_id,role,sex,birth_date,nationality,parent_person_id,child_joined_on,child_left_on"
    assert [line.split(",")[0] for line in lines[1:]] == ["C1", "P1", "P2"]
    assert lines[1] == "C1,child_of_victim,F,2015-02-01,NP,P1,2024-03-01,"
    events = (tmp_path / "out" / "exploitation.csv").read_text(encoding="utf-8").splitlines()
    assert events[1:] == [
        "E1,A1,forced_labour,true,FI,berry_farms,2023-06-01,2023-09-30",
        "E2,A1,sexual_exploitation,false,NP,,,",
        "E3,A2,forced_begging,true,SO,,,",
    ]


def test_import_stores_the_rows_with_case_numbers_and_no_identifiers(write_register: WriteRegister) -> None:
    result = import_register(write_register(), actor=OPERATOR)
    assert result.created == {
        "persons.csv": 3,
        "applications.csv": 3,
        "exploitation.csv": 3,
        "reflection_periods.csv": 1,
        "services.csv": 2,
    }
    child = Person.objects.get(person_id="C1")
    assert child.parent is not None and child.parent.person_id == "P1"
    assert child.read_identifiers().hetu == "" and child.hetu_hash is None
    numbers = dict(Application.objects.values_list("application_id", "case_number"))
    assert numbers == {"A1": "HEL-2024-000001", "A2": "TRE-2024-000001", "A3": "LPR-2025-000001"}
    assert CaseNumberCounter.objects.get(office="HEL", year=2024).last_number == 1
    a1 = Application.objects.get(application_id="A1")
    assert a1.revision == 1 and a1.created_at is not None
    assert sorted(a1.services_provided.values_list("service", flat=True)) == ["counselling", "health_services"]
    assert ExploitationEvent.objects.get(event_id="E1").is_primary is True
    audit = AuditEvent.objects.get(action=Action.IMPORT)
    assert audit.changes is not None and audit.changes["created"]["applications.csv"] == 3


def test_export_is_audited_with_counts(write_register: WriteRegister, tmp_path: Path) -> None:
    import_register(write_register(), actor=OPERATOR)
    export_register(tmp_path / "register.zip", actor=OPERATOR)
    audit = AuditEvent.objects.get(action=Action.EXPORT)
    assert audit.reason == "register.zip"
    assert audit.changes == {
        "rows": {
            "persons.csv": 3,
            "applications.csv": 3,
            "exploitation.csv": 3,
            "reflection_periods.csv": 1,
            "services.csv": 2,
        }
    }


def test_semicolons_bom_and_a_zip_of_the_folder_are_accepted(write_register: WriteRegister, tmp_path: Path) -> None:
    semicolons = {name[:-4]: "\ufeff" + text.replace(",", ";") for name, text in VALID_FILES.items()}
    import_register(write_register(**semicolons), actor=OPERATOR)
    export_register(tmp_path / "from-semicolons", actor=OPERATOR)
    empty_the_register()
    archive = tmp_path / "register.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name, text in VALID_FILES.items():
            out.writestr(f"register/{name}", text)
    import_register(archive, actor=OPERATOR)
    export_register(tmp_path / "from-zip", actor=OPERATOR)
    assert exported_bytes(tmp_path / "from-semicolons") == exported_bytes(tmp_path / "from-zip")


def test_optional_files_and_columns_may_be_left_out(write_register: WriteRegister) -> None:
    persons = "person_id,role,sex,nationality\nP1,victim,F,FI\n"
    applications = (
        "application_id,person_id,received_on,office,source,residence_status\nA1,P1,2024-05-01,HEL,self,unknown\n"
    )
    result = import_register(
        write_register(
            persons=persons, applications=applications, exploitation=None, reflection_periods=None, services=None
        ),
        actor=OPERATOR,
    )
    assert result.created == {"persons.csv": 1, "applications.csv": 1}
    assert Application.objects.get().decision == ""


# Bad files: the complete error list, and nothing written.


def test_latin1_file_is_refused_naming_the_file(write_register: WriteRegister) -> None:
    folder = write_register()
    (folder / "persons.csv").write_bytes(VALID_FILES["persons.csv"].replace("P2,", "PÄ2,").encode("latin-1"))
    assert problems_of(folder) == [
        ("persons.csv", 3, "", "", "The file is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and import again.")
    ]
    assert register_is_empty()


def test_unknown_column(write_register: WriteRegister) -> None:
    persons = VALID_FILES["persons.csv"].replace("child_left_on\n", "child_left_on,notes\n").replace(",\n", ",,\n")
    assert problems_of(write_register(persons=persons)) == [
        ("persons.csv", 1, "notes", "notes", "Unknown column (column names are case-sensitive).")
    ]
    assert register_is_empty()


def test_missing_required_column(write_register: WriteRegister) -> None:
    lines = [line.split(",") for line in VALID_FILES["persons.csv"].splitlines()]
    persons = "".join(",".join(cells[:2] + cells[3:]) + "\n" for cells in lines)  # without "sex"
    assert problems_of(write_register(persons=persons)) == [
        ("persons.csv", 1, "sex", "", "A required column is missing.")
    ]
    assert register_is_empty()


def test_dangling_references(write_register: WriteRegister) -> None:
    applications = replaced("applications.csv", "A3,P2,", "A3,P9,")
    services = replaced("services.csv", "A1,health_services", "A7,health_services")
    assert problems_of(write_register(applications=applications, services=services)) == [
        ("applications.csv", 4, "person_id", "P9", "No such person_id in persons.csv."),
        ("services.csv", 3, "application_id", "A7", "No such application_id in applications.csv."),
    ]
    assert register_is_empty()


def test_duplicate_identifiers(write_register: WriteRegister) -> None:
    exploitation = replaced("exploitation.csv", "E2,A1", "E1,A1")
    persons = VALID_FILES["persons.csv"] + "P1,victim,M,,FI,,,\n"
    assert problems_of(write_register(exploitation=exploitation, persons=persons)) == [
        ("persons.csv", 5, "person_id", "P1", "The identifier appears more than once in the file."),
        ("exploitation.csv", 3, "event_id", "E1", "The identifier appears more than once in the file."),
    ]
    assert register_is_empty()


def test_bad_dates(write_register: WriteRegister) -> None:
    persons = replaced("persons.csv", "1990-04-01", "1990-02-30")
    applications = replaced("applications.csv", "2024-03-05", "05.03.2024")
    assert problems_of(write_register(persons=persons, applications=applications)) == [
        ("persons.csv", 2, "birth_date", "1990-02-30", "Not a date in the form YYYY-MM-DD."),
        ("applications.csv", 3, "received_on", "05.03.2024", "Not a date in the form YYYY-MM-DD."),
    ]
    assert register_is_empty()


def test_end_before_start(write_register: WriteRegister) -> None:
    services = replaced("services.csv", "2024-02-02,2024-06-30", "2024-02-02,2024-01-31")
    exploitation = replaced("exploitation.csv", "2023-06-01,2023-09-30", "2023-06-01,2023-05-01")
    applications = replaced("applications.csv", "2024-02-01,,2024-12-31", "2024-02-01,,2024-01-31")
    assert problems_of(write_register(services=services, exploitation=exploitation, applications=applications)) == [
        ("applications.csv", 2, "clienthood_ended_on", "2024-01-31", "Earlier than decided_on (2024-02-01)."),
        ("exploitation.csv", 2, "ended_on", "2023-05-01", "Earlier than began_on (2023-06-01)."),
        # The clienthood now ends before its services began: that is a problem of its own.
        ("services.csv", 2, "started_on", "2024-02-02", "After the clienthood ended (2024-01-31)."),
        ("services.csv", 2, "ended_on", "2024-01-31", "Earlier than started_on (2024-02-02)."),
        ("services.csv", 3, "started_on", "2024-02-10", "After the clienthood ended (2024-01-31)."),
    ]
    assert register_is_empty()


def test_decision_rules(write_register: WriteRegister) -> None:
    applications = (
        VALID_FILES["applications.csv"]
        .replace("2024-02-01,,2024-12-31", "2024-02-01,other,2024-12-31")
        .replace("negative,2024-04-01,not_trafficking,,", "negative,2024-04-01,,,")
        .replace("A3,P2,2025-01-15,LPR,ngo,unknown,,,,,", "A3,P2,2025-01-15,LPR,ngo,unknown,,2025-01-20,,2025-02-01,")
    )
    assert problems_of(write_register(applications=applications)) == [
        ("applications.csv", 2, "negative_reason", "other", "Only with a negative decision."),
        ("applications.csv", 3, "negative_reason", "", "Required with a negative decision."),
        ("applications.csv", 4, "decided_on", "2025-01-20", "Only with a decision."),
        ("applications.csv", 4, "clienthood_ended_on", "2025-02-01", "Only with a positive decision."),
    ]
    assert register_is_empty()


def test_clienthood_end_needs_date_and_reason_together(write_register: WriteRegister) -> None:
    applications = replaced("applications.csv", "2024-12-31,no_longer_needs_assistance", ",no_longer_needs_assistance")
    assert problems_of(write_register(applications=applications)) == [
        ("applications.csv", 2, "clienthood_ended_on", "", "Required together with end_reason.")
    ]


def test_months_between_one_and_six(write_register: WriteRegister) -> None:
    reflection_periods = "application_id,granted_on,months\nA2,2024-03-10,0\nA2,2024-03-10,7\nA2,2024-03-10,x\n"
    reason = "Write a whole number from 1 to 6."
    assert problems_of(write_register(reflection_periods=reflection_periods)) == [
        ("reflection_periods.csv", 2, "months", "0", reason),
        ("reflection_periods.csv", 3, "months", "7", reason),
        ("reflection_periods.csv", 4, "months", "x", reason),
    ]
    assert register_is_empty()


def test_one_primary_event_per_application(write_register: WriteRegister) -> None:
    exploitation = replaced("exploitation.csv", "E2,A1,sexual_exploitation,false", "E2,A1,sexual_exploitation,true")
    assert problems_of(write_register(exploitation=exploitation)) == [
        ("exploitation.csv", 3, "is_primary", "true", "The application has a primary event already (line 2).")
    ]
    assert register_is_empty()


def test_no_date_after_the_day_of_the_import(write_register: WriteRegister) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    applications = replaced("applications.csv", "A3,P2,2025-01-15", f"A3,P2,{tomorrow}")
    reflection_periods = f"application_id,granted_on,months\nA2,{today},3\n"
    assert problems_of(write_register(applications=applications, reflection_periods=reflection_periods)) == [
        ("applications.csv", 4, "received_on", tomorrow, "The date is after the day of the import.")
    ]
    assert register_is_empty()


def test_children_and_victims(write_register: WriteRegister) -> None:
    persons = (
        VALID_FILES["persons.csv"]
        .replace("C1,child_of_victim,F,2015-02-01,NP,P1,2024-03-01,", "C1,child_of_victim,F,2015-02-01,NP,,2024-03-01,")
        .replace("P2,victim,M,,SO,,,", "P2,victim,M,,SO,P1,,")
        + "C2,child_of_victim,M,2016-01-01,NP,C9,,\n"
        + "C3,child_of_victim,M,2016-01-01,NP,C1,2024-03-01,2024-02-01\n"
    )
    assert problems_of(write_register(persons=persons)) == [
        ("persons.csv", 3, "parent_person_id", "P1", "Only a child of a victim has this."),
        ("persons.csv", 4, "parent_person_id", "", "Required for a child of a victim."),
        ("persons.csv", 5, "parent_person_id", "C9", "No such person_id in persons.csv."),
        ("persons.csv", 5, "child_joined_on", "", "Required for a child of a victim."),
        ("persons.csv", 6, "parent_person_id", "C1", "The parent must have the role victim."),
        ("persons.csv", 6, "child_left_on", "2024-02-01", "Earlier than child_joined_on (2024-03-01)."),
    ]
    assert register_is_empty()


def test_applicants_are_victims_and_services_need_a_positive_decision(write_register: WriteRegister) -> None:
    applications = replaced("applications.csv", "A3,P2,", "A3,C1,")
    services = VALID_FILES["services.csv"] + "A2,counselling,2024-04-02,\n"
    assert problems_of(write_register(applications=applications, services=services)) == [
        ("applications.csv", 4, "person_id", "C1", "The applicant must have the role victim."),
        (
            "services.csv",
            4,
            "application_id",
            "A2",
            "Services belong to a clienthood: the application has no positive decision.",
        ),
    ]


def test_codes_countries_booleans_and_identifiers(write_register: WriteRegister) -> None:
    persons = replaced("persons.csv", "P2,victim,M,,SO", "P2,victim,Q,,SU")
    exploitation = (
        VALID_FILES["exploitation.csv"]
        .replace("E2,A1,sexual_exploitation,false,NP,,,", "E2,A1,sexual_exploitation,no,NP,restaurants,,")
        .replace("E3,A2,forced_begging", "=E3,A2,forced_begging")
    )
    applications = replaced("applications.csv", "A3,P2,2025-01-15,LPR", "A3,P2,2025-01-15,OUL")
    assert problems_of(write_register(persons=persons, exploitation=exploitation, applications=applications)) == [
        ("persons.csv", 3, "sex", "Q", "Not a code of the code list sex."),
        (
            "persons.csv",
            3,
            "nationality",
            "SU",
            "Not a country code (ISO 3166-1 alpha-2, XX stateless or ZZ unknown).",
        ),
        ("applications.csv", 4, "office", "OUL", "Not a code of the code list office."),
        ("exploitation.csv", 3, "is_primary", "no", "Write true or false."),
        ("exploitation.csv", 3, "sector", "restaurants", "Only for the form forced_labour."),
        (
            "exploitation.csv",
            4,
            "event_id",
            "=E3",
            "Not a valid identifier: 1 to 64 characters, not starting with =, +, -, @, a tab or a line break.",
        ),
    ]


def test_stateless_and_unknown_nationality_are_countries(write_register: WriteRegister) -> None:
    persons = replaced("persons.csv", "P2,victim,M,,SO", "P2,victim,M,,XX").replace(",NP,P1,", ",ZZ,P1,")
    import_register(write_register(persons=persons), actor=OPERATOR)
    assert sorted(Person.objects.values_list("nationality", flat=True)) == ["NP", "XX", "ZZ"]


def test_file_level_problems(write_register: WriteRegister) -> None:
    folder = write_register(applications=None, services=VALID_FILES["services.csv"] + "A1,counselling\n")
    (folder / "service.csv").write_text("application_id,service,started_on\n", encoding="utf-8")
    assert problems_of(folder) == [
        (
            "service.csv",
            None,
            "",
            "",
            "Unknown file; the register files are persons.csv, applications.csv, exploitation.csv, "
            "reflection_periods.csv, services.csv.",
        ),
        ("applications.csv", None, "", "", "The file is missing; every register has one."),
        ("services.csv", 4, "", "", "The row has 2 cells but the header has 4 columns."),
    ]
    assert register_is_empty()


def test_many_errors_in_a_generated_register_are_all_reported(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    counts = generate_register(folder, 300, seed=11)
    services = folder / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = [line.replace(",counselling,", ",sauna,", 1) for line in lines]
    services.write_text("".join(bad), encoding="utf-8")
    sauna_lines = [number for number, line in enumerate(bad, start=1) if ",sauna," in line]
    problems = problems_of(folder)
    assert [(file, line) for file, line, *_rest in problems] == [("services.csv", line) for line in sauna_lines]
    assert len(sauna_lines) > 5 and counts.services > len(sauna_lines)
    assert register_is_empty()


# Importing again.


def test_reimport_is_refused_unless_updating(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)
    before = register_counts()
    problems = problems_of(write_register())
    assert [(file, line, column) for file, line, column, _value, _reason in problems] == [
        ("persons.csv", 2, "person_id"),
        ("persons.csv", 3, "person_id"),
        ("persons.csv", 4, "person_id"),
        ("applications.csv", 2, "application_id"),
        ("applications.csv", 3, "application_id"),
        ("applications.csv", 4, "application_id"),
        ("exploitation.csv", 2, "event_id"),
        ("exploitation.csv", 3, "event_id"),
        ("exploitation.csv", 4, "event_id"),
    ]
    assert {reason for *_rest, reason in problems} == {"Already in the register; import with update to replace it."}
    assert register_counts() == before


def test_update_replaces_rows_and_keeps_case_numbers(write_register: WriteRegister, tmp_path: Path) -> None:
    import_register(write_register(), actor=OPERATOR)
    a1 = Application.objects.get(application_id="A1")
    header = VALID_FILES["applications.csv"].splitlines()[0]
    applications = (
        f"{header}\n"
        "A1,P1,2024-01-10,HEL,self,work_permit,positive,2024-02-01,,2024-12-31,no_longer_needs_assistance\n"
        "A4,P1,2025-03-01,HEL,self,unknown,,,,,\n"
    )
    persons = VALID_FILES["persons.csv"].replace("P1,victim,F,1990-04-01,", "P1,victim,F,1990-04-02,")
    persons = persons.replace("P2,victim,M,,SO,,,\n", "")
    services = "application_id,service,started_on,ended_on\nA1,interpretation,2024-02-02,\n"
    exploitation = "\n".join(VALID_FILES["exploitation.csv"].splitlines()[:3]) + "\n"  # A1's events
    hel = Actor.for_user(decision_maker_at("HEL"))
    result = import_register(
        write_register(
            applications=applications,
            services=services,
            persons=persons,
            exploitation=exploitation,
            reflection_periods=None,
        ),
        update=True,
        actor=hel,
    )
    assert result.updated == {"persons.csv": 2, "applications.csv": 1, "exploitation.csv": 2}
    assert result.created["applications.csv"] == 1
    a1.refresh_from_db()
    assert (a1.source, a1.case_number, a1.revision) == ("self", "HEL-2024-000001", 2)
    assert Application.objects.get(application_id="A4").case_number == "HEL-2025-000001"
    assert list(ServiceProvided.objects.values_list("application__application_id", "service")) == [
        ("A1", "interpretation")
    ]
    assert str(Person.objects.get(person_id="P1").birth_date) == "1990-04-02"
    export_register(tmp_path / "after", actor=OPERATOR)
    assert (tmp_path / "after" / "services.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "A1,interpretation,2024-02-02,"
    ]


def test_update_cannot_turn_an_applicant_into_a_child(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)
    persons = replaced("persons.csv", "P2,victim,M,,SO,,,", "P2,child_of_victim,M,2012-01-01,SO,P1,2024-05-01,")
    applications = VALID_FILES["applications.csv"].split("A1,")[0]  # none: A2 and A3 stay in the register
    problems = problems_of(
        write_register(
            persons=persons, applications=applications, exploitation=None, reflection_periods=None, services=None
        ),
        update=True,
        actor=Actor.for_user(decision_maker_at("TRE")),  # P2 applied at Tampere
    )
    assert problems == [
        (
            "persons.csv",
            3,
            "role",
            "child_of_victim",
            "In the register this person applied (A2), which a child of a victim cannot.",
        ),
        (
            "persons.csv",
            3,
            "role",
            "child_of_victim",
            "In the register this person applied (A3), which a child of a victim cannot.",
        ),
    ]
    assert Person.objects.get(person_id="P2").role == "victim"


# The commands.


def test_import_command_prints_every_error_and_fails(write_register: WriteRegister) -> None:
    persons = replaced("persons.csv", "P2,victim,M,,SO", "P2,victim,Q,,SO")
    exploitation = replaced("exploitation.csv", "E2,A1,sexual_exploitation,false", "E2,A1,sexual_exploitation,true")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="2 errors; nothing was imported"):
        call_command("import_register", str(write_register(persons=persons, exploitation=exploitation)), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        'persons.csv:3: sex "Q": Not a code of the code list sex.',
        'exploitation.csv:3: is_primary "true": The application has a primary event already (line 2).',
    ]
    assert register_is_empty()


def test_commands_import_and_export_with_counts(write_register: WriteRegister, tmp_path: Path) -> None:
    stdout = io.StringIO()
    call_command("import_register", str(write_register()), stdout=stdout)
    assert "applications.csv: 3 created" in stdout.getvalue()
    stdout = io.StringIO()
    call_command("export_register", str(tmp_path / "out.zip"), stdout=stdout)
    assert "services.csv: 2 rows" in stdout.getvalue()
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == EXPORT_FILE_NAMES  # version 2 (decision 0095), in name order
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_import_command_draws_a_progress_bar_on_a_terminal(
    write_register: WriteRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    primary, secondary = pty.openpty()
    terminal = os.fdopen(secondary, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", terminal)
    shown: list[bytes] = []
    done = threading.Event()

    def watch() -> None:  # drained as it is drawn: a full terminal buffer would block the command
        while not done.is_set() or select.select([primary], [], [], 0.2)[0]:
            if select.select([primary], [], [], 0.05)[0]:
                shown.append(os.read(primary, 1 << 16))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        call_command("import_register", str(write_register()), stdout=io.StringIO())
        terminal.flush()
    finally:
        done.set()
        watcher.join()
        terminal.close()
        os.close(primary)
    drawn = b"".join(shown).decode("utf-8")
    redraws = drawn.replace("\r\n", "\n").split("\r")  # the terminal shows a line break as CR LF
    assert any(line.startswith("persons.csv") for line in redraws)
    assert any(line.startswith("services.csv") for line in redraws)
    assert "100%" in redraws[-1] and drawn.endswith("\n")


def test_no_progress_bar_when_the_output_is_not_a_terminal(
    write_register: WriteRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    call_command("import_register", str(write_register()), stdout=io.StringIO())
    assert captured.getvalue() == ""  # a log file gets no carriage returns


# A refused import into a register that has data: nothing of it changes.


def _other_register(write_register: WriteRegister) -> Path:
    """VALID_FILES under other identifiers, so that it imports beside them."""
    renamed = {}
    for name, text in VALID_FILES.items():
        lines = text.splitlines(keepends=True)
        body = "".join(lines[1:])
        for old, new in (("P", "Q"), ("A", "B"), ("E", "F"), ("C1", "D1")):
            body = body.replace(f"{old}1,", f"{new}1,").replace(f"{old}2,", f"{new}2,").replace(f"{old}3,", f"{new}3,")
            body = body.replace(f",{old}1,", f",{new}1,").replace(f",{old}2,", f",{new}2,")
        renamed[name[:-4]] = lines[0] + body
    return write_register(**renamed)


BAD_FILES: dict[str, Callable[[Path], object]] = {
    "wrong encoding": lambda folder: (folder / "persons.csv").write_bytes(
        VALID_FILES["persons.csv"].replace("P2,", "PÄ2,").encode("latin-1")
    ),
    "semicolons mixed with commas": lambda folder: (folder / "services.csv").write_text(
        VALID_FILES["services.csv"].replace(",", ";", 6), encoding="utf-8"
    ),
    "BOM before a bad header": lambda folder: (folder / "persons.csv").write_text(
        "\ufeff" + VALID_FILES["persons.csv"].replace("person_id,role", "Person_id,role"), encoding="utf-8"
    ),
    "unknown column": lambda folder: (folder / "reflection_periods.csv").write_text(
        "application_id,granted_on,months,note\nA2,2024-03-10,3,x\n", encoding="utf-8"
    ),
    "missing required column": lambda folder: (folder / "reflection_periods.csv").write_text(
        "application_id,granted_on\nA2,2024-03-10\n", encoding="utf-8"
    ),
    "dangling reference": lambda folder: (folder / "services.csv").write_text(
        replaced("services.csv", "A1,health_services", "A9,health_services"), encoding="utf-8"
    ),
    "duplicate id": lambda folder: (folder / "exploitation.csv").write_text(
        replaced("exploitation.csv", "E2,A1", "E1,A1"), encoding="utf-8"
    ),
    "bad date": lambda folder: (folder / "applications.csv").write_text(
        replaced("applications.csv", "2024-03-05", "2024-02-30"), encoding="utf-8"
    ),
    "end before start": lambda folder: (folder / "services.csv").write_text(
        replaced("services.csv", "2024-02-02,2024-06-30", "2024-02-02,2024-01-31"), encoding="utf-8"
    ),
}


@pytest.mark.parametrize("damage", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_refused_import_leaves_a_register_with_data_as_it_was(
    write_register: WriteRegister, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    import_register(_other_register(write_register), actor=OPERATOR)
    export_register(tmp_path / "before", actor=OPERATOR)
    counters = list(CaseNumberCounter.objects.values_list("office", "year", "last_number").order_by("office", "year"))
    audit_rows = AuditEvent.objects.count()
    folder = write_register()
    damage(folder)

    with pytest.raises(RegisterImportError) as refused:
        import_register(folder, actor=OPERATOR)

    assert refused.value.problems
    export_register(tmp_path / "after", actor=OPERATOR)
    assert exported_bytes(tmp_path / "after") == exported_bytes(tmp_path / "before")
    assert register_counts()["Person"] == 3
    assert list(CaseNumberCounter.objects.values_list("office", "year", "last_number").order_by("office", "year")) == (
        counters
    )
    assert AuditEvent.objects.count() == audit_rows + 1  # the second export; the refusal wrote nothing


def test_semicolon_and_bom_files_report_their_errors_where_they_are(write_register: WriteRegister) -> None:
    persons = "\ufeff" + replaced("persons.csv", "P2,victim,M,", "P2,victim,Q,").replace(",", ";")
    services = replaced("services.csv", "2024-02-02,2024-06-30", "2024-02-02,2024-01-31").replace(",", ";")
    applications = "\ufeff" + VALID_FILES["applications.csv"]
    assert problems_of(write_register(persons=persons, services=services, applications=applications)) == [
        ("persons.csv", 3, "sex", "Q", "Not a code of the code list sex."),
        ("services.csv", 2, "ended_on", "2024-01-31", "Earlier than started_on (2024-02-02)."),
    ]
    assert register_is_empty()
