"""The groups and their members, minutes from draft to approved with the members' comments, decisions with an
owner and a deadline followed up until done, and attachments checked by their content."""

import io
import zipfile
from datetime import date, time, timedelta
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import reporter_of
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.documents.pdf import render_pdf
from torju.programme import selectors, services
from torju.programme.models import (
    Attachment,
    GroupKind,
    Meeting,
    MemberRole,
    MinutesComment,
    MinutesState,
    Programme,
    ProgrammeGroup,
)
from torju.programme.services.attachments import stored_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_folder(settings: Settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def member(email: str = "") -> User:
    return user_with_role(Role.GROUP_MEMBER, email=email)


@pytest.fixture
def working_group(programme: Programme, coordinator: User) -> ProgrammeGroup:
    return services.save_group(
        actor=Actor.for_user(coordinator),
        programme=programme,
        group=None,
        data=services.GroupData(kind=GroupKind.WORKING_GROUP, name_fi="Työryhmä", name_sv="Arbetsgruppen"),
    )


def meeting_of(group: ProgrammeGroup, coordinator: User, **decision: object) -> Meeting:
    return services.save_meeting(
        actor=Actor.for_user(coordinator),
        meeting=None,
        data=services.MeetingData(
            group=group,
            body=GroupKind.STEERING_GROUP,  # the group's kind wins
            date=date(2026, 5, 4),
            start_time=time(10),
            place="Helsinki",
            participants=(services.ParticipantData(name="Aino Esimerkki", role="chair"),),
            agenda=(
                services.AgendaItemData(
                    number=1,
                    title="Tilanne",
                    decisions=(services.DecisionData(text="Selvitetään.", **decision),),  # type: ignore[arg-type]
                ),
            ),
        ),
        revision=None,
    )


def test_only_a_user_with_the_role_becomes_a_member(working_group: ProgrammeGroup, coordinator: User) -> None:
    actor = Actor.for_user(coordinator)
    with pytest.raises(ValidationError):
        services.add_member(actor=actor, group=working_group, user=reporter_of("TEM"), role=MemberRole.MEMBER)
    someone = member()
    services.add_member(actor=actor, group=working_group, user=someone, role=MemberRole.CHAIR)
    with pytest.raises(ValidationError):
        services.add_member(actor=actor, group=working_group, user=someone, role=MemberRole.MEMBER)
    assert list(working_group.members.all()) == [someone]


def test_the_group_decides_the_meetings_plan_and_body(working_group: ProgrammeGroup, coordinator: User) -> None:
    meeting = meeting_of(working_group, coordinator)
    assert (meeting.programme, meeting.body) == (working_group.programme, GroupKind.WORKING_GROUP)
    # Named by the group alone, the meeting's decisions name the group's plan's measures.
    named = meeting_of(working_group, coordinator, measures=(3,))
    assert [measure.number for measure in named.agenda_items.get().decisions.get().measures.all()] == [3]
    with pytest.raises(ValidationError) as refused:
        meeting_of(working_group, coordinator, measures=(999,))
    assert set(refused.value.message_dict) == {"agenda.0.decision_measures"}


def test_members_read_the_minutes_of_their_own_group_once_circulated_and_comment(
    working_group: ProgrammeGroup, coordinator: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    actor = Actor.for_user(coordinator)
    ours, theirs = member("meri@example.fi"), member()
    services.add_member(actor=actor, group=working_group, user=ours, role=MemberRole.MEMBER)
    other_group = services.save_group(
        actor=actor,
        programme=working_group.programme,
        group=None,
        data=services.GroupData(kind=GroupKind.STEERING_GROUP, name_fi="Ohjausryhmä"),
    )
    services.add_member(actor=actor, group=other_group, user=theirs, role=MemberRole.MEMBER)
    meeting = meeting_of(working_group, coordinator)
    page = reverse("programme:meeting", args=[meeting.pk])
    assert signed_in_client(ours).get(page).status_code == 404, "a draft is the secretariat's own"
    with pytest.raises(PermissionDenied):
        services.comment_on_minutes(actor=Actor.for_user(ours), meeting=meeting, text="Liian aikaisin.")
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(actor=actor, meeting=meeting)
    assert [message.to for message in mail.outbox] == [["meri@example.fi"]]
    assert signed_in_client(ours).get(page).status_code == 200
    assert signed_in_client(theirs).get(page).status_code == 404, "another group's minutes are not found"
    response = signed_in_client(ours).post(
        reverse("programme:minutes_comment", args=[meeting.pk]), {"text": "Kohtaan 1 tarkennus."}
    )
    assert response.status_code == 302
    assert MinutesComment.objects.get().author == ours
    assert (
        signed_in_client(theirs)
        .post(reverse("programme:minutes_comment", args=[meeting.pk]), {"text": "X"})
        .status_code
        == 404
    )
    services.approve_minutes(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.APPROVED and meeting.approved_by == coordinator
    with pytest.raises(PermissionDenied):
        services.comment_on_minutes(actor=Actor.for_user(ours), meeting=meeting, text="Myöhässä.")
    with pytest.raises(ValidationError):
        services.save_meeting(
            actor=actor,
            meeting=meeting,
            data=services.MeetingData(
                group=working_group,
                body=GroupKind.WORKING_GROUP,
                date=meeting.date,
                start_time=meeting.start_time,
                place="Muutettu",
                participants=(services.ParticipantData(name="X", role="chair"),),
                agenda=(services.AgendaItemData(number=1, title="X"),),
            ),
            revision=meeting.revision,
        )
    meeting.refresh_from_db()
    assert meeting.place == "Helsinki", "approved minutes are final"


def test_minutes_are_approved_only_after_circulation_and_a_rollback_sends_no_mail(
    working_group: ProgrammeGroup, coordinator: User
) -> None:
    actor = Actor.for_user(coordinator)
    services.add_member(actor=actor, group=working_group, user=member("meri@example.fi"), role=MemberRole.MEMBER)
    meeting = meeting_of(working_group, coordinator)
    with pytest.raises(ValidationError):
        services.approve_minutes(actor=actor, meeting=meeting)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.circulate_minutes(actor=actor, meeting=meeting)
        raise RuntimeError("the request fails later")
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.DRAFT


def test_decisions_are_followed_up_on_the_dashboard_until_done(
    working_group: ProgrammeGroup, coordinator: User
) -> None:
    today = timezone.localdate()
    tem = Organisation.objects.get(code="TEM")
    meeting = meeting_of(working_group, coordinator, owner=tem, deadline=today - timedelta(days=3))
    decision = meeting.agenda_items.get().decisions.get()
    [item] = selectors.decisions_to_follow(working_group.programme, today)
    assert item.overdue and item.decision == decision
    client = signed_in_client(coordinator)
    board = client.get(reverse("programme:dashboard", args=[working_group.programme.slug]))
    assert board.context["board"].overdue_decisions == [item]
    assert "Selvitetään." in board.content.decode()
    inbox = client.get("/").context["inbox"]
    assert [found.decision for found in inbox.overdue_decisions] == [decision]
    reporter_inbox = signed_in_client(reporter_of("TEM")).get("/").context["inbox"]
    assert [found.decision for found in reporter_inbox.decisions_of_my_body] == [decision]
    with pytest.raises(ValidationError):
        services.mark_decision_done(
            actor=Actor.for_user(coordinator), decision=decision, done_on=today + timedelta(days=1), note=""
        )
    response = client.post(
        reverse("programme:decision_done", args=[decision.pk]),
        {"done_on": f"{today.day}.{today.month}.{today.year}", "note": "Selvitys saatiin.", "back": "dashboard"},
    )
    assert response["Location"].startswith(reverse("programme:dashboard", args=[working_group.programme.slug]))
    decision.refresh_from_db()
    assert (decision.done_on, decision.done_note) == (today, "Selvitys saatiin.")
    assert selectors.decisions_to_follow(working_group.programme, today) == []
    # Editing the meeting keeps the decision, and with it that it was done.
    agenda_item = meeting.agenda_items.get()
    services.save_meeting(
        actor=Actor.for_user(coordinator),
        meeting=meeting,
        data=services.MeetingData(
            group=working_group,
            body=GroupKind.WORKING_GROUP,
            date=meeting.date,
            start_time=meeting.start_time,
            place="Helsinki",
            participants=(services.ParticipantData(name="Aino Esimerkki", role="chair"),),
            agenda=(
                services.AgendaItemData(
                    id=agenda_item.pk,
                    number=1,
                    title="Tilanne",
                    decisions=(services.DecisionData(id=decision.pk, text="Selvitetään tarkemmin.", owner=tem),),
                ),
            ),
        ),
        revision=meeting.revision,
    )
    decision.refresh_from_db()
    assert (decision.text, decision.done_on) == ("Selvitetään tarkemmin.", today)


# Attachments


def pdf() -> bytes:
    return render_pdf("<html lang='fi'><head><title>Liite</title></head><body><p>Liite äöå</p></body></html>")


def docx_file(*, macros: bool = False) -> bytes:
    output = io.BytesIO()
    docx.Document().save(output)
    if not macros:
        return output.getvalue()
    return _with_macros(output.getvalue(), "word")


def xlsx_file(*, macros: bool = False) -> bytes:
    output = io.BytesIO()
    Workbook().save(output)
    return _with_macros(output.getvalue(), "xl") if macros else output.getvalue()


def _with_macros(package: bytes, folder: str) -> bytes:
    """The Office package as its macro-enabled twin: a VBA project and its content type (as .docm, .xlsm)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"document.macroEnabled.main+xml").replace(
                    b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
                )
            target.writestr(item, content)
        target.writestr(f"{folder}/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return output.getvalue()


def odt_file(*, macros: bool = False) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content xmlns:office="'
            'urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="'
            'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "Sub Main\nEnd Sub")
    return output.getvalue()


def zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return output.getvalue()


@pytest.fixture
def circulated(working_group: ProgrammeGroup, coordinator: User) -> Meeting:
    meeting = meeting_of(working_group, coordinator)
    services.circulate_minutes(actor=Actor.for_user(coordinator), meeting=meeting)
    return meeting


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("muistio.pdf", pdf, "pdf"),
        ("muistio.docx", docx_file, "docx"),
        ("taulukko.xlsx", xlsx_file, "xlsx"),
        ("muistio.odt", odt_file, "odt"),
        ("nimi ilman päätettä", docx_file, "docx"),  # the content decides, not the name
    ],
)
def test_the_four_formats_are_taken_by_their_content(
    circulated: Meeting, coordinator: User, data_folder: Path, name: str, content: object, kind: str
) -> None:
    made = content()  # type: ignore[operator]
    attachment = services.attach_file(actor=Actor.for_user(coordinator), name=name, content=made, meeting=circulated)
    assert attachment.kind == kind
    path = stored_file(attachment)
    assert path.read_bytes() == made
    assert path.is_relative_to(data_folder) and name not in str(path), "stored under a random name"
    assert not path.is_relative_to(Path(settings.BASE_DIR) / "torju" / "web" / "static")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("makrot.docm", lambda: docx_file(macros=True)),
        ("makrot.docx", lambda: docx_file(macros=True)),  # a macro document renamed
        ("makrot.xlsm", lambda: xlsx_file(macros=True)),
        ("makrot.odt", lambda: odt_file(macros=True)),
        ("vanha.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        ("ohjelma.pdf", lambda: b"MZ\x90\0" + b"\0" * 64),  # a program named as a PDF
        ("skripti.pdf", lambda: b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj"),
        ("pommi.docx", zip_bomb),
        ("tyhjä.pdf", lambda: b""),
    ],
)
def test_macros_programs_and_bombs_are_refused_and_nothing_is_stored(
    circulated: Meeting, coordinator: User, data_folder: Path, name: str, content: object
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.attach_file(actor=Actor.for_user(coordinator), name=name, content=content(), meeting=circulated)  # type: ignore[operator]
    assert set(refused.value.message_dict) == {"file"}
    assert not Attachment.objects.exists()
    folder = data_folder / "attachments"
    assert not folder.exists() or not any(folder.iterdir()), "nothing was written"


def test_a_file_over_the_size_limit_is_refused(circulated: Meeting, coordinator: User, settings: Settings) -> None:
    settings.PROGRAMME_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError):
        services.attach_file(
            actor=Actor.for_user(coordinator), name="iso.pdf", content=pdf() + b"\0" * 1000, meeting=circulated
        )


def test_an_attachment_is_served_only_to_those_who_may_read_the_meeting(
    working_group: ProgrammeGroup, circulated: Meeting, coordinator: User
) -> None:
    actor = Actor.for_user(coordinator)
    ours = member()
    services.add_member(actor=actor, group=working_group, user=ours, role=MemberRole.MEMBER)
    attachment = services.attach_file(actor=actor, name="../../etc/liite.pdf", content=pdf(), meeting=circulated)
    assert attachment.name == "liite.pdf"
    url = reverse("programme:attachment", args=[attachment.pk])
    response = signed_in_client(ours).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_file(attachment).read_bytes()  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    for outsider in (member(), reporter_of("TEM"), user_with_role(Role.RAPPORTEUR)):
        assert signed_in_client(outsider).get(url).status_code in (403, 404)
    services.remove_attachment(actor=actor, attachment=attachment)
    assert signed_in_client(coordinator).get(url).status_code == 404


def test_a_reporter_attaches_to_their_bodys_report_while_the_round_is_open(
    programme: Programme, coordinator: User
) -> None:
    today = timezone.localdate()
    reporting_round = services.open_round(
        actor=Actor.for_user(coordinator),
        programme=programme,
        name="Kevät",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=5),
        measure_numbers=[1],
    )
    tem = reporter_of("TEM")
    report = services.save_status_report(
        actor=Actor.for_user(tem),
        reporting_round=reporting_round,
        measure=programme.measures.get(number=1),
        data={"done": "Tehty."},
        revision=None,
        submit=False,
    )
    client = signed_in_client(tem)
    upload = io.BytesIO(xlsx_file())
    upload.name = "osallistujat.xlsx"
    assert client.post(reverse("programme:report_attach", args=[report.pk]), {"file": upload}).status_code == 302
    attachment = report.attachments.get()
    assert client.get(reverse("programme:attachment", args=[attachment.pk])).status_code == 200
    assert (
        signed_in_client(reporter_of("MIGRI")).get(reverse("programme:attachment", args=[attachment.pk])).status_code
        == 404
    )
    services.close_round(actor=Actor.for_user(coordinator), reporting_round=reporting_round)
    with pytest.raises(PermissionDenied):
        services.attach_file(actor=Actor.for_user(tem), name="myöhässä.pdf", content=pdf(), report=report)
