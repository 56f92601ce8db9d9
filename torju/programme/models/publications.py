"""The programme's reports as publications: the implementation report and the progress reports to the
ministerial working group, each drafted, circulated for comments, approved (and then frozen) and, if the
coordinator so decides, published."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torju.programme.languages import in_language
from torju.programme.models.plans import Programme


class PublicationKind(models.TextChoices):
    IMPLEMENTATION_REPORT = "implementation_report", _("Implementation report")
    PROGRESS_REPORT = "progress_report", _("Progress report to the ministerial working group")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Publication(models.Model):
    """A report of the programme on a day. Until approved its content is computed from the reports as they
    are; approval freezes it (`frozen`: the content in each language) and it never changes again."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="publications", verbose_name=_("action plan")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PublicationKind.choices)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    as_of = models.DateField(_("situation on"))
    summary_fi = models.TextField(_("summary in Finnish"), blank=True)
    summary_sv = models.TextField(_("summary in Swedish"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    series = models.CharField(_("series"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    frozen = models.JSONField(_("frozen content"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revision"))

    class Meta:
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        ordering = ["programme", "-as_of", "-id"]
        constraints = [
            models.CheckConstraint(
                name="publication_kind_valid", condition=Q(kind__in=[kind.value for kind in PublicationKind])
            ),
            models.CheckConstraint(
                name="publication_state_valid", condition=Q(state__in=[state.value for state in PublicationState])
            ),
            models.CheckConstraint(
                name="publication_period_in_order",
                condition=Q(period_start__isnull=True) | Q(period_start__lte=F("as_of")),
            ),
            models.CheckConstraint(
                name="publication_approved_is_frozen",
                condition=Q(state__in=["draft", "circulated"])
                | (Q(frozen__isnull=False) & Q(approved_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%d.%m.%Y}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen is not None

    @property
    def summary(self) -> str:
        return in_language(self, "summary").text


class PublicationComment(models.Model):
    """A group member's (or the coordinator's) comment on a report circulated for comments."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="comments", verbose_name=_("publication")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a report")
        verbose_name_plural = _("comments on reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.publication}: {self.text[:40]}"
