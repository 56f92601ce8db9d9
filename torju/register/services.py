"""Every write of the assistance register outside the exchange import.

Each function checks the permission (operator commands have none to check),
writes in one transaction and records the audit event in that same
transaction.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import Role, User
from torju.accounts.permissions import has_role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.concurrency import EditConflictError
from torju.register import crypto
from torju.register.countries import is_country_code
from torju.register.hetu import parse_hetu
from torju.register.models import (
    FORCED_LABOUR,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    Application,
    CaseNumberCounter,
    DecisionDraft,
    DirectIdentifiers,
    ExploitationEvent,
    Person,
    PersonRole,
    ReflectionPeriod,
    ServiceNeedsAssessment,
    ServiceProvided,
)
from torju.register.permissions import (
    can_assign,
    can_be_assigned,
    can_break_glass,
    can_confirm_decision,
    can_draft_decision,
    can_edit_person,
    can_register_application,
    can_work_on,
    is_known_elsewhere,
    office_of,
    user_of,
    works_in_register,
)
from torju.register.selectors import PersonMatch, assessable_persons, find_persons

WITHDRAWN, LAPSED = "withdrawn", "lapsed"  # codes of the list `decision` that are not decisions
ADULT_AGE = 18
MIN_REASON_LENGTH = 10
IDENTIFIER_BYTES = 6

CASE_NUMBER_DIGITS = 6
CASE_NUMBER_FORMAT = f"0{CASE_NUMBER_DIGITS}d"  # of the running number
CASE_NUMBER_PREFIX = "{}-{}-"  # office, year


def format_case_number(office: str, year: int, number: int) -> str:
    """HEL-2026-000123: office, year of registration, running number of that office and year."""
    return CASE_NUMBER_PREFIX.format(office, year) + format(number, CASE_NUMBER_FORMAT)


def take_case_number(office: str, year: int) -> str:
    """The next case number of the office and year; call inside the transaction that uses it.

    The counter row is created if missing (a concurrent creator's row wins,
    never a duplicate) and then locked until the transaction ends, so two
    registrations can never get the same number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_case_number must run inside a transaction")
    CaseNumberCounter.objects.bulk_create([CaseNumberCounter(office=office, year=year)], ignore_conflicts=True)
    counter = CaseNumberCounter.objects.select_for_update().get(office=office, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_case_number(office, year, counter.last_number)


ENCRYPTED_FIELDS = (
    "first_names_encrypted",
    "last_name_encrypted",
    "hetu_encrypted",
    "phone_encrypted",
    "address_encrypted",
)


def new_identifier(prefix: str) -> str:
    """A pseudonymous identifier for a row created in Torju (P-…, A-…, E-…): random, meaningless."""
    return f"{prefix}-{secrets.token_hex(IDENTIFIER_BYTES).upper()}"


def _require_code(field: str, code_list: str, code: str) -> None:
    if not codes_of(code_list).filter(code=code).exists():
        raise ValidationError({field: _("Choose a value from the list.")})


def _require_country(field: str, code: str) -> None:
    if not is_country_code(code):
        raise ValidationError({field: _("Choose a country from the list.")})


def _not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _not_before(field: str, value: date | None, earliest: date | None, message: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError({field: message})


def _audit(
    action: Action,
    actor: Actor,
    *,
    application: Application,
    what: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    flagged: bool = False,
) -> None:
    """Every write of a case is recorded against its application: the audit trail is the case's timeline."""
    changes: dict[str, Any] = {"what": what}
    if before is not None:
        changes["before"] = before
    if after is not None:
        changes["after"] = after
    record(
        action,
        actor,
        obj=application,
        changes=changes,
        reason=reason,
        flagged=flagged,
    )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values for the audit trail."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()}


def _snapshot(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return _plain({field: getattr(instance, field) for field in fields})


def _locked(application: Application) -> Application:
    """The current row, locked until the transaction ends."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _locked_case(
    actor: Actor,
    application: Application,
    *,
    revision: int | None = None,
    submitted: dict[str, Any] | None = None,
) -> Application:
    """The current row, locked until the transaction ends, if the actor may work on it.

    With the revision the form was opened with: EditConflictError if the row
    changed since (checked after the permission, so a refusal is a refusal).
    """
    current = _locked(application)
    if not can_work_on(actor, current):
        raise PermissionDenied("not a case of the user")
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, submitted or {})
    return current


def _acting_user(actor: Actor) -> User:
    """The user in whose name casework is written (assigned, drafted, confirmed, assessed): never the system."""
    if actor.user is None:
        raise PermissionDenied("casework is done in a user's name")
    return actor.user


def _save_revised(instance: Application | Person, fields: list[str]) -> None:
    instance.revision += 1
    instance.full_clean()
    instance.save(update_fields=[*fields, "revision", "updated_at"])


# Persons ---------------------------------------------------------------------------------------

PERSON_FIELDS = ("sex", "birth_date", "birth_date_estimated", "nationality", "languages")
IDENTIFIER_FIELDS = ("first_names", "last_name", "hetu", "phone", "address")


@dataclass(frozen=True)
class PersonDetails:
    """What a caseworker records about a person; the identifiers are encrypted on save."""

    identifiers: DirectIdentifiers
    sex: str
    nationality: str
    birth_date: date | None = None
    birth_date_estimated: bool = False
    languages: str = ""


def _apply_details(person: Person, details: PersonDetails) -> None:
    _require_code("sex", "sex", details.sex)
    _require_country("nationality", details.nationality)
    _not_future("birth_date", details.birth_date)
    hetu = details.identifiers.hetu
    identifiers = details.identifiers
    if hetu:
        try:
            parsed = parse_hetu(hetu)
        except ValidationError as error:
            raise ValidationError({"hetu": error.messages}) from error
        identifiers = replace(identifiers, hetu=parsed.value)
        if details.birth_date is not None and details.birth_date != parsed.birth_date:
            raise ValidationError(
                {"birth_date": _("The date of birth differs from the one in the personal identity code.")}
            )
    person.sex = details.sex
    person.nationality = details.nationality
    person.birth_date = details.birth_date or (parse_hetu(hetu).birth_date if hetu else None)
    person.birth_date_estimated = details.birth_date_estimated and person.birth_date is not None
    person.languages = details.languages
    person.write_identifiers(identifiers)
    duplicate = Person.objects.filter(hetu_hash=person.hetu_hash).exclude(pk=person.pk) if person.hetu_hash else None
    if duplicate is not None and duplicate.exists():
        raise ValidationError(
            {"hetu": _("A person with this personal identity code is already registered. Search for them instead.")}
        )


def _submitted_details(details: PersonDetails) -> dict[str, Any]:
    """What the user sent, for the conflict answer (to the same user, who typed it)."""
    return _plain(
        {
            **{field: getattr(details.identifiers, field) for field in IDENTIFIER_FIELDS},
            **{field: getattr(details, field) for field in PERSON_FIELDS},
        }
    )


def _changed_identifiers(before: DirectIdentifiers, after: DirectIdentifiers) -> list[str]:
    """Which identifiers changed: the trail says that they changed, never their values."""
    return [field for field in IDENTIFIER_FIELDS if getattr(before, field) != getattr(after, field)]


@transaction.atomic
def create_victim(*, actor: Actor, details: PersonDetails) -> Person:
    """A new person who applies for assistance (their first application follows)."""
    if not has_role(user_of(actor), Role.CASEWORKER):
        raise PermissionDenied("only caseworkers register persons")
    person = Person(person_id=new_identifier("P"), role=PersonRole.VICTIM)
    _apply_details(person, details)
    person.full_clean()
    person.save()
    record(
        Action.CREATE,
        actor,
        obj=person,
        changes={
            "what": "person",
            "after": _snapshot(person, ("person_id", "role", *PERSON_FIELDS)),
            "identifiers_recorded": _changed_identifiers(DirectIdentifiers(), details.identifiers),
        },
    )
    return person


@transaction.atomic
def update_person(*, actor: Actor, person: Person, revision: int, details: PersonDetails) -> Person:
    """Change a person's details; EditConflictError when someone saved them after the form was opened."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if not can_edit_person(actor, current):
        raise PermissionDenied("not a case of the user")
    if current.identifiers_erased_at is not None:
        raise ValidationError(_("The identifiers of this person have been erased under the retention rules."))
    if current.revision != revision:
        raise EditConflictError(current, {**_submitted_details(details), "revision": revision})
    before = _snapshot(current, PERSON_FIELDS)
    before_identifiers = current.read_identifiers()
    _apply_details(current, details)
    _save_revised(current, [*PERSON_FIELDS, *ENCRYPTED_FIELDS, "hetu_hash", "name_birth_hash"])
    record(
        Action.UPDATE,
        actor,
        obj=current,
        changes={
            "what": "person",
            "before": before,
            "after": _snapshot(current, PERSON_FIELDS),
            "identifiers_changed": _changed_identifiers(before_identifiers, details.identifiers),
        },
    )
    return current


def record_person_view(*, actor: Actor, person: Person) -> None:
    """Opening a person's record (with their identifiers) is audited."""
    record(Action.VIEW, actor, obj=person, changes={"what": "person"})


def record_case_view(*, actor: Actor, application: Application) -> None:
    record(Action.VIEW, actor, obj=application, changes={"what": "application"})


def search_persons(
    *,
    actor: Actor,
    person_id: str = "",
    hetu: str = "",
    first_names: str = "",
    last_name: str = "",
    birth_date: date | None = None,
) -> list[PersonMatch]:
    """Find persons by one exact key: the pseudonymous id, the identity code, or the names with the birth date.

    Audited by the criteria used, never the searched identifiers themselves.
    The caller unlocks the persons found for the session
    (permissions.FOUND_PERSONS): a new application may be registered for them.
    """
    if not works_in_register(user_of(actor)):
        raise PermissionDenied("the person search is for those who work in the register")
    by_name = bool(first_names.strip() or last_name.strip())
    if by_name and birth_date is None:
        raise ValidationError({"birth_date": _("A search by name needs the date of birth too.")})
    if not (person_id.strip() or hetu.strip() or by_name):
        raise ValidationError(
            _("Give the person identifier, the personal identity code, or the name and date of birth.")
        )
    if hetu.strip():
        try:
            hetu = parse_hetu(hetu.strip()).value
        except ValidationError as error:
            raise ValidationError({"hetu": error.messages}) from error
    matches = find_persons(
        actor, person_id=person_id, hetu=hetu, first_names=first_names, last_name=last_name, birth_date=birth_date
    )
    used = {"person_id": person_id, "hetu": hetu, "first_names": first_names, "last_name": last_name}
    used["birth_date"] = "yes" if birth_date is not None else ""
    record(
        Action.SEARCH,
        actor,
        object_type=Person._meta.label_lower,
        changes={"criteria": sorted(name for name, value in used.items() if value), "found": len(matches)},
    )
    return matches


@transaction.atomic
def open_with_reason(*, actor: Actor, application: Application, reason: str) -> None:
    """Break-glass: open another office's case, with a reason, flagged for the auditor.

    The caller unlocks the case for the session (permissions.OPENED_CASES) once this has succeeded.
    """
    if not can_break_glass(actor, application):
        raise PermissionDenied("break-glass is for another office's cases")
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Tell why you need to open this case (at least 10 characters).")})
    _audit(
        Action.VIEW,
        actor,
        application=application,
        what="break_glass",
        reason=reason,
        flagged=True,
    )


# Applications -----------------------------------------------------------------------------------

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
    _require_code("office", "office", office)
    _require_code("source", "application_source", source)
    _require_code("residence_status", "residence_status", residence_status)
    if person.role != PersonRole.VICTIM:
        raise ValidationError({"person": _("Only a victim can be an applicant.")})
    _not_future("received_on", received_on)
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
        assigned_to=_acting_user(actor),
    )
    application.full_clean()
    application.save()
    _audit(
        Action.CREATE,
        actor,
        application=application,
        what="application",
        after={
            "application_id": application.application_id,
            "case_number": application.case_number,
            "person_id": person.person_id,
            **_snapshot(application, ("received_on", "office", "source", "residence_status")),
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
    current = _locked_case(actor, application, revision=revision, submitted=submitted)
    _require_code("source", "application_source", source)
    _require_code("residence_status", "residence_status", residence_status)
    _not_future("received_on", received_on)
    _not_before(
        "received_on",
        current.decided_on,
        received_on,
        _("The application cannot have been received after the decision."),
    )
    before = _snapshot(current, APPLICATION_FIELDS)
    current.received_on, current.source, current.residence_status = received_on, source, residence_status
    _save_revised(current, list(APPLICATION_FIELDS))
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="application",
        before=before,
        after=_snapshot(current, APPLICATION_FIELDS),
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
    current = _locked(application)
    if not can_assign(actor, current):
        raise PermissionDenied("not a case of the user")
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, {"assigned_to": assignee_id, "revision": revision})
    assignee = User.objects.filter(pk=assignee_id).first() if assignee_id is not None else None
    if assignee_id is not None and (assignee is None or not can_be_assigned(assignee, current)):
        raise ValidationError({"assigned_to": _("Cases are assigned to the caseworkers of the case's office.")})
    before = {"assigned_to": current.assigned_to.username if current.assigned_to else None}
    current.assigned_to = assignee
    _save_revised(current, ["assigned_to"])
    _audit(
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
    current = _locked_case(actor, application)
    if outcome not in (WITHDRAWN, LAPSED):
        raise ValidationError({"outcome": _("Choose a value from the list.")})
    if current.decision:
        raise ValidationError(_("The application has been decided already."))
    if current.decision_drafts.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("A decision is waiting for confirmation: reject it first."))
    _not_future("on", on)
    _not_before("on", on, current.received_on, _("The date cannot be before the application was received."))
    current.decision, current.decided_on = outcome, on
    _save_revised(current, ["decision", "decided_on"])
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="application_closed",
        after={"decision": outcome, "decided_on": on.isoformat()},
    )
    return current


# Decisions (four eyes) ---------------------------------------------------------------------------


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
    current = _locked(application)
    if not can_draft_decision(actor, current):
        raise PermissionDenied("not a case of the user, or decided already")
    if decision not in (POSITIVE, NEGATIVE):
        raise ValidationError({"decision": _("Choose a value from the list.")})
    if decision == NEGATIVE:
        if not negative_reason:
            raise ValidationError({"negative_reason": _("Give the reason for the negative decision.")})
        _require_code("negative_reason", "negative_reason", negative_reason)
    else:
        negative_reason = ""
    _not_future("decided_on", decided_on)
    _not_before(
        "decided_on", decided_on, current.received_on, _("The decision cannot be before the application was received.")
    )
    if current.decision_drafts.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("A decision is already waiting for confirmation."))
    draft = DecisionDraft(
        application=current,
        decision=decision,
        negative_reason=negative_reason,
        decided_on=decided_on,
        drafted_by=_acting_user(actor),
    )
    draft.full_clean()
    draft.save()
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="decision_draft",
        after=_snapshot(draft, ("decision", "negative_reason", "decided_on")),
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
    current = _locked(application)
    draft = _open_draft(current, draft_id)
    if not can_confirm_decision(actor, current, draft.drafted_by_id):
        raise PermissionDenied("a decision maker of the office, other than the drafter, confirms")
    if current.decision:
        raise ValidationError(_("The application has been decided already."))
    draft.confirmed_by, draft.confirmed_at = _acting_user(actor), timezone.now()
    draft.full_clean()
    draft.save(update_fields=["confirmed_by", "confirmed_at"])
    current.decision, current.decided_on, current.negative_reason = (
        draft.decision,
        draft.decided_on,
        draft.negative_reason,
    )
    _save_revised(current, ["decision", "decided_on", "negative_reason"])
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="decision",
        after={
            **_snapshot(current, ("decision", "decided_on", "negative_reason")),
            "drafted_by": draft.drafted_by.username,
        },
    )
    return current


