"""Register imports from the web: storing the upload, and the background task that imports it.

The upload is kept in a private folder (RegisterImportJob.folder) until the
task worker has run the import on it (version 1 or 2 of the format, exchange/versions.py); the job row then holds the
counts or the complete error list, and the files are deleted whatever the
outcome. Every step is in the audit trail: the upload (who, from where),
the import (by import_register itself) or its refusal or failure.

The import runs in one transaction (all or nothing), so a progress write on
its connection would show only when it ends. ImportProgress writes through a
connection of its own that commits at once, where the database lets two
connections write at the same time (PostgreSQL). SQLite lets only one
connection write, and the import holds it to the end: there the job shows
"running" without a bar (docs/decisions/0006-register-retention.md).

A running job holds a lease that a heartbeat renews (torju/leases.py): if
the worker dies in the middle, the database rolls the import back with the
worker's connection, and any worker later finds the lease run out, marks the
job failed, deletes its files and records it (`fail_lost_import`). A job that
was failed so while its worker was merely stalled writes nothing when that
worker comes back: the success is recorded in the import's own transaction
only while the job is still running.
"""

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation
from django_tasks import task

from torju import leases
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.register.exchange import RegisterImportError
from torju.register.exchange.versions import import_any
from torju.register.models import ImportStatus, RegisterImportJob, RegisterImportProblem
from torju.register.permissions import IMPORT_REGISTER, office_of

logger = logging.getLogger(__name__)

CONCURRENT_WRITERS = frozenset({"postgresql"})  # database vendors where a second connection may write meanwhile

