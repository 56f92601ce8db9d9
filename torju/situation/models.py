"""The other authorities' criminal-justice figures (spec/situational-picture.md § 2) and the situational picture.

A `JusticeFigure` is one published figure of the police, the prosecution
service, the courts or Statistics Finland: (year, stage, offence, court) →
a whole number, with its source and the day it was taken from there. A later
delivery of the same key replaces the value and keeps the earlier one in
`JusticeFigureRevision` (statistics get revised). A `DimensionMapping` says
once per table of Statistics Finland's open database how its dimensions map
to year, offence, stage and court.

A `SituationalPicture` is the coordinator's draft of the document: its years
and the sections of text written in the system, in three languages; its
approval by another coordinator publishes it as a release of the statistics
(torju.statistics.models.Release, kind `situational_picture`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

COURT_STAGES = ("court_convicted", "court_acquitted")


class JusticeFigure(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=40)  # code list `justice_stage`
    offence = models.CharField(_("offence"), max_length=80)  # code list `offence`
    court = models.CharField(_("court"), max_length=20, blank=True)  # code list `court`, empty outside the courts
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=300)
    retrieved_on = models.DateField(_("retrieved on"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("criminal-justice figure")
        verbose_name_plural = _("criminal-justice figures")
        ordering = ["-year", "stage", "offence", "court"]
        constraints = [
            models.UniqueConstraint(fields=["year", "stage", "offence", "court"], name="justice_figure_unique"),
            models.CheckConstraint(
                name="justice_figure_court_only_in_courts",
                condition=(Q(stage__in=COURT_STAGES) & ~Q(court="")) | (~Q(stage__in=COURT_STAGES) & Q(court="")),
            ),
            models.CheckConstraint(name="justice_figure_has_source", condition=~Q(source="")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.stage} {self.offence} {self.court}: {self.value}"


class JusticeFigureRevision(models.Model):
    """An earlier value of a figure, replaced by a later delivery."""

    figure = models.ForeignKey(
        JusticeFigure, verbose_name=_("figure"), on_delete=models.CASCADE, related_name="revisions"
    )
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=300)
    retrieved_on = models.DateField(_("retrieved on"))
    replaced_at = models.DateTimeField(_("replaced at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("earlier value of a figure")
        verbose_name_plural = _("earlier values of figures")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.figure_id}: {self.value} ({self.retrieved_on})"


class MappingFormat(models.TextChoices):
    JSON_STAT = "json-stat", _("JSON-stat 2.0")
    PX = "px", _("PX (PC-Axis)")


class DimensionMapping(models.Model):
    """How a table of Statistics Finland's open database maps to year, offence, stage and court; saved once.

    `dimensions` names the table's dimension for each of `year`, `offence`,
    `stage` and `court` (absent: the fixed value in `fixed`); `codes` maps the
    table's category codes of a dimension to Torju's codes
    ({"offence": {"253": "trafficking"}}); a category without a mapping is
    left out of the import (another offence of the table, a sum).
    """

    name = models.SlugField(_("name"), max_length=80, unique=True)
    fmt = models.CharField(_("format"), max_length=20, choices=MappingFormat.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300)
    dimensions = models.JSONField(_("dimensions"), default=dict)
    fixed = models.JSONField(_("fixed values"), default=dict)
    codes = models.JSONField(_("codes"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dimension mapping")
        verbose_name_plural = _("dimension mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PictureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed, waiting for approval")
    PUBLISHED = "published", _("Published")


SECTION_KEYS = ("assistance_system", "police", "prosecution", "courts", "conclusions")


class SituationalPicture(models.Model):
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=20, choices=PictureStatus.choices, default=PictureStatus.DRAFT)
    sections = models.JSONField(_("sections"), default=dict)  # key → {"fi": text, "sv": text, "en": text}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    release = models.OneToOneField(
        "statistics.Release",
        verbose_name=_("release"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="situational_picture",
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("situational picture")
        verbose_name_plural = _("situational pictures")
        ordering = ["-last_year", "-created_at"]
        constraints = [
            models.CheckConstraint(name="picture_years_in_order", condition=Q(first_year__lte=F("last_year"))),
        ]

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}"
