"""Register imports started from the web: the job and its complete error list.

django-tasks' own result rows carry no progress, and a broker-backed task
backend keeps results elsewhere or not at all, so the job is a row of ours
(its progress is written by torju.register.tasks.ImportProgress). The files
wait under settings.DATA_DIR / "imports" / <job id> (never under a served
path) and are deleted when the import ends.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IMPORTS_FOLDER = "imports"


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
    # Renewed by the running worker; once it has run out, any worker fails the job (torju/leases.py).
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
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
