"""The programme's sample objects for the permission matrix (see tests/matrix.py).

In the shipped 2026-2027 plan: an open reporting round on a measure of the
Ministry of Economic Affairs and Employment (TEM, the matrix reporter's body)
with that body's submitted status report, and a meeting of the working group.
So the coordinator and the reporter reach real rounds and reports; others
are refused before anything is looked up.
"""

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from tests.factories import user_with_role
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import GroupKind, Measure, Meeting, Programme

SHIPPED = "2026-2027"
REPORTER_BODY = "TEM"


def programme_samples(user: User | None) -> dict[str, Any]:
    programme = Programme.objects.get(slug=SHIPPED)
    measure = (
        Measure.objects.filter(programme=programme, responsibilities__organisation__code=REPORTER_BODY)
        .order_by("number")
        .first()
    )
    assert measure is not None, f"the shipped plan has no measure of {REPORTER_BODY}"
    today = timezone.localdate()
    reporting_round = services.open_round(
        actor=Actor.for_user(user_with_role(Role.COORDINATOR)),
        programme=programme,
        name="Matriisin kierros",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=30),
        measure_numbers=[measure.number],
    )
    report = services.save_status_report(
        actor=Actor.for_user(user_with_role(Role.REPORTER)),
        reporting_round=reporting_round,
        measure=measure,
        data={"status": "on_track", "done": "Koulutus pidetty."},
        revision=None,
        submit=True,
    )
    meeting = Meeting.objects.create(
        programme=programme, body=GroupKind.WORKING_GROUP, date=today, start_time=time(9), place="Helsinki"
    )
    return {
        "programme.programme": programme,
        "programme.measure": measure,
        "programme.round": reporting_round,
        "programme.report": report,
        "programme.meeting": meeting,
    }
