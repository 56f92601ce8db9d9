"""Why an undecided application waits: "waiting for information", with the reason a caseworker gave.

A state of its own, beside the application rather than a column of it: it
pauses nothing (no deadline stops, the case stays in its work lists and the
backlog counts its days from receipt), it changes nothing of the case's data
(no revision, so nobody's open form of the case goes stale, and the
statistics' snapshots are not invalidated), and the exchange format does not
carry it (docs/decisions/0108). Its history is the case's audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torju.register.models.applications import Application

WAITING_REASON_MAX_LENGTH = 500


class WaitingForInformation(models.Model):
    """The application waits for information from someone (the applicant, the police, an authority abroad)."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="waiting_for_information",
    )
    reason = models.CharField(_("what information, from whom"), max_length=WAITING_REASON_MAX_LENGTH)
    since = models.DateTimeField(_("waiting since"), default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("waiting for information")
        verbose_name_plural = _("waiting for information")
        constraints = [models.CheckConstraint(name="waiting_for_information_has_reason", condition=~Q(reason=""))]

    def __str__(self) -> str:
        return f"{self.application}: {self.reason}"