@transaction.atomic
def reject_decision_draft(*, actor: Actor, application: Application, draft_id: int, reason: str) -> None:
    """The decision maker sends the draft back: it is removed, the reason recorded, the caseworker drafts anew."""
    current = _locked(application)
    draft = _open_draft(current, draft_id)
    if not can_confirm_decision(actor, current, draft.drafted_by_id):
        raise PermissionDenied("a decision maker of the office, other than the drafter, rejects")
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the drafter why the draft was rejected.")})
    before = _snapshot(draft, ("decision", "negative_reason", "decided_on"))
    draft.delete()
    _audit(
        Action.RETURN,
        actor,
        application=current,
        what="decision_draft",
        before=before,
        reason=reason.strip(),
    )


# Exploitation events ------------------------------------------------------------------------------

EVENT_FIELDS = ("exploitation_form", "is_primary", "country", "sector", "began_on", "ended_on")


def _event_snapshot(event: ExploitationEvent) -> dict[str, Any]:
    """The event for the audit trail, under the exchange format's column names (`form`), as before the rename."""
    values = _snapshot(event, EVENT_FIELDS)
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
    current = _locked_case(actor, application)
    _require_code("exploitation_form", "exploitation_form", exploitation_form)
    _require_country("country", country)
    if sector:
        if exploitation_form != FORCED_LABOUR:
            raise ValidationError({"sector": _("A sector is recorded for forced labour only.")})
        _require_code("sector", "sector", sector)
    _not_future("began_on", began_on)
    _not_future("ended_on", ended_on)
    _not_before("ended_on", ended_on, began_on, _("The end cannot be before the beginning."))
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
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="exploitation_event",
        after=_event_snapshot(event),
    )
    return event


