"""A CTDC dataset as imported: what was read and skipped, and its counts of victims in the global and the European
rows by form of exploitation, sex, age group and citizenship region (docs/ctdc.md, "Import").

The dataset's rows are not kept: the situational picture shows shares, and
the counts behind them are `summary` ({scope: {dimension: {category:
count}}}, scopes `global` and `europe`, each with its `rows`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CtdcDataset(models.Model):
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(_("file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rows_read = models.PositiveIntegerField(_("rows read"))
    rows_kept = models.PositiveIntegerField(_("rows kept"))
    skipped = models.JSONField(_("rows skipped, by reason"), default=dict)
    notes = models.JSONField(_("notes"), default=dict)  # what was read differently: multi-valued cells, the header
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    summary = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("CTDC dataset")
        verbose_name_plural = _("CTDC datasets")
        ordering = ["-imported_at"]
        constraints = [
            models.CheckConstraint(name="ctdc_kept_within_read", condition=Q(rows_kept__lte=F("rows_read"))),
            models.CheckConstraint(name="ctdc_years_in_order", condition=Q(first_year__lte=F("last_year"))),
        ]

    def __str__(self) -> str:
        return self.name
