"""Helpers for the tests of documents prepared in the background: ask for one, let the task run, download it.

The task runs at once (django-tasks' immediate backend) when the job row
commits, as the register's web import tests run theirs; the files go to a
private folder under the test's own DATA_DIR.
"""

from pathlib import Path
from typing import Any

from django.http import FileResponse, HttpResponseBase
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from torju.documents.models import DocumentJob, documents_folder

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_tasks_at_once(settings: Settings, data_dir: Path) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    settings.DATA_DIR = data_dir


def ask_for(
    client: Client, capture: DjangoCaptureOnCommitCallbacks, url: str, data: dict[str, Any]
) -> tuple[HttpResponseBase, DocumentJob | None]:
    """POST the form; the task runs when the job commits. The response, and the new job if one was made."""
    before = set(DocumentJob.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = client.post(url, data)
    job = DocumentJob.objects.exclude(pk__in=before).first()
    if job is not None:
        assert response.status_code == 302 and response["Location"] == reverse("documents:job", args=[job.pk])
    return response, job


def download(client: Client, job: DocumentJob) -> FileResponse:
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    assert isinstance(response, FileResponse)
    return response


def content_of(response: FileResponse) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def stored_files() -> list[Path]:
    """Every file in the documents folder (temporary ones too)."""
    folder = documents_folder()
    return sorted(path for path in folder.iterdir() if path.is_file()) if folder.exists() else []


def job_urls(job: DocumentJob) -> list[str]:
    return [reverse(f"documents:{name}", args=[job.pk]) for name in ("job", "progress", "download")]
