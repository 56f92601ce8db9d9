"""Work on the whole register that an operator runs: re-encryption under a new key, and the retention rule.

Re-encryption is the second step of a key rotation (manage.py reencrypt_identifiers).

The retention rule (manage.py apply_retention): direct identifiers are erased
when a person's case has been closed long enough. The rule is in docs/decisions/0006-register-retention.md. In short: a
victim's identifiers are erased when every application is closed and the
last of them closed (the clienthood ended, or a negative, withdrawn or lapsed
decision was made) more than `years` years ago, and when none of their
children is still a client or left less than `years` years ago; a child's
go with their parent's, once the child too left more than `years` years ago.
The pseudonymous rows (person_id, sex, dates, applications and the rest)
stay for the statistics.

Set-based, for a register of millions: two UPDATEs (victims, then
children) whose conditions are (anti-)joins the database runs itself,
never a loop over persons.
"""

from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register import crypto
from torju.register.models import POSITIVE, Application, Person, PersonRole, ServiceNeedsAssessment
from torju.register.services.common import ENCRYPTED_FIELDS

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


DEFAULT_RETENTION_YEARS = 5
HASH_COLUMNS = ("hetu_hash", "name_birth_hash")


def retention_years() -> int:
    return int(getattr(settings, "REGISTER_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def retention_cutoff(today: date, years: int) -> date:
    """The same day `years` years before `today` (28 February for 29 February).

    A case closed before this day closed more than `years` years ago; one
    closed on this very day closed exactly `years` years ago and is kept.
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _keeps_identifiers(cutoff: date) -> Q:
    """An application that still needs its applicant's identifiers.

    Pending; a clienthood still open or ended on or after the cutoff; any
    other decision made on or after the cutoff.
    """
    return (
        Q(decision="")
        | Q(decision=POSITIVE, clienthood_ended_on__isnull=True)
        | Q(decision=POSITIVE, clienthood_ended_on__gte=cutoff)
        | (~Q(decision=POSITIVE) & Q(decided_on__gte=cutoff))
    )


def _victims_due(cutoff: date) -> QuerySet[Person]:
    """Conditions on each row itself (no `pk IN (…)`), so that PostgreSQL plans anti-joins."""
    applications = Application.objects.filter(person=OuterRef("pk"))
    children_kept = Person.objects.filter(parent=OuterRef("pk")).filter(
        Q(child_left_on__isnull=True) | Q(child_left_on__gte=cutoff)
    )
    # A victim without any application counts from the day the record was made.
    cutoff_start = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Person.objects.filter(
        Q(role=PersonRole.VICTIM, identifiers_erased_at__isnull=True)
        & ~Exists(applications.filter(_keeps_identifiers(cutoff)))
        & ~Exists(children_kept)
        & (Exists(applications) | Q(created_at__lt=cutoff_start))
    )


def _children_left(cutoff: date) -> QuerySet[Person]:
    """Children who left before the cutoff: due when their parent is due or erased already."""
    return Person.objects.filter(
        role=PersonRole.CHILD_OF_VICTIM, identifiers_erased_at__isnull=True, child_left_on__lt=cutoff
    )


def _parent_erased() -> Exists:
    return Exists(Person.objects.filter(pk=OuterRef("parent_id"), identifiers_erased_at__isnull=False))


def count_due(cutoff: date) -> int:
    """How many persons the rule would erase now."""
    parent_due = Exists(_victims_due(cutoff).filter(pk=OuterRef("parent_id")))
    return _victims_due(cutoff).count() + _children_left(cutoff).filter(_parent_erased() | parent_due).count()


def _lock_register() -> None:
    """No application or person is written while the rule is applied (reads go on); one run at a time.

    Without it, an application registered for a returning victim while the
    UPDATE runs could be missed and the victim's identifiers erased.
    SQLite locks the whole database at the UPDATE already.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (Person, Application))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def apply_retention(*, actor: Actor, today: date | None = None, years: int | None = None, dry_run: bool = False) -> int:
    """Erase the direct identifiers of every person due; the number of persons (due, with `dry_run`).

    One transaction with one audit event (count and cutoff). A second run
    finds nothing more to do. A dry run changes nothing and is not audited:
    it reads no personal data.
    """
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    if years < 1:
        raise ValueError("the retention period is at least one year")
    cutoff = retention_cutoff(today, years)
    if dry_run:
        return count_due(cutoff)
    now = timezone.now()
    erase: dict[str, Any] = {
        **dict.fromkeys(ENCRYPTED_FIELDS, ""),
        **dict.fromkeys(HASH_COLUMNS, None),
        "identifiers_erased_at": now,
        "revision": F("revision") + 1,
        "updated_at": now,
    }
    with transaction.atomic():
        _lock_register()
        # Victims first: then the children due are exactly those whose parent is erased.
        erased = _victims_due(cutoff).update(**erase)
        erased += _children_left(cutoff).filter(_parent_erased()).update(**erase)
        # The notes of service needs assessments describe the person: they go with the identifiers.
        ServiceNeedsAssessment.objects.filter(person__identifiers_erased_at__isnull=False).exclude(
            notes_encrypted=""
        ).update(notes_encrypted="")
        record(
            Action.DELETE,
            actor,
            object_type=Person._meta.label_lower,
            reason="retention: direct identifiers erased",
            changes={"erased": erased, "cutoff": cutoff.isoformat(), "years": years},
        )
    return erased
