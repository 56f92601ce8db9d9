"""The programme pages: who sees what, forms with clear errors, conflicts, the public page."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round
from torju.accounts.models import Organisation, Role
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import Measure, Meeting, Programme, ReportingRound, ReportState, StatusReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_round(programme: Programme) -> ReportingRound:
    return open_whole_round(
        programme,
        user_with_role(Role.COORDINATOR),
        name="Kevät 2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 3, 31),
        deadline=date(2027, 4, 30),
    )


def test_coordinator_opens_a_round_with_clear_errors_first(programme: Programme) -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    url = reverse("programme:round_new", args=[programme.slug])
    page = client.get(url).content.decode()
    assert "Testiohjelma" in page
    bad = client.post(url, {"name": "", "period_start": "2026-05-01", "period_end": "2026-04-01", "deadline": "x"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"name", "deadline", "measures"}
    assert not ReportingRound.objects.exists()
    # The form parses; the service refuses the period and the deadline, and the page names each field.
    too_late = client.post(
        url,
        {
            "name": "Syksy",
            "period_start": "2026-05-01",
            "period_end": "2026-04-01",
            "deadline": "2026-03-01",
            "measures": [m.pk for m in Measure.objects.filter(programme=programme, number=1)],
        },
    )
    assert too_late.status_code == 400
    assert set(too_late.context["form"].errors) == {"period_end", "deadline"}
    assert "error-summary" in too_late.content.decode()
    assert not ReportingRound.objects.exists()
    good = client.post(
        url,
        {
            "name": "Syksy",
            "period_start": "2026-01-01",
            "period_end": "2026-10-31",
            "deadline": "2026-11-30",
            "measures": [m.pk for m in Measure.objects.filter(programme=programme, number__in=[1, 3])],
        },
    )
    assert good.status_code == 302
    created = ReportingRound.objects.get(name="Syksy")
    assert sorted(created.measures.values_list("number", flat=True)) == [1, 3]


def test_reporter_sees_what_is_owed_and_submits(reporting_round: ReportingRound) -> None:
    client = signed_in_client(user_with_role(Role.REPORTER))  # TEM
    owed = client.get(reverse("programme:my_reports")).content.decode()
    assert "Työ- ja elinkeinoministeriön toimenpide" in owed
    assert "Maahanmuuttoviraston toimenpide" not in owed
    url = reverse("programme:report_edit", args=[reporting_round.pk, 1])
    assert client.post(url, {"status": "", "done": "Tehty", "submit": "1"}).status_code == 400
    response = client.post(
        url, {"status": "on_track", "done": "Tehty paljon", "links": "https://example.fi/a", "submit": "1"}
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(round=reporting_round, measure__number=1)
    assert report.state == ReportState.SUBMITTED
    assert client.get(response["Location"]).status_code == 200


def test_reporter_is_refused_another_bodys_measure(reporting_round: ReportingRound) -> None:
    client = signed_in_client(user_with_role(Role.REPORTER))  # TEM
    response = client.get(reverse("programme:report_edit", args=[reporting_round.pk, 3]))
    assert response.status_code == 403


def test_reporter_cannot_see_other_bodies_reports(reporting_round: ReportingRound) -> None:
    migri = user_with_role(Role.REPORTER, organisation=Organisation.objects.get(code="MIGRI"))
    services.save_status_report(
        actor=Actor.for_user(migri),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=3),
        data={"status": "delayed", "done": "Salainen luonnos"},
        revision=None,
        submit=False,
    )
    report = StatusReport.objects.get(measure__number=3)
    tem_client = signed_in_client(user_with_role(Role.REPORTER))
    assert tem_client.get(reverse("programme:report", args=[report.pk])).status_code == 404
    assert signed_in_client(migri).get(reverse("programme:report", args=[report.pk])).status_code == 200


def test_stale_report_form_gets_the_conflict_page_with_both_versions(reporting_round: ReportingRound) -> None:
    tem = user_with_role(Role.REPORTER)
    client = signed_in_client(tem)
    url = reverse("programme:report_edit", args=[reporting_round.pk, 1])
    client.post(url, {"status": "on_track", "done": "Ensimmäinen", "save": "1"})
    opened = StatusReport.objects.get(measure__number=1).revision
    client.post(url, {"status": "on_track", "done": "Kollegan versio", "revision": opened, "save": "1"})
    response = client.post(url, {"status": "delayed", "done": "Minun versioni", "revision": opened, "save": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kollegan versio" in html
    assert "Minun versioni" in html
    assert StatusReport.objects.get(measure__number=1).done == "Kollegan versio"


def test_dashboard_filters_live_in_the_url(reporting_round: ReportingRound) -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    url = reverse("programme:dashboard", args=[reporting_round.programme.slug])
    all_measures = client.get(url)
    assert len(all_measures.context["board"].rows) == 4
    filtered = client.get(url, {"organisation": "MIGRI", "status": "not_started"})
    assert sorted(row.measure.number for row in filtered.context["board"].rows) == [2, 3]
    assert client.get(url, {"objective": "99"}).status_code == 400


def test_coordinator_records_a_meeting(programme: Programme) -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    data = {
        "programme": programme.pk,
        "body": "steering_group",
        "body_name": "Ohjausryhmä",
        "number": "2",
        "date": "2026-12-14",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Teams",
        "participants-TOTAL_FORMS": "2",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "1",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-name": "Aino Esimerkki",
        "participants-0-title": "Kansliapäällikkö",
        "participants-0-role": "chair",
        "participants-1-name": "Terttu Työmaa",
        "participants-1-role": "member",
        "participants-1-left_at": "15:00",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "1",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-number": "1",
        "agenda-0-title": "Toimeenpanon tilanne",
        "agenda-0-minutes": "Keskusteltiin.",
        "agenda-0-decision": "Pyydetään selvitys.",
        "agenda-0-decision_measures": "3, 99",
    }
    bad = client.post(reverse("programme:meeting_new"), data)
    assert bad.status_code == 400
    assert "99" in bad.content.decode()
    response = client.post(reverse("programme:meeting_new"), {**data, "agenda-0-decision_measures": "3"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [p.name for p in meeting.participants.all()] == ["Aino Esimerkki", "Terttu Työmaa"]
    decision = meeting.agenda_items.get().decisions.get()
    assert list(decision.measures.values_list("number", flat=True)) == [3]
    page = client.get(response["Location"]).content.decode()
    assert "Pyydetään selvitys." in page


def test_stale_meeting_form_gets_the_conflict_page_and_keeps_both_versions(programme: Programme) -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    created = client.post(
        reverse("programme:meeting_new"),
        {
            "programme": programme.pk,
            "body": "working_group",
            "body_name": "Työryhmä",
            "number": "1",
            "date": "2026-12-01",
            "start_time": "10:00",
            "end_time": "11:00",
            "place": "Teams",
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "1",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-name": "Aino Esimerkki",
            "participants-0-role": "chair",
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-MIN_NUM_FORMS": "1",
            "agenda-MAX_NUM_FORMS": "1000",
            "agenda-0-number": "1",
            "agenda-0-title": "Avaus",
        },
    )
    assert created.status_code == 302
    meeting = Meeting.objects.get()
    opened = meeting.revision
    edit = {
        "programme": programme.pk,
        "body": "working_group",
        "body_name": "Työryhmä",
        "number": "1",
        "date": "2026-12-01",
        "start_time": "10:00",
        "end_time": "11:00",
        "revision": str(opened),
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-MIN_NUM_FORMS": "1",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": str(meeting.participants.get().pk),
        "participants-0-name": "Aino Esimerkki",
        "participants-0-role": "chair",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "1",
        "agenda-MIN_NUM_FORMS": "1",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-id": str(meeting.agenda_items.get().pk),
        "agenda-0-number": "1",
        "agenda-0-title": "Avaus",
    }
    url = reverse("programme:meeting_edit", args=[meeting.pk])
    assert client.post(url, {**edit, "place": "Kollegan kokoushuone"}).status_code == 302
    stale = client.post(url, {**edit, "place": "Minun kokoushuoneeni"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Kollegan kokoushuone" in html and "Minun kokoushuoneeni" in html
    assert Meeting.objects.get().place == "Kollegan kokoushuone"
    resubmitted = client.post(url, {**edit, "place": "Minun kokoushuoneeni", "revision": str(opened + 1)})
    assert resubmitted.status_code == 302 and Meeting.objects.get().place == "Minun kokoushuoneeni"


def test_public_progress_page_shows_no_drafts_or_comments(reporting_round: ReportingRound) -> None:
    tem = user_with_role(Role.REPORTER)
    services.save_status_report(
        actor=Actor.for_user(tem),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        data={"status": "completed", "done": "JULKAISTU"},
        revision=None,
        submit=True,
    )
    submitted = StatusReport.objects.get(measure__number=1)
    services.comment_on_report(
        actor=Actor.for_user(user_with_role(Role.COORDINATOR)),
        report=submitted,
        text="SISÄINEN KOMMENTTI",
        return_for_completion=False,
    )
    services.save_status_report(
        actor=Actor.for_user(tem),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        data={"status": "at_risk", "done": "LUONNOS"},
        revision=submitted.revision,
        submit=False,
    )
    response = Client().get(reverse("progress:programme", args=[reporting_round.programme.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Työ- ja elinkeinoministeriön toimenpide" in html
    assert "SISÄINEN KOMMENTTI" not in html
    assert "LUONNOS" not in html
    assert "status--completed" in html
    assert "status--at_risk" not in html.split("<tbody>")[1]
