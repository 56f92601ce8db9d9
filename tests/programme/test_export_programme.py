"""`manage.py export_programme`: the programme as JSON on stdout, audited."""

import json
from datetime import date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme import services
from torju.programme.models import Measure, PriorityArea, Programme, ReportingRound, Status

pytestmark = pytest.mark.django_db


def export(slug: str = "test-plan") -> tuple[str, Any]:
    out = StringIO()
    call_command("export_programme", "--programme", slug, "--format", "json", stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def submit(user: User, reporting_round: ReportingRound, number: int, status: str, done: str) -> None:
    report = reporting_round.reports.filter(measure__number=number, organisation=user.organisation).first()
    services.save_status_report(
        actor=Actor.for_user(user),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=number),
        data={"status": status, "done": done, "next_steps": "Seuraavaksi.", "funding": "", "links": "https://a.fi"},
        revision=report.revision if report else None,
        submit=True,
    )


def test_prints_the_programme_with_latest_statuses(programme: Programme) -> None:
    Measure.objects.get(programme=programme, number=2).priority_areas.set(
        PriorityArea.objects.filter(code="children_and_young_people")
    )
    reporting_round = open_whole_round(
        programme,
        user_with_role(Role.COORDINATOR),
        name="Syksy 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2026, 11, 30),
    )
    tem = user_with_role(Role.REPORTER)
    migri = user_with_role(Role.REPORTER, organisation=Organisation.objects.get(code="MIGRI"))
    submit(migri, reporting_round, 2, Status.DELAYED, "Migrin osuus.")
    submit(tem, reporting_round, 2, Status.AT_RISK, "Ensimmäinen versio.")
    submit(tem, reporting_round, 2, Status.ON_TRACK, "Toinen versio.")

    text, document = export()

    assert "ä" in text  # ensure_ascii=False
    assert text.startswith("{\n  ")  # indent 2, and nothing before the JSON
    assert document["slug"] == "test-plan"
    assert (document["start_year"], document["end_year"]) == (2026, 2027)
    assert [objective["number"] for objective in document["objectives"]] == [1, 2]
    first, second = document["objectives"][0]["measures"]
    assert first["number"] == 1
    assert first["status"] == Status.NOT_STARTED
    assert first["latest_reports"] == []
    assert second["responsible_bodies"] == [
        {
            "code": "TEM",
            "name_fi": Organisation.objects.get(code="TEM").name_fi,
            "name_sv": Organisation.objects.get(code="TEM").name_sv,
            "name_en": Organisation.objects.get(code="TEM").name_en,
            "lead": True,
        },
        {
            "code": "MIGRI",
            "name_fi": Organisation.objects.get(code="MIGRI").name_fi,
            "name_sv": Organisation.objects.get(code="MIGRI").name_sv,
            "name_en": Organisation.objects.get(code="MIGRI").name_en,
            "lead": False,
        },
    ]
    assert second["priority_areas"] == ["children_and_young_people"]
    assert (second["schedule_start"], second["schedule_end"]) == (2026, 2027)
    assert second["status"] == Status.ON_TRACK
    assert [(r["organisation"], r["status"], r["done"], r["version"]) for r in second["latest_reports"]] == [
        ("TEM", Status.ON_TRACK, "Toinen versio.", 2),
        ("MIGRI", Status.DELAYED, "Migrin osuus.", 1),
    ]
    latest = second["latest_reports"][0]
    assert latest["next_steps"] == "Seuraavaksi."
    assert latest["links"] == "https://a.fi"
    assert datetime.fromisoformat(latest["submitted_at"]).tzinfo is not None
    third = document["objectives"][1]["measures"][0]
    assert third["funding_dependent"] is True
    assert third["funding_note"] == "Edellyttää lisärahoitusta."
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.object_type, event.object_id) == ("programme.programme", str(programme.pk))


def test_unknown_programme_is_an_error(programme: Programme) -> None:
    with pytest.raises(CommandError):
        export("no-such-plan")
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
