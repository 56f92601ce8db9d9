"""Action plans (programmes), their objectives and measures, each measure's indicators and milestones, the
international recommendations the measures answer, and a plan's own life cycle."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation
from torju.programme.languages import in_language, shortened


class Stage(models.TextChoices):
    """Where a plan stands: drafted, circulated to the bodies for comments, approved step by step, published."""

    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    IN_APPROVAL = "in_approval", _("Being approved")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Programme(models.Model):
    """A national action plan, e.g. "Suomi torjuu ihmiskauppaa 2026–2027"."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    publication = models.CharField(_("publication"), max_length=300, blank=True)
    # Only a published plan is on the public progress pages; only the coordinator sees a draft.
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "slug"]
        constraints = [
            models.CheckConstraint(name="programme_years_in_order", condition=Q(start_year__lte=F("end_year"))),
            models.CheckConstraint(
                name="programme_stage_valid", condition=Q(stage__in=[stage.value for stage in Stage])
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name").text

    @property
    def published(self) -> bool:
        return self.stage == Stage.PUBLISHED


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
        return in_language(self, "name").text


class Objective(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("action plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.TextField(_("title in Finnish"))
    title_sv = models.TextField(_("title in Swedish"), blank=True)
    title_en = models.TextField(_("title in English"), blank=True)
    introduction_fi = models.TextField(_("introduction in Finnish"), blank=True)
    introduction_sv = models.TextField(_("introduction in Swedish"), blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revision"))

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="objective_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"

    @property
    def title(self) -> str:
        return in_language(self, "title").text


class Measure(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("action plan")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="measures", verbose_name=_("objective")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text_fi = models.TextField(_("text in Finnish"))
    text_sv = models.TextField(_("text in Swedish"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    # The Finnish texts keep their columns' first names, so that the older migrations run on today's tables.
    responsible_bodies_text_fi = models.TextField(
        _("responsible bodies as written in the plan"), blank=True, db_column="responsible_bodies_text"
    )
    responsible_bodies_text_sv = models.TextField(_("responsible bodies as written in Swedish"), blank=True)
    responsible_bodies_text_en = models.TextField(_("responsible bodies as written in English"), blank=True)
    schedule_start = models.PositiveSmallIntegerField(_("schedule from"))
    schedule_end = models.PositiveSmallIntegerField(_("schedule until"))
    funding_dependent = models.BooleanField(_("depends on funding still to be found"), default=False)
    funding_note_fi = models.TextField(_("funding note in Finnish"), blank=True, db_column="funding_note")
    funding_note_sv = models.TextField(_("funding note in Swedish"), blank=True)
    funding_note_en = models.TextField(_("funding note in English"), blank=True)
    revision = models.PositiveIntegerField(default=1, verbose_name=_("revision"))
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
        return f"{self.number}. {shortened(self.text_fi, 80)}"


class Responsibility(models.Model):
    """A responsible body of a measure; position 0 is the lead."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("measure")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("responsible body")
    )
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


class Unit(models.TextChoices):
    """What an indicator counts, and so which values it takes (rules.indicator_value)."""

    COUNT = "count", _("count")
    PERCENT = "percent", _("per cent")
    EUROS = "euros", _("euros")


class Indicator(models.Model):
    """What the working group follows a measure by: a name, a unit, the baseline and the target."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "position", "id"]
        constraints = [
            models.CheckConstraint(name="indicator_unit_valid", condition=Q(unit__in=[unit.value for unit in Unit])),
            models.CheckConstraint(name="indicator_target_not_negative", condition=Q(target__gte=0)),
            models.CheckConstraint(
                name="indicator_baseline_not_negative", condition=Q(baseline__isnull=True) | Q(baseline__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name").text


class Milestone(models.Model):
    """A step of a measure and the day it is due; reached on the day a report or the coordinator says."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("measure"))
    description_fi = models.CharField(_("what, in Finnish"), max_length=500)
    description_sv = models.CharField(_("what, in Swedish"), max_length=500, blank=True)
    description_en = models.CharField(_("what, in English"), max_length=500, blank=True)
    due = models.DateField(_("due"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["measure", "due", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        return in_language(self, "description").text


class RecommendationSource(models.TextChoices):
    GRETA = "greta", _("GRETA (Council of Europe)")
    EU_STRATEGY = "eu_strategy", _("EU anti-trafficking strategy")
    EU_DIRECTIVE = "eu_directive", _("EU anti-trafficking directive")
    UN_TREATY_BODY = "un_treaty_body", _("UN treaty bodies")
    OTHER = "other", _("Other")


class Recommendation(models.Model):
    """An international recommendation Finland is to answer, kept as a list the coordinator maintains."""

    source = models.CharField(_("source"), max_length=20, choices=RecommendationSource.choices)
    reference = models.CharField(
        _("reference"), max_length=200, help_text=_("Where it is written, e.g. GRETA(2024)03, paragraph 45.")
    )
    text_fi = models.TextField(_("text in Finnish"))
    text_sv = models.TextField(_("text in Swedish"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="recommendations", verbose_name=_("measures that answer it")
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["source", "reference", "id"]
        constraints = [
            models.CheckConstraint(
                name="recommendation_source_valid",
                condition=Q(source__in=[source.value for source in RecommendationSource]),
            ),
            models.UniqueConstraint(fields=["source", "reference"], name="recommendation_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.reference}"


class ApprovalStep(models.TextChoices):
    """The bodies that approve a new plan, in their order."""

    WORKING_GROUP = "working_group", _("Working group")
    STEERING_GROUP = "steering_group", _("Steering group")
    MINISTERIAL_WORKING_GROUP = "ministerial_working_group", _("Ministerial working group")
    GOVERNMENT = "government", _("Government")


class PlanApproval(models.Model):
    """One step of a plan's approval: which body approved it on which day, recorded in which minutes."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("action plan")
    )
    step = models.CharField(_("step"), max_length=30, choices=ApprovalStep.choices)
    decided_on = models.DateField(_("decided on"))
    meeting = models.ForeignKey(
        "programme.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_approvals",
        verbose_name=_("minutes that record it"),
    )
    reference = models.CharField(
        _("reference"), max_length=300, blank=True, help_text=_("Where the decision is recorded outside Torju.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["programme", "decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "step"], name="plan_approval_step_once"),
            models.CheckConstraint(
                name="plan_approval_step_valid", condition=Q(step__in=[step.value for step in ApprovalStep])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} / {self.get_step_display()} {self.decided_on:%d.%m.%Y}"


class PlanComment(models.Model):
    """A responsible body's or a group member's comment on a plan circulated for comments."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="comments", verbose_name=_("action plan")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the plan")
        verbose_name_plural = _("comments on the plan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.text[:40]}"
