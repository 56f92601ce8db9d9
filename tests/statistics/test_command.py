"""The annual_statistics command prints the spec's JSON and nothing else, exact or in the public form."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from torju.audit.models import Action, AuditEvent
from torju.register.models import Application, ExploitationEvent, Person
from torju.statistics.computation import annual_statistics
from torju.statistics.disclosure import OTHER, public_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _register() -> None:
    """Six new clients of 2025: four from Nepal, one from Somalia, one from Thailand."""
    for number, nationality in enumerate(["NP", "NP", "NP", "NP", "SO", "TH"], start=1):
        person = Person.objects.create(
            person_id=f"P{number}", role="victim", sex="F", birth_date=date(1990, 1, 1), nationality=nationality
        )
        application = Application.objects.create(
            application_id=f"A{number}",
            case_number=f"HEL-2025-{number:06d}",
            person=person,
            received_on=date(2025, 3, 1),
            office="HEL",
            source="police",
            residence_status="work_permit",
            decision="positive",
            decided_on=date(2025, 4, 1),
        )
        ExploitationEvent.objects.create(
            event_id=f"E{number}",
            application=application,
            exploitation_form="forced_labour",
            is_primary=True,
            country="FI",
        )


def printed(*arguments: str) -> str:
    out = StringIO()
    call_command("annual_statistics", *arguments, stdout=out)
    return out.getvalue()


def test_prints_the_exact_statistics_as_json_and_records_the_export() -> None:
    output = printed("--year", "2025")
    assert json.loads(output) == annual_statistics(2025)
    assert json.loads(output)["new_clients"]["by_nationality"] == {"NP": 4, "SO": 1, "TH": 1}
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.object_type, event.object_id, event.reason) == (
        "statistics.annual",
        "2025",
        "json exact by the command annual_statistics",
    )


def test_prints_the_public_form_with_the_threshold_given_or_the_setting() -> None:
    assert json.loads(printed("--year", "2025", "--public", "--k", "2")) == public_form(annual_statistics(2025), 2)
    assert json.loads(printed("--year", "2025", "--public", "--k", "2"))["new_clients"]["by_nationality"] == {
        "NP": 4,
        OTHER: 2,
    }
    with override_settings(STATISTICS_DISCLOSURE_K=2):
        assert json.loads(printed("--year", "2025", "--public")) == public_form(annual_statistics(2025), 2)
    with override_settings(STATISTICS_DISCLOSURE_K=5):
        # Two under 5 merged; "other" still under 5, so Nepal joins it.
        assert json.loads(printed("--year", "2025", "--public"))["new_clients"]["by_nationality"] == {OTHER: 6}


def test_k_without_public_is_accepted_and_changes_nothing_in_the_exact_counts() -> None:
    exact = json.loads(printed("--year", "2025"))
    assert json.loads(printed("--year", "2025", "--k", "3")) == exact
    assert json.loads(printed("--year", "2025", "--k", "50")) == exact
    assert exact["new_clients"]["by_nationality"] == {"NP": 4, "SO": 1, "TH": 1}
    reasons = AuditEvent.objects.filter(action=Action.EXPORT).values_list("reason", flat=True)
    assert set(reasons) == {"json exact by the command annual_statistics"}


def test_a_year_without_data_is_all_zeros() -> None:
    assert json.loads(printed("--year", "2006"))["applications"]["received"] == 0


def test_the_years_are_those_of_the_web_ui_and_the_api() -> None:
    """From the assistance system's first year, 2006, to the current one: the same rule everywhere."""
    current = timezone.localdate().year
    assert json.loads(printed("--year", str(current)))["year"] == current
    for year in (2005, current + 1, 0):
        with pytest.raises(CommandError, match=f"--year must be from 2006 to {current}, not {year}"):
            printed("--year", str(year))
    assert not AuditEvent.objects.filter(action=Action.EXPORT, object_id__in=["2005", "0"]).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "2025", "--public", "--k", "0"], "at least 1"),
        (["--year", "2025", "--k", "-1"], "at least 1"),
    ],
)
def test_bad_arguments_are_refused(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        printed(*arguments)
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
