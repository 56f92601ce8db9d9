"""Consultation cases: grouping contacts, the running summary and status, closing, screening indicators."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.helpline.anonymity import check_free_text
from torju.helpline.models import CaseStatus, ConsultationCase, Contact, IndicatorTick
from torju.helpline.services.common import (
    Saved,
    acting_user,
    audit,
    changed_text,
    require_code,
    require_codes,
    snapshot,
    take_case_number,
)
from torju.helpline.services.contacts import join_case, refresh_opened_at, require_adviser

STATUS_FIELDS = ("status", "closed_at", "outcome")
ACTIVE = (CaseStatus.OPEN, CaseStatus.WAITING)


def _locked(case: ConsultationCase) -> ConsultationCase:
    return ConsultationCase.objects.select_for_update().get(pk=case.pk)


def _revised(current: ConsultationCase, revision: int | None, submitted: dict[str, Any]) -> None:
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, submitted)


def _not_closed(case: ConsultationCase) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The consultation case is closed: reopen it first."))


@transaction.atomic
def group_contacts(actor: Actor, contacts: list[Contact], case: ConsultationCase | None = None) -> ConsultationCase:
    """Put contacts about the same situation in one case: a new one, or an open one.

    A contact that was in another case moves (the trail says from where); a
    case opened with its earliest contact.
    """
    require_adviser(actor)
    if not contacts:
        raise ValidationError({"contacts": _("Choose at least one contact.")})
    locked = list(
        Contact.objects.select_for_update(of=("self",)).select_related("case").filter(pk__in=[c.pk for c in contacts])
    )
    if case is None:
        earliest = min(contact.contacted_at for contact in locked)
        case = ConsultationCase(
            case_number=take_case_number(timezone.localtime(earliest).year),
            opened_at=earliest,
            created_by=acting_user(actor),
        )
        case.full_clean()
        case.save()
        audit(Action.CREATE, actor, case, "consultation_case", after=snapshot(case, ("case_number", "status")))
    else:
        case = _locked(case)
        _not_closed(case)
    moved = []
    for contact in locked:
        if contact.case_id == case.pk:
            continue
        previous = contact.case
        if previous is not None and previous.status == CaseStatus.CLOSED:
            raise ValidationError(
                {"contacts": _("A contact of the closed case %(case)s cannot be moved.") % {"case": previous}}
            )
        contact.case = case
        contact.save(update_fields=["case", "updated_at"])
        moved.append((contact, previous))
    refresh_opened_at(case)
    case.save(update_fields=["opened_at", "updated_at"])
    join_case(case, actor)
    for contact, previous in moved:
        audit(
            Action.UPDATE,
            actor,
            contact,
            "contact_grouped",
            before={"case": previous.case_number if previous else None},
            after={"case": case.case_number},
        )
        if previous is not None:
            refresh_opened_at(previous)
            previous.save(update_fields=["opened_at", "updated_at"])
    return case


@transaction.atomic
def update_case(
    actor: Actor, case: ConsultationCase, *, revision: int | None, status: str, summary: str
) -> Saved[ConsultationCase]:
    """The running summary and whether the case is open or waiting (closing asks for the outcome: close_case)."""
    require_adviser(actor)
    current = _locked(case)
    _revised(current, revision, {"status": status, "summary": summary})
    _not_closed(current)
    if status not in ACTIVE:
        raise ValidationError({"status": _("Choose open or waiting; close the case with its outcome.")})
    if current.text_erased_at is not None and summary:
        raise ValidationError(_("The free text of this case has been erased under the retention rules."))
    warnings = check_free_text({"summary": summary})
    before, before_text = snapshot(current, ("status",)), {"summary": current.summary}
    current.status, current.summary = status, summary
    current.revision += 1
    current.full_clean()
    current.save()
    join_case(current, actor)
    audit(
        Action.UPDATE,
        actor,
        current,
        "consultation_case",
        before=before,
        after=snapshot(current, ("status",)),
        text_changed=changed_text(before_text, {"summary": summary}),
    )
    return Saved(current, warnings)


@transaction.atomic
def close_case(
    actor: Actor, case: ConsultationCase, *, revision: int | None, outcome: str, reason_for_case_closure: str = ""
) -> Saved[ConsultationCase]:
    """Close with the outcome (code list `consultation_outcome`) and notes on it."""
    require_adviser(actor)
    current = _locked(case)
    _revised(current, revision, {"outcome": outcome, "reason_for_case_closure": reason_for_case_closure})
    _not_closed(current)
    if not outcome:
        raise ValidationError({"outcome": _("Give the outcome of the consultation.")})
    require_code("outcome", "consultation_outcome", outcome)
    warnings = check_free_text({"reason_for_case_closure": reason_for_case_closure})
    before = snapshot(current, STATUS_FIELDS)
    current.status, current.closed_at, current.outcome = CaseStatus.CLOSED, timezone.now(), outcome
    current.reason_for_case_closure = reason_for_case_closure
    current.closed_at = max(current.closed_at, current.opened_at)
    current.revision += 1
    current.full_clean()
    current.save()
    join_case(current, actor)
    audit(
        Action.UPDATE,
        actor,
        current,
        "consultation_closed",
        before=before,
        after=snapshot(current, STATUS_FIELDS),
        text_changed=changed_text({}, {"reason_for_case_closure": reason_for_case_closure}),
    )
    return Saved(current, warnings)


@transaction.atomic
def reopen_case(actor: Actor, case: ConsultationCase, *, revision: int | None = None) -> ConsultationCase:
    """A closed case opens again (a new call about the same situation); its outcome goes, the trail keeps it."""
    require_adviser(actor)
    current = _locked(case)
    _revised(current, revision, {"status": CaseStatus.OPEN})
    if current.status != CaseStatus.CLOSED:
        raise ValidationError(_("The consultation case is not closed."))
    before = snapshot(current, STATUS_FIELDS)
    had_notes = bool(current.reason_for_case_closure)
    current.status, current.closed_at, current.outcome, current.reason_for_case_closure = CaseStatus.OPEN, None, "", ""
    current.revision += 1
    current.full_clean()
    current.save()
    join_case(current, actor)
    audit(
        Action.UPDATE,
        actor,
        current,
        "consultation_reopened",
        before=before,
        after=snapshot(current, STATUS_FIELDS),
        text_changed=["reason_for_case_closure"] if had_notes else None,
    )
    return current


@transaction.atomic
def set_indicators(actor: Actor, case: ConsultationCase, indicators: tuple[str, ...]) -> ConsultationCase:
    """The screening indicators ticked on the case become exactly `indicators` (code list `screening_indicator`)."""
    require_adviser(actor)
    current = _locked(case)
    _not_closed(current)
    require_codes("indicators", "screening_indicator", indicators)
    wanted = set(indicators)
    ticked = set(current.indicator_ticks.values_list("indicator", flat=True))
    added, removed = sorted(wanted - ticked), sorted(ticked - wanted)
    if not added and not removed:
        return current
    current.indicator_ticks.filter(indicator__in=removed).delete()
    user = acting_user(actor)
    IndicatorTick.objects.bulk_create([IndicatorTick(case=current, indicator=code, ticked_by=user) for code in added])
    current.save(update_fields=["updated_at"])
    join_case(current, actor)
    audit(Action.UPDATE, actor, current, "screening_indicators", added=added, removed=removed)
    return current


def record_case_view(actor: Actor, case: ConsultationCase) -> None:
    require_adviser(actor)
    audit(Action.VIEW, actor, case, "consultation_case")


def record_list_view(actor: Actor, object_type: str, *, shown: int, criteria: dict[str, Any]) -> None:
    """A list of the helpline's records was read: which list, filtered how, how many rows shown."""
    used = sorted(name for name, value in criteria.items() if value not in (None, "", [], ()))
    record(Action.VIEW, actor, object_type=object_type, changes={"what": "list", "criteria": used, "shown": shown})
