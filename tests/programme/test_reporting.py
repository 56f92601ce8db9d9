"""Status reporting: rounds, drafts, versions, comments, conflicts, permissions, reminders."""

import io
import smtplib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.concurrency import EditConflictError
from torju.programme import selectors, services
from torju.programme.models import (
    Measure,
    Programme,
    ReminderSent,
    ReportingRound,
    ReportState,
    Status,
    StatusReport,
)

pytestmark = pytest.mark.django_db


def reporter(code: str) -> User:
    return reporter_of(code, email=f"{code.lower()}@example.fi")


def a_round(programme: Programme, deadline: date = date(2026, 12, 15)) -> ReportingRound:
    return open_whole_round(
        programme,
        user_with_role(Role.COORDINATOR),
        name="Syksy 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=deadline,
    )


@pytest.fixture
def remind(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> Callable[[date], services.ReminderResult]:
    """Send the reminders due on a day, as the command does, and let their mail go (on commit)."""

    def send(today: date) -> services.ReminderResult:
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_reminders(actor=Actor.system(), today=today)

    return send


def report(
    user: User,
    reporting_round: ReportingRound,
    number: int,
    *,
    submit: bool,
    revision: int | None = None,
    status: str = Status.ON_TRACK,
    done: str = "Tehty.",
) -> StatusReport:
    return services.save_status_report(
        actor=Actor.for_user(user),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=number),
        data={"status": status, "done": done, "next_steps": "", "funding": "", "links": ""},
        revision=revision,
        submit=submit,
    )


def test_reporter_reports_only_for_own_bodys_measures(programme: Programme) -> None:
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    saved = report(tem, reporting_round, 1, submit=True)
    assert saved.organisation.code == "TEM"
    with pytest.raises(PermissionDenied):
        report(tem, reporting_round, 3, submit=True)  # Migri's measure
    assert AuditEvent.objects.filter(action=Action.SUBMIT, object_id=str(saved.pk)).exists()


def test_several_bodies_of_one_measure_each_report_their_part(programme: Programme) -> None:
    reporting_round = a_round(programme)
    report(reporter("MIGRI"), reporting_round, 2, submit=True, status=Status.DELAYED)
    report(reporter("TEM"), reporting_round, 2, submit=True, status=Status.ON_TRACK)
    assert reporting_round.reports.filter(measure__number=2).count() == 2
    progress = {row.measure.number: row for row in selectors.progress(programme)}
    assert progress[2].status == Status.ON_TRACK  # the lead body's (TEM) report decides
    assert [version.report.organisation.code for version in progress[2].versions] == ["TEM", "MIGRI"]


def test_submissions_are_versioned_never_overwritten(programme: Programme) -> None:
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    first = report(tem, reporting_round, 1, submit=True, done="Ensimmäinen")
    second = report(tem, reporting_round, 1, submit=True, revision=first.revision, done="Toinen")
    versions = list(second.versions.order_by("number").values_list("number", "done"))
    assert versions == [(1, "Ensimmäinen"), (2, "Toinen")]


def test_a_stale_form_is_refused_and_nothing_is_overwritten(programme: Programme) -> None:
    reporting_round = a_round(programme)
    tem, colleague = reporter("TEM"), reporter("TEM")
    draft = report(tem, reporting_round, 1, submit=False, done="Alkuperäinen")
    opened_at = draft.revision
    report(colleague, reporting_round, 1, submit=False, revision=opened_at, done="Kollegan teksti")
    with pytest.raises(EditConflictError) as conflict:
        report(tem, reporting_round, 1, submit=False, revision=opened_at, done="Myöhästynyt teksti")
    assert conflict.value.current.done == "Kollegan teksti"
    assert conflict.value.submitted["done"] == "Myöhästynyt teksti"
    draft.refresh_from_db()
    assert draft.done == "Kollegan teksti"


def test_submit_needs_a_status(programme: Programme) -> None:
    with pytest.raises(ValidationError):
        report(reporter("TEM"), a_round(programme), 1, submit=True, status="")


