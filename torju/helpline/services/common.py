"""What the helpline's services share: code checks, the audit row, case numbers."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.helpline.anonymity import TextCheck
from torju.helpline.models import ConsultationNumberCounter

T = TypeVar("T")
CASE_NUMBER_PREFIX = "INFO"
CASE_NUMBER_DIGITS = 6
# How far ahead of the server's clock a time may be (a workstation's clock may run fast).
CLOCK_SKEW_SECONDS = 300


def acting_user(actor: Actor) -> User:
    """The signed-in user behind the actor; the helpline's records always name one."""
    if actor.user is None:
        raise PermissionDenied("the helpline is worked by signed-in users")
    return actor.user


def require_code(field: str, code_list: str, code: str) -> None:
    if not codes_of(code_list).filter(code=code).exists():
        raise ValidationError({field: _("Choose a value from the list.")})


def require_codes(field: str, code_list: str, codes: tuple[str, ...]) -> None:
    known = set(codes_of(code_list).filter(code__in=codes).values_list("code", flat=True))
    if set(codes) - known:
        raise ValidationError({field: _("Choose values from the list.")})


def not_future(field: str, value: datetime | date | None) -> None:
    if isinstance(value, datetime):
        if value > timezone.now() + timedelta(seconds=CLOCK_SKEW_SECONDS):
            raise ValidationError({field: _("The time cannot be in the future.")})
    elif value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def plain(value: Any) -> Any:
    """A JSON-ready value for the audit trail."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(plain(item) for item in value)
    return value


def snapshot(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: plain(getattr(instance, field)) for field in fields}


def changed_text(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Which free-text fields changed: the trail names them, never their content."""
    return sorted(field for field in after if before.get(field, "") != after[field])


def audit(
    action: Action,
    actor: Actor,
    obj: models.Model,
    what: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    text_changed: list[str] | None = None,
    **extra: Any,
) -> None:
    changes: dict[str, Any] = {"what": what, **extra}
    if before is not None:
        changes["before"] = before
    if after is not None:
        changes["after"] = after
    if text_changed:
        changes["text_changed"] = text_changed
    record(action, actor, obj=obj, changes=changes)


def take_case_number(year: int) -> str:
    """The next consultation case number of the year, INFO-2026-000123; inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_case_number must run inside a transaction")
    ConsultationNumberCounter.objects.bulk_create([ConsultationNumberCounter(year=year)], ignore_conflicts=True)
    counter = ConsultationNumberCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{CASE_NUMBER_PREFIX}-{year}-{counter.last_number:0{CASE_NUMBER_DIGITS}d}"


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A record as saved, with the warnings about its free text (saved nonetheless)."""

    record: T
    warnings: TextCheck
