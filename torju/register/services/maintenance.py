"""Work on the whole register that an operator runs: re-encryption and re-hashing under new keys, retention.

Re-encryption is the second step of a key rotation (manage.py
reencrypt_identifiers); re-hashing follows a change of the identifier hash
key (manage.py rehash_identifiers). Both go in committed batches with a
progress marker, so that they can be interrupted and started again.

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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register import crypto
from torju.register.models import (
    POSITIVE,
    Application,
    KeyRotationRun,
    KeyTask,
    Person,
    PersonRole,
    ServiceNeedsAssessment,
)
from torju.register.services.common import ENCRYPTED_FIELDS

REENCRYPT_BATCH = 1000
HASH_COLUMNS = ("hetu_hash", "name_birth_hash")


@dataclass(frozen=True)
class KeyRunResult:
    """What one run did: rows rewritten per table (this run), whether it went on from an earlier one."""

    rows: dict[str, int]
    resumed: bool

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _run_for(task: KeyTask, fingerprint: str, *, restart: bool) -> tuple[KeyRotationRun, bool]:
    """The task's progress marker: continued when it is for the same key and unfinished, else begun anew."""
    run, created = KeyRotationRun.objects.get_or_create(task=task, defaults={"key_fingerprint": fingerprint})
    resumed = not created and not restart and run.key_fingerprint == fingerprint and run.finished_at is None
    if not created and not resumed:
        run.key_fingerprint, run.position, run.rows = fingerprint, {}, {}
        run.started_at, run.finished_at = timezone.now(), None
        run.save()
    return run, resumed


def _in_batches(
    run: KeyRotationRun,
    model: type[Model],
    condition: Q,
    rewrite: Callable[[list[Any]], list[str]],
    batch_size: int,
) -> int:
    """Rewrite the model's rows in primary key order, one committed batch at a time with the marker."""
    label = model._meta.label_lower
    done = 0
    while True:
        with transaction.atomic():
            last = int(run.position.get(label, 0))
            batch = list(
                model._default_manager.select_for_update().filter(condition, pk__gt=last).order_by("pk")[:batch_size]
            )
            if not batch:
                return done
            fields = rewrite(batch)
            if fields:
                model._default_manager.bulk_update(batch, fields)
            run.position[label] = batch[-1].pk
            run.rows[label] = int(run.rows.get(label, 0)) + len(batch)
            run.save(update_fields=["position", "rows", "updated_at"])
        done += len(batch)


def _finish(run: KeyRotationRun, actor: Actor, reason: str, result: KeyRunResult) -> None:
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "updated_at"])
    record(
        Action.UPDATE,
        actor,
        object_type="register.key",
        object_id=run.task,
        reason=reason,
        changes={"rows": result.rows, "resumed": result.resumed, "rows_in_all_runs": run.rows},
    )


def reencrypt_identifiers(*, actor: Actor, batch_size: int = REENCRYPT_BATCH, restart: bool = False) -> KeyRunResult:
    """Re-encrypt every encrypted column of every model under the first key of settings.FIELD_ENCRYPTION_KEYS.

    The second step of a key rotation: after it, the old key can be removed
    from the setting. The columns are found, not listed (crypto.encrypted_fields:
    the persons' identifiers, the notes of needs assessments, any added later).
    Batches of rows are locked, rewritten and committed with the progress
    marker (KeyRotationRun), so an interrupted run goes on where it stopped;
    running it again when finished rewrites everything once more, harmlessly.
    """
    run, resumed = _run_for(KeyTask.REENCRYPT, crypto.encryption_key_fingerprint(), restart=restart)
    rows: dict[str, int] = {}
    for model, fields in crypto.encrypted_fields():
        has_any = Q()
        for field in fields:
            has_any |= ~Q(**{field: ""})

        def rewrite(batch: list[Any], fields: tuple[str, ...] = fields) -> list[str]:
            for row in batch:
                for field in fields:
                    setattr(row, field, crypto.reencrypt(getattr(row, field)))
            return list(fields)

        rows[model._meta.label_lower] = _in_batches(run, model, has_any, rewrite, batch_size)
    result = KeyRunResult(rows=rows, resumed=resumed)
    _finish(run, actor, "identifiers re-encrypted under the current key", result)
    return result


def rehash_identifiers(*, actor: Actor, batch_size: int = REENCRYPT_BATCH, restart: bool = False) -> KeyRunResult:
    """Recompute the keyed hashes of every person under settings.IDENTIFIER_HASH_KEY (after it was changed).

    The hashes are computed from the decrypted identifiers, so the old hash
    key is not needed. Until the run has finished, duplicates of persons not
    yet re-hashed are not found: run it in a maintenance break (docs/operations.md).
    Resumable as reencrypt_identifiers.
    """
    run, resumed = _run_for(KeyTask.REHASH, crypto.hash_key_fingerprint(), restart=restart)

    def rewrite(batch: list[Any]) -> list[str]:
        for person in batch:
            identifiers = person.read_identifiers()
            person.hetu_hash = crypto.hetu_hash(identifiers.hetu) if identifiers.hetu else None
            person.refresh_name_birth_hash()
        return list(HASH_COLUMNS)

    count = _in_batches(
        run,
        Person,
        Q(hetu_hash__isnull=False) | Q(name_birth_hash__isnull=False),
        rewrite,
        batch_size,
    )
    result = KeyRunResult(rows={Person._meta.label_lower: count}, resumed=resumed)
    _finish(run, actor, "identifier hashes recomputed under the current hash key", result)
    return result


DEFAULT_RETENTION_YEARS = 5


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
