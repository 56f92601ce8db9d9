"""Reads of personal data that the audit trail records.

A person's or a case's record, a search, a case of another office opened with a reason (and for writing),
and ids asked for that answer "not found".
"""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register.hetu import parse_hetu
from torju.register.models import Application, Person
from torju.register.permissions import (
    FOUND_PERSONS,
    IDENTIFIED_PERSONS,
    can_break_glass,
    can_open_for_writing,
    identifies_person,
    user_of,
    visible_applications,
    works_in_register,
    writing_key,
)
from torju.register.selectors import PersonMatch, PersonSearch, find_persons
from torju.register.services.common import MIN_REASON_LENGTH, audit_application
from torju.throttling import NOT_FOUND_PROBE, take


def record_person_view(*, actor: Actor, person: Person) -> None:
    """Opening a person's record (with their identifiers) is audited."""
    record(Action.VIEW, actor, obj=person, changes={"what": "person"})


def record_application_view(*, actor: Actor, application: Application) -> None:
    record(Action.VIEW, actor, obj=application, changes={"what": "application"})


def search_persons(*, actor: Actor, search: PersonSearch) -> list[PersonMatch]:
    """Find persons by one exact key: the pseudonymous id, the identity code, or the names with the birth date.

    Audited by the criteria used, never the searched identifiers themselves.
    The caller unlocks the persons found for the session
    (permissions.FOUND_PERSONS): a new application may be registered for them.
    """
    if not works_in_register(user_of(actor)):
        raise PermissionDenied("the person search is for those who work in the register")
    by_name = bool(search.first_names.strip() or search.last_name.strip())
    if by_name and search.birth_date is None:
        raise ValidationError({"birth_date": _("A search by name needs the date of birth too.")})
    if not (search.person_id.strip() or search.hetu.strip() or by_name):
        raise ValidationError(
            _("Give the person identifier, the personal identity code, or the name and date of birth.")
        )
    if search.hetu.strip():
        try:
            search = replace(search, hetu=parse_hetu(search.hetu.strip()).value)
        except ValidationError as error:
            raise ValidationError({"hetu": error.messages}) from error
    matches = find_persons(actor, search)
    if identifies_person(search.keys_given()):
        matches = _with_cases_elsewhere(actor, matches)
    record(
        Action.SEARCH,
        actor,
        object_type=Person._meta.label_lower,
        changes={"criteria": search.keys_given(), "found": len(matches)},
    )
    return matches


def _with_cases_elsewhere(actor: Actor, matches: list[PersonMatch]) -> list[PersonMatch]:
    """An identified person's cases the actor may not open yet: each can now be opened with a reason."""
    visible = visible_applications(actor).values("pk")
    elsewhere = (
        Application.objects.filter(person__in=[match.person for match in matches])
        .exclude(pk__in=visible)
        .order_by("received_on", "pk")
    )
    cases: dict[int, list[Application]] = {}
    for application in elsewhere:
        cases.setdefault(application.person_id, []).append(application)
    return [replace(match, cases_elsewhere=tuple(cases.get(match.person.pk, ()))) for match in matches]


def unlocked_by_search(search: PersonSearch, matches: list[PersonMatch]) -> dict[str, list[str]]:
    """What a search unlocks for the session (the view stores it with torju.actor.unlock).

    Every person found may be given a new application (FOUND_PERSONS); a
    person found by an identifying search also opens the way to their cases
    at other offices, the break-glass reason page (IDENTIFIED_PERSONS).
    """
    found = [match.person.person_id for match in matches]
    return {FOUND_PERSONS: found, IDENTIFIED_PERSONS: found if identifies_person(search.keys_given()) else []}


def record_not_found(*, actor: Actor, object_type: str, object_id: str | int) -> None:
    """An id asked for that answers "not found": missing, or not the actor's (an id walk looks like this).

    Recorded while the actor's `not_found_probe` rate allows (settings
    THROTTLE_RATES); beyond it the throttle records one flagged event per
    window, so that a walk is in the trail but cannot flood it. Nothing is
    refused here: the answer is "not found" either way.
    """
    if take(NOT_FOUND_PROBE, actor).allowed:
        record(
            Action.PERMISSION_DENIED,
            actor,
            object_type=object_type,
            object_id=str(object_id)[:100],
            changes={"what": "not_found"},
        )


@transaction.atomic
def open_with_reason(*, actor: Actor, application: Application, reason: str) -> None:
    """Break-glass: open another office's case, with a reason, flagged for the auditor.

    The caller unlocks the case for the session (permissions.OPENED_APPLICATIONS) once this has succeeded.
    """
    if not can_break_glass(actor, application):
        raise PermissionDenied("break-glass is for another office's cases")
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Tell why you need to open this case (at least 10 characters).")})
    audit_application(
        Action.VIEW,
        actor,
        application=application,
        what="break_glass",
        reason=reason,
        flagged=True,
    )


@transaction.atomic
def open_for_writing(*, actor: Actor, application: Application, reason: str) -> str:
    """Break-glass is read-only: writing on another office's case takes a reason of its own, flagged.

    Returns what the caller stores for the session (torju.actor.unlock, kind
    permissions.WRITING_REASONS) once this has succeeded: every write on the
    case is then flagged for the auditor with this reason
    (services.common.audit_application).
    """
    if not can_open_for_writing(actor, application):
        raise PermissionDenied("writing by a reason is for another office's case opened with a reason")
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Tell why you need to write on this case (at least 10 characters).")})
    audit_application(
        Action.UPDATE,
        actor,
        application=application,
        what="break_glass_write",
        reason=reason,
        flagged=True,
    )
    return writing_key(application, reason)
