"""Attachments: uploading to a meeting or a status report, downloading (only for those who may read what the
file is attached to), and taking one off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme import services
from torju.programme.file_checks import max_bytes
from torju.programme.forms.meetings import AttachmentForm
from torju.programme.models import Attachment, AttachmentKind, Meeting, StatusReport
from torju.programme.permissions import (
    ATTACH_FILES,
    MANAGE_PROGRAMME,
    READ_ATTACHMENTS,
    can_read_attachment,
    visible_reports,
)
from torju.programme.services.attachments import stored_file
from torju.programme.views.common import user_of

MEDIA_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentKind.ODT: "application/vnd.oasis.opendocument.text",
}


def _upload(
    request: HttpRequest, back: str, *, meeting: Meeting | None = None, report: StatusReport | None = None
) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for problem in form.errors.get("file", []):
            messages.error(request, f"{form.fields['file'].label}: {problem}")
        return redirect(back)
    upload = form.cleaned_data["file"]
    if upload.size is not None and upload.size > max_bytes():
        messages.error(
            request,
            _("File: the file is larger than %(megabytes)s MB.") % {"megabytes": max_bytes() // (1024 * 1024)},
        )
        return redirect(back)
    try:
        services.attach_file(
            actor=Actor.from_request(request),
            name=upload.name or "",
            content=upload.read(),
            meeting=meeting,
            report=report,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{form.fields['file'].label}: {message}")
    else:
        messages.success(request, _("The file was attached."))
    return redirect(back)


@access(MANAGE_PROGRAMME)
@require_POST
def meeting_attach(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return _upload(request, reverse("programme:meeting", args=[pk]), meeting=meeting)


@access(ATTACH_FILES)
@require_POST
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(visible_reports(user_of(request), StatusReport.objects.select_related("round")), pk=pk)
    return _upload(request, reverse("programme:report", args=[pk]), report=report)


def _readable(request: HttpRequest, pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("meeting__group", "report__round"), pk=pk)
    if not can_read_attachment(user_of(request), attachment):
        raise Http404
    return attachment


@access(READ_ATTACHMENTS)
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as it was uploaded, under its own name; never cached, never shown inline."""
    attachment = _readable(request, pk)
    path = stored_file(attachment)
    if not path.exists():
        raise Http404
    record(Action.EXPORT, Actor.from_request(request), obj=attachment, reason=attachment.name)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=MEDIA_TYPES[AttachmentKind(attachment.kind)],
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@access(ATTACH_FILES)
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _readable(request, pk)
    back = (
        reverse("programme:meeting", args=[attachment.meeting_id])
        if attachment.meeting_id
        else reverse("programme:report", args=[attachment.report_id])
    )
    try:
        services.remove_attachment(actor=Actor.from_request(request), attachment=attachment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was taken off."))
    return redirect(back)
