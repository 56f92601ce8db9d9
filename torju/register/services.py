"""Every write of the assistance register outside the exchange import.

Each function checks the permission (operator commands have none to check),
writes in one transaction and records the audit event in that same
transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.register import crypto
from torju.register.models import Application, CaseNumberCounter, Person, PersonRole
from torju.register.permissions import can_register_application

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


def _require_code(field: str, code_list: str, code: str) -> None:
    if not codes_of(code_list).filter(code=code).exists():
        raise ValidationError({field: _("Choose a value from the list.")})


@transaction.atomic
def register_application(
    *,
    user: User,
    person: Person,
    application_id: str,
    received_on: date,
    office: str,
    source: str,
    residence_status: str,
    request: HttpRequest | None = None,
) -> Application:
    """Register a new, undecided application of a victim at the caseworker's office."""
    if not can_register_application(user, office):
        raise PermissionDenied("not a caseworker of this office")
    _require_code("office", "office", office)
    _require_code("source", "application_source", source)
    _require_code("residence_status", "residence_status", residence_status)
    if person.role != PersonRole.VICTIM:
        raise ValidationError({"person": _("Only a victim can be an applicant.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    application = Application(
        application_id=application_id,
        case_number=take_case_number(office, received_on.year),
        person=person,
        received_on=received_on,
        office=office,
        source=source,
        residence_status=residence_status,
    )
    application.full_clean()
    application.save()
    record(
        Action.CREATE,
        request=request,
        actor=user,
        obj=application,
        changes={
            "after": {
                "application_id": application_id,
                "case_number": application.case_number,
                "person_id": person.person_id,
                "received_on": received_on.isoformat(),
                "office": office,
                "source": source,
                "residence_status": residence_status,
            }
        },
    )
    return application


ENCRYPTED_FIELDS = (
    "first_names_encrypted",
    "last_name_encrypted",
    "hetu_encrypted",
    "phone_encrypted",
    "address_encrypted",
)
REENCRYPT_BATCH = 1000


@transaction.atomic
def reencrypt_identifiers(*, actor_username: str = "") -> int:
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
        actor_username=actor_username,
        object_type="register.person",
        reason="identifiers re-encrypted under the current key",
        changes={"persons": len(pks)},
    )
    return len(pks)
