"""Status reporting: rounds, the bodies' reports and their frozen versions, comments and reminders."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from torju.accounts.models import Organisation
from torju.programme.models.plans import Measure, Programme


class ReportingRound(models.Model):
    """A call to the responsible bodies to report on some measures by a deadline."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("action plan")
    )
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    deadline = models.DateField(_("deadline"))
    measures = models.ManyToManyField(Measure, related_name="rounds", verbose_name=_("measures"))
    closed = models.BooleanField(_("closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.CheckConstraint(name="round_period_in_order", condition=Q(period_start__lte=F("period_end"))),
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    AT_RISK = "at_risk", _("At risk")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")


class StatusReport(models.Model):
    """One body's report on one measure in one round: a working draft plus its submitted versions.

    `revision` increases on every save; a form carries the revision it was
    opened with, so a stale save is refused instead of overwriting.
    """

    round = models.ForeignKey(
        ReportingRound, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting round")
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports", verbose_name=_("measure"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="status_reports", verbose_name=_("reporting body")
    )
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    funding = models.TextField(_("funding situation"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("A few sentences for the public progress page; the other texts stay internal."),
    )
    # The draft's indicator values and reached milestones by id, as checked text: {"12": "40"}, {"3": "2026-05-04"}.
    indicator_values = models.JSONField(_("indicator values"), default=dict, blank=True)
    milestones_reached = models.JSONField(_("milestones reached"), default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revision"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["round", "measure__number", "organisation__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "measure", "organisation"], name="status_report_unique"),
            models.CheckConstraint(
                name="status_report_state_valid", condition=Q(state__in=[state.value for state in ReportState])
            ),
            models.CheckConstraint(
                name="status_report_status_valid", condition=Q(status__in=["", *[status.value for status in Status]])
            ),
        ]
        indexes = [models.Index(fields=["measure", "state"], name="status_report_measure_state")]

    def __str__(self) -> str:
        return f"{self.round} / {self.measure.number} / {self.organisation.code}"


class StatusReportVersion(models.Model):
    """A submitted report, frozen: never changed, never overwritten."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.PROTECT, related_name="versions", verbose_name=_("status report")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    funding = models.TextField(_("funding situation"), blank=True)
    links = models.TextField(_("links"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="fi")
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("a status report", "submitted by"),
    )

    class Meta:
        verbose_name = _("submitted status report")
        verbose_name_plural = _("submitted status reports")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="status_report_version_unique")]
        indexes = [models.Index(fields=["submitted_at"], name="status_version_submitted")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportComment(models.Model):
    """The coordinator's comment on a report; internal, never public."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("status report")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    returned = models.BooleanField(_("returned for completion"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.text[:40]}"


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before_deadline", _("14 days before the deadline")
    AFTER_DEADLINE = "after_deadline", _("after the deadline")
    BY_THE_COORDINATOR = "by_the_coordinator", _("sent by the coordinator")


class ReminderSent(models.Model):
    """Which reminder went to whom: `send_reminders` sends each scheduled one once; the coordinator's are logged."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("reporting round")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices, verbose_name=_("kind"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "kind"],
                condition=~Q(kind="by_the_coordinator"),
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.user} / {self.kind}"


class ReportedValue(models.Model):
    """An indicator's value as a submitted report gave it: frozen with the version."""

    version = models.ForeignKey(
        StatusReportVersion, on_delete=models.PROTECT, related_name="values", verbose_name=_("report version")
    )
    indicator = models.ForeignKey(
        "programme.Indicator", on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(fields=["version", "indicator"], name="reported_value_once"),
            models.CheckConstraint(name="reported_value_not_negative", condition=Q(value__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