def test_coordinator_comments_and_returns_for_completion(
    programme: Programme, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    submitted = report(tem, reporting_round, 1, submit=True)
    coordinator = user_with_role(Role.COORDINATOR)
    services.comment_on_report(
        actor=Actor.for_user(coordinator), report=submitted, text="Hyvä.", return_for_completion=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_report(
            actor=Actor.for_user(coordinator), report=submitted, text="Täydentäkää.", return_for_completion=True
        )
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED
    assert [message.to for message in mail.outbox] == [[tem.email]]
    with pytest.raises(PermissionDenied):
        services.comment_on_report(actor=Actor.for_user(tem), report=submitted, text="x", return_for_completion=False)
    resubmitted = report(tem, reporting_round, 1, submit=True, revision=submitted.revision, done="Täydennetty")
    assert resubmitted.state == ReportState.SUBMITTED
    assert resubmitted.versions.count() == 2
    assert AuditEvent.objects.filter(action=Action.RETURN, object_id=str(submitted.pk)).exists()


def test_reminders_fourteen_days_before_and_after_the_deadline_once_each(
    programme: Programme, remind: Callable[[date], services.ReminderResult]
) -> None:
    deadline = date(2026, 12, 15)
    reporting_round = a_round(programme, deadline=deadline)
    tem, migri, om = reporter("TEM"), reporter("MIGRI"), reporter("OM")
    report(tem, reporting_round, 1, submit=True)
    report(tem, reporting_round, 2, submit=True)  # TEM has reported everything
    report(migri, reporting_round, 3, submit=False)  # a draft is not a submission

    assert remind(deadline - timedelta(days=15)).sent == 0
    first = remind(deadline - timedelta(days=14))
    assert first.sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([migri.email, om.email])
    migri_mail = next(message for message in mail.outbox if message.to == [migri.email])
    assert "2, 3" in migri_mail.body
    again = remind(deadline - timedelta(days=3))
    assert (again.sent, again.skipped_already_sent) == (0, 2)
    report(om, reporting_round, 4, submit=True)
    overdue = remind(deadline + timedelta(days=1))
    assert overdue.sent == 1
    assert mail.outbox[-1].to == [migri.email]
    assert remind(deadline + timedelta(days=2)).sent == 0


def test_dashboard_counts_and_lists(programme: Programme) -> None:
    reporting_round = a_round(programme)
    report(reporter("TEM"), reporting_round, 1, submit=True, status=Status.COMPLETED)
    report(reporter("MIGRI"), reporting_round, 3, submit=True, status=Status.AT_RISK)
    board = selectors.dashboard(programme, selectors.DashboardFilter(), date(2026, 11, 23))
    assert board.by_status == {Status.COMPLETED: 1, Status.AT_RISK: 1, Status.NOT_STARTED: 2}
    assert [row.measure.number for row in board.waiting_for_funding] == [3]
    assert [row.measure.number for row in board.ending_this_year] == []  # measure 1 ends in 2026 but is completed
    assert {(m.number, o.code) for m, o in board.not_reported} == {(2, "TEM"), (2, "MIGRI"), (4, "OM")}
    only_migri = selectors.dashboard(programme, selectors.DashboardFilter(organisation="MIGRI"), date(2026, 11, 23))
    assert sorted(row.measure.number for row in only_migri.rows) == [2, 3]
    next_year = selectors.dashboard(programme, selectors.DashboardFilter(), date(2027, 3, 1))
    assert sorted(row.measure.number for row in next_year.ending_this_year) == [2, 3, 4]


def test_a_draft_on_top_of_a_submitted_report_still_counts_as_reported(programme: Programme) -> None:
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    submitted = report(tem, reporting_round, 1, submit=True, done="Lähetetty versio")
    edited = report(tem, reporting_round, 1, submit=False, revision=submitted.revision, done="Uusi luonnos")
    assert edited.state == ReportState.DRAFT, "editing after submitting starts the next version"
    assert edited.versions.get().done == "Lähetetty versio"
    pairs = {(measure.number, body.code) for measure, body in selectors.outstanding_reports(reporting_round)}
    assert (1, "TEM") not in pairs
    assert pairs == {(2, "TEM"), (2, "MIGRI"), (3, "MIGRI"), (4, "OM")}


def test_a_returned_report_is_owed_again_until_it_is_resubmitted(programme: Programme) -> None:
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    submitted = report(tem, reporting_round, 1, submit=True)
    services.comment_on_report(
        actor=Actor.for_user(user_with_role(Role.COORDINATOR)),
        report=submitted,
        text="Täydentäkää.",
        return_for_completion=True,
    )
    owed = {(measure.number, body.code) for measure, body in selectors.outstanding_reports(reporting_round)}
    assert (1, "TEM") in owed
    submitted.refresh_from_db()
    draft = report(tem, reporting_round, 1, submit=False, revision=submitted.revision, done="Täydennys kesken")
    assert draft.state == ReportState.RETURNED
    assert (1, "TEM") in {(m.number, b.code) for m, b in selectors.outstanding_reports(reporting_round)}
    report(tem, reporting_round, 1, submit=True, revision=draft.revision, done="Täydennetty")
    assert (1, "TEM") not in {(m.number, b.code) for m, b in selectors.outstanding_reports(reporting_round)}


def test_no_reminder_for_a_body_that_submitted_and_then_saved_a_draft(
    programme: Programme, remind: Callable[[date], services.ReminderResult]
) -> None:
    deadline = date(2026, 12, 15)
    reporting_round = a_round(programme, deadline=deadline)
    tem, migri, om = reporter("TEM"), reporter("MIGRI"), reporter("OM")
    for number in (1, 2):
        submitted = report(tem, reporting_round, number, submit=True)
        report(tem, reporting_round, number, submit=False, revision=submitted.revision, done="Päivitys tulossa")
    report(migri, reporting_round, 2, submit=True)
    report(migri, reporting_round, 3, submit=True)

    result = remind(deadline - timedelta(days=14))

    assert (result.sent, result.skipped_already_sent) == (1, 0)
    assert [message.to for message in mail.outbox] == [[om.email]]
    assert "4" in mail.outbox[0].body


def test_send_reminders_command_is_idempotent(
    programme: Programme, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    deadline = date(2026, 12, 15)
    reporting_round = a_round(programme, deadline=deadline)
    tem, migri, om = reporter("TEM"), reporter("MIGRI"), reporter("OM")
    submitted = report(tem, reporting_round, 1, submit=True)
    report(tem, reporting_round, 1, submit=False, revision=submitted.revision)  # a draft on top
    report(tem, reporting_round, 2, submit=True)
    day = (deadline - timedelta(days=10)).isoformat()

    first, second = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", day, stdout=first)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", day, stdout=second)

    assert first.getvalue().strip() == "sent 2 reminders; 0 had been sent before"
    assert second.getvalue().strip() == "sent 0 reminders; 2 had been sent before"
    assert sorted(message.to[0] for message in mail.outbox) == sorted([migri.email, om.email])
    assert ReminderSent.objects.filter(round=reporting_round).count() == 2
    overdue = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", (deadline + timedelta(days=1)).isoformat(), stdout=overdue)
    assert overdue.getvalue().strip() == "sent 2 reminders; 0 had been sent before"
    assert tem.email not in {message.to[0] for message in mail.outbox}


@pytest.mark.django_db(transaction=True)
def test_a_return_rolled_back_sends_no_mail_and_a_committed_one_does(programme: Programme) -> None:
    """The e-mail of a return goes out when the return is committed, never for one that is rolled back."""
    reporting_round = a_round(programme)
    tem = reporter("TEM")
    submitted = report(tem, reporting_round, 1, submit=True)
    coordinator = Actor.for_user(user_with_role(Role.COORDINATOR))

    class LaterStepError(Exception):
        pass

    with pytest.raises(LaterStepError), transaction.atomic():
        services.comment_on_report(actor=coordinator, report=submitted, text="Täydentäkää.", return_for_completion=True)
        raise LaterStepError  # e.g. a later step of the same request fails

    assert mail.outbox == []
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED, "the return was rolled back"

    with transaction.atomic():
        services.comment_on_report(actor=coordinator, report=submitted, text="Täydentäkää.", return_for_completion=True)
        assert mail.outbox == [], "nothing is sent before the commit"
    assert [message.to for message in mail.outbox] == [[tem.email]]


class RefusingMailServer(BaseEmailBackend):
    """The mail server is down: every message is refused (the boundary Torju does not own)."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("connection refused")


def test_a_reminder_the_mail_server_refused_is_sent_again_by_the_next_run(
    programme: Programme, settings: Settings, remind: Callable[[date], services.ReminderResult]
) -> None:
    deadline = date(2026, 12, 15)
    reporting_round = a_round(programme, deadline=deadline)
    om = reporter("OM")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    assert remind(deadline - timedelta(days=14)).sent >= 1
    assert not ReminderSent.objects.filter(round=reporting_round, user=om).exists(), "forgotten: it never went out"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert remind(deadline - timedelta(days=13)).sent >= 1
    assert [message.to for message in mail.outbox if message.to == [om.email]] == [[om.email]]
    assert ReminderSent.objects.filter(round=reporting_round, user=om).exists()