@transaction.atomic
def remove_exploitation_event(*, actor: Actor, event: ExploitationEvent) -> None:
    current = _locked_case(actor, event.application)
    before = _event_snapshot(event)
    event.delete()
    _audit(Action.DELETE, actor, application=current, what="exploitation_event", before=before)


# Clienthood -------------------------------------------------------------------------------------


def _current_clienthood(actor: Actor, application: Application) -> Application:
    current = _locked_case(actor, application)
    if current.decision != POSITIVE:
        raise ValidationError(_("Only a positive decision starts a clienthood."))
    return current


@transaction.atomic
def grant_reflection_period(
    *, actor: Actor, application: Application, granted_on: date, months: int
) -> ReflectionPeriod:
    """A reflection period of 1–6 months; it may be granted before any decision."""
    current = _locked_case(actor, application)
    _not_future("granted_on", granted_on)
    if not MIN_REFLECTION_MONTHS <= months <= MAX_REFLECTION_MONTHS:
        raise ValidationError({"months": _("A reflection period is 1 to 6 months.")})
    period = ReflectionPeriod(application=current, granted_on=granted_on, months=months)
    period.full_clean()
    period.save()
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="reflection_period",
        after=_snapshot(period, ("granted_on", "months")),
    )
    return period


@transaction.atomic
def add_service(
    *,
    actor: Actor,
    application: Application,
    service: str,
    started_on: date,
    ended_on: date | None = None,
) -> ServiceProvided:
    current = _current_clienthood(actor, application)
    _require_code("service", "service", service)
    _not_future("started_on", started_on)
    _not_future("ended_on", ended_on)
    _not_before("ended_on", ended_on, started_on, _("The end cannot be before the beginning."))
    _not_before("started_on", started_on, current.decided_on, _("A service begins after the positive decision."))
    # A service given during the clienthood may be recorded after it ended; one that began later may not.
    _not_before(
        "started_on",
        current.clienthood_ended_on,
        started_on,
        _("The clienthood had ended before this date: a service cannot begin after it."),
    )
    provided = ServiceProvided(application=current, service=service, started_on=started_on, ended_on=ended_on)
    provided.full_clean()
    provided.save()
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="service",
        after=_snapshot(provided, ("service", "started_on", "ended_on")),
    )
    return provided


