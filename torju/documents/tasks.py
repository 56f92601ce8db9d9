"""Starting a document job, and the background task that renders its file and stores it.

The renderer writes to a temporary file next to the file's place, which is
moved there (os.replace: atomic on one file system) only once the renderer
has finished. So a failed rendering leaves no half-written document: the
temporary file is deleted on failure, and one left by a worker that was
killed meanwhile is deleted by `purge_documents`.

A running job holds a lease that a heartbeat renews (torju/leases.py): a job
whose worker died is marked failed by any worker once the lease has run out
(`fail_lost_document`, which also deletes its temporary file), never left
"running"; the user asks for the document again.
"""

import errno
import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from torju import leases
from torju.actor import Actor
from torju.documents.jobs import KINDS, LANGUAGES, DocumentError, DocumentKind
from torju.documents.models import DocumentJob, JobStatus, Stage, documents_folder

logger = logging.getLogger(__name__)

PRIVATE_FOLDER = 0o700
FILE_NAME_MAX = 255
# What the documents' storage answers when it is full or cannot be written (also a folder that is a file).
STORAGE_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST}
)


class StorageError(Exception):
    """The documents' storage is full or cannot be written: the job fails with a message that says so."""


def start_document_job(
    *,
    actor: Actor,
    kind: DocumentKind,
    fmt: str,
    language: str,
    parameters: dict[str, Any],
    subject: str = "",
) -> DocumentJob:
    """Queue the document for the actor's user; the job to follow on its page.

    The caller has checked the object-level rules (the plan exists, the year
    has statistics) and the kind's own parameters; the access rule, the
    format and the language are checked here again. The task is queued when
    the job row is committed, so that the worker always finds it, whichever
    task backend is configured.
    """
    if KINDS.get(kind.name) is not kind:
        raise ImproperlyConfigured(f"document kind {kind.name!r} is not registered")
    user = actor.user
    if user is None or not kind.access_rule.allows(user):
        raise PermissionDenied(kind.access_rule.name)
    if fmt not in kind.content_types:
        raise ValueError(f"unknown format {fmt!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    with transaction.atomic():
        job = DocumentJob.objects.create(
            requested_by=user,
            kind=kind.name,
            subject=subject[:300],
            parameters=parameters,
            language=language,
            fmt=fmt,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = render_document.enqueue(job_id)
    DocumentJob.objects.filter(pk=job_id).update(task_result_id=str(result.id))


class DocumentProgress:
    """The renderer's progress callback: stage and per cent into the job row, at once (no transaction is open)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def __call__(self, stage: Stage, per_cent: int) -> None:
        DocumentJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
            stage=stage, per_cent=max(0, min(100, per_cent))
        )


@task()
def render_document(job_id: int) -> str:
    """Render the job's document in its language and store the file; the job's status at the end.

    A job that has run already, or was deleted before a worker got to it, is left as it is.
    """
    leases.fail_expired()  # a job whose worker died, whichever worker this is
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, lease_until=leases.lease_end(now)
    )
    job = DocumentJob.objects.filter(pk=job_id).first()
    if job is None:
        return "deleted"
    if not claimed:
        return job.status
    try:
        kind = KINDS.get(job.kind)
        if kind is None:
            raise ImproperlyConfigured(f"document kind {job.kind!r} is not registered")
        with leases.Heartbeat(DocumentJob, job.pk, JobStatus.RUNNING):
            stored_name, file_name, size = _render(job, kind)
    except DocumentError as error:
        return _finish(job, status=JobStatus.FAILED, error=str(error))
    except StorageError as error:
        logger.error("document job %s (%s): the documents' storage refused: %s", job.pk, job.kind, error.__cause__)
        return _finish(job, status=JobStatus.FAILED, error=str(error))
    except Exception:
        logger.exception("document job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=JobStatus.FAILED)
        raise
    status = _finish(job, status=JobStatus.SUCCEEDED, stored_name=stored_name, file_name=file_name, size=size)
    if status != JobStatus.SUCCEEDED:  # the job was deleted while it ran
        (documents_folder() / stored_name).unlink(missing_ok=True)
    return status


def _render(job: DocumentJob, kind: DocumentKind) -> tuple[str, str, int]:
    """(stored name, file name, size): the renderer's output, moved into place only once it is complete.

    A full or unwritable storage is a StorageError with a message for the user (in the document's language).
    """
    try:
        return _render_into_storage(job, kind)
    except OSError as error:
        if error.errno not in STORAGE_ERRORS:
            raise
        with translation.override(job.language):
            message = _(
                "The document could not be saved: the server's storage is full or cannot be written. Nothing "
                "else was affected. Tell the administrator, and ask for the document again later."
            )
        raise StorageError(message) from error


def _render_into_storage(job: DocumentJob, kind: DocumentKind) -> tuple[str, str, int]:
    folder = documents_folder()
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(dir=folder, prefix=f"{job.pk}-", suffix=".part")  # mode 0600
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as output, translation.override(job.language):
            file_name = kind.render(job, output, DocumentProgress(job.pk))
            size = output.tell()
            output.flush()
            os.fsync(output.fileno())
        stored_name = f"{job.pk}-{secrets.token_hex(8)}.{job.fmt}"
        temporary.replace(folder / stored_name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return stored_name, file_name[:FILE_NAME_MAX], size


def _finish(job: DocumentJob, *, status: JobStatus, **fields: Any) -> str:
    """The job's outcome, written unless the job is gone; the status it ended with ("deleted" if gone)."""
    done = {"per_cent": 100, "stage": ""} if status == JobStatus.SUCCEEDED else {}
    updated = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), lease_until=None, **done, **fields
    )
    return status.value if updated else "deleted"


def fail_lost_document(job: DocumentJob) -> None:
    """After `leases.fail_expired` failed the job: the temporary file its dead worker was writing goes."""
    for part in documents_folder().glob(f"{job.pk}-*.part"):
        try:
            part.unlink(missing_ok=True)
        except OSError as error:  # a storage that cannot be written does not keep the job from failing
            logger.error("document job %s: its temporary file %s could not be deleted: %s", job.pk, part.name, error)
