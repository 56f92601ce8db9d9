"""Update imports stay within the office and the four eyes, and audit every row (issue 10, hole 3).

An update import (web, API, command) changes only the importing decision
maker's office's cases; it never changes a decision, a decision date, an
office or the person of an application in the register, and each changed
row is an audit entry of its own with the values before and after, shown on
the case's timeline.
"""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decision_maker_at
from tests.register.conftest import OPERATOR, VALID_FILES, WriteRegister, problems_of, replaced
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import import_register
from torju.register.models import Application, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The refusals are read in English here, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


HEADER = VALID_FILES["applications.csv"].splitlines()[0]
A1 = "A1,P1,2024-01-10,HEL,police,work_permit,positive,2024-02-01,,2024-12-31,no_longer_needs_assistance"
A2 = "A2,P2,2024-03-05,TRE,self,no_legal_residence,negative,2024-04-01,not_trafficking,,"


def hel() -> Actor:
    return Actor.for_user(decision_maker_at("HEL"))


def only(applications: str, **files: str | None) -> dict[str, str | None]:
    """An update of the given application rows, with no casework files and no child (C1: its parent's decision)."""
    return {
        "persons": VALID_FILES["persons.csv"].split("C1,")[0],
        "applications": f"{HEADER}\n{applications}\n",
        "exploitation": None,
        "reflection_periods": None,
        "services": None,
        **files,
    }


def test_an_update_refuses_other_offices_decisions_offices_and_persons_naming_each_line(
    write_register: WriteRegister,
) -> None:
    import_register(write_register(), actor=OPERATOR)
    before = {row["application_id"]: row for row in Application.objects.values("application_id", "decision", "office")}
    rows = "\n".join(
        [
            A1.replace("positive,2024-02-01,,2024-12-31,no_longer_needs_assistance", "negative,2024-02-01,other,,"),
            A2.replace("self", "police"),  # Tampere's case: not the Helsinki decision maker's to change
            "A3,P2,2025-01-15,HEL,ngo,unknown,,,,,",  # Lappeenranta's case moved to Helsinki
        ]
    )
    persons = replaced("persons.csv", "P2,victim,M,,SO", "P2,victim,F,,SO").split("C1,")[0]  # P2: other offices
    problems = problems_of(write_register(**only(rows, persons=persons)), update=True)
    assert [(file, line, column, value) for file, line, column, value, _reason in problems] == [
        ("persons.csv", 3, "person_id", "P2"),
        ("applications.csv", 2, "decision", "negative"),
        ("applications.csv", 3, "application_id", "A2"),
        ("applications.csv", 4, "application_id", "A3"),
    ]
    reasons = {(line, column): reason for _file, line, column, _value, reason in problems}
    assert "corrected through a decision draft that another person confirms" in reasons[2, "decision"]
    assert "(in the register: positive)" in reasons[2, "decision"]
    assert "only the applications of your office (HEL)" in reasons[3, "application_id"]
    assert "only persons with an application at your office (HEL)" in reasons[3, "person_id"]
    after = {row["application_id"]: row for row in Application.objects.values("application_id", "decision", "office")}
    assert after == before, "nothing imported"


@pytest.mark.parametrize(
    ("changed", "column"),
    [
        (A1.replace("2024-02-01", "2024-02-03"), "decided_on"),
        (A1.replace(",HEL,", ",TRE,"), "office"),
        (A1.replace("A1,P1,", "A1,P2,"), "person_id"),
    ],
)
def test_an_update_cannot_change_a_decision_date_an_office_or_the_applicant(
    write_register: WriteRegister, changed: str, column: str
) -> None:
    import_register(write_register(), actor=OPERATOR)
    problems = problems_of(write_register(**only(changed)), update=True)
    assert [(file, line, found) for file, line, found, _value, _reason in problems] == [("applications.csv", 2, column)]


def test_an_update_cannot_replace_another_offices_exploitation_event(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)
    exploitation = (
        "event_id,application_id,form,is_primary,country,sector,began_on,ended_on\nE3,A1,forced_begging,false,SO,,,\n"
    )
    problems = problems_of(write_register(**only(A1, exploitation=exploitation)), update=True)
    assert [(file, line, column, value) for file, line, column, value, _reason in problems] == [
        ("exploitation.csv", 2, "event_id", "E3")
    ]


def test_each_changed_row_is_audited_with_before_and_after_and_shown_on_the_timeline(
    write_register: WriteRegister,
) -> None:
    import_register(write_register(), actor=OPERATOR)
    lead = decision_maker_at("HEL")
    persons = replaced("persons.csv", "P1,victim,F,1990-04-01,", "P1,victim,F,1990-04-03,").replace(
        "P2,victim,M,,SO,,,\n", ""
    )
    import_register(
        write_register(**only(A1.replace("police", "self"), persons=persons)),
        update=True,
        actor=Actor.for_user(lead),
    )
    a1 = Application.objects.get(application_id="A1")
    p1 = Person.objects.get(person_id="P1")
    entries = AuditEvent.objects.filter(action=Action.UPDATE, actor=lead).order_by("object_type", "object_id")
    assert [(event.object_type, event.object_id, event.changes) for event in entries] == [
        (
            "register.application",
            str(a1.pk),
            {"what": "import_update", "line": 2, "before": {"source": "police"}, "after": {"source": "self"}},
        ),
        (
            "register.person",
            str(p1.pk),
            {
                "what": "import_update",
                "line": 2,
                "before": {"birth_date": "1990-04-01"},
                "after": {"birth_date": "1990-04-03"},
            },
        ),
    ], "unchanged rows (C1) are not audited"
    caseworker = caseworker_at("HEL")
    page = signed_in_client(caseworker).get(reverse("register:application", args=[a1.pk])).content.decode()
    assert "source: police → self" in page


def test_the_command_updates_in_a_named_decision_makers_name_only(write_register: WriteRegister) -> None:
    import_register(write_register(), actor=OPERATOR)
    path: Path = write_register(**only(A1.replace("police", "self")))
    with pytest.raises(CommandError, match="--user"):
        call_command("import_register", str(path), "--update")
    caseworker = caseworker_at("HEL")
    with pytest.raises(CommandError, match="decision maker"):
        call_command("import_register", str(path), "--update", "--user", caseworker.username)
    with pytest.raises(PermissionDenied):
        import_register(path, update=True, actor=OPERATOR)
    lead = decision_maker_at("HEL")
    stdout = io.StringIO()
    call_command("import_register", str(path), "--update", "--user", lead.username, stdout=stdout)
    assert "applications.csv: 0 created, 1 updated" in stdout.getvalue()
    assert Application.objects.get(application_id="A1").source == "self"
    assert AuditEvent.objects.filter(action=Action.UPDATE, actor=lead, object_type="register.application").count() == 1
