"""Files attached to meetings and status reports.

A file is taken only after its content is recognised (file_checks.py). It is
stored under the data folder (settings.DATA_DIR / "attachments"), outside
the web root, under a random name; its own name is kept only in the
database. Only those who may read the meeting or the report download it
(views/attachments.py).
"""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.file_checks import recognise
from torju.programme.models import Attachment, Meeting, MinutesState, StatusReport
from torju.programme.permissions import can_attach_to_report, require_coordinator, require_user

NAME_MAX_LENGTH = 200


def attachments_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_file(attachment: Attachment) -> Path:
    return attachments_folder() / attachment.stored_as


def _write(content: bytes) -> str:
    """Write the content under a new random name, completely or not at all; the name."""
    name = secrets.token_hex(16)
    target = attachments_folder() / name
    partial = target.with_suffix(".part")
    with partial.open("xb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(target)
    return name


def _shown_name(name: str) -> str:
    """The file's own name without any folder, in safe characters (it is shown and offered on download)."""
    try:
        return get_valid_filename(Path(name.replace("\\", "/")).name)[:NAME_MAX_LENGTH]
    except SuspiciousFileOperation:
        return "file"


@transaction.atomic
def attach_file(
    *, actor: Actor, name: str, content: bytes, meeting: Meeting | None = None, report: StatusReport | None = None
) -> Attachment:
    """Attach a file to a meeting (the coordinator, until the minutes are approved) or to a status report (its
    body's reporters while the round is open, and the coordinator). ValidationError names the file's problem."""
    user = require_user(actor)
    if (meeting is None) == (report is None):
        raise ValueError("attach to a meeting or to a report")
    if meeting is not None:
        require_coordinator(actor)
        if meeting.minutes_state == MinutesState.APPROVED:
            raise ValidationError(_("The minutes are approved and final: nothing more can be attached."))
    elif report is not None and not can_attach_to_report(user, report):
        raise PermissionDenied("not the report's body, or its round is closed")
    try:
        kind = recognise(content)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    shown = _shown_name(name)
    stored_as = _write(content)
    try:
        attachment = Attachment.objects.create(
            meeting=meeting,
            report=report,
            name=shown,
            kind=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            stored_as=stored_as,
            uploaded_by=user,
        )
    except Exception:
        (attachments_folder() / stored_as).unlink(missing_ok=True)
        raise
    record(
        Action.CREATE,
        actor,
        obj=attachment,
        changes={"name": shown, "kind": kind, "size": len(content), "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Actor, attachment: Attachment) -> None:
    """Take the file off the meeting or report; the row stays (the audit trail names it), the file goes."""
    user = require_user(actor)
    current = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("meeting", "report__round")
        .get(pk=attachment.pk)
    )
    if current.meeting is not None:
        require_coordinator(actor)
        if current.meeting.minutes_state == MinutesState.APPROVED:
            raise ValidationError(_("The minutes are approved and final: their attachments stay."))
    elif current.report is not None and not can_attach_to_report(user, current.report):
        raise PermissionDenied("not the report's body, or its round is closed")
    if current.removed_at is not None:
        return
    current.removed_at = timezone.now()
    current.save(update_fields=["removed_at"])
    record(Action.DELETE, actor, obj=current, changes={"name": current.name, "sha256": current.sha256})
    path = stored_file(current)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
