"""Referrals to an office: a closed loop from sending to the outcome.

sent → accepted (taken up) or declined (with the reason) by a caseworker of
the office, withdrawn by the referrer, or expired when nobody answered by
the due date; an accepted referral then gets its outcome: the application
registered (services.applications), the person could not be reached, or
they declined help.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.concurrency import EditConflictError
from torju.helpline.anonymity import check_free_text
from torju.helpline.models import (
    APPLICATION_REGISTERED,
    CaseStatus,
    ConsultationCase,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from torju.helpline.permissions import answers_for_office, can_send_referral, is_adviser
from torju.helpline.services.common import Saved, acting_user, audit, changed_text, require_code, snapshot
from torju.helpline.services.contacts import join_case

DEFAULT_DUE_DAYS = 14
# Who may be the referring party of a first responder's referral: authorities and organisations, not
# the person themself, their relatives or private persons (their contact is an info-line referral).
FIRST_RESPONDERS = frozenset(
    {
        "police",
        "border_guard",
        "prosecutor",
        "social_services",
        "health_care",
        "reception_centre",
        "labour_protection",
        "ngo",
        "other",
    }
)
STATE_FIELDS = ("status", "answered_at", "decline_reason", "closed_at", "outcome", "outcome_at")
TEXT_FIELDS = ("referral_details", "response_notes")
ORGANISATION_FIELD = "referring_organisation"


def due_days() -> int:
    """Days an office has to take a referral up (the setting HELPLINE_REFERRAL_DUE_DAYS, default 14)."""
    return int(getattr(settings, "HELPLINE_REFERRAL_DUE_DAYS", DEFAULT_DUE_DAYS))


def default_due_on(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=due_days())


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("case").get(pk=referral.pk)


def _revised(current: Referral, revision: int | None, submitted: dict[str, Any]) -> None:
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, submitted)


def _require_office(actor: Actor, current: Referral) -> None:
    if not answers_for_office(actor.user, current):
        raise PermissionDenied("a caseworker of the office answers its referrals")


def _require_waiting(current: Referral) -> None:
    """A state, not a right: the referral was answered, withdrawn or expired meanwhile (a second click, a colleague)."""
    if current.status != ReferralStatus.SENT:
        raise ValidationError(
            _("The referral is no longer waiting to be taken up: it is %(status)s.")
            % {"status": str(current.get_status_display()).lower()}
        )


def _save(current: Referral) -> None:
    current.revision += 1
    current.full_clean()
    current.save()


@transaction.atomic
def send_referral(
    actor: Actor,
    *,
    kind: str,
    office: str,
    referring_party: str,
    case: ConsultationCase | None = None,
    referring_organisation: str = "",
    referral_details: str = "",
    due_on: date | None = None,
) -> Saved[Referral]:
    """Hand a potential victim to an office: from a consultation case, or a first responder's referral logged.

    No identifiers go in (the free text is checked); how the office reaches
    the person is agreed by other means.
    """
    if not can_send_referral(actor.user):
        raise PermissionDenied("referrals are sent by helpline advisers")
    if kind not in ReferralKind.values:
        raise ValidationError({"kind": _("Choose a value from the list.")})
    require_code("office", "office", office)
    require_code("referring_party", "contact_type", referring_party)
    referring_organisation = referring_organisation.strip()
    if kind == ReferralKind.HELPLINE and case is None:
        raise ValidationError({"case": _("A referral from the info line is made on a consultation case.")})
    if kind == ReferralKind.FIRST_RESPONDER:
        if referring_party not in FIRST_RESPONDERS:
            raise ValidationError({"referring_party": _("A first responder is an authority or an organisation.")})
        if not referring_organisation:
            raise ValidationError({"referring_organisation": _("Name the organisation that refers the person.")})
    if case is not None:
        case = ConsultationCase.objects.select_for_update().get(pk=case.pk)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"case": _("The consultation case is closed: reopen it first.")})
    due_on = due_on or default_due_on()
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    warnings = check_free_text({ORGANISATION_FIELD: referring_organisation, "referral_details": referral_details})
    referral = Referral(
        kind=kind,
        case=case,
        office=office,
        referring_party=referring_party,
        referring_organisation=referring_organisation,
        referral_details=referral_details,
        sent_at=timezone.now(),
        sent_by=acting_user(actor),
        due_on=due_on,
    )
    referral.full_clean()
    referral.save()
    if case is not None:
        join_case(case, actor)
    audit(
        Action.CREATE,
        actor,
        referral,
        "referral",
        after={
            **snapshot(referral, ("kind", "office", "referring_party", ORGANISATION_FIELD, "status", "due_on")),
            "case": case.case_number if case is not None else None,
        },
        text_changed=changed_text({}, {"referral_details": referral_details}),
    )
    return Saved(referral, warnings)


@transaction.atomic
def withdraw_referral(actor: Actor, referral: Referral, *, revision: int | None = None) -> Referral:
    """The referrer takes back a referral nobody has answered (the person changed their mind, another route)."""
    current = _locked(referral)
    _revised(current, revision, {"status": ReferralStatus.WITHDRAWN})
    if not is_adviser(actor.user):
        raise PermissionDenied("the referrer's side, an adviser, withdraws a referral")
    _require_waiting(current)
    before = snapshot(current, STATE_FIELDS)
    current.status, current.closed_at = ReferralStatus.WITHDRAWN, timezone.now()
    _save(current)
    audit(Action.UPDATE, actor, current, "referral_withdrawn", before=before, after=snapshot(current, STATE_FIELDS))
    return current


def _answer(current: Referral, actor: Actor, status: str) -> None:
    current.status, current.answered_at, current.answered_by = status, timezone.now(), acting_user(actor)


@transaction.atomic
def accept_referral(actor: Actor, referral: Referral, *, revision: int | None = None) -> Referral:
    """A caseworker of the office takes the referral up: the office now works to reach the person."""
    current = _locked(referral)
    _revised(current, revision, {"status": ReferralStatus.ACCEPTED})
    _require_office(actor, current)
    _require_waiting(current)
    before = snapshot(current, STATE_FIELDS)
    _answer(current, actor, ReferralStatus.ACCEPTED)
    _save(current)
    audit(Action.UPDATE, actor, current, "referral_accepted", before=before, after=snapshot(current, STATE_FIELDS))
    return current


@transaction.atomic
def decline_referral(
    actor: Actor, referral: Referral, *, reason: str, notes: str = "", revision: int | None = None
) -> Saved[Referral]:
    """A caseworker of the office declines, with the reason (code list `referral_decline_reason`)."""
    current = _locked(referral)
    _revised(current, revision, {"status": ReferralStatus.DECLINED, "decline_reason": reason})
    _require_office(actor, current)
    _require_waiting(current)
    if not reason:
        raise ValidationError({"decline_reason": _("Give the reason for declining.")})
    require_code("decline_reason", "referral_decline_reason", reason)
    warnings = check_free_text({"response_notes": notes})
    before = snapshot(current, STATE_FIELDS)
    _answer(current, actor, ReferralStatus.DECLINED)
    current.decline_reason, current.response_notes = reason, notes
    _save(current)
    audit(
        Action.UPDATE,
        actor,
        current,
        "referral_declined",
        before=before,
        after=snapshot(current, STATE_FIELDS),
        text_changed=changed_text({}, {"response_notes": notes}),
    )
    return Saved(current, warnings)


@transaction.atomic
def record_outcome(
    actor: Actor, referral: Referral, *, outcome: str, notes: str = "", revision: int | None = None
) -> Saved[Referral]:
    """The outcome of a referral taken up when no application came of it: not reached, or declined help.

    An application is registered through services.applications, which
    records that outcome itself with the application.
    """
    current = _locked(referral)
    _revised(current, revision, {"outcome": outcome})
    _require_office(actor, current)
    if current.status != ReferralStatus.ACCEPTED or current.outcome:
        raise ValidationError(_("Only a referral taken up and without an outcome gets one."))
    if not outcome:
        raise ValidationError({"outcome": _("Give the outcome.")})
    require_code("outcome", "referral_outcome", outcome)
    if outcome == APPLICATION_REGISTERED:
        raise ValidationError({"outcome": _("Register the application from the referral: it records this outcome.")})
    warnings = check_free_text({"response_notes": notes})
    before, before_text = snapshot(current, STATE_FIELDS), {"response_notes": current.response_notes}
    current.outcome, current.outcome_at, current.outcome_by = outcome, timezone.now(), acting_user(actor)
    if notes:
        current.response_notes = notes
    _save(current)
    audit(
        Action.UPDATE,
        actor,
        current,
        "referral_outcome",
        before=before,
        after=snapshot(current, STATE_FIELDS),
        text_changed=changed_text(before_text, {"response_notes": current.response_notes}),
    )
    return Saved(current, warnings)


@transaction.atomic
def expire_overdue_referrals(actor: Actor, today: date | None = None) -> int:
    """Referrals nobody answered by their due date expire (run daily); how many did."""
    today = today or timezone.localdate()
    overdue = list(
        Referral.objects.select_for_update().filter(status=ReferralStatus.SENT, due_on__lt=today).order_by("pk")
    )
    now = timezone.now()
    for referral in overdue:
        before = snapshot(referral, STATE_FIELDS)
        referral.status, referral.closed_at = ReferralStatus.EXPIRED, now
        _save(referral)
        audit(Action.UPDATE, actor, referral, "referral_expired", before=before, after=snapshot(referral, STATE_FIELDS))
    return len(overdue)


def record_referral_view(actor: Actor, referral: Referral) -> None:
    audit(Action.VIEW, actor, referral, "referral")
