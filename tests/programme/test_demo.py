"""The demo data of action-plan monitoring, as `make run` loads it (setup_demo), and loading it again."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.utils import timezone
from pytest_django.fixtures import Settings

from torju.accounts.models import Role, User
from torju.programme import selectors
from torju.programme.models import (
    AgendaItem,
    Indicator,
    Measure,
    Meeting,
    MeetingDecision,
    MinutesState,
    Objective,
    Participant,
    Programme,
    ProgrammeGroup,
    Publication,
    PublicationState,
    ReportComment,
    ReportedValue,
    ReportingRound,
    ReportState,
    Responsibility,
    StatusReport,
    StatusReportVersion,
)

pytestmark = pytest.mark.django_db

DEMO_MODELS: list[type[Model]] = [
    Programme,
    Objective,
    Measure,
    Responsibility,
    ReportingRound,
    StatusReport,
    StatusReportVersion,
    ReportComment,
    Meeting,
    Participant,
    AgendaItem,
    MeetingDecision,
]


def setup_demo() -> str:
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    return output.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in DEMO_MODELS}


@pytest.fixture
def demo(settings: Settings) -> str:
    settings.DEMO_MODE = True
    return setup_demo()


def test_demo_has_the_shipped_programme_with_one_open_round(demo: str) -> None:
    programme = Programme.objects.get()
    assert programme.slug == "2026-2027"
    assert programme.measures.count() == 43
    reporting_round = ReportingRound.objects.get()
    assert reporting_round.programme == programme
    assert not reporting_round.closed
    assert selectors.current_round(programme) == reporting_round
    assert reporting_round.measures.count() == 43
    assert f"round “{reporting_round.name}”" in demo


def test_demo_round_has_reports_of_several_bodies_in_different_states(demo: str) -> None:
    reports = StatusReport.objects.filter(round=ReportingRound.objects.get())
    states = {(report.measure.number, report.organisation.code): report.state for report in reports}
    assert states == {
        (4, "TEM"): ReportState.SUBMITTED,
        (12, "TEM"): ReportState.DRAFT,
        (5, "MIGRI"): ReportState.SUBMITTED,
        (6, "MIGRI"): ReportState.SUBMITTED,
        (7, "SM"): ReportState.DRAFT,
        (11, "OKM"): ReportState.RETURNED,
    }
    assert set(states.values()) == {ReportState.SUBMITTED, ReportState.DRAFT, ReportState.RETURNED}
    assert len({code for _number, code in states}) == 4
    # Submitted and returned reports have their frozen version; drafts have none.
    versions = {
        (version.report.measure.number, version.report.organisation.code)
        for version in StatusReportVersion.objects.all()
    }
    assert versions == {(4, "TEM"), (5, "MIGRI"), (6, "MIGRI"), (11, "OKM")}
    returned = reports.get(state=ReportState.RETURNED)
    assert returned.comments.get().returned


def test_demo_has_one_meeting_with_its_minutes(demo: str) -> None:
    meeting = Meeting.objects.get()
    assert meeting.programme == Programme.objects.get(slug="2026-2027")
    assert meeting.participants.count() == 7
    assert [item.number for item in meeting.agenda_items.all()] == [1, 2, 3]
    decision = MeetingDecision.objects.get(agenda_item__meeting=meeting)
    assert list(decision.measures.values_list("number", flat=True)) == [5]


def test_running_the_setup_again_duplicates_nothing(demo: str) -> None:
    before = counts()
    assert before["ReportingRound"] == 1 and before["Meeting"] == 1 and before["StatusReport"] == 6
    again = setup_demo()
    assert counts() == before
    assert "Demo programme data" not in again


def test_demo_has_groups_circulated_minutes_an_overdue_decision_and_a_report_to_comment(demo: str) -> None:
    member = User.objects.get(username="demo-member")
    meeting = Meeting.objects.get()
    assert meeting.minutes_state == MinutesState.CIRCULATED
    assert meeting.group is not None and member in meeting.group.members.all()
    assert ProgrammeGroup.objects.filter(members=member).count() == 2
    [decision] = selectors.decisions_to_follow(meeting.programme, timezone.localdate())
    assert decision.overdue and decision.decision.owner is not None
    assert Publication.objects.get().state == PublicationState.CIRCULATED
    assert Indicator.objects.count() == 3 and ReportedValue.objects.get().value == 60
    inbox = selectors.inbox(member, timezone.localdate())
    assert inbox.minutes_to_comment == [meeting] and len(inbox.publications_to_comment) == 1
    assert User.objects.get(username="demo-rapporteur").roles == {Role.RAPPORTEUR}