@transaction.atomic
def end_service(*, actor: Actor, provided: ServiceProvided, ended_on: date) -> ServiceProvided:
    current = _current_clienthood(actor, provided.application)
    provided = ServiceProvided.objects.select_for_update().get(pk=provided.pk)
    if provided.ended_on is not None:  # ended by someone else meanwhile: never overwrite their date
        raise ValidationError(_("The service has ended already."))
    _not_future("ended_on", ended_on)
    _not_before("ended_on", ended_on, provided.started_on, _("The end cannot be before the beginning."))
    before = _snapshot(provided, ("service", "started_on", "ended_on"))
    provided.ended_on = ended_on
    provided.full_clean()
    provided.save(update_fields=["ended_on"])
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="service",
        before=before,
        after=_snapshot(provided, ("service", "started_on", "ended_on")),
    )
    return provided


@transaction.atomic
def add_child(
    *,
    actor: Actor,
    application: Application,
    details: PersonDetails,
    joined_on: date,
) -> Person:
    """The client's minor child becomes a client, linked to the parent."""
    current = _current_clienthood(actor, application)
    if current.clienthood_ended_on is not None:
        raise ValidationError(_("The clienthood has ended."))
    _not_future("joined_on", joined_on)
    _not_before("joined_on", joined_on, current.decided_on, _("A child joins after the parent's positive decision."))
    if details.birth_date is not None and relativedelta(joined_on, details.birth_date).years >= ADULT_AGE:
        raise ValidationError({"birth_date": _("The child must be under 18 when joining.")})
    child = Person(
        person_id=new_identifier("P"),
        role=PersonRole.CHILD_OF_VICTIM,
        parent=current.person,
        child_joined_on=joined_on,
    )
    _apply_details(child, details)
    child.full_clean()
    child.save()
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="child",
        after={
            "person_id": child.person_id,
            **_snapshot(child, ("sex", "birth_date", "nationality", "child_joined_on")),
        },
    )
    return child


