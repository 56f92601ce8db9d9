"""Reads of personal data that the audit trail records.

A person's or a case's record, a search, a case of another office opened with a reason.
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
from torju.register.permissions import can_break_glass, user_of, works_in_register
from torju.register.selectors import PersonMatch, PersonSearch, find_persons
from torju.register.services.common import MIN_REASON_LENGTH, audit_application


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
    record(
        Action.SEARCH,
        actor,
        object_type=Person._meta.label_lower,
        changes={"criteria": search.keys_given(), "found": len(matches)},
    )
    return matches


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
