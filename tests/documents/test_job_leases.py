"""Leases of running jobs (torju/leases.py; issue 10 hole 10): a job whose worker died is failed by any worker.

In-process tests of the parts: the lease set at the start, its renewal, the
failing of expired jobs (register imports and documents) by the task worker
at its start and by any job task, and an import that finds itself failed
when it finishes writing nothing. The processes themselves are killed in
tests/register/test_crash_safety.py.
"""

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.factories import user_with_role
from tests.register.conftest import VALID_FILES, register_counts
from torju import leases
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.models import DocumentJob, JobStatus, documents_folder
from torju.register.exchange.versions import import_any as real_import
from torju.register.models import ImportStatus, RegisterImportJob
from torju.register.tasks import run_register_import, start_register_import

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _private_data_dir(settings: Settings, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path / "data"
    with translation.override("en"):
        yield


@pytest.fixture
def lead(db: None) -> User:
    return user_with_role(Role.DECISION_MAKER, language="en")


def queued_import(lead: User, capture: DjangoCaptureOnCommitCallbacks) -> RegisterImportJob:
    files = [(name, SimpleUploadedFile(name, text.encode())) for name, text in VALID_FILES.items()]
    with capture(execute=True):
        return start_register_import(actor=Actor.for_user(lead), files=files, update=False)


def as_if_its_worker_died(job: Any, *, status: str = "running") -> None:
    """The job's row as a killed worker leaves it: running, its lease run out a second ago."""
    past = timezone.now() - timedelta(seconds=1)
    type(job).objects.filter(pk=job.pk).update(status=status, started_at=past, lease_until=past)


@pytest.mark.django_db
def test_an_import_job_whose_lease_ran_out_is_failed_its_files_deleted_and_recorded(
    lead: User, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.TASKS = DATABASE_TASKS
    job = queued_import(lead, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.folder.exists() and job.task_result_id
    DBTaskResult.objects.filter(id=job.task_result_id).update(status=TaskResultStatus.RUNNING)
    as_if_its_worker_died(job)
    alive = queued_import(lead, django_capture_on_commit_callbacks)
    RegisterImportJob.objects.filter(pk=alive.pk).update(status=ImportStatus.RUNNING, lease_until=leases.lease_end())

    assert leases.fail_expired() == 1
    assert leases.fail_expired() == 0  # once only
    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == (ImportStatus.FAILED, True)
    assert not job.folder.exists()
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.FAILED
    assert AuditEvent.objects.filter(
        action=Action.IMPORT, object_id=str(job.pk), changes__status="failed", changes__lease_expired=True
    ).exists()
    assert RegisterImportJob.objects.get(pk=alive.pk).status == ImportStatus.RUNNING  # its lease holds
    assert register_counts()["Person"] == 0


@pytest.mark.django_db
def test_a_document_job_whose_lease_ran_out_is_failed_and_its_half_written_file_deleted(lead: User) -> None:
    job = DocumentJob.objects.create(requested_by=lead, kind="tests.none", language="en", fmt="txt")
    as_if_its_worker_died(job)
    folder = documents_folder()
    folder.mkdir(parents=True)
    half = folder / f"{job.pk}-abc.part"
    half.write_bytes(b"half a document")
    other = folder / f"{job.pk + 1}-abc.part"
    other.write_bytes(b"another job's")
    assert leases.fail_expired() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not half.exists() and other.exists()


@pytest.mark.django_db
def test_a_half_written_file_that_cannot_be_deleted_does_not_keep_the_jobs_from_failing(
    lead: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = [DocumentJob.objects.create(requested_by=lead, kind="tests.none", language="en", fmt="txt") for _ in "ab"]
    folder = documents_folder()
    folder.mkdir(parents=True)
    for job in jobs:
        as_if_its_worker_died(job)
        (folder / f"{job.pk}-abc.part").write_bytes(b"half a document")

    def unwritable(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "unlink", unwritable)
    assert leases.fail_expired() == 2
    assert set(DocumentJob.objects.values_list("status", flat=True)) == {JobStatus.FAILED}
    assert "could not be deleted" in caplog.text


@pytest.mark.django_db
def test_a_heartbeat_renews_a_running_job_and_never_revives_a_failed_one(lead: User) -> None:
    job = DocumentJob.objects.create(requested_by=lead, kind="tests.none", language="en", fmt="txt")
    as_if_its_worker_died(job)
    beat = leases.Heartbeat(DocumentJob, job.pk, JobStatus.RUNNING)
    assert beat.renew()
    job.refresh_from_db()
    assert job.lease_until is not None and job.lease_until > timezone.now() + timedelta(seconds=60)
    assert leases.fail_expired() == 0
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    assert not beat.renew()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_renews_the_lease_while_the_job_runs(settings: Settings) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    user = user_with_role(Role.ANALYST)
    job = DocumentJob.objects.create(requested_by=user, kind="tests.none", language="en", fmt="txt")
    as_if_its_worker_died(job)
    with leases.Heartbeat(DocumentJob, job.pk, JobStatus.RUNNING):
        deadline = time.monotonic() + 10
        while DocumentJob.objects.get(pk=job.pk).lease_until < timezone.now():  # type: ignore[operator]
            assert time.monotonic() < deadline, "the lease was never renewed"
            time.sleep(0.05)
    assert leases.fail_expired() == 0


@pytest.mark.django_db
def test_a_job_task_fails_the_expired_jobs_before_it_runs_its_own(
    lead: User, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.TASKS = DATABASE_TASKS
    dead = queued_import(lead, django_capture_on_commit_callbacks)
    as_if_its_worker_died(dead)
    fresh = queued_import(lead, django_capture_on_commit_callbacks)
    assert run_register_import.call(fresh.pk) == ImportStatus.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == ImportStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_fails_the_expired_jobs_when_it_starts(settings: Settings) -> None:
    settings.TASKS = DATABASE_TASKS
    user = user_with_role(Role.ANALYST)
    job = DocumentJob.objects.create(requested_by=user, kind="tests.none", language="en", fmt="txt")
    as_if_its_worker_died(job)
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload")  # no task to run
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_an_import_failed_meanwhile_by_another_worker_writes_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that stalled past its lease (not died) finds its job failed when it finishes: rolled back.

    Another worker fails the job from its own connection while the import's transaction is open (PostgreSQL
    lets both write; on SQLite the import holds the only write until it ends, and nothing can fail it).
    """
    settings.TASKS = DATABASE_TASKS
    lead = user_with_role(Role.DECISION_MAKER, language="en")
    files = [(name, SimpleUploadedFile(name, text.encode())) for name, text in VALID_FILES.items()]
    job = start_register_import(actor=Actor.for_user(lead), files=files, update=False)
    failed_by_other: list[int] = []

    def other_worker() -> None:
        try:
            failed_by_other.append(leases.fail_expired())
        finally:
            connection.close()

    other = threading.Thread(target=other_worker)

    def stalled(*args: Any, **kwargs: Any) -> Any:
        result = real_import(*args, **kwargs)
        assert register_counts()["Person"] == 3  # written, not yet committed
        as_if_its_worker_died_elsewhere(job.pk)
        other.start()
        # The other worker fails the job at once; its audit entry waits for this transaction to end.
        deadline = time.monotonic() + 30
        while not RegisterImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).exists():
            assert time.monotonic() < deadline, "the other worker did not fail the job"
            time.sleep(0.05)
        return result

    monkeypatch.setattr("torju.register.tasks.import_any", stalled)
    assert run_register_import.call(job.pk) == ImportStatus.FAILED
    other.join()
    assert failed_by_other == [1]
    assert register_counts()["Person"] == 0
    assert not AuditEvent.objects.filter(action=Action.IMPORT, object_type="register").exists()


def as_if_its_worker_died_elsewhere(pk: int) -> None:
    """The lease run out, written from a connection of its own (committed at once)."""

    def expire() -> None:
        try:
            past = timezone.now() - timedelta(seconds=1)
            RegisterImportJob.objects.filter(pk=pk).update(lease_until=past)
        finally:
            connection.close()

    thread = threading.Thread(target=expire)
    thread.start()
    thread.join()


def test_the_lease_outlasts_several_heartbeats() -> None:
    """The defaults: a lease of several beats, so that one late or refused renewal does not fail a live job."""
    from torju import settings as production

    assert production.JOB_LEASE_SECONDS >= 3 * production.JOB_HEARTBEAT_SECONDS