@transaction.atomic
def end_child_clienthood(*, actor: Actor, application: Application, child: Person, left_on: date) -> Person:
    current = _current_clienthood(actor, application)
    locked = Person.objects.select_for_update().get(pk=child.pk)
    if locked.parent_id != current.person_id:
        raise PermissionDenied("not a child of this client")
    if locked.child_left_on is not None:
        raise ValidationError(_("The child's clienthood has ended already."))
    _not_future("left_on", left_on)
    _not_before("left_on", left_on, locked.child_joined_on, _("The end cannot be before the beginning."))
    locked.child_left_on = left_on
    _save_revised(locked, ["child_left_on"])
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="child_left",
        after={"person_id": locked.person_id, "child_left_on": left_on.isoformat()},
    )
    return locked


@transaction.atomic
def record_needs_assessment(
    *,
    actor: Actor,
    application: Application,
    person_id: int,
    assessed_on: date,
    needs: list[str],
    notes: str = "",
) -> ServiceNeedsAssessment:
    """The individual service needs assessment of the client or of one of their minor children who are clients now.

    `person_id` is the person's primary key (selectors.assessable_persons lists the choices).
    """
    current = _current_clienthood(actor, application)
    person = assessable_persons(current).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person": _("Choose the client or one of their children.")})
    for code in needs:
        _require_code("needs", "service", code)
    _not_future("assessed_on", assessed_on)
    _not_before("assessed_on", assessed_on, current.decided_on, _("An assessment is made after the positive decision."))
    _not_before(
        "assessed_on",
        current.clienthood_ended_on,
        assessed_on,
        _("The clienthood had ended before this date: an assessment cannot be made after it."),
    )
    assessment = ServiceNeedsAssessment.objects.create(
        application=current,
        person=person,
        assessed_on=assessed_on,
        needs=",".join(needs),
        notes_encrypted=crypto.encrypt(notes.strip()),
        assessed_by=_acting_user(actor),
    )
    _audit(
        Action.CREATE,
        actor,
        application=current,
        what="needs_assessment",
        after={"person_id": person.person_id, "assessed_on": assessed_on.isoformat(), "needs": needs},
    )
    return assessment


