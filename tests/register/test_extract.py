"""The analysts' extract is pseudonymous (issue 10, hole 13).

Every identifier is a keyed pseudonym of the extract (consistent within it,
new in each unless a series is named), birth dates are months unless a stated
purpose needs them exact (flagged for the auditor).
"""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.register.conftest import OPERATOR, VALID_FILES, WriteRegister, replaced
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import ExtractOptions, extract_register_zip, import_register

pytestmark = pytest.mark.django_db

Tables = dict[str, list[dict[str, str]]]
OPERATIONAL_IDS = {"P1", "P2", "C1", "A1", "A2", "A3", "E1", "E2", "E3"}


@pytest.fixture
def register(write_register: WriteRegister) -> Path:
    persons = replaced("persons.csv", "P1,victim,F,1990-04-01,", "P1,victim,F,1990-04-17,")
    persons = persons.replace("C1,child_of_victim,F,2015-02-01,", "C1,child_of_victim,F,2015-02-28,")
    path = write_register(persons=persons)
    import_register(path, actor=OPERATOR)
    return path


def extract(options: ExtractOptions | None = None, actor: Actor | None = None) -> Tables:
    output = io.BytesIO()
    extract_register_zip(
        output, name="register.zip", actor=actor or Actor.system("analyst"), options=options or ExtractOptions()
    )
    with zipfile.ZipFile(output) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8")))) for name in archive.namelist()
        }


def ids(tables: Tables) -> dict[str, str]:
    return {
        "persons": ",".join(sorted(row["person_id"] for row in tables["persons.csv"])),
        "applications": ",".join(sorted(row["application_id"] for row in tables["applications.csv"])),
    }


@pytest.mark.usefixtures("register")
def test_every_identifier_is_a_pseudonym_consistent_within_the_extract() -> None:
    tables = extract()
    cells = {value for rows in tables.values() for row in rows for value in row.values()}
    assert not cells & OPERATIONAL_IDS, "no operational identifier"
    persons = {row["person_id"] for row in tables["persons.csv"]}
    applications = {row["application_id"] for row in tables["applications.csv"]}
    assert len(persons) == 3 and len(applications) == 3
    assert {row["person_id"] for row in tables["applications.csv"]} <= persons
    assert {row["parent_person_id"] for row in tables["persons.csv"]} - {""} <= persons
    for name in ("exploitation.csv", "reflection_periods.csv", "services.csv"):
        assert {row["application_id"] for row in tables[name]} <= applications, name
    assert len({row["event_id"] for row in tables["exploitation.csv"]}) == 3
    assert all(value.startswith(("p-", "a-", "e-")) for value in persons | applications)
    # The same rows as the exchange format, but for the identifiers and the birth dates.
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts == {name: len(text.splitlines()) - 1 for name, text in VALID_FILES.items()}


@pytest.mark.usefixtures("register")
def test_birth_dates_are_months_unless_a_stated_purpose_needs_them_and_that_is_flagged() -> None:
    assert sorted(row["birth_date"] for row in extract()["persons.csv"]) == ["", "1990-04-01", "2015-02-01"]
    assert not AuditEvent.objects.filter(action=Action.EXPORT, flagged=True).exists()
    with pytest.raises(ValidationError) as refused:
        ExtractOptions.checked(exact_birth_dates=True, purpose="ikä")
    assert "purpose" in refused.value.message_dict
    purpose = "Ikä tulohetkellä päivän tarkkuudella: lasten osuus tutkimuksessa."
    exact = extract(ExtractOptions.checked(exact_birth_dates=True, purpose=purpose))
    assert sorted(row["birth_date"] for row in exact["persons.csv"]) == ["", "1990-04-17", "2015-02-28"]
    flagged = AuditEvent.objects.get(action=Action.EXPORT, flagged=True)
    assert flagged.reason == f"register.zip: {purpose}"
    assert flagged.changes is not None and flagged.changes["birth_dates"] == "exact"


@pytest.mark.usefixtures("register")
def test_pseudonyms_differ_in_each_extract_unless_a_series_is_named() -> None:
    first, second = extract(), extract()
    assert ids(first)["persons"] != ids(second)["persons"]
    series = ExtractOptions.checked(series="Uhritutkimus 2026")
    in_series, again = extract(series), extract(series)
    assert ids(in_series) == ids(again)
    assert ids(in_series)["persons"] not in {ids(first)["persons"], ids(second)["persons"]}
    other = extract(ExtractOptions.checked(series="Toinen sarja"))
    assert ids(other)["persons"] != ids(in_series)["persons"]
    events = AuditEvent.objects.filter(action=Action.EXPORT).order_by("pk")
    assert [(event.changes or {}).get("pseudonyms") for event in events] == [
        "this extract",
        "this extract",
        "series",
        "series",
        "series",
    ]


@pytest.mark.usefixtures("register")
def test_the_page_and_the_api_ask_for_the_purpose_of_exact_birth_dates() -> None:
    client = signed_in_client(user_with_role(Role.ANALYST, language="en"))
    page = client.post(
        reverse("register:extract"), {"format": "zip", "language": "fi", "exact_birth_dates": "on", "purpose": ""}
    )
    assert page.status_code == 400 and page.context["form"].errors["purpose"]
    api = client.post(
        reverse("register_api:extract-list"), {"exact_birth_dates": True}, content_type="application/json"
    )
    assert api.status_code == 400 and "purpose" in api.json()
