"""Decisions take four eyes: a caseworker drafts; a decision maker, never the drafter, confirms or returns it."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.register.models import NEGATIVE, POSITIVE, Application, DecisionDraft
from torju.register.permissions import can_confirm_decision, can_draft_decision
from torju.register.services.common import (
    acting_user,
    audit_application,
    locked,
    not_before,
    not_future,
    require_code,
    save_revised,
    snapshot,
)
from torju.register.services.waiting import end_waiting

# Rules other apps add to drafting from their AppConfig.ready (the register imports none of them): each gets the
# locked application and the decision code and raises ValidationError, e.g. torju.legalpath refuses a positive
# decision without recorded identification grounds.
DRAFT_CHECKS: list[Callable[[Application, str], None]] = []


@transaction.atomic
def draft_decision(
    *,
    actor: Actor,
    application: Application,
    decision: str,
    decided_on: date,
    negative_reason: str = "",
) -> DecisionDraft:
    """A caseworker drafts a positive or negative decision; it takes effect when another person confirms it."""
    current = locked(application)
    if not can_draft_decision(actor, current):
        raise PermissionDenied("not a case of the user, or decided already")
    if decision not in (POSITIVE, NEGATIVE):
        raise ValidationError({"decision": _("Choose a value from the list.")})
    if decision == NEGATIVE:
        if not negative_reason:
            raise ValidationError({"negative_reason": _("Give the reason for the negative decision.")})
        require_code("negative_reason", "negative_reason", negative_reason)
    else:
        negative_reason = ""
    not_future("decided_on", decided_on)
    not_before(
        "decided_on", decided_on, current.received_on, _("The decision cannot be before the application was received.")
    )
    if current.decision_drafts.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("A decision is already waiting for confirmation."))
    for check in DRAFT_CHECKS:
        check(current, decision)
    draft = DecisionDraft(
        application=current,
        decision=decision,
        negative_reason=negative_reason,
        decided_on=decided_on,
        drafted_by=acting_user(actor),
    )
    draft.full_clean()
    draft.save()
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="decision_draft",
        after=snapshot(draft, ("decision", "negative_reason", "decided_on")),
    )
    return draft


def _open_draft(application: Application, draft_id: int) -> DecisionDraft:
    draft = DecisionDraft.objects.select_for_update().filter(pk=draft_id, application=application).first()
    if draft is None or draft.confirmed_at is not None:
        raise ValidationError(_("The decision draft is no longer waiting for confirmation."))
    return draft


@transaction.atomic
def confirm_decision(*, actor: Actor, application: Application, draft_id: int) -> Application:
    """Another person, a decision maker, confirms: the decision takes effect; a positive one starts a clienthood."""
    current = locked(application)
    draft = _open_draft(current, draft_id)
    if not can_confirm_decision(actor, current, draft.drafted_by_id):
        raise PermissionDenied("a decision maker of the office, other than the drafter, confirms")
    if current.decision:
        raise ValidationError(_("The application has been decided already."))
    draft.confirmed_by, draft.confirmed_at = acting_user(actor), timezone.now()
    draft.full_clean()
    draft.save(update_fields=["confirmed_by", "confirmed_at"])
    current.decision, current.decided_on, current.negative_reason = (
        draft.decision,
        draft.decided_on,
        draft.negative_reason,
    )
    save_revised(current, ["decision", "decided_on", "negative_reason"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="decision",
        after={
            **snapshot(current, ("decision", "decided_on", "negative_reason")),
            "drafted_by": draft.drafted_by.username,
        },
    )
    end_waiting(actor, current)  # a decided case waits for nothing
    return current


@transaction.atomic
def reject_decision_draft(*, actor: Actor, application: Application, draft_id: int, reason: str) -> None:
    """The decision maker sends the draft back: it is removed, the reason recorded, the caseworker drafts anew."""
    current = locked(application)
    draft = _open_draft(current, draft_id)
    if not can_confirm_decision(actor, current, draft.drafted_by_id):
        raise PermissionDenied("a decision maker of the office, other than the drafter, rejects")
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the drafter why the draft was rejected.")})
    before = snapshot(draft, ("decision", "negative_reason", "decided_on"))
    draft.delete()
    audit_application(
        Action.RETURN,
        actor,
        application=current,
        what="decision_draft",
        before=before,
        reason=reason.strip(),
    )
