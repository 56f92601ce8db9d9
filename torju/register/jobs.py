"""Register imports started from the web: the job, its progress and its complete error list.

django-tasks' own result rows carry no progress, and a broker-backed task
backend keeps results elsewhere or not at all, so the job is a row of ours.
The files wait under settings.DATA_DIR / "imports" / <job id> (never under a
served path) and are deleted when the import ends.

The import runs in one transaction (all or nothing), so a progress write on
its connection would show only when it ends. The progress goes through a
connection of its own that commits at once, where the database lets two
connections write at the same time (PostgreSQL). SQLite lets only one
connection write, and the import holds it to the end: there the job shows
"running" without a bar (docs/decisions/0006-register-retention.md).
"""

import logging
import shutil
from pathlib import Path
from types import TracebackType

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

IMPORTS_FOLDER = "imports"
CONCURRENT_WRITERS = frozenset({"postgresql"})  # database vendors where a second connection may write meanwhile


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    REJECTED = "rejected", _("Rejected: the files have errors")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({ImportStatus.SUCCEEDED, ImportStatus.REJECTED, ImportStatus.FAILED})


class RegisterImportJob(models.Model):
    """One import of register files, started by a user from the web and run by the task worker."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file_names = models.TextField(_("files"))  # as uploaded, comma-separated
    update = models.BooleanField(_("update existing rows"), default=False)
    language = models.CharField(_("language"), max_length=10, default="fi")  # of the error list: the uploader's
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=100, blank=True, default="")  # a file name, or FINISHING
    done = models.BigIntegerField(_("bytes read"), default=0)
    total = models.BigIntegerField(_("bytes in all"), default=0)
    created = models.JSONField(_("rows created"), default=dict, blank=True)  # file name: rows
    updated = models.JSONField(_("rows updated"), default=dict, blank=True)  # file name: rows
    problem_count = models.PositiveIntegerField(_("errors"), default=0)
    task_result_id = models.CharField(_("task"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="register_import_status_valid", condition=Q(status__in=[status.value for status in ImportStatus])
            ),
        ]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="register_import_by_user")]

    def __str__(self) -> str:
        return f"{self.file_names} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def per_cent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def folder(self) -> Path:
        """Where the uploaded files wait for the worker."""
        return Path(settings.DATA_DIR) / IMPORTS_FOLDER / str(self.pk)

    def delete_files(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class RegisterImportProblem(models.Model):
    """One error of a refused import, in the order of the import's error list (paginated on the job page)."""

    job = models.ForeignKey(RegisterImportJob, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveIntegerField()
    file = models.CharField(_("file"), max_length=255)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    value = models.TextField(_("value"), blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("import error")
        verbose_name_plural = _("import errors")
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="register_import_problem_position")]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class JobProgress:
    """The import's progress callback: stage, bytes done and in all into the job row, a whole per cent at a time.

    Use as a context manager: the connection of its own is closed at the end.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.shown: tuple[str, int] | None = None
        self.enabled = connections[DEFAULT_DB_ALIAS].vendor in CONCURRENT_WRITERS
        self._connection: BaseDatabaseWrapper | None = None

    def __enter__(self) -> "JobProgress":
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
