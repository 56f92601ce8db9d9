"""The documents' storage full or not writable (issue 17, crash safety): a clear error, the job failed, nothing
else affected.

"Not writable" is real: the documents' folder is a file (root, who runs the
tests and CI, writes anywhere else). "Full" is the answer a full disk gives
when the file is flushed (ENOSPC from fsync).
"""

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.documents.flow import run_tasks_at_once, stored_files
from tests.documents.test_document_jobs import notes, notes_kind, start
from tests.factories import user_with_role
from torju.accounts.models import Role, User
from torju.documents.jobs import KINDS, DocumentKind
from torju.documents.models import JobStatus, documents_folder

pytestmark = pytest.mark.django_db

CLEAR_ERROR = "the server's storage is full or cannot be written"


@pytest.fixture(autouse=True)
def _tasks_at_once_in_english(settings: Settings, tmp_path: Path) -> Iterator[None]:
    run_tasks_at_once(settings, tmp_path / "data")
    with translation.override("en"):
        yield


@pytest.fixture
def kind(monkeypatch: pytest.MonkeyPatch) -> DocumentKind:
    registered = notes_kind(notes)
    monkeypatch.setitem(KINDS, registered.name, registered)
    return registered


@pytest.fixture
def analyst(db: None) -> User:
    return user_with_role(Role.ANALYST, language="en")


def assert_failed_clearly(job_pk: int, user: User) -> None:
    from torju.documents.models import DocumentJob

    job = DocumentJob.objects.get(pk=job_pk)
    assert (job.status, job.stored_name, job.finished_at is not None) == (JobStatus.FAILED, "", True)
    with translation.override("sv"):
        assert "lagringsutrymme" in job.error  # in the document's language (sv), saying what happened
    page = signed_in_client(user).get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert job.error in page.content.decode().replace("&#x27;", "'")


def test_a_documents_folder_that_cannot_be_written_fails_the_job_clearly_and_nothing_else(
    analyst: User, kind: DocumentKind, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    kept = start(django_capture_on_commit_callbacks, analyst, kind, "kept")
    assert kept.status == JobStatus.SUCCEEDED and kept.path is not None
    kept_bytes = kept.path.read_bytes()
    folder = documents_folder()
    folder.rename(folder.with_name("documents-moved"))
    folder.write_text("not a folder")  # the storage is there but cannot take a file

    failed = start(django_capture_on_commit_callbacks, analyst, kind, "failed")
    assert_failed_clearly(failed.pk, analyst)
    assert signed_in_client(analyst).get("/").status_code == 200  # the rest of the service works

    folder.unlink()
    folder.with_name("documents-moved").rename(folder)
    assert kept.path.read_bytes() == kept_bytes  # another job's document untouched
    again = start(django_capture_on_commit_callbacks, analyst, kind, "again")
    assert again.status == JobStatus.SUCCEEDED  # once the storage is back, documents are made again


def test_a_full_storage_fails_the_job_clearly_and_leaves_no_half_written_file(
    analyst: User, kind: DocumentKind, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as disk:
        disk.setattr("torju.documents.tasks.os.fsync", full)
        failed = start(django_capture_on_commit_callbacks, analyst, kind, "failed")
    assert_failed_clearly(failed.pk, analyst)
    assert stored_files() == []  # the temporary file is gone too
    assert start(django_capture_on_commit_callbacks, analyst, kind, "again").status == JobStatus.SUCCEEDED


def test_another_error_of_the_renderer_is_not_called_a_storage_problem(
    analyst: User, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    def broken(*args: object) -> str:
        raise OSError(errno.ECONNREFUSED, "the renderer's helper did not answer")

    registered = notes_kind(broken)
    monkeypatch.setitem(KINDS, registered.name, registered)
    start(django_capture_on_commit_callbacks, analyst, registered, "x")  # the worker logs it
    from torju.documents.models import DocumentJob

    job = DocumentJob.objects.get(subject="x")
    assert (job.status, job.error) == (JobStatus.FAILED, "")  # a technical failure, for the server's log
