"""The dashboard that helps act (charts each with its table, counts on top, the bodies that owe reports with
days to the deadline, sortable, and a reminder for each), the home pages as inboxes, and the public progress
pages per objective with their charts, measure pages and "last updated"."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme import figures, services
from torju.programme.models import (
    GroupKind,
    Measure,
    MemberRole,
    Programme,
    ReminderKind,
    ReminderSent,
    ReportingRound,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_round(programme: Programme, coordinator: User) -> ReportingRound:
    """A round due in five days: TEM has reported on measure 1; TEM (2), MIGRI (2, 3) and OM (4) still owe."""
    today = timezone.localdate()
    reporting_round = open_whole_round(
        programme,
        coordinator,
        name="Syksy",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=5),
    )
    services.save_status_report(
        actor=Actor.for_user(reporter_of("TEM", email="tem@example.fi")),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=programme, number=1),
        data={"status": "on_track", "done": "Tehty.", "public_summary": "Koulutukset alkoivat."},
        revision=None,
        submit=True,
    )
    return reporting_round


def test_counts_charts_with_tables_and_the_bodies_that_owe(reporting_round: ReportingRound, coordinator: User) -> None:
    programme = reporting_round.programme
    client = signed_in_client(coordinator)
    response = client.get(reverse("programme:dashboard", args=[programme.slug]))
    board = response.context["board"]
    assert (board.submitted, board.expected) == (1, 5), "TEM 1, TEM 2, MIGRI 2, MIGRI 3, OM 4"
    html = response.content.decode()
    assert "1/5" in html  # "1 of 5 reports submitted", in Finnish
    charts = response.context["charts"]
    assert {chart.key for chart, _uri in charts} >= {"by_objective", "by_body", "over_rounds"}
    for chart, uri in charts:
        assert f'src="{uri}"' in html and f'alt="{chart.description}"' in html
        table = html.split(f'id="chart-{chart.key}"', 1)[1].split("</table>", 1)[0]
        assert all(category in table for category in chart.categories), "every chart has its table"
    owing = [(body.organisation.code, len(body.measures), body.days_left) for body in board.owing]
    assert owing == [("MIGRI", 2, 5), ("OM", 1, 5), ("TEM", 1, 5)]
    by_owed = client.get(reverse("programme:dashboard", args=[programme.slug]), {"sort": "owed"}).context["board"]
    assert by_owed.owing[0].organisation.code == "MIGRI"
    filtered = client.get(reverse("programme:dashboard", args=[programme.slug]), {"organisation": "OM", "sort": "body"})
    assert [body.organisation.code for body in filtered.context["board"].owing] == ["OM"]
    assert "sort=days" in filtered.content.decode() and "organisation=OM" in filtered.content.decode()


def test_the_coordinator_reminds_a_body_from_the_dashboard(
    reporting_round: ReportingRound,
    coordinator: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    programme = reporting_round.programme
    migri = reporter_of("MIGRI", email="migri@example.fi")
    client = signed_in_client(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programme:dashboard_remind", args=[programme.slug]),
            {"round": reporting_round.pk, "organisation": "MIGRI"},
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [migri.email] and "2, 3" in message.body
    assert ReminderSent.objects.get().kind == ReminderKind.BY_THE_COORDINATOR
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="programme.remindersent")
    assert event.changes == {
        "round": reporting_round.pk,
        "organisation": "MIGRI",
        "measures": [2, 3],
        "recipients": [migri.username],
    }
    with pytest.raises(ValidationError):  # OM owes measure 4, but has no reporter to remind
        services.remind_body(
            actor=Actor.for_user(coordinator),
            reporting_round=reporting_round,
            organisation=Organisation.objects.get(code="OM"),
        )
    # A second reminder is the coordinator's choice: it is sent and logged again.
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_body(
            actor=Actor.for_user(coordinator),
            reporting_round=reporting_round,
            organisation=Organisation.objects.get(code="MIGRI"),
        )
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_group_members_and_the_rapporteur_read_the_dashboard_but_act_on_nothing(
    reporting_round: ReportingRound, coordinator: User
) -> None:
    programme = reporting_round.programme
    url = reverse("programme:dashboard", args=[programme.slug])
    outsider = user_with_role(Role.GROUP_MEMBER)
    assert signed_in_client(outsider).get(url).status_code == 404, "a member reads only their groups' plans"
    group = services.save_group(
        actor=Actor.for_user(coordinator),
        programme=programme,
        group=None,
        data=services.GroupData(kind=GroupKind.WORKING_GROUP, name_fi="Työryhmä"),
    )
    member = user_with_role(Role.GROUP_MEMBER)
    services.add_member(actor=Actor.for_user(coordinator), group=group, user=member, role=MemberRole.MEMBER)
    for reader in (member, user_with_role(Role.RAPPORTEUR)):
        html = signed_in_client(reader).get(url).content.decode()
        assert reverse("programme:dashboard_remind", args=[programme.slug]) not in html, "no reminder button"
    refused = signed_in_client(member).post(
        reverse("programme:dashboard_remind", args=[programme.slug]),
        {"round": reporting_round.pk, "organisation": "OM"},
    )
    assert refused.status_code == 403


def test_each_roles_home_is_an_inbox(reporting_round: ReportingRound, coordinator: User) -> None:
    tem = reporter_of("TEM")
    due = signed_in_client(tem).get("/").context["inbox"]
    assert [item.measure.number for item in due.reports_due] == [2], "measure 1 is submitted"
    review = signed_in_client(coordinator).get("/")
    assert [report.measure.number for report in review.context["inbox"].reports_to_review] == [1]
    services.comment_on_report(
        actor=Actor.for_user(coordinator),
        report=reporting_round.reports.get(),
        text="Kiitos.",
        return_for_completion=False,
    )
    assert signed_in_client(coordinator).get("/").context["inbox"].reports_to_review == [], "reviewed"
    assert Client().get("/").context["inbox"] is None


def test_the_public_page_per_objective_with_charts_measure_pages_and_last_updated(
    reporting_round: ReportingRound,
) -> None:
    programme = reporting_round.programme
    response = Client().get(reverse("progress:programme", args=[programme.slug]))
    html = response.content.decode()
    [(chart, uri)] = response.context["charts"]
    assert chart.key == "by_objective" and f'src="{uri}"' in html
    submitted = timezone.localtime(reporting_round.reports.get().versions.get().submitted_at)
    assert f"{submitted.day}.{submitted.month}.{submitted.year}" in html.split('class="last-updated"', 1)[1][:200]
    assert reverse("progress:measure", args=[programme.slug, 1]) in html
    measure_page = Client().get(reverse("progress:measure", args=[programme.slug, 1])).content.decode()
    assert "Koulutukset alkoivat." in measure_page, "the public summary"
    assert "Tehty." not in measure_page, "what was done is internal"
    untouched = Client().get(reverse("progress:measure", args=[programme.slug, 4])).content.decode()
    assert "<dt>Päivitetty viimeksi</dt><dd>–</dd>" in untouched, "nothing reported yet"
    assert Client().get(reverse("progress:measure", args=[programme.slug, 99])).status_code == 404


def test_progress_over_the_rounds_counts_each_round_at_its_deadline(programme: Programme, coordinator: User) -> None:
    today = timezone.localdate()
    first = open_whole_round(
        programme,
        coordinator,
        name="Kevät",
        period_start=date(today.year, 1, 1),
        period_end=today - timedelta(days=20),
        deadline=today - timedelta(days=10),
    )
    services.close_round(actor=Actor.for_user(coordinator), reporting_round=first)
    open_whole_round(
        programme,
        coordinator,
        name="Syksy",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=10),
    )
    services.save_status_report(
        actor=Actor.for_user(reporter_of("OM")),
        reporting_round=programme.rounds.get(name="Syksy"),
        measure=Measure.objects.get(programme=programme, number=4),
        data={"status": "completed"},
        revision=None,
        submit=True,
    )
    chart = figures.status_over_rounds(programme)
    assert [category.split(" (")[0] for category in chart.categories] == ["Kevät", "Syksy"]
    by_status = {label: values for label, _colour, values in chart.series}
    with translation.override("fi"):
        completed, not_started = str(Status.COMPLETED.label), str(Status.NOT_STARTED.label)
    assert by_status[completed] == [0, 1], "measure 4 was completed after the first round's deadline"
    assert by_status[not_started] == [4, 3]
    assert [sum(values) for values in zip(*by_status.values(), strict=True)] == [4, 4]
