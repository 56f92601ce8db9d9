"""Persons: a new victim, and changes to a person's details (the identifiers encrypted).

The answer "already registered" to an identity code is a search of the
whole register: `asks_whether_registered` throttles it with the person
search and audits it after the refused write's transaction has rolled back.
"""

import inspect
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from torju.accounts.models import Role
from torju.accounts.permissions import has_role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.register import crypto
from torju.register.hetu import parse_hetu
from torju.register.models import ADULT_AGE, DirectIdentifiers, Person, PersonRole
from torju.register.permissions import can_edit_person, person_writing, user_of
from torju.register.services.common import (
    ENCRYPTED_FIELDS,
    new_identifier,
    not_future,
    plain,
    require_code,
    require_country,
    save_revised,
    snapshot,
)
from torju.throttling import PERSON_SEARCH, require

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


def apply_details(person: Person, details: PersonDetails) -> None:
    require_code("sex", "sex", details.sex)
    require_country("nationality", details.nationality)
    not_future("birth_date", details.birth_date)
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
    if person.hetu_hash:
        found = Person.objects.filter(hetu_hash=person.hetu_hash).exclude(pk=person.pk).values_list("pk", flat=True)
        if found:
            raise AlreadyRegisteredError(found[0])


class AlreadyRegisteredError(ValidationError):
    """The identity code belongs to a person registered already (anywhere): the write is refused.

    The refusal tells whether an identity code is registered, as a search
    does: `asks_whether_registered` audits it once the write has rolled back.
    """

    def __init__(self, found_pk: int) -> None:
        super().__init__(
            {"hetu": _("A person with this personal identity code is already registered. Search for them instead.")}
        )
        self.found_pk = found_pk


Service = TypeVar("Service", bound=Callable[..., Any])
_ASKING: ContextVar[bool] = ContextVar("asking_whether_registered", default=False)


def asks_whether_registered(asked: Callable[..., str]) -> Callable[[Service], Service]:
    """A service whose refusal can be "already registered": throttled as the person search, and audited.

    `asked(**arguments)` is the identity code the call looks up ("" when it
    looks up none: none given, or the person's own unchanged). Then, before
    the service's transaction, the call counts against the person search's
    limit (ThrottledError, 429, over it), and an "already registered" answer
    is recorded after the service's transaction has rolled back, so that the
    audit row stays. Only the outermost decorated service counts and records:
    a service that calls another inside its own transaction (a new applicant
    is a new person and an application; the helpline registers a referral's
    applicant) is decorated itself.
    """

    def decorate(service: Service) -> Service:
        signature = inspect.signature(service)

        @wraps(service)
        def outermost(*args: Any, **kwargs: Any) -> Any:
            if _ASKING.get():
                return service(*args, **kwargs)
            arguments = signature.bind(*args, **kwargs).arguments
            actor: Actor = arguments["actor"]
            token = _ASKING.set(True)
            try:
                if asked(**arguments):
                    require(PERSON_SEARCH, actor)
                try:
                    return service(*args, **kwargs)
                except AlreadyRegisteredError as answer:
                    record(
                        Action.SEARCH,
                        actor,
                        object_type=Person._meta.label_lower,
                        object_id=answer.found_pk,
                        changes={"what": "already_registered", "criteria": ["hetu"], "found": 1},
                    )
                    raise
            finally:
                _ASKING.reset(token)

        return outermost  # type: ignore[return-value]

    return decorate


def identity_code_asked(details: PersonDetails | None, person: Person | None = None) -> str:
    """The identity code a write of `details` looks up: "" when none, or when it is the person's own already."""
    hetu = details.identifiers.hetu.strip() if details is not None else ""
    if not hetu:
        return ""
    try:
        value = parse_hetu(hetu).value
    except ValidationError:
        return ""  # refused as unreadable, naming the field, before anything is looked up
    if person is not None and Person.objects.filter(pk=person.pk, hetu_hash=crypto.hetu_hash(value)).exists():
        return ""
    return value


def require_minor_when_joining(birth_date: date | None, joined_on: date | None) -> None:
    """A child of a victim is a client as a minor: born, and under 18, on the day they joined."""
    if birth_date is None or joined_on is None:
        return
    if birth_date > joined_on:
        raise ValidationError({"birth_date": _("The child cannot have joined before being born.")})
    if relativedelta(joined_on, birth_date).years >= ADULT_AGE:
        raise ValidationError({"birth_date": _("The child must be under 18 when joining.")})


def _submitted_details(details: PersonDetails) -> dict[str, Any]:
    """What the user sent, for the conflict answer (to the same user, who typed it)."""
    return plain(
        {
            **{field: getattr(details.identifiers, field) for field in IDENTIFIER_FIELDS},
            **{field: getattr(details, field) for field in PERSON_FIELDS},
        }
    )


def _changed_identifiers(before: DirectIdentifiers, after: DirectIdentifiers) -> list[str]:
    """Which identifiers changed: the trail says that they changed, never their values."""
    return [field for field in IDENTIFIER_FIELDS if getattr(before, field) != getattr(after, field)]


@asks_whether_registered(lambda details, **_: identity_code_asked(details))
@transaction.atomic
def create_victim(*, actor: Actor, details: PersonDetails) -> Person:
    """A new person who applies for assistance (their first application follows)."""
    if not has_role(user_of(actor), Role.CASEWORKER):
        raise PermissionDenied("only caseworkers register persons")
    person = Person(person_id=new_identifier("P"), role=PersonRole.VICTIM)
    apply_details(person, details)
    person.full_clean()
    person.save()
    record(
        Action.CREATE,
        actor,
        obj=person,
        changes={
            "what": "person",
            "after": snapshot(person, ("person_id", "role", *PERSON_FIELDS)),
            "identifiers_recorded": _changed_identifiers(DirectIdentifiers(), details.identifiers),
        },
    )
    return person


@asks_whether_registered(lambda person, details, **_: identity_code_asked(details, person))
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
    before = snapshot(current, PERSON_FIELDS)
    before_identifiers = current.read_identifiers()
    apply_details(current, details)
    if current.role == PersonRole.CHILD_OF_VICTIM:
        require_minor_when_joining(current.birth_date, current.child_joined_on)
    save_revised(current, [*PERSON_FIELDS, *ENCRYPTED_FIELDS, "hetu_hash", "name_birth_hash"])
    through_break_glass = person_writing(actor, current)  # another office's person: flagged, with the reason
    record(
        Action.UPDATE,
        actor,
        obj=current,
        reason=through_break_glass or "",
        flagged=through_break_glass is not None,
        changes={
            "what": "person",
            "before": before,
            "after": snapshot(current, PERSON_FIELDS),
            "identifiers_changed": _changed_identifiers(before_identifiers, details.identifiers),
        },
    )
    return current
