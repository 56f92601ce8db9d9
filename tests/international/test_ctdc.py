"""The CTDC-ready microdata: k-anonymous at the configured k on the demo register and on random registers (checked
with pyCANON and, independently, by counting the classes here), few rows suppressed, no direct identifier."""

import csv
import io
from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests.factories import caseworker_at, decided_application, decision_maker_at, user_with_role
from tests.international.registers import random_register
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.demo.register_data import load_demo_register
from torju.international import ctdc, services
from torju.register.models import Application, Person

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def smallest_class(rows: list[dict[str, str]]) -> int:
    """The independent check: the size of the smallest class of rows equal on every quasi-identifier."""
    classes = Counter(tuple(row[column] for column in ctdc.QUASI_IDENTIFIERS) for row in rows)
    return min(classes.values())


def cells(content: bytes) -> set[str]:
    return {value for row in csv.reader(io.StringIO(content.decode("utf-8"))) for value in row}


def test_the_demo_registers_file_is_k_anonymous_with_few_rows_suppressed() -> None:
    load_demo_register()
    analyst = Actor.for_user(user_with_role(Role.ANALYST))
    for first, last in ((2015, 2025), (2025, 2025)):
        result = services.ctdc_export(analyst, first, last)
        rows = rows_of(result.content)
        assert result.check.required == 11 and result.check.passed
        assert smallest_class(rows) >= 11
        assert result.anonymised.suppressed_share < 0.10
        assert len(rows) == result.anonymised.total - result.anonymised.suppressed > 0
        assert list(rows[0]) == ctdc.COLUMNS
        assert "k-anonymity check (pyCANON): passed" in result.note
    identifiers = set(Person.objects.values_list("person_id", flat=True))
    identifiers |= set(Application.objects.values_list("application_id", flat=True))
    identifiers |= set(Application.objects.values_list("case_number", flat=True))
    assert cells(result.content) & identifiers == set()
    assert AuditEvent.objects.filter(object_type=services.CTDC_OBJECT).count() == 2


@pytest.mark.parametrize(("seed", "persons", "k"), [(1, 400, 11), (2, 900, 11), (7, 250, 5), (8, 1500, 20)])
def test_random_registers_are_k_anonymous_at_the_k_asked_for(seed: int, persons: int, k: int) -> None:
    random_register(seed=seed, persons=persons)
    result = ctdc.export(2023, 2025, k)
    rows = rows_of(result.content)
    assert result.check.passed and result.check.found >= k
    assert smallest_class(rows) >= k
    assert result.anonymised.suppressed_share <= ctdc.MAX_SUPPRESSED
    # Nothing but the generalised values of the register: every year is a registration year or a period of them.
    assert {row["yearOfRegistration"][:4] for row in rows} <= {"2021", "2022", "2023", "2024", "2025"}


def test_the_anonymisation_never_lets_a_small_class_through() -> None:
    base = [
        {
            "yearOfRegistration": str(2020 + index % 3),
            "Datasource": ctdc.DATASOURCE,
            "gender": "Female" if index % 2 else "Male",
            "_age": str(15 + index % 50),
            "citizenship": f"C{index % 17}",
            "CountryOfExploitation": "FI" if index % 4 else f"E{index % 9}",
        }
        for index in range(300)
    ]
    for k in (2, 5, 11, 25):
        result = ctdc.anonymise(base, k)
        assert smallest_class(result.rows) >= k
        assert ctdc.check(result.rows, k).passed


def test_a_file_that_fails_the_check_is_not_written_and_the_command_exits_1(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    random_register(seed=11, persons=6)  # too few victims for k = 11: everything would be suppressed
    output = tmp_path / "ctdc.csv"
    with pytest.raises(SystemExit) as exited:
        call_command("ctdc_export", "--from", "2023", "--to", "2025", "-o", str(output))
    assert exited.value.code == 1
    assert not output.exists()
    assert "FAILED" in capsys.readouterr().err


def test_the_command_writes_the_file_and_the_note(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    random_register(seed=12, persons=600)
    output = tmp_path / "ctdc.csv"
    call_command("ctdc_export", "--from", "2023", "--to", "2025", "--k", "5", "-o", str(output))
    assert "k-anonymity check (pyCANON): passed" in capsys.readouterr().err
    assert smallest_class(rows_of(output.read_bytes())) >= 5
    assert "HTCDS" in (tmp_path / "ctdc.csv.note.txt").read_text(encoding="utf-8")


def test_no_direct_identifier_reaches_the_file() -> None:
    caseworker, decision_maker = caseworker_at(), decision_maker_at()
    for index in range(12):
        decided_application(
            caseworker,
            decision_maker,
            received_on=date(2024, 3, 1),
            first_names=f"Etunimi{index}",
            last_name="Sukunimi",
            phone=f"+358 40 111 22{index:02d}",
            address=f"Katu {index}",
            nationality="FI",
            birth_date=date(1990, 1, 1),
        )
    result = ctdc.export(2024, 2024, 2)
    content = result.content.decode("utf-8")
    assert result.check.passed and len(rows_of(result.content)) == 12
    for secret in ("Etunimi", "Sukunimi", "+358", "Katu", "1990-01-01"):
        assert secret not in content


def test_only_analysts_export_and_only_years_that_have_ended() -> None:
    with pytest.raises(PermissionDenied):
        services.ctdc_export(Actor.for_user(user_with_role(Role.COORDINATOR)), 2024, 2024)
    with pytest.raises(PermissionDenied):
        services.ctdc_export(Actor.for_user(user_with_role(Role.ANALYST)), 2024, date.today().year)
