"""Action plans (programmes), their objectives and measures, status reporting and meetings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation


def _localised(instance: models.Model, field: str) -> str:
    language = (get_language() or "fi")[:2]
    return str(getattr(instance, f"{field}_{language}", "") or getattr(instance, f"{field}_fi"))


class Programme(models.Model):
    """A national action plan, e.g. "Suomi torjuu ihmiskauppaa 2026–2027"."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    publication = models.CharField(_("publication"), max_length=300, blank=True)
    # Shown on the public progress page only when published.
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "slug"]
        constraints = [
            models.CheckConstraint(name="programme_years_in_order", condition=Q(start_year__lte=F("end_year"))),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class PriorityArea(models.Model):
    """A theme the coordinator can tag measures with (e.g. children and young people)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class Objective(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.TextField(_("title in Finnish"))
    title_sv = models.TextField(_("title in Swedish"), blank=True)
    title_en = models.TextField(_("title in English"), blank=True)
    introduction_fi = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="objective_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"

    @property
    def title(self) -> str:
        return _localised(self, "title")


class Measure(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    text_fi = models.TextField(_("text"))
    responsible_bodies_text = models.TextField(_("responsible bodies as written in the plan"), blank=True)
    schedule_start = models.PositiveSmallIntegerField(_("schedule from"))
    schedule_end = models.PositiveSmallIntegerField(_("schedule until"))
    funding_dependent = models.BooleanField(_("depends on funding still to be found"), default=False)
    funding_note = models.TextField(_("funding note"), blank=True)
    bodies: "models.ManyToManyField[Organisation, Responsibility]" = models.ManyToManyField(
        Organisation, through="Responsibility", related_name="measures", verbose_name=_("responsible bodies")
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="measures", verbose_name=_("priority areas")
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="measure_number_unique"),
            models.CheckConstraint(
                name="measure_schedule_in_order", condition=Q(schedule_start__lte=F("schedule_end"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_fi[:80]}"


class Responsibility(models.Model):
    """A responsible body of a measure; position 0 is the lead."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="responsibilities")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("responsible body")
        verbose_name_plural = _("responsible bodies")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "organisation"], name="responsibility_unique_body"),
            models.UniqueConstraint(fields=["measure", "position"], name="responsibility_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}: {self.organisation.code}"

    @property
    def is_lead(self) -> bool:
        return self.position == 0


class ReportingRound(models.Model):
    """A call to the responsible bodies to report on some measures by a deadline."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    deadline = models.DateField(_("deadline"))
    measures = models.ManyToManyField(Measure, related_name="rounds", verbose_name=_("measures"))
    closed = models.BooleanField(_("closed"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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

    round = models.ForeignKey(ReportingRound, on_delete=models.PROTECT, related_name="reports")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="status_reports")
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    funding = models.TextField(_("funding situation"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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

    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    funding = models.TextField(_("funding situation"), blank=True)
    links = models.TextField(_("links"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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


class ReminderSent(models.Model):
    """Which reminder went to whom, so that `send_reminders` never sends one twice."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user", "kind"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.round} / {self.user} / {self.kind}"


class MeetingBody(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    STEERING_GROUP = "steering_group", _("Steering group")


class Meeting(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="meetings", null=True, blank=True)
    body = models.CharField(_("body"), max_length=20, choices=MeetingBody.choices)
    body_name = models.CharField(_("name of the body"), max_length=300, blank=True)
    number = models.PositiveSmallIntegerField(_("meeting number"), null=True, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start",
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.date:%d.%m.%Y}"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy member")
    INVITED = "invited", _("Invited")


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    role_note = models.CharField(_("role as written"), max_length=100, blank=True)
    left_at = models.TimeField(_("left early at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"


class MeetingDecision(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    measures = models.ManyToManyField(Measure, blank=True, related_name="meeting_decisions", verbose_name=_("measures"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item", "id"]

    def __str__(self) -> str:
        return self.text[:80]
