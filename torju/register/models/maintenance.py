"""Where a key rotation or a re-hash of the register has got to, so that an interrupted run goes on from there.

Each batch of rows is committed with the primary key it ended at (per
table), so a run stopped by a crash, a deployment or an operator continues
with the next batch when started again. The fingerprint names the key the
run moves to: a run for another key starts from the beginning.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KeyTask(models.TextChoices):
    REENCRYPT = "reencrypt", _("Re-encryption under the current encryption key")
    REHASH = "rehash", _("Re-hashing under the current identifier hash key")


class KeyRotationRun(models.Model):
    """One task's progress: the last primary key done in each table (by model label)."""

    task = models.CharField(_("task"), max_length=20, choices=KeyTask.choices)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    position = models.JSONField(_("last primary key done, per table"), default=dict)
    rows = models.JSONField(_("rows done, per table"), default=dict)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("key rotation run")
        verbose_name_plural = _("key rotation runs")
        constraints = [models.UniqueConstraint(fields=["task"], name="one_key_rotation_run_per_task")]

    def __str__(self) -> str:
        return f"{self.task} {self.key_fingerprint[:8]}"
