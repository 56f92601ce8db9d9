"""Every change in action-plan monitoring is in the audit trail: who, what, before and after, from where."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme import services
from torju.programme.models import Measure, Meeting, Programme, ReportingRound, StatusReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_round(programme: Programme, coordinator: User) -> ReportingRound:
    return open_whole_round(
        programme,
        coordinator,
        name="Kevät 2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 3, 31),
        deadline=date(2027, 4, 30),
    )


def events(action: Action, obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
            "id"
        )
    )


def test_draft_saves_are_recorded_with_before_and_after(reporting_round: ReportingRound) -> None:
    tem = user_with_role(Role.REPORTER)
    client = signed_in_client(tem)
    url = reverse("programme:report_edit", args=[reporting_round.pk, 1])
    assert client.post(url, {"status": "on_track", "done": "Ensimmäinen luonnos", "save": "1"}).status_code == 302
    report = StatusReport.objects.get(round=reporting_round, measure__number=1)
    assert (
        client.post(
            url, {"status": "delayed", "done": "Toinen luonnos", "revision": report.revision, "save": "1"}
        ).status_code
        == 302
    )

    created, updated = events(Action.CREATE, report) + events(Action.UPDATE, report)
    assert (created.actor, created.path) == (tem, url)
    assert created.changes is not None and created.changes["before"] is None
    assert created.changes["after"]["state"] == "draft"
    assert created.changes["after"]["done"] == "Ensimmäinen luonnos"
    assert updated.actor == tem
    assert updated.changes is not None
    assert (updated.changes["before"]["status"], updated.changes["after"]["status"]) == ("on_track", "delayed")
    assert (updated.changes["before"]["done"], updated.changes["after"]["done"]) == (
        "Ensimmäinen luonnos",
        "Toinen luonnos",
    )
    assert events(Action.SUBMIT, report) == [], "a draft is not a submission"


def test_a_comment_that_does_not_return_the_report_is_recorded(
    reporting_round: ReportingRound, coordinator: User
) -> None:
    report = services.save_status_report(
        actor=Actor.for_user(user_with_role(Role.REPORTER)),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        data={"status": "on_track", "done": "Tehty."},
        revision=None,
        submit=True,
    )
    url = reverse("programme:report_comment", args=[report.pk])
    response = signed_in_client(coordinator).post(url, {"text": "Hyvä raportti, kiitos."})
    assert response.status_code == 302

    [comment] = events(Action.COMMENT, report)
    assert (comment.actor, comment.reason, comment.path) == (coordinator, "Hyvä raportti, kiitos.", url)
    assert events(Action.RETURN, report) == []
    report.refresh_from_db()
    assert report.state == "submitted"


def test_closing_a_round_is_recorded(reporting_round: ReportingRound, coordinator: User) -> None:
    url = reverse("programme:round_close", args=[reporting_round.pk])
    assert signed_in_client(coordinator).post(url).status_code == 302

    [closed] = events(Action.UPDATE, reporting_round)
    assert (closed.actor, closed.path) == (coordinator, url)
    assert closed.changes == {"before": {"closed": False}, "after": {"closed": True}}
    reporting_round.refresh_from_db()
    assert reporting_round.closed


def meeting_data(programme: Programme, **overrides: str) -> dict[str, str]:
    return {
        "programme": str(programme.pk),
        "body": "steering_group",
        "body_name": "Ohjausryhmä",
        "number": "3",
        "date": "2027-02-01",
        "start_time": "13:00",
        "end_time": "15:00",
        "place": "Teams",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "1",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-name": "Aino Esimerkki",
        "participants-0-title": "Kansliapäällikkö",
        "participants-0-role": "chair",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "1",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-number": "1",
        "agenda-0-title": "Toimeenpanon tilanne",
        "agenda-0-minutes": "Keskusteltiin toimenpiteestä 3.",
        "agenda-0-decision": "Pyydetään selvitys.",
        "agenda-0-decision_measures": "3",
        **overrides,
    }


def test_creating_and_editing_a_meeting_is_recorded_with_what_changed(programme: Programme, coordinator: User) -> None:
    client = signed_in_client(coordinator)
    created = client.post(reverse("programme:meeting_new"), meeting_data(programme))
    assert created.status_code == 302
    meeting = Meeting.objects.get()
    [creation] = events(Action.CREATE, meeting)
    assert (creation.actor, creation.path) == (coordinator, reverse("programme:meeting_new"))
    assert creation.changes is not None and creation.changes["before"] is None
    after = creation.changes["after"]
    assert (after["date"], after["start_time"], after["end_time"], after["place"]) == (
        "2027-02-01",
        "13:00",
        "15:00",
        "Teams",
    )
    assert after["participants"] == [
        {
            "user": None,
            "name": "Aino Esimerkki",
            "title": "Kansliapäällikkö",
            "organisation": None,
            "role": "chair",
            "role_note": "",
            "left_at": None,
        }
    ]
    assert after["agenda"] == [
        {
            "number": 1,
            "title": "Toimeenpanon tilanne",
            "minutes": "Keskusteltiin toimenpiteestä 3.",
            "decisions": [{"text": "Pyydetään selvitys.", "measures": [3], "owner": None, "deadline": None}],
        }
    ]

    edit_url = reverse("programme:meeting_edit", args=[meeting.pk])
    edited = client.post(
        edit_url,
        meeting_data(
            programme,
            revision=str(meeting.revision),
            **{
                "participants-INITIAL_FORMS": "1",
                "participants-0-id": str(meeting.participants.get().pk),
                "participants-0-left_at": "14:30",
                "agenda-INITIAL_FORMS": "1",
                "agenda-0-id": str(meeting.agenda_items.get().pk),
                "agenda-0-minutes": "Keskusteltiin toimenpiteistä 3 ja 4.",
                "agenda-0-decision_measures": "3, 4",
            },
        ),
    )
    assert edited.status_code == 302
    [edit] = events(Action.UPDATE, meeting)
    assert (edit.actor, edit.path) == (coordinator, edit_url)
    assert edit.changes is not None
    before, after = edit.changes["before"], edit.changes["after"]
    assert before["agenda"][0]["minutes"] == "Keskusteltiin toimenpiteestä 3."
    assert after["agenda"][0]["minutes"] == "Keskusteltiin toimenpiteistä 3 ja 4."
    assert (before["agenda"][0]["decisions"][0]["measures"], after["agenda"][0]["decisions"][0]["measures"]) == (
        [3],
        [3, 4],
    )
    assert (before["participants"][0]["left_at"], after["participants"][0]["left_at"]) == (None, "14:30")
