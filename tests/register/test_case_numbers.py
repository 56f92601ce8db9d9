"""Case numbers: one running number per office and year, never shared, also under concurrent registration."""

import threading
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.factories import user_with_role, victim_row
from tests.register.conftest import OPERATOR, WriteRegister
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register.case_numbers import format_case_number
from torju.register.exchange import import_register
from torju.register.models import Application, Person
from torju.register.services import register_application

RECEIVED = date(2024, 6, 3)


def register(user: User, person: Person, application_id: str, office: str = "HEL", reason: str = "") -> Application:
    return register_application(
        actor=Actor.for_user(user),
        person=person,
        application_id=application_id,
        received_on=RECEIVED,
        office=office,
        source="police",
        residence_status="unknown",
        reason=reason,
    )


def test_format() -> None:
    assert format_case_number("HEL", 2026, 123) == "HEL-2026-000123"


@pytest.mark.django_db
def test_registration_numbers_per_office_and_year_and_is_audited() -> None:
    caseworker = user_with_role(Role.CASEWORKER)  # of the Helsinki office
    first = register(caseworker, victim_row("P1", nationality="NP"), "A1")
    second = register(caseworker, victim_row("P2", nationality="NP"), "A2")
    assert [first.case_number, second.case_number] == ["HEL-2024-000001", "HEL-2024-000002"]
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(first.pk)).exists()
    tampere = user_with_role(Role.CASEWORKER, organisation=Organisation.objects.get(code="AUTTAMISJARJESTELMA-TRE"))
    known_in_helsinki = Person.objects.get(person_id="P1")
    moved = register(tampere, known_in_helsinki, "A3", office="TRE", reason="Muutti Tampereelle, hakee apua täältä.")
    assert moved.case_number == "TRE-2024-000001"


@pytest.mark.django_db
def test_only_a_caseworker_of_the_office_registers() -> None:
    person = victim_row("P1", nationality="NP")
    with pytest.raises(PermissionDenied):
        register(user_with_role(Role.CASEWORKER), person, "A1", office="TRE")
    with pytest.raises(PermissionDenied):
        register(user_with_role(Role.ANALYST), person, "A1")
    child = Person.objects.create(
        person_id="C1", role="child_of_victim", sex="F", nationality="NP", parent=person, child_joined_on=RECEIVED
    )
    with pytest.raises(ValidationError):
        register(user_with_role(Role.CASEWORKER), child, "A1")
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_imported_numbers_continue_in_the_service(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)  # A1 is HEL-2024-000001
    caseworker = user_with_role(Role.CASEWORKER)
    assert register(caseworker, Person.objects.get(person_id="P1"), "A9").case_number == "HEL-2024-000002"


@pytest.mark.django_db
def test_import_continues_after_the_service(write_register: WriteRegister, tmp_path: Path) -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    register(caseworker, victim_row("X1", nationality="NP"), "X1")
    import_register(write_register(), actor=OPERATOR)
    assert Application.objects.get(application_id="A1").case_number == "HEL-2024-000002"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number() -> None:
    caseworker = user_with_role(Role.CASEWORKER)
    people = [victim_row(f"P{number}", nationality="NP") for number in range(8)]
    start = threading.Barrier(len(people))
    numbers: list[str] = []
    failures: list[BaseException] = []

    def register_in_own_connection(person: Person) -> None:
        try:
            start.wait()
            numbers.append(register(caseworker, person, f"A-{person.person_id}").case_number)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register_in_own_connection, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == [format_case_number("HEL", 2024, number) for number in range(1, len(people) + 1)]
