"""The helpline's retention rule: free text is erased after the retention period; coded fields stay.

The rule (docs/decisions/0040-helpline.md, "Retention"): the free text of
a record (a contact's notes and description of the person concerned, a
case's summary and notes on its outcome, a referral's details and the
office's notes) is erased once the record's work ended more than
HELPLINE_RETENTION_YEARS (default 2) years ago:

- a consultation case when it closed, or, left open, when it was last changed;
- a contact with its case; a contact on its own when it was made;
- a referral when its loop closed (declined, withdrawn, expired, or its
  outcome recorded), or, left open, when it was last changed.

The coded fields (when, channel, who contacted, subject, forms, region,
outcome …) stay for the statistics. Set-based: one UPDATE per table.
"""

from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.helpline.models import CaseStatus, ConsultationCase, Contact, Referral, ReferralStatus

DEFAULT_RETENTION_YEARS = 2


def retention_years() -> int:
    return int(getattr(settings, "HELPLINE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def retention_cutoff(today: date, years: int) -> datetime:
    """The start of the same day `years` years before `today` (28 February for 29 February)."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(datetime.combine(day, time.min))


def cases_due(cutoff: datetime) -> Q:
    return Q(text_erased_at__isnull=True) & (
        Q(status=CaseStatus.CLOSED, closed_at__lt=cutoff) | (~Q(status=CaseStatus.CLOSED) & Q(updated_at__lt=cutoff))
    )


def contacts_due(cutoff: datetime) -> Q:
    """Contacts of a case due, and contacts made before the cutoff on their own or in a case erased already.

    (A case erased and then reopened keeps its new contacts' text until it is due again.)
    """
    case_due = Q(case__in=ConsultationCase.objects.filter(cases_due(cutoff)))
    old = Q(contacted_at__lt=cutoff) & (Q(case__isnull=True) | Q(case__text_erased_at__isnull=False))
    return Q(text_erased_at__isnull=True) & (case_due | old)


def referrals_due(cutoff: datetime) -> Q:
    ended = (
        Q(status=ReferralStatus.DECLINED, answered_at__lt=cutoff)
        | Q(status__in=[ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED], closed_at__lt=cutoff)
        | Q(status=ReferralStatus.ACCEPTED, outcome_at__lt=cutoff)
    )
    still_open = (Q(status=ReferralStatus.SENT) | Q(status=ReferralStatus.ACCEPTED, outcome="")) & Q(
        updated_at__lt=cutoff
    )
    return Q(text_erased_at__isnull=True) & (ended | still_open)


def count_due(cutoff: datetime) -> dict[str, int]:
    return {
        "consultation_cases": ConsultationCase.objects.filter(cases_due(cutoff)).count(),
        "contacts": Contact.objects.filter(contacts_due(cutoff)).count(),
        "referrals": Referral.objects.filter(referrals_due(cutoff)).count(),
    }


def apply_helpline_retention(
    actor: Actor, *, today: date | None = None, years: int | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Erase the free text of every record due; how many of each (due, with `dry_run`).

    One transaction with one audit event (counts and cutoff); a second run
    finds nothing more to do. A dry run changes nothing and is not audited.
    """
    years = retention_years() if years is None else years
    if years < 1:
        raise ValueError("the retention period is at least one year")
    cutoff = retention_cutoff(today or timezone.localdate(), years)
    if dry_run:
        return count_due(cutoff)
    now = timezone.now()
    erased: dict[str, Any] = {"text_erased_at": now}
    with transaction.atomic():
        # Contacts first: their rule reads whether their case is due, before the cases are erased.
        counts = {
            "contacts": Contact.objects.filter(contacts_due(cutoff)).update(notes="", person_description="", **erased)
        }
        counts["consultation_cases"] = ConsultationCase.objects.filter(cases_due(cutoff)).update(
            summary="", reason_for_case_closure="", **erased
        )
        counts["referrals"] = Referral.objects.filter(referrals_due(cutoff)).update(
            referral_details="", response_notes="", **erased
        )
        record(
            Action.DELETE,
            actor,
            object_type="helpline",
            reason="retention: free text erased",
            changes={**counts, "cutoff": cutoff.date().isoformat(), "years": years},
        )
    return counts
