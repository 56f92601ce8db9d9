"""Waiting for information: a caseworker says why an undecided case waits, and that it no longer does.

The state pauses nothing (docs/decisions/0108): it only tells the work lists,
the backlog and the case page why the case waits. Each change is recorded
against the case like any other change of it; a decision or a withdrawal ends
the wait, and that is recorded too.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.register.models import WAITING_REASON_MAX_LENGTH, Application, WaitingForInformation
from torju.register.permissions import can_mark_waiting, can_work_on
from torju.register.services.common import acting_user, audit_application, locked

WHAT = "waiting_for_information"


def _require_markable(actor: Actor, application: Application) -> None:
    if can_mark_waiting(actor, application):
        return
    if can_work_on(actor, application):  # the case was decided or closed meanwhile
        raise ValidationError(_("A decided case no longer waits for information."))
    raise PermissionDenied("not a case of the user")


@transaction.atomic
def set_waiting_for_information(*, actor: Actor, application: Application, reason: str) -> WaitingForInformation:
    """The case waits for information: what, from whom. Changing the reason keeps the time it began to wait."""
    current = locked(application)
    _require_markable(actor, current)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what information the case waits for, and from whom.")})
    if len(reason) > WAITING_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("This is longer than %(limit)s characters.") % {"limit": WAITING_REASON_MAX_LENGTH}}
        )
    waiting = WaitingForInformation.objects.filter(application=current).first()
    before = {"reason": waiting.reason} if waiting is not None else None
    if waiting is None:
        waiting = WaitingForInformation(application=current, since=timezone.now())
    waiting.reason, waiting.set_by = reason, acting_user(actor)
    waiting.full_clean()
    waiting.save()
    audit_application(
        Action.CREATE if before is None else Action.UPDATE,
        actor,
        application=current,
        what=WHAT,
        before=before,
        after={"reason": reason},
    )
    return waiting


@transaction.atomic
def clear_waiting_for_information(*, actor: Actor, application: Application) -> None:
    """The information came (or is no longer needed): the case no longer waits for it."""
    current = locked(application)
    _require_markable(actor, current)
    if not end_waiting(actor, current):
        raise ValidationError(_("The case is not waiting for information."))


def end_waiting(actor: Actor, application: Application) -> bool:
    """End the wait of a case locked by the caller (cleared, decided, withdrawn), recorded; False if none."""
    waiting = WaitingForInformation.objects.filter(application=application).first()
    if waiting is None:
        return False
    waiting.delete()
    audit_application(Action.DELETE, actor, application=application, what=WHAT, before={"reason": waiting.reason})
    return True
