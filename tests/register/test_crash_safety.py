"""The task worker killed (SIGKILL) in the middle of its job (issue 17, crash safety; PostgreSQL, processes).

A register import killed half-way leaves the register unchanged; the job is
marked failed once a worker runs again (its lease ran out: torju/leases.py),
and the same import then runs to the end. A document job killed half-way
is marked failed, never left "running", and its half-written file goes.
The workers are real `manage.py task_worker` processes against the test
database, with a lease of 3 seconds renewed every second.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from bench.generate_register import generate_register
from tests.factories import user_with_role
from tests.processes import kill, running, start_worker, wait_until
from tests.register.conftest import OPERATOR, register_counts
from torju.accounts.models import Role
from torju.actor import Actor
from torju.documents.models import DocumentJob, JobStatus, documents_folder
from torju.documents.tasks import start_document_job
from torju.register.document_jobs import REGISTER_EXTRACT, ZIP
from torju.register.exchange import import_register
from torju.register.exchange.format import FILES
from torju.register.models import ImportStatus, RegisterImportJob
from torju.register.tasks import start_register_import

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

VICTIMS = 60_000  # an import of some seconds: long enough to be killed in the middle
LEASE = {"TORJU_JOB_LEASE_SECONDS": "3", "TORJU_JOB_HEARTBEAT_SECONDS": "1"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate_register(folder, VICTIMS, seed=11)
    return folder


@pytest.fixture(autouse=True)
def _database_tasks(settings: Settings, tmp_path: Path) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.DATA_DIR = tmp_path / "data"


def upload(folder: Path) -> RegisterImportJob:
    lead = user_with_role(Role.DECISION_MAKER, language="en")
    files = []
    for file in FILES:
        files.append((file.name, UploadedFile((folder / file.name).open("rb"), name=file.name)))
    job = start_register_import(actor=Actor.for_user(lead), files=files, update=False)
    for _name, uploaded in files:
        uploaded.close()
    job.refresh_from_db()
    return job


def test_a_worker_killed_mid_import_leaves_the_register_unchanged_and_the_job_failed(
    generated: Path, tmp_path: Path
) -> None:
    log = tmp_path / "workers.log"
    job = upload(generated)
    worker = start_worker(log, **LEASE)
    try:
        wait_until(
            lambda: RegisterImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, done__gt=0).exists(),
            "the import under way",
            log=log,
        )
    finally:
        kill(worker)  # SIGKILL: no clean-up of any kind
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING, "the import ended before it was killed: make it longer"
    assert register_counts()["Person"] == 0  # nothing committed
    assert job.folder.exists()

    with running(start_worker(log, **LEASE)):
        # The worker fails the job, then its task row, then deletes its files: wait for the whole of it.
        wait_until(
            lambda: (
                RegisterImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).exists()
                and DBTaskResult.objects.filter(id=job.task_result_id, status=TaskResultStatus.FAILED).exists()
                and not job.folder.exists()
            ),
            "the killed import marked failed by the next worker, its files deleted",
            seconds=60,
            log=log,
        )
        job.refresh_from_db()
        assert register_counts()["Person"] == 0
        assert not job.folder.exists()  # its uploaded files deleted
        assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.FAILED

        again = upload(generated)  # the same import, once more: it runs to the end
        wait_until(
            lambda: RegisterImportJob.objects.filter(pk=again.pk, status=ImportStatus.SUCCEEDED).exists(),
            "the import run again",
            seconds=300,
            log=log,
        )
    again.refresh_from_db()
    assert register_counts()["Person"] == again.created["persons.csv"] > VICTIMS


def test_a_worker_killed_mid_document_leaves_the_job_failed_never_running(generated: Path, tmp_path: Path) -> None:
    import_register(generated, actor=OPERATOR)
    analyst = user_with_role(Role.ANALYST, language="en")
    job = start_document_job(
        actor=Actor.for_user(analyst), kind=REGISTER_EXTRACT, fmt=ZIP, language="en", parameters={}
    )
    log = tmp_path / "workers.log"
    worker = start_worker(log, **LEASE)
    try:
        wait_until(
            lambda: (
                DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists()
                and any(documents_folder().glob(f"{job.pk}-*.part"))
            ),
            "the document being written",
            log=log,
        )
    finally:
        kill(worker)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, "the document was finished before the worker was killed"

    killed_at = timezone.now()
    with running(start_worker(log, **LEASE)):
        # The worker fails the job, then deletes the half-written file: wait for both.
        wait_until(
            lambda: (
                DocumentJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).exists()
                and not any(documents_folder().glob(f"{job.pk}-*"))
            ),
            "the killed document job marked failed, its half-written file deleted",
            seconds=60,
            log=log,
        )
    job.refresh_from_db()
    assert job.finished_at is not None and job.finished_at >= killed_at
    assert (job.stored_name, list(documents_folder().glob(f"{job.pk}-*"))) == ("", [])
