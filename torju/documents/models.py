"""Documents prepared in the background: who asked for what, how far the work is, and the file it produced.

django-tasks' own result rows carry no progress and no file, and a
broker-backed task backend keeps results elsewhere or not at all, so the job
is a row of ours (as the register's web import is). The file waits under
settings.DATA_DIR / "documents" (never under a served path) until
`manage.py purge_documents` deletes it with its job.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DOCUMENTS_FOLDER = "documents"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Ready")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})


class Stage(models.TextChoices):
    """Where a renderer is; labelled here so that the job page shows it in the reader's language."""

    COLLECTING = "collecting", _("Collecting the data")
    LAYING_OUT = "laying_out", _("Laying out the document")
    SAVING = "saving", _("Saving the file")


def documents_folder() -> Path:
    """Where the produced files wait for their download (read from the settings each time: tests move it)."""
    return Path(settings.DATA_DIR) / DOCUMENTS_FOLDER


class DocumentJob(models.Model):
    """One document a user asked for, rendered by the task worker; only that user sees it and downloads it."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("document"), max_length=100)  # a name in torju.documents.jobs.KINDS
    subject = models.CharField(_("subject"), max_length=300, blank=True)  # e.g. the plan's name or the year
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)  # the kind's own, e.g. {"year": 2025}
    language = models.CharField(_("language"), max_length=10)  # of the document, not of the job page
    fmt = models.CharField(_("format"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True, default="")
    per_cent = models.PositiveSmallIntegerField(_("per cent done"), null=True, blank=True)  # None: not reported
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Renewed by the running worker; once it has run out, any worker fails the job (torju/leases.py).
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    stored_name = models.CharField(_("stored file"), max_length=100, blank=True)  # in documents_folder()
    file_name = models.CharField(_("file name"), max_length=255, blank=True)  # offered to the browser
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)  # the renderer's explanation; empty for a technical failure
    task_result_id = models.CharField(_("task"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="document_job_status_valid", condition=Q(status__in=[status.value for status in JobStatus])
            ),
            models.CheckConstraint(
                name="document_job_per_cent_range", condition=Q(per_cent__isnull=True) | Q(per_cent__lte=100)
            ),
            models.CheckConstraint(
                name="document_job_ready_has_file",
                condition=~Q(status=JobStatus.SUCCEEDED) | (~Q(stored_name="") & ~Q(file_name="")),
            ),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="document_job_by_user"),
            models.Index(fields=["created_at"], name="document_job_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.fmt} {self.language} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("documents:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def path(self) -> Path | None:
        """The produced file, once there is one."""
        return documents_folder() / self.stored_name if self.stored_name else None
