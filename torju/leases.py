"""Leases of running background jobs: a job whose worker died is failed by any other worker.

A worker that starts a job (a register import, a document) sets the job's
`lease_until` and, while the job runs, a heartbeat thread renews it every
settings.JOB_HEARTBEAT_SECONDS for settings.JOB_LEASE_SECONDS more. A worker
killed in the middle (SIGKILL, out of memory, the machine lost) renews
nothing: once the lease has run out, `fail_expired` marks the job failed.
Any worker runs it: `manage.py task_worker` when it starts and every
heartbeat interval, and every job task before it claims its job, so that it
works with one worker or several, on one machine or more
(docs/decisions/0070-job-leases.md).

What a job wrote in its own transaction was rolled back by the database
when the worker's connection died; the app that registered the job kind
(`register`) cleans up the rest (uploaded files, half-written documents) and
records the failure. A job that finishes after its lease was taken from it
(a worker that stalled, not died) finds itself failed and writes nothing.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeasedJobs:
    """A kind of job row with a lease: its model (fields status, lease_until, finished_at, task_result_id)."""

    model: type[models.Model]
    running: str  # the status of a running job
    failed: str  # the status an expired job gets
    after_failing: Callable[[Any], None]  # the clean-up and the audit, given the failed job


KINDS: dict[str, LeasedJobs] = {}


def register(kind: LeasedJobs) -> None:
    """Called once per kind by the app that owns the job model (its AppConfig.ready)."""
    KINDS[kind.model._meta.label] = kind


def lease_end(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def fail_expired(now: datetime | None = None) -> int:
    """Fail every running job whose lease has run out; how many. Safe to run anywhere, any number of times.

    Each job is failed by one conditional UPDATE, so that two workers never
    both fail it, and a job that finished meanwhile is left as it is. The
    clean-up and the audit entry follow it, moments later, not in its
    transaction: a stalled import holds the audit chain in its own open
    transaction while it waits to write its job row, so one transaction for
    both would wait on the import as the import waits on it. Where
    the database cannot take the write now (SQLite while an import holds
    it), the jobs wait for the next round.
    """
    now = now or timezone.now()
    failed = 0
    for kind in KINDS.values():
        manager = kind.model._default_manager
        try:
            expired = list(
                manager.filter(status=kind.running, lease_until__lt=now).values_list("pk", flat=True).order_by("pk")
            )
            for pk in expired:
                if manager.filter(pk=pk, status=kind.running, lease_until__lt=now).update(
                    status=kind.failed, finished_at=now
                ):
                    failed += 1
                    job = manager.get(pk=pk)
                    _fail_task(job, now)
                    logger.warning("%s %s: its worker stopped renewing the lease; failed", kind.model.__name__, pk)
                    kind.after_failing(job)
        except DatabaseError:
            logger.warning("failing the expired %s jobs: the database refused; next round", kind.model.__name__)
    return failed


def _fail_task(job: Any, now: datetime) -> None:
    """The job's task row (django-tasks' database backend) is not left "running" either."""
    if job.task_result_id:
        DBTaskResult.objects.filter(id=job.task_result_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now
        )


class Heartbeat:
    """While the `with` block runs, the job's lease is renewed from a thread of its own (its own connection).

    The renewal is one UPDATE of the job row while it is running: a job
    failed meanwhile is not brought back to life. Renewal that fails (the
    database busy) is tried again at the next beat; the lease is several
    beats long.
    """

    def __init__(self, model: type[models.Model], pk: int, running: str) -> None:
        self.model = model
        self.pk = pk
        self.running = running
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{model.__name__}-{pk}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def renew(self) -> bool:
        """One beat: whether the job is still running (and now leased for JOB_LEASE_SECONDS more)."""
        return bool(self.model._default_manager.filter(pk=self.pk, status=self.running).update(lease_until=lease_end()))

    def _beat(self) -> None:
        first = True
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    if first and connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            # Never wait long for the job row: its worker may hold it until its transaction ends.
                            cursor.execute("SET lock_timeout = '5s'")
                    first = False
                    if not self.renew():
                        return
                except DatabaseError:
                    logger.warning("%s %s: lease not renewed this time", self.model.__name__, self.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection
