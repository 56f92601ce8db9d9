"""Files attached to meetings and status reports: kept outside the web root, served only to their readers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torju.programme.models.meetings import Meeting
from torju.programme.models.reporting import StatusReport


class AttachmentKind(models.TextChoices):
    """The formats taken, recognised from the file's content (attachments.py), never from its name."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    ODT = "odt", "ODT"


class Attachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments", verbose_name=_("meeting")
    )
    report = models.ForeignKey(
        StatusReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("status report"),
    )
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("format"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 checksum"))
    # The file's name in the attachments folder (a random one): the user's name for it never touches the disk.
    stored_as = models.CharField(max_length=64, unique=True, verbose_name=_("stored file name"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="attachment_of_one_thing",
                condition=(Q(meeting__isnull=False) & Q(report__isnull=True))
                | (Q(meeting__isnull=True) & Q(report__isnull=False)),
            ),
            models.CheckConstraint(
                name="attachment_kind_valid", condition=Q(kind__in=[kind.value for kind in AttachmentKind])
            ),
        ]

    def __str__(self) -> str:
        return self.name