@transaction.atomic
def end_clienthood(
    *,
    actor: Actor,
    application: Application,
    revision: int,
    ended_on: date,
    end_reason: str,
) -> Application:
    """End the clienthood with its reason; EditConflictError if the case changed since the form was opened."""
    submitted = {"ended_on": ended_on, "end_reason": end_reason, "revision": revision}
    current = _locked_case(actor, application, revision=revision, submitted=submitted)
    if current.decision != POSITIVE:
        raise ValidationError(_("Only a positive decision starts a clienthood."))
    if current.clienthood_ended_on is not None:
        raise ValidationError(_("The clienthood has ended already."))
    _require_code("end_reason", "end_reason", end_reason)
    _not_future("ended_on", ended_on)
    _not_before("ended_on", ended_on, current.decided_on, _("The clienthood cannot end before the decision."))
    current.clienthood_ended_on, current.end_reason = ended_on, end_reason
    _save_revised(current, ["clienthood_ended_on", "end_reason"])
    _audit(
        Action.UPDATE,
        actor,
        application=current,
        what="clienthood_ended",
        after={"clienthood_ended_on": ended_on.isoformat(), "end_reason": end_reason},
    )
    return current


REENCRYPT_BATCH = 1000


@transaction.atomic
def reencrypt_identifiers(*, actor: Actor) -> int:
    """Re-encrypt every stored identifier under the first key of settings.FIELD_ENCRYPTION_KEYS.

    The second step of a key rotation: after it, the old key can be removed
    from the setting. One transaction, with the audit event, in batches of
    rows locked as they are rewritten; running it again is harmless.
    """
    has_any = Q()
    for field in ENCRYPTED_FIELDS:
        has_any |= ~Q(**{field: ""})
    pks = list(Person.objects.filter(has_any).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), REENCRYPT_BATCH):
        persons = list(Person.objects.select_for_update().filter(pk__in=pks[start : start + REENCRYPT_BATCH]))
        for person in persons:
            for field in ENCRYPTED_FIELDS:
                setattr(person, field, crypto.reencrypt(getattr(person, field)))
        Person.objects.bulk_update(persons, ENCRYPTED_FIELDS)
    record(
        Action.UPDATE,
        actor,
        object_type="register.person",
        reason="identifiers re-encrypted under the current key",
        changes={"persons": len(pks)},
    )
    return len(pks)


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