ZIP_SUFFIX = ".zip"
PROBLEM_BATCH = 1000
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def _store(upload: UploadedFile, target: Path) -> None:
    """Readable by the server's own user only; never overwrites."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as stored:
        for chunk in upload.chunks():
            stored.write(chunk)


def _source(folder: Path) -> Path:
    """What the import reads: the uploaded .zip, or the folder of uploaded CSV files."""
    zips = sorted(folder.glob(f"*{ZIP_SUFFIX}"))
    return zips[0] if zips else folder


def start_register_import(
    *,
    actor: Actor,
    files: Sequence[tuple[str, UploadedFile]],
    update: bool,
) -> RegisterImportJob:
    """Store the uploaded files (name, file) and queue their import; the job to follow.

    The task is queued when the job row is committed, so that the worker
    always finds it, whichever task backend is configured.
    """
    user = actor.user
    if user is None or not IMPORT_REGISTER.allows(user):
        raise PermissionDenied("only the register's coordinator imports")
    if update and not office_of(user):
        raise PermissionDenied("an update import changes the cases of the decision maker's office")
    names = [name for name, _upload in files]
    with transaction.atomic():
        job = RegisterImportJob.objects.create(
            started_by=user,
            file_names=", ".join(names),
            update=update,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        try:
            job.folder.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            job.delete_files()  # a folder left by an upload that was rolled back
            job.folder.mkdir(mode=PRIVATE_FOLDER)
            for name, upload in files:
                _store(upload, job.folder / name)
            record(
                Action.IMPORT,
                actor,
                obj=job,
                reason=job.file_names,
                changes={"status": ImportStatus.QUEUED.value, "files": names, "update": update},
            )
        except BaseException:
            job.delete_files()
            raise
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = run_register_import.enqueue(job_id)
    RegisterImportJob.objects.filter(pk=job_id).update(task_result_id=str(result.id))


@task()
def run_register_import(job_id: int) -> str:
    """Import the job's files; the job's status at the end. A job that has run already is left as it is.

    The error messages are in the language the uploader used.
    """
    leases.fail_expired()  # a job whose worker died, whichever worker this is
    now = timezone.now()
    claimed = RegisterImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, lease_until=leases.lease_end(now)
    )
    job = RegisterImportJob.objects.select_related("started_by").get(pk=job_id)
    if not claimed:
        return job.status
    try:
        # The job is marked imported in the import's own transaction: never one without the other.
        with (
            translation.override(job.language),
            leases.Heartbeat(RegisterImportJob, job.pk, ImportStatus.RUNNING),
            ImportProgress(job.pk) as progress,
            transaction.atomic(),
        ):
            result = import_any(_source(job.folder), actor=_job_actor(job), update=job.update, progress=progress)
            _finish(job, ImportStatus.SUCCEEDED, created=result.created, updated=result.updated)
    except RegisterImportError as error:
        with _unless_lost(job):
            _reject(job, error)
    except LeaseLostError:
        _lost(job)
    except Exception:
        logger.exception("register import %s failed", job.pk)
        with _unless_lost(job):
            _finish(job, ImportStatus.FAILED)
        raise
    finally:
        job.delete_files()
    return job.status


@contextmanager
def _unless_lost(job: RegisterImportJob) -> Iterator[None]:
    """An outcome that is not written when the job was failed meanwhile (LeaseLostError): it stays failed."""
    try:
        yield
    except LeaseLostError:
        _lost(job)


def _lost(job: RegisterImportJob) -> None:
    logger.warning("register import %s: failed meanwhile (its lease ran out); nothing imported", job.pk)
    job.refresh_from_db()


def _job_actor(job: RegisterImportJob) -> Actor:
    """The import runs in the name of the decision maker who uploaded it."""
    return Actor.for_user(job.started_by, channel="task")


class LeaseLostError(Exception):
    """The job was failed by another worker (its lease had run out) while this one ran it: nothing is written."""


def _finish(job: RegisterImportJob, status: ImportStatus, **fields: Any) -> None:
    """The job's outcome, and (except for a success, which import_register records) its audit event.

    Only a running job gets an outcome: one failed meanwhile (`fail_lost_import`) raises LeaseLostError, which
    rolls back the import around a success.
    """
    with transaction.atomic():
        if not RegisterImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), lease_until=None, **fields
        ):
            raise LeaseLostError(job.pk)
        job.refresh_from_db()
        if status != ImportStatus.SUCCEEDED:
            record(
                Action.IMPORT,
                _job_actor(job),
                obj=job,
                reason=job.file_names,
                changes={"status": status.value, "problems": job.problem_count},
            )


def _reject(job: RegisterImportJob, error: RegisterImportError) -> None:
    """The first errors (settings.IMPORT_MAX_ERRORS) into the job, and the count of them all."""
    problems = error.problems
    with transaction.atomic():
        rows = (
            RegisterImportProblem(
                job=job,
                position=position,
                file=problem.file[:255],
                line=problem.line,
                column=problem.column[:100],
                value=problem.value,
                reason=problem.reason,
            )
            for position, problem in enumerate(problems, start=1)
        )
        while batch := list(islice(rows, PROBLEM_BATCH)):
            RegisterImportProblem.objects.bulk_create(batch)
        _finish(job, ImportStatus.REJECTED, problem_count=error.total)


def fail_lost_import(job: RegisterImportJob) -> None:
    """After `leases.fail_expired` failed the job: its uploaded files go, and the failure is in the audit trail.

    The import itself wrote nothing: its transaction ended with its worker's connection.
    """
    job.delete_files()
    record(
        Action.IMPORT,
        _job_actor(job),
        obj=job,
        reason=job.file_names,
        changes={"status": ImportStatus.FAILED.value, "lease_expired": True},
    )


class ImportProgress:
    """The import's progress callback: stage, bytes done and in all into the job row, a whole per cent at a time.

    Use as a context manager: the connection of its own is closed at the end.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.shown: tuple[str, int] | None = None
        self.enabled = connections[DEFAULT_DB_ALIAS].vendor in CONCURRENT_WRITERS
        self._connection: BaseDatabaseWrapper | None = None

    def __enter__(self) -> "ImportProgress":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = (stage, done * 100 // total if total else 100)
        if not self.enabled or step == self.shown:
            return
        self.shown = step
        try:
            self._write(stage, done, total)
        except DatabaseError:
            # Progress is for show: the import goes on without it.
            logger.warning("register import %s: progress not recorded", self.job_id, exc_info=True)
            self.enabled = False

    def _write(self, stage: str, done: int, total: int) -> None:
        if self._connection is None:
            self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
            with self._connection.cursor() as cursor:
                # Never wait for a lock on the job row: whoever holds it would be waiting for this import.
                cursor.execute("SET lock_timeout = '1s'")
        quote = self._connection.ops.quote_name
        table = quote(RegisterImportJob._meta.db_table)
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET stage = %s, done = %s, total = %s WHERE id = %s",  # noqa: S608
                [stage[:100], done, total, self.job_id],
            )
