"""Applications: registration, changes, assignment, withdrawal.

And what is recorded on an application before its decision: exploitation events and reflection periods.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.concurrency import EditConflictError
from torju.register.case_numbers import take_case_number
from torju.register.models import (
    FORCED_LABOUR,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    Application,
    ExploitationEvent,
    Person,
    PersonRole,
    ReflectionPeriod,
)
from torju.register.permissions import (
    can_assign,
    can_be_assigned,
    can_register_application,
    is_known_elsewhere,
    office_of,
    user_of,
)
from torju.register.services.common import (
    MIN_REASON_LENGTH,
    acting_user,
    audit_application,
    locked,
    locked_for_work,
    new_identifier,
    not_before,
    not_future,
    require_code,
    require_country,
    save_revised,
    snapshot,
)
from torju.register.services.persons import (
    PersonDetails,
    asks_whether_registered,
    create_victim,
    identity_code_asked,
)
from torju.register.services.waiting import end_waiting

WITHDRAWN, LAPSED = "withdrawn", "lapsed"  # codes of the list `decision` that are not decisions
APPLICATION_FIELDS = ("received_on", "source", "residence_status")


@transaction.atomic
def register_application(
    *,
    actor: Actor,
    person: Person,
    received_on: date,
    office: str,
    source: str,
    residence_status: str,
    application_id: str = "",
    reason: str = "",
) -> Application:
    """Register a new, undecided application of a victim at the caseworker's office, assigned to them.

    A person known only at other offices opens to this user through the new
    case, identifiers and all: as with break-glass, that takes a reason, and
    the registration is flagged for the auditor.
    """
    if not can_register_application(actor, office):
        raise PermissionDenied("not a caseworker of this office")
    require_code("office", "office", office)
    require_code("source", "application_source", source)
    require_code("residence_status", "residence_status", residence_status)
    if person.role != PersonRole.VICTIM:
        raise ValidationError({"person": _("Only a victim can be an applicant.")})
    not_future("received_on", received_on)
    from_elsewhere = is_known_elsewhere(actor, person)
    reason = reason.strip()
    if from_elsewhere and len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "The person is registered at another office: tell why you register an application "
                    "for them (at least 10 characters)."
                )
            }
        )
    application = Application(
        application_id=application_id or new_identifier("A"),
        case_number=take_case_number(office, received_on.year),
        person=person,
        received_on=received_on,
        office=office,
        source=source,
        residence_status=residence_status,
        assigned_to=acting_user(actor),
    )
    application.full_clean()
    application.save()
    audit_application(
        Action.CREATE,
        actor,
        application=application,
        what="application",
        after={
            "application_id": application.application_id,
            "case_number": application.case_number,
            "person_id": person.person_id,
            **snapshot(application, ("received_on", "office", "source", "residence_status")),
        },
        reason=reason if from_elsewhere else "",
        flagged=from_elsewhere,
    )
    return application


@transaction.atomic
def update_application(
    *,
    actor: Actor,
    application: Application,
    revision: int,
    received_on: date,
    source: str,
    residence_status: str,
) -> Application:
    submitted = {
        "received_on": received_on,
        "source": source,
        "residence_status": residence_status,
        "revision": revision,
    }
    current = locked_for_work(actor, application, revision=revision, submitted=submitted)
    require_code("source", "application_source", source)
    require_code("residence_status", "residence_status", residence_status)
    not_future("received_on", received_on)
    not_before(
        "received_on",
        current.decided_on,
        received_on,
        _("The application cannot have been received after the decision."),
    )
    first_start = current.services_provided.aggregate(first=Min("started_on"))["first"]
    not_before(
        "received_on",
        first_start,
        received_on,
        _("A service of this application began earlier (%(date)s): it cannot have been received after it.")
        % {"date": f"{first_start:%d.%m.%Y}" if first_start else ""},
    )
    before = snapshot(current, APPLICATION_FIELDS)
    current.received_on, current.source, current.residence_status = received_on, source, residence_status
    save_revised(current, list(APPLICATION_FIELDS))
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="application",
        before=before,
        after=snapshot(current, APPLICATION_FIELDS),
    )
    return current


@transaction.atomic
def assign_application(
    *,
    actor: Actor,
    application: Application,
    assignee_id: int | None,
    revision: int | None = None,
) -> Application:
    """Give the case to a caseworker of its office (by user id), or to nobody (None).

    Anyone working on the case, and the decision makers of its office, may
    reassign it. With the revision the page was opened with:
    EditConflictError if the case changed since (someone else may have just
    assigned it).
    """
    current = locked(application)
    if not can_assign(actor, current):
        raise PermissionDenied("not a case of the user")
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, {"assigned_to": assignee_id, "revision": revision})
    assignee = User.objects.filter(pk=assignee_id).first() if assignee_id is not None else None
    if assignee_id is not None and (assignee is None or not can_be_assigned(assignee, current)):
        raise ValidationError({"assigned_to": _("Cases are assigned to the caseworkers of the case's office.")})
    before = {"assigned_to": current.assigned_to.username if current.assigned_to else None}
    current.assigned_to = assignee
    save_revised(current, ["assigned_to"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="assignment",
        before=before,
        after={"assigned_to": assignee.username if assignee else None},
    )
    return current


@transaction.atomic
def close_without_decision(*, actor: Actor, application: Application, outcome: str, on: date) -> Application:
    """Record a withdrawn or lapsed application: not a decision, so it needs no confirmation."""
    current = locked_for_work(actor, application)
    if outcome not in (WITHDRAWN, LAPSED):
        raise ValidationError({"outcome": _("Choose a value from the list.")})
    if current.decision:
        raise ValidationError(_("The application has been decided already."))
    if current.decision_drafts.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("A decision is waiting for confirmation: reject it first."))
    not_future("on", on)
    not_before("on", on, current.received_on, _("The date cannot be before the application was received."))
    current.decision, current.decided_on = outcome, on
    save_revised(current, ["decision", "decided_on"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="application_closed",
        after={"decision": outcome, "decided_on": on.isoformat()},
    )
    end_waiting(actor, current)  # a withdrawn or lapsed case waits for nothing
    return current


EVENT_FIELDS = ("exploitation_form", "is_primary", "country", "sector", "began_on", "ended_on")


def _event_snapshot(event: ExploitationEvent) -> dict[str, Any]:
    """The event for the audit trail, under the exchange format's column names (`form`), as before the rename."""
    values = snapshot(event, EVENT_FIELDS)
    return {"event_id": event.event_id, "form": values.pop("exploitation_form"), **values}


