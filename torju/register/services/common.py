"""What the register's services share: identifiers, value checks, locking, revisions and the case's audit event."""

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.concurrency import EditConflictError
from torju.register.countries import is_country_code
from torju.register.models import Application, Person
from torju.register.permissions import break_glass_writing, can_work_on
from torju.register.selectors import CHANGES_WORK_LISTS, forget_work_list_counts

MIN_REASON_LENGTH = 10
IDENTIFIER_BYTES = 6
# Every encrypted identifier column of a person, so that a column added later is re-encrypted and erased too.
ENCRYPTED_FIELDS = tuple(field.name for field in Person._meta.concrete_fields if field.name.endswith("_encrypted"))


def new_identifier(prefix: str) -> str:
    """A pseudonymous identifier for a row created in Torju (P-…, A-…, E-…): random, meaningless."""
    return f"{prefix}-{secrets.token_hex(IDENTIFIER_BYTES).upper()}"


def require_code(field: str, code_list: str, code: str) -> None:
    if not codes_of(code_list).filter(code=code).exists():
        raise ValidationError({field: _("Choose a value from the list.")})


def require_country(field: str, code: str) -> None:
    if not is_country_code(code):
        raise ValidationError({field: _("Choose a country from the list.")})


def not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def not_before(field: str, value: date | None, earliest: date | None, message: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError({field: message})


def audit_application(
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
    """Every write of a case is recorded against its application: the audit trail is the case's timeline.

    A write on another office's case (break-glass, opened for writing) is
    flagged for the auditor, with the reason the writer gave for writing.
    """
    through_break_glass = break_glass_writing(actor, application)
    if through_break_glass is not None:
        flagged, reason = True, reason or through_break_glass
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
    if what in CHANGES_WORK_LISTS:
        # The writer sees the change in their tabs' sizes at once (the sizes kept for others follow within a minute).
        forget_work_list_counts(actor.user)


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values for the audit trail."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()}


def snapshot(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return plain({field: getattr(instance, field) for field in fields})


def locked(application: Application) -> Application:
    """The current row, locked until the transaction ends."""
    return Application.objects.select_for_update().get(pk=application.pk)


def locked_for_work(
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
    current = locked(application)
    if not can_work_on(actor, current):
        raise PermissionDenied("not a case of the user")
    if revision is not None and current.revision != revision:
        raise EditConflictError(current, submitted or {})
    return current


def acting_user(actor: Actor) -> User:
    """The user in whose name casework is written (assigned, drafted, confirmed, assessed): never the system."""
    if actor.user is None:
        raise PermissionDenied("casework is done in a user's name")
    return actor.user


def save_revised(instance: Application | Person, fields: list[str]) -> None:
    instance.revision += 1
    instance.full_clean()
    instance.save(update_fields=[*fields, "revision", "updated_at"])
