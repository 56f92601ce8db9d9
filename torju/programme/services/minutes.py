"""Minutes from draft to approved, the members' comments on them, and the follow-up of decisions."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Meeting, MeetingDecision, MinutesComment, MinutesState
from torju.programme.permissions import can_comment_on_minutes, require_coordinator, require_user
from torju.programme.rules import refuse
from torju.programme.services.mail import Message, send_after_commit

COMMENT_MAX_LENGTH = 5000


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)


@transaction.atomic
def circulate_minutes(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Send the draft minutes to the members of the meeting's group for comments (they get an e-mail)."""
    require_coordinator(actor)
    current = _locked(meeting)
    if current.minutes_state != MinutesState.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    if current.group is None:
        raise ValidationError(_("Choose the meeting's group first: the minutes are circulated to its members."))
    current.minutes_state = MinutesState.CIRCULATED
    current.circulated_at = timezone.now()
    current.save(update_fields=["minutes_state", "circulated_at"])
    record(
        Action.UPDATE,
        actor,
        obj=current,
        changes={"before": {"minutes_state": "draft"}, "after": {"minutes_state": "circulated"}},
    )
    title = str(current)

    def write() -> Message:
        return Message(
            _("Torju: minutes to comment on"),
            _("The minutes of the meeting “%(meeting)s” are circulated for comments. Read them and comment in Torju.")
            % {"meeting": title},
        )

    for member in current.group.members.filter(is_active=True).exclude(email=""):
        send_after_commit(member, write)
    return current


@transaction.atomic
def approve_minutes(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The coordinator approves circulated minutes: they are final and the meeting can no longer change."""
    coordinator = require_coordinator(actor)
    current = _locked(meeting)
    if current.minutes_state != MinutesState.CIRCULATED:
        raise ValidationError(_("Only circulated minutes can be approved."))
    current.minutes_state = MinutesState.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = coordinator
    current.save(update_fields=["minutes_state", "approved_at", "approved_by"])
    record(
        Action.UPDATE,
        actor,
        obj=current,
        changes={"before": {"minutes_state": "circulated"}, "after": {"minutes_state": "approved"}},
    )
    return current


@transaction.atomic
def comment_on_minutes(*, actor: Actor, meeting: Meeting, text: str) -> MinutesComment:
    """A member of the meeting's group (or the coordinator) comments on circulated minutes."""
    user = require_user(actor)
    current = _locked(meeting)
    if not can_comment_on_minutes(user, current):
        raise PermissionDenied("not a member of the group, or the minutes are not circulated")
    text = text.strip()
    if not text:
        refuse({"text": _("Write the comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        refuse({"text": _("This is longer than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}})
    comment = MinutesComment.objects.create(meeting=current, author=user, text=text)
    record(Action.COMMENT, actor, obj=current, reason=text)
    return comment


@transaction.atomic
def mark_decision_done(*, actor: Actor, decision: MeetingDecision, done_on: date, note: str) -> MeetingDecision:
    """The decision was carried out: it leaves the dashboard's follow-up."""
    require_coordinator(actor)
    current = MeetingDecision.objects.select_for_update().get(pk=decision.pk)
    if current.done_on is not None:
        raise ValidationError(_("The decision is marked done already."))
    if done_on > timezone.localdate():
        refuse({"done_on": _("The day must not be in the future.")})
    current.done_on, current.done_note = done_on, note.strip()
    current.save(update_fields=["done_on", "done_note"])
    record(
        Action.UPDATE,
        actor,
        obj=current,
        changes={
            "before": {"done_on": None},
            "after": {"done_on": done_on.isoformat(), "done_note": current.done_note},
        },
    )
    return current
