"""Document jobs: the task, its progress and failures, who sees a job, the worker, and the clean-up.

The kinds of the plan and the statistics are tested with their pages
(tests/programme/test_documents.py, tests/statistics/test_review_pages.py).
Here a kind of the tests' own renders a small text file, so that a renderer
can fail, report its progress or write half a file on purpose.
"""

import io
import logging
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.documents.flow import content_of, download, job_urls, run_tasks_at_once, stored_files
from tests.factories import user_with_role
from torju.accounts.models import Role, RoleGrant, User
from torju.accounts.permissions import roles
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.jobs import KINDS, DocumentError, DocumentKind, Exported, Progress, Renderer
from torju.documents.models import DocumentJob, JobStatus, Stage, documents_folder
from torju.documents.tasks import render_document, start_document_job

pytestmark = pytest.mark.django_db

TEXT = "text/plain; charset=utf-8"


@pytest.fixture(autouse=True)
def _tasks_at_once_in_english(settings: Settings, tmp_path: Path) -> Iterator[None]:
    run_tasks_at_once(settings, tmp_path / "data")
    with translation.override("en"):
        yield


@pytest.fixture
def analyst(db: None) -> User:
    """An analyst who has chosen English: the pages' texts are asserted in English."""
    return user_with_role(Role.ANALYST, language="en")


def notes_kind(render: Renderer) -> DocumentKind:
    return DocumentKind(
        name="tests.notes",
        title="Notes",
        access_rule=roles(Role.ANALYST),
        content_types={"txt": TEXT},
        render=render,
        exported=lambda job: Exported(object_type="tests.notes", object_id=job.subject, reason=job.fmt),
    )


@pytest.fixture
def kind_rendering(monkeypatch: pytest.MonkeyPatch) -> Callable[[Renderer], DocumentKind]:
    """Registers the tests' kind with the given renderer for one test."""

    def register(render: Renderer) -> DocumentKind:
        kind = notes_kind(render)
        monkeypatch.setitem(KINDS, kind.name, kind)
        return kind

    return register