@transaction.atomic
def add_exploitation_event(
    *,
    actor: Actor,
    application: Application,
    exploitation_form: str,
    is_primary: bool,
    country: str,
    sector: str = "",
    began_on: date | None = None,
    ended_on: date | None = None,
) -> ExploitationEvent:
    current = locked_for_work(actor, application)
    require_code("exploitation_form", "exploitation_form", exploitation_form)
    require_country("country", country)
    if sector:
        if exploitation_form != FORCED_LABOUR:
            raise ValidationError({"sector": _("A sector is recorded for forced labour only.")})
        require_code("sector", "sector", sector)
    not_future("began_on", began_on)
    not_future("ended_on", ended_on)
    not_before("ended_on", ended_on, began_on, _("The end cannot be before the beginning."))
    if is_primary and current.exploitation_events.filter(is_primary=True).exists():
        raise ValidationError({"is_primary": _("The application has a primary form already.")})
    event = ExploitationEvent(
        event_id=new_identifier("E"),
        application=current,
        exploitation_form=exploitation_form,
        is_primary=is_primary,
        country=country,
        sector=sector,
        began_on=began_on,
        ended_on=ended_on,
    )
    event.full_clean()
    event.save()
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="exploitation_event",
        after=_event_snapshot(event),
    )
    return event


@transaction.atomic
def remove_exploitation_event(*, actor: Actor, event: ExploitationEvent) -> None:
    current = locked_for_work(actor, event.application)
    before = _event_snapshot(event)
    event.delete()
    audit_application(Action.DELETE, actor, application=current, what="exploitation_event", before=before)


@transaction.atomic
def grant_reflection_period(
    *, actor: Actor, application: Application, granted_on: date, months: int
) -> ReflectionPeriod:
    """A reflection period of 1–6 months; it may be granted before any decision."""
    current = locked_for_work(actor, application)
    not_future("granted_on", granted_on)
    if not MIN_REFLECTION_MONTHS <= months <= MAX_REFLECTION_MONTHS:
        raise ValidationError({"months": _("A reflection period is 1 to 6 months.")})
    period = ReflectionPeriod(application=current, granted_on=granted_on, months=months)
    period.full_clean()
    period.save()
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="reflection_period",
        after=snapshot(period, ("granted_on", "months")),
    )
    return period


@asks_whether_registered(lambda details, **_: identity_code_asked(details))
@transaction.atomic
def register_new_applicant(
    *,
    actor: Actor,
    details: PersonDetails,
    received_on: date,
    source: str,
    residence_status: str,
) -> Application:
    """A first application: the person and the application, together or not at all."""
    person = create_victim(actor=actor, details=details)
    return register_application(
        actor=actor,
        person=person,
        received_on=received_on,
        office=office_of(user_of(actor)),
        source=source,
        residence_status=residence_status,
    )
