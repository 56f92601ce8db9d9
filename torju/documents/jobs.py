"""Documents rendered in the background: the kinds other apps register, and the clean-up.

An app that offers a slow document registers a `DocumentKind` from a module
named `document_jobs` (found by DocumentsConfig.ready, as the admin finds
`admin` modules), so that this app never imports the apps it serves. The
kind says who may ask for the document (the same rule as the page that
offers it), its formats, how to render it and what its download records in
the audit trail.

Only the user who asked sees the job and downloads the file; the file is
kept for `KEEP_DAYS` days (`manage.py purge_documents`,
docs/decisions/0009-document-jobs.md). Starting and running a job: tasks.py.
"""

import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from torju.accounts.permissions import AccessRule
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.models import DocumentJob, Stage, documents_folder

KEEP_DAYS = 7
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class DocumentError(Exception):
    """A renderer's refusal with a message for the user (in the document's language), e.g. a period that ended
    before the plan began. Any other exception is a technical failure, explained only in the server's log."""


class Progress(Protocol):
    """What a renderer calls as it goes: the stage it has reached and how far it is, 0–100."""

    def __call__(self, stage: Stage, per_cent: int) -> None: ...


# Writes the document to the (binary) output and gives the file name offered to the browser. It runs in the
# document's language (translation.override) on the task worker.
Renderer = Callable[[DocumentJob, BinaryIO, Progress], str]


@dataclass(frozen=True)
class Exported:
    """What a download records in the audit trail: the same object and reason as a direct download."""

    object_type: str
    object_id: str
    reason: str


@dataclass(frozen=True)
class DocumentKind:
    name: str  # e.g. "programme.implementation_report"
    title: StrOrPromise  # the job page's heading
    access_rule: AccessRule  # who may ask for one, and see and download their own
    content_types: Mapping[str, str]  # format: media type, in the order the forms offer them
    render: Renderer
    exported: Callable[[DocumentJob], Exported]


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    """Called once per kind by the offering app's `document_jobs` module."""
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise ImproperlyConfigured(f"two document kinds are named {kind.name!r}")
    KINDS[kind.name] = kind


@dataclass(frozen=True)
class Purged:
    jobs: int
    files: int


def job_actor(job: DocumentJob) -> Actor:
    """A renderer acts in the name of the user who asked for the document (e.g. what an export records)."""
    return Actor.for_user(job.requested_by, channel="task")


def purge_documents(*, actor: Actor, days: int = KEEP_DAYS) -> Purged:
    """Delete the jobs finished (or, never finished, asked for) more than `days` days ago, and their files.

    Files no job names (left by a worker that was stopped while writing, or
    by a job deleted meanwhile) go too once they are as old. Running it again
    deletes nothing more: it is safe to run at any time. A purge that deleted
    anything is in the audit trail.
    """
    if days < 1:
        raise ValueError("keep the documents at least one day")
    cutoff = timezone.now() - timedelta(days=days)
    old = DocumentJob.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    ).order_by()
    with transaction.atomic():
        names = [name for name in old.values_list("stored_name", flat=True) if name]
        jobs, _per_model = old.delete()
    folder = documents_folder()
    files = 0
    for name in names:
        files += _unlink(folder / name)
    if folder.is_dir():
        named = set(DocumentJob.objects.exclude(stored_name="").values_list("stored_name", flat=True))
        for path in folder.iterdir():
            if path.name not in named and _file_older_than(path, cutoff):
                files += _unlink(path)
    if jobs or files:
        record(
            Action.DELETE,
            actor,
            object_type=DocumentJob._meta.label_lower,
            changes={"jobs": jobs, "files": files, "days": days},
        )
    return Purged(jobs=jobs, files=files)


def _file_older_than(path: Path, cutoff: datetime) -> bool:
    try:
        status = path.stat()
    except FileNotFoundError:  # deleted meanwhile (by a purge running at the same time)
        return False
    return stat.S_ISREG(status.st_mode) and datetime.fromtimestamp(status.st_mtime, tz=cutoff.tzinfo) < cutoff


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1