def notes(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
    output.write(f"{job.subject} ({job.language})".encode())
    return f"notes-{job.subject}.txt"


def start(
    capture: DjangoCaptureOnCommitCallbacks, user: User, kind: DocumentKind, subject: str = "2025", *, run: bool = True
) -> DocumentJob:
    with capture(execute=run):
        job = start_document_job(
            actor=Actor.for_user(user), kind=kind, fmt="txt", language="sv", parameters={}, subject=subject
        )
    job.refresh_from_db()
    return job


def test_the_task_stores_the_file_privately_and_the_requester_downloads_it(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = start(django_capture_on_commit_callbacks, analyst, kind_rendering(notes))
    assert job.status == JobStatus.SUCCEEDED
    assert (job.file_name, job.size, job.per_cent, job.stage, job.error) == ("notes-2025.txt", 9, 100, "", "")
    assert job.started_at is not None and job.finished_at is not None and job.task_result_id
    assert job.path is not None and stored_files() == [job.path]
    assert documents_folder().stat().st_mode & 0o077 == 0
    assert job.path.stat().st_mode & 0o077 == 0
    client = signed_in_client(analyst)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The document is ready." in page
    assert f'href="{reverse("documents:download", args=[job.pk])}"' in page
    assert "hx-trigger" not in page
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists(), "asking is not yet an export"
    response = download(client, job)
    assert content_of(response) == b"2025 (sv)"
    assert response["Content-Type"] == TEXT
    assert response["Content-Disposition"] == 'attachment; filename="notes-2025.txt"'
    assert response["Content-Language"] == "sv"
    assert "no-store" in response["Cache-Control"]
    exported = AuditEvent.objects.get(action=Action.EXPORT)
    assert (exported.actor, exported.object_type, exported.object_id, exported.reason) == (
        analyst,
        "tests.notes",
        "2025",
        "txt",
    )
    assert exported.path == reverse("documents:download", args=[job.pk])


def test_only_the_requester_sees_the_job_and_the_file(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    client_for: Callable[[Role], Client],
) -> None:
    job = start(django_capture_on_commit_callbacks, analyst, kind_rendering(notes))
    for other in (client_for(Role.ANALYST), client_for(Role.COORDINATOR), client_for(Role.AUDITOR)):
        assert [other.get(url).status_code for url in job_urls(job)] == [404, 404, 404]
    anonymous = Client().get(job_urls(job)[2])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    # A requester whose role was taken away since is refused (and the refusal is in the audit trail).
    client = signed_in_client(analyst)
    RoleGrant.objects.filter(user=analyst, role=Role.ANALYST).delete()
    assert [client.get(url).status_code for url in job_urls(job)] == [403, 403, 403]
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=analyst).count() == 3
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_asking_checks_the_kinds_rule_format_and_language(
    analyst: User, kind_rendering: Callable[[Renderer], DocumentKind]
) -> None:
    kind = kind_rendering(notes)
    coordinator = user_with_role(Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        start_document_job(actor=Actor.for_user(coordinator), kind=kind, fmt="txt", language="fi", parameters={})
    with pytest.raises(ValueError, match="format"):
        start_document_job(actor=Actor.for_user(analyst), kind=kind, fmt="pdf", language="fi", parameters={})
    with pytest.raises(ValueError, match="language"):
        start_document_job(actor=Actor.for_user(analyst), kind=kind, fmt="txt", language="de", parameters={})
    assert not DocumentJob.objects.exists()


def test_the_renderers_progress_is_in_the_job_row_while_it_runs(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    seen: list[tuple[str, str, int | None]] = []

    def watched(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
        for stage, per_cent in [(Stage.COLLECTING, 10), (Stage.LAYING_OUT, 60), (Stage.SAVING, 140)]:
            progress(stage, per_cent)
            row = DocumentJob.objects.get(pk=job.pk)
            seen.append((row.status, row.stage, row.per_cent))
        return notes(job, output, progress)

    job = start(django_capture_on_commit_callbacks, analyst, kind_rendering(watched))
    assert seen == [("running", "collecting", 10), ("running", "laying_out", 60), ("running", "saving", 100)]
    assert (job.status, job.stage, job.per_cent) == (JobStatus.SUCCEEDED, "", 100)


def test_the_job_page_polls_its_progress_every_two_seconds_while_the_document_is_prepared(
    analyst: User, kind_rendering: Callable[[Renderer], DocumentKind]
) -> None:
    kind_rendering(notes)
    job = DocumentJob.objects.create(requested_by=analyst, kind="tests.notes", subject="2025", language="sv", fmt="txt")
    client = signed_in_client(analyst)
    job_url, progress_url, download_url = job_urls(job)
    page = client.get(job_url).content.decode()
    assert f'hx-get="{progress_url}" hx-trigger="every 2s"' in page
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "<h1>Notes: 2025</h1>" in page
    assert '<dd lang="sv">svenska</dd>' in page
    assert "Waiting for the background worker to start preparing the document." in page
    assert client.get(download_url).status_code == 404, "nothing to download yet"
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert "Preparing the document." in client.get(progress_url).content.decode()
    DocumentJob.objects.filter(pk=job.pk).update(stage=Stage.LAYING_OUT, per_cent=45)
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "Laying out the document" in html
    assert '<progress id="document-bar" max="100" value="45">' in html
    assert "HX-Refresh" not in fragment
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    finished = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in client.get(job_url).content.decode()


def test_a_renderers_refusal_is_shown_and_leaves_no_file(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    def refusing(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
        progress(Stage.LAYING_OUT, 50)
        output.write(b"half a docu")
        output.flush()
        raise DocumentError("Perioden slutar innan planen börjar.")

    job = start(django_capture_on_commit_callbacks, analyst, kind_rendering(refusing))
    assert (job.status, job.error, job.stored_name, job.file_name) == (
        JobStatus.FAILED,
        "Perioden slutar innan planen börjar.",
        "",
        "",
    )
    assert job.finished_at is not None
    assert stored_files() == []
    client = signed_in_client(analyst)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'The document could not be prepared: <span lang="sv">Perioden slutar innan planen börjar.</span>' in page
    assert client.get(reverse("documents:download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_technical_failure_is_logged_not_shown_and_leaves_no_file(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def crashing(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
        output.write(b"half a docu")
        raise RuntimeError("font cache at /srv/torju is corrupt")

    with caplog.at_level(logging.ERROR, logger="torju.documents.tasks"):
        job = start(django_capture_on_commit_callbacks, analyst, kind_rendering(crashing))
    assert (job.status, job.error, job.stored_name) == (JobStatus.FAILED, "", "")
    assert stored_files() == []
    assert f"document job {job.pk} (tests.notes) failed" in caplog.text
    assert "font cache" in caplog.text
    page = signed_in_client(analyst).get(job.get_absolute_url()).content.decode()
    assert "The document could not be prepared for a technical reason." in page
    assert "font cache" not in page


def test_a_job_runs_once_and_a_deleted_one_not_at_all(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    kind = kind_rendering(notes)
    job = start(django_capture_on_commit_callbacks, analyst, kind)
    assert render_document.call(job.pk) == JobStatus.SUCCEEDED
    assert len(stored_files()) == 1
    queued = start(django_capture_on_commit_callbacks, analyst, kind, run=False)
    assert queued.status == JobStatus.QUEUED
    queued.delete()
    assert render_document.call(queued.pk) == "deleted"
    assert len(stored_files()) == 1


def test_a_job_deleted_while_it_runs_keeps_no_file(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    def purged_meanwhile(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
        DocumentJob.objects.filter(pk=job.pk).delete()
        return notes(job, output, progress)

    kind = kind_rendering(purged_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        start_document_job(actor=Actor.for_user(analyst), kind=kind, fmt="txt", language="fi", parameters={})
    assert not DocumentJob.objects.exists()
    assert stored_files() == []


# The clean-up


def age(job: DocumentJob, days: float) -> None:
    """Make the job and its file look `days` days old."""
    moment = timezone.now() - timedelta(days=days)
    DocumentJob.objects.filter(pk=job.pk).update(created_at=moment, finished_at=moment)
    if job.path is not None:
        os.utime(job.path, (moment.timestamp(), moment.timestamp()))


def purge(*arguments: str) -> str:
    output = io.StringIO()
    call_command("purge_documents", *arguments, stdout=output)
    return output.getvalue()


def test_purge_deletes_old_documents_and_their_jobs_and_is_idempotent(
    analyst: User,
    kind_rendering: Callable[[Renderer], DocumentKind],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    kind = kind_rendering(notes)
    old = start(django_capture_on_commit_callbacks, analyst, kind, "old")
    recent = start(django_capture_on_commit_callbacks, analyst, kind, "recent")
    stuck = start(django_capture_on_commit_callbacks, analyst, kind, "stuck", run=False)
    age(old, 7.5)
    age(recent, 6.5)
    DocumentJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=8))
    folder = documents_folder()
    left_by_a_killed_worker = folder / "99-abc.part"
    left_by_a_killed_worker.write_bytes(b"half")
    eight_days_ago = (timezone.now() - timedelta(days=8)).timestamp()
    os.utime(left_by_a_killed_worker, (eight_days_ago, eight_days_ago))
    being_written = folder / "100-def.part"
    being_written.write_bytes(b"half")
    assert old.path is not None and recent.path is not None

    assert purge() == "2 document jobs and 2 files deleted (older than 7 days)\n"
    assert list(DocumentJob.objects.values_list("subject", flat=True)) == ["recent"]
    assert set(stored_files()) == {being_written, recent.path}
    deleted = AuditEvent.objects.get(action=Action.DELETE)
    assert (deleted.actor_username, deleted.object_type, deleted.changes) == (
        "manage.py purge_documents",
        "documents.documentjob",
        {"jobs": 2, "files": 2, "days": 7},
    )
    assert signed_in_client(analyst).get(old.get_absolute_url()).status_code == 404

    assert purge() == "0 document jobs and 0 files deleted (older than 7 days)\n"
    assert AuditEvent.objects.filter(action=Action.DELETE).count() == 1
    assert purge("--days", "6") == "1 document jobs and 1 files deleted (older than 6 days)\n"
    assert stored_files() == [being_written]
    with pytest.raises(CommandError, match="at least one day"):
        purge("--days", "0")


def test_purge_without_any_documents_yet() -> None:
    assert not documents_folder().exists()
    assert purge() == "0 document jobs and 0 files deleted (older than 7 days)\n"


# The configured task backend and its worker, as `make run` runs them


@pytest.mark.django_db(transaction=True)
def test_the_database_task_backend_and_its_worker_prepare_the_document(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    analyst = user_with_role(Role.ANALYST)
    client = signed_in_client(analyst)
    response = client.post(reverse("statistics:prepare_document", args=[2025]), {"format": "csv", "language": "fi"})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    task_row = DBTaskResult.objects.get()
    assert (str(task_row.pk), task_row.task_path, task_row.status) == (
        job.task_result_id,
        "torju.documents.tasks.render_document",
        "READY",
    )
    assert job.status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    document = download(client, job)
    assert document["Content-Disposition"].endswith('-2025-fi.csv"')
    assert content_of(document).startswith("\ufeff".encode())
