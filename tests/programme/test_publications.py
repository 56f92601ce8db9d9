"""The programme's reports as publications: the progress report to the ministerial working group and the
implementation report are drafted, circulated to the groups' members for comments, approved by the
coordinator (and then frozen) and public only once the coordinator publishes them."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import (
    GroupKind,
    Measure,
    MemberRole,
    Programme,
    Publication,
    PublicationComment,
    PublicationState,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(programme: Programme, coordinator: User) -> User:
    group = services.save_group(
        actor=Actor.for_user(coordinator),
        programme=programme,
        group=None,
        data=services.GroupData(kind=GroupKind.STEERING_GROUP, name_fi="Ohjausryhmä"),
    )
    user = user_with_role(Role.GROUP_MEMBER, email="jasen@example.fi")
    services.add_member(actor=Actor.for_user(coordinator), group=group, user=user, role=MemberRole.MEMBER)
    return user


def reported(programme: Programme, coordinator: User) -> None:
    today = timezone.localdate()
    reporting_round = open_whole_round(
        programme,
        coordinator,
        name="Syksy",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=10),
    )
    for code, number, status, done in [
        ("TEM", 1, Status.ON_TRACK, "Koulutukset pidettiin."),
        ("MIGRI", 3, Status.DELAYED, "Henkilöstövaihdokset viivästyttivät ohjeistusta."),
        ("OM", 4, Status.AT_RISK, "Rahoitus puuttuu."),
    ]:
        services.save_status_report(
            actor=Actor.for_user(reporter_of(code)),
            reporting_round=reporting_round,
            measure=Measure.objects.get(programme=programme, number=number),
            data={"status": status, "done": done},
            revision=None,
            submit=True,
        )


def test_the_progress_report_goes_from_draft_to_public_and_is_frozen_once_approved(
    programme: Programme,
    coordinator: User,
    member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    reported(programme, coordinator)
    actor = Actor.for_user(coordinator)
    today = timezone.localdate()
    publication = services.save_publication(
        actor=actor,
        programme=programme,
        publication=None,
        data=services.PublicationData(
            kind="progress_report",
            as_of=today,
            summary_fi="Toimeenpano etenee; kaksi toimenpidettä vaatii huomiota.",
            summary_en="Implementation proceeds; two measures need attention.",
        ),
        revision=None,
    )
    page = reverse("programme:publication", args=[publication.pk])
    rapporteur = user_with_role(Role.RAPPORTEUR)
    assert signed_in_client(member).get(page).status_code == 404, "a draft is the secretariat's own"
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_publication(actor=actor, publication=publication)
    assert [message.to for message in mail.outbox] == [["jasen@example.fi"]]
    html = signed_in_client(member).get(page).content.decode()
    assert "Toimeenpano etenee" in html
    with translation.override("fi"):
        content = services.content_of(publication, "fi")
    assert [entry.number for entry in content.attention] == [3, 4], "delayed or at risk, with their reasons"
    assert content.attention[0].reason.startswith("Henkilöstövaihdokset")
    assert signed_in_client(rapporteur).get(page).status_code == 404, "the rapporteur reads approved reports"
    response = signed_in_client(member).post(
        reverse("programme:publication_comment", args=[publication.pk]), {"text": "Lisätkää rahoitustilanne."}
    )
    assert response.status_code == 302 and PublicationComment.objects.get().author == member

    services.approve_publication(actor=actor, publication=publication)
    publication.refresh_from_db()
    assert publication.state == PublicationState.APPROVED and set(publication.frozen or {}) == {"fi", "sv", "en"}
    # A report submitted after the approval changes nothing in the report.
    services.save_status_report(
        actor=Actor.for_user(reporter_of("TEM")),
        reporting_round=programme.rounds.get(),
        measure=Measure.objects.get(programme=programme, number=2),
        data={"status": Status.COMPLETED, "done": "MYÖHEMPI RAPORTTI"},
        revision=None,
        submit=True,
    )
    frozen = services.content_of(publication, "fi")
    assert "MYÖHEMPI RAPORTTI" not in str(frozen)
    assert frozen.measures == content.measures, "the measures as they were approved"
    assert "MYÖHEMPI RAPORTTI" in str(services.content_of(Publication(programme=programme, as_of=today), "fi"))
    assert frozen.summary.startswith("Toimeenpano etenee")
    assert services.content_of(publication, "sv").summary.startswith("Toimeenpano etenee"), "no Swedish: the Finnish"
    assert services.content_of(publication, "en").summary.startswith("Implementation proceeds")
    with pytest.raises(ValidationError):
        services.save_publication(
            actor=actor,
            programme=programme,
            publication=publication,
            data=services.PublicationData(kind="progress_report", as_of=today, summary_fi="Muutos."),
            revision=publication.revision,
        )
    with pytest.raises(PermissionDenied):
        services.comment_on_publication(actor=Actor.for_user(member), publication=publication, text="Myöhässä.")
    assert signed_in_client(rapporteur).get(page).status_code == 200

    public = reverse("progress:publication", args=[programme.slug, publication.pk])
    assert Client().get(public).status_code == 404, "public only once published"
    services.publish_publication(actor=actor, publication=publication)
    assert Client().get(public).status_code == 200
    assert f'href="{public}"' in Client().get(reverse("progress:programme", args=[programme.slug])).content.decode()
    download = Client().get(
        reverse("progress:publication_download", args=[programme.slug, publication.pk, "fi", "pdf"])
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_only_the_coordinator_drafts_approves_and_publishes(
    programme: Programme, coordinator: User, member: User
) -> None:
    publication = services.save_publication(
        actor=Actor.for_user(coordinator),
        programme=programme,
        publication=None,
        data=services.PublicationData(kind="implementation_report", as_of=timezone.localdate()),
        revision=None,
    )
    for step in (services.circulate_publication, services.approve_publication, services.publish_publication):
        with pytest.raises(PermissionDenied):
            step(actor=Actor.for_user(member), publication=publication)
    with pytest.raises(ValidationError):
        services.publish_publication(actor=Actor.for_user(coordinator), publication=publication)
    assert Publication.objects.get().state == PublicationState.DRAFT


def test_a_report_cannot_end_before_the_plan_starts(programme: Programme, coordinator: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_publication(
            actor=Actor.for_user(coordinator),
            programme=programme,
            publication=None,
            data=services.PublicationData(kind="implementation_report", as_of=date(2020, 1, 1)),
            revision=None,
        )
    assert set(refused.value.message_dict) == {"as_of"}
