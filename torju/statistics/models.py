"""Stored figures of the statistics: a snapshot per year, valid while the register's data of that year is unchanged.

`RegisterVersion` has a row per year; database triggers on the register's
tables (migration 0002) add one to the version of the earliest year a
changed row touches (a year's figures depend on the sum of the versions of
it and the years before it): the year of an application's receipt
(its decision and clienthood come later), of a reflection period's grant, of
a child's joining, of the receipt of the applications of a person whose
sex, birth date or nationality changed. A trigger sees every write, whether
it comes from a page, the API, an import's bulk load or a database console,
so no path can change the register without invalidating the figures that
depend on it. On PostgreSQL the triggers are per statement (a bulk load of a
million rows bumps the versions once); on SQLite per row.

`YearSnapshot` holds a year's exact figures (the series' year object and the
review's cross-table) with the version they were computed at; it answers
only while that version is the year's current one
(torju.statistics.snapshots).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegisterVersion(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("register version of a year")
        verbose_name_plural = _("register versions of the years")

    def __str__(self) -> str:
        return f"{self.year}: {self.version}"


class StoredFigures(models.Model):
    """Figures of a year kept with the register version they were computed from (torju.statistics.snapshots)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    version = models.BigIntegerField(_("version of the register"))
    computed_at = models.DateTimeField(_("computed at"))
    # JSON as text: PostgreSQL's jsonb would reorder the keys, and the spec's JSON has an order.
    figures = models.TextField(_("figures"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year} @ {self.version}"


class YearSnapshot(StoredFigures):
    class Meta:
        verbose_name = _("snapshot of a year's figures")
        verbose_name_plural = _("snapshots of the years' figures")


class LegalPathSnapshot(StoredFigures):
    """A year's exact legal-path figures (torju.statistics.legal_path), kept while the register version is the
    year's current one, as a YearSnapshot is (the version triggers cover the legal path's counted tables)."""

    class Meta:
        verbose_name = _("snapshot of a year's legal-path figures")
        verbose_name_plural = _("snapshots of the years' legal-path figures")


class HelplineSnapshot(StoredFigures):
    """A year's exact helpline figures (torju.helpline.statistics), kept while the register version is the year's
    current one: the version triggers cover the helpline's tables (statistics migration 0006)."""

    class Meta:
        verbose_name = _("snapshot of a year's helpline figures")
        verbose_name_plural = _("snapshots of the years' helpline figures")


class ReleaseKind(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", _("Annual statistics review")
    SITUATIONAL_PICTURE = "situational_picture", _("Situational picture")


class ReleaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for approval")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn before approval")


class Release(models.Model):
    """What is published: the public-form figures of a year or a range of years as they were on the day, frozen.

    A release is proposed by one person and approved by another (four eyes,
    a database constraint); approval publishes it. A later release of the
    same figures corrects it (`replaces`) and says what changed.
    `content` is the public JSON the release was built from (the only
    figures the public pages and the public API serve); `withheld` and
    `exact` are internal: what disclosure control withheld and why, with the
    exact counts, for the approver, and the exact figures of the day of the
    proposal, from which the approver's releases of withheld figures make
    the published content (docs/decisions/0024).
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReleaseKind.choices)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PROPOSED)
    threshold = models.PositiveSmallIntegerField(_("disclosure threshold"))
    content = models.TextField(_("public figures (JSON)"))
    withheld = models.TextField(_("withheld figures (JSON, internal)"), default="[]")
    exact = models.TextField(_("exact figures of the day (JSON, internal)"), default="{}")
    changes = models.TextField(_("changes from the earlier release (JSON)"), default="[]")
    correction_note = models.TextField(_("what the correction changes and why"), blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-last_year", "-first_year", "-approved_at", "-proposed_at"]
        constraints = [
            models.CheckConstraint(name="release_years_in_order", condition=Q(first_year__lte=F("last_year"))),
            models.CheckConstraint(
                name="release_approved_by_another",
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
            ),
            models.CheckConstraint(
                name="release_published_iff_approved",
                condition=(Q(status="published") & Q(approved_by__isnull=False) & Q(approved_at__isnull=False))
                | (~Q(status="published") & Q(approved_by__isnull=True) & Q(approved_at__isnull=True)),
            ),
            # One proposal of the same figures waits at a time.
            models.UniqueConstraint(
                fields=["kind", "first_year", "last_year"],
                condition=Q(status="proposed"),
                name="release_one_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"title_{language}", "") or self.title_fi)


class ReleasedFigure(models.Model):
    """A figure that disclosure control withheld and the approver released with a stated reason."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="released")
    key = models.CharField(_("figure"), max_length=200)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("figure released with a reason")
        verbose_name_plural = _("figures released with a reason")
        constraints = [
            models.UniqueConstraint(fields=["release", "key"], name="released_figure_unique"),
            models.CheckConstraint(name="released_figure_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.release_id}: {self.key}"


class ReleaseDocument(models.Model):
    """A document of a release in one language and format, kept as it was first rendered from the frozen figures."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(_("language"), max_length=5)
    fmt = models.CharField(_("format"), max_length=10)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    rendered_at = models.DateTimeField(_("rendered at"))

    class Meta:
        verbose_name = _("document of a release")
        verbose_name_plural = _("documents of releases")
        constraints = [models.UniqueConstraint(fields=["release", "language", "fmt"], name="release_document_unique")]

    def __str__(self) -> str:
        return self.file_name
