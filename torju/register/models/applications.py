"""Applications and what is recorded on them: decision drafts, events, reflection periods, services, assessments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from torju.register import crypto
from torju.register.models.common import (
    CODE_MAX_LENGTH,
    FORCED_LABOUR,
    IDENTIFIER_MAX_LENGTH,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    is_country_code_format,
    is_safe_identifier,
    not_before,
)
from torju.register.models.persons import Person


class Application(models.Model):
    """An application to the assistance system; a positive decision starts a clienthood on the same row."""

    application_id = models.CharField(_("application identifier"), max_length=IDENTIFIER_MAX_LENGTH)
    case_number = models.CharField(_("case number"), max_length=24)
    person = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    received_on = models.DateField(_("received on"))
    office = models.CharField(_("office"), max_length=CODE_MAX_LENGTH)
    source = models.CharField(_("submitted by"), max_length=CODE_MAX_LENGTH)
    residence_status = models.CharField(_("residence status"), max_length=CODE_MAX_LENGTH)
    decision = models.CharField(_("decision"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    negative_reason = models.CharField(_("reason for the negative decision"), max_length=CODE_MAX_LENGTH, blank=True)
    clienthood_ended_on = models.DateField(_("clienthood ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason the clienthood ended"), max_length=CODE_MAX_LENGTH, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        db_index=False,  # a partial index below: most applications are not assigned to anyone
    )
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_on", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["application_id"], name="application_id_unique"),
            models.UniqueConstraint(fields=["case_number"], name="application_case_number_unique"),
            models.CheckConstraint(name="application_id_safe", condition=is_safe_identifier("application_id")),
            models.CheckConstraint(
                name="application_decided_on_with_decision",
                condition=(Q(decision="") & Q(decided_on__isnull=True))
                | (~Q(decision="") & Q(decided_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="application_decided_after_received", condition=not_before("decided_on", "received_on")
            ),
            models.CheckConstraint(
                name="application_negative_reason_iff_negative",
                condition=(Q(decision=NEGATIVE) & ~Q(negative_reason=""))
                | (~Q(decision=NEGATIVE) & Q(negative_reason="")),
            ),
            models.CheckConstraint(
                name="application_clienthood_end_with_positive",
                condition=(Q(clienthood_ended_on__isnull=True) & Q(end_reason=""))
                | (Q(decision=POSITIVE) & Q(clienthood_ended_on__isnull=False) & ~Q(end_reason="")),
            ),
            models.CheckConstraint(
                name="application_clienthood_ended_after_decided",
                condition=not_before("clienthood_ended_on", "decided_on"),
            ),
        ]
        indexes = [
            # Work lists: applications waiting for a decision, in the order the list shows them (the list's
            # filter is "the office OR assigned to me", which no index on the office serves), and current clients.
            models.Index(fields=["received_on", "case_number"], condition=Q(decision=""), name="application_undecided"),
            models.Index(
                fields=["office", "decided_on"],
                condition=Q(decision=POSITIVE, clienthood_ended_on__isnull=True),
                name="application_current_client",
            ),
            models.Index(fields=["assigned_to"], condition=Q(assigned_to__isnull=False), name="application_assigned"),
            models.Index(fields=["received_on"], name="application_received_on"),
            models.Index(fields=["decided_on"], name="application_decided_on"),
            models.Index(
                fields=["clienthood_ended_on"],
                condition=Q(clienthood_ended_on__isnull=False),
                name="application_clienthood_ended",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class CaseNumberCounter(models.Model):
    """The last case number given per office and year, e.g. HEL-2026-000123.

    One row per office and year, locked while a number is taken, so that
    concurrent registrations never share a number; a number taken in a
    transaction that is rolled back is not reused (gaps are allowed).
    """

    office = models.CharField(max_length=CODE_MAX_LENGTH)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="case_number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.office}-{self.year}: {self.last_number}"


class OfficeCaseCount(models.Model):
    """How many applications an office has, kept by the database's triggers on every write of the applications
    (register migration 0010): the size of a large office's "all cases" without counting its every case
    (docs/decisions/0124)."""

    office = models.CharField(max_length=CODE_MAX_LENGTH, unique=True)
    applications = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(name="office_case_count_not_negative", condition=Q(applications__gte=0))]

    def __str__(self) -> str:
        return f"{self.office}: {self.applications}"


class DecisionDraft(models.Model):
    """A decision drafted by a caseworker, which takes effect when another person confirms it (four eyes)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="decision_drafts"
    )
    decision = models.CharField(_("decision"), max_length=CODE_MAX_LENGTH)
    negative_reason = models.CharField(_("reason for the negative decision"), max_length=CODE_MAX_LENGTH, blank=True)
    decided_on = models.DateField(_("decided on"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision draft")
        verbose_name_plural = _("decision drafts")
        ordering = ["-drafted_at"]
        constraints = [
            models.CheckConstraint(name="decision_draft_has_decision", condition=~Q(decision="")),
            models.CheckConstraint(
                name="decision_draft_negative_reason_iff_negative",
                condition=(Q(decision=NEGATIVE) & ~Q(negative_reason=""))
                | (~Q(decision=NEGATIVE) & Q(negative_reason="")),
            ),
            models.CheckConstraint(
                name="decision_draft_confirmed_by_another",
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("drafted_by")),
            ),
            models.CheckConstraint(
                name="decision_draft_confirmation_complete",
                condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
            ),
            # One draft at a time waits for confirmation.
            models.UniqueConstraint(
                fields=["application"], condition=Q(confirmed_at__isnull=True), name="decision_draft_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.decision}"


class ExploitationEvent(models.Model):
    """One form of exploitation the applicant experienced (a "trafficking event")."""

    event_id = models.CharField(_("event identifier"), max_length=IDENTIFIER_MAX_LENGTH)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="exploitation_events"
    )
    exploitation_form = models.CharField(_("form of exploitation"), max_length=CODE_MAX_LENGTH)
    is_primary = models.BooleanField(_("primary form"), default=False)
    country = models.CharField(_("country"), max_length=2)
    sector = models.CharField(_("sector"), max_length=CODE_MAX_LENGTH, blank=True)
    began_on = models.DateField(_("began on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("exploitation event")
        verbose_name_plural = _("exploitation events")
        ordering = ["event_id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id"], name="exploitation_event_id_unique"),
            models.CheckConstraint(name="exploitation_event_id_safe", condition=is_safe_identifier("event_id")),
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_primary=True), name="exploitation_one_primary"
            ),
            models.CheckConstraint(name="exploitation_ended_after_began", condition=not_before("ended_on", "began_on")),
            models.CheckConstraint(name="exploitation_country_format", condition=is_country_code_format("country")),
            models.CheckConstraint(
                name="exploitation_sector_for_forced_labour",
                condition=Q(sector="") | Q(exploitation_form=FORCED_LABOUR),
            ),
        ]

    def __str__(self) -> str:
        return self.event_id


class ReflectionPeriod(models.Model):
    """A reflection period (1–6 months) granted to a victim without a legal right of residence."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reflection_periods"
    )
    granted_on = models.DateField(_("granted on"))
    months = models.PositiveSmallIntegerField(_("months"))

    class Meta:
        verbose_name = _("reflection period")
        verbose_name_plural = _("reflection periods")
        ordering = ["granted_on"]
        constraints = [
            models.CheckConstraint(
                name="reflection_period_months_in_range",
                condition=Q(months__gte=MIN_REFLECTION_MONTHS, months__lte=MAX_REFLECTION_MONTHS),
            ),
        ]
        indexes = [models.Index(fields=["granted_on"], name="reflection_period_granted_on")]

    def __str__(self) -> str:
        return f"{self.application}: {self.granted_on} +{self.months}"


class ServiceProvided(models.Model):
    """A service given to a client during a clienthood (named so as not to be confused with the services package)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="services_provided"
    )
    service = models.CharField(_("service"), max_length=CODE_MAX_LENGTH)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service provided")
        verbose_name_plural = _("services provided")
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(name="service_ended_after_started", condition=not_before("ended_on", "started_on")),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.service}"


class ServiceNeedsAssessment(models.Model):
    """The individual assessment of a client's service needs, also of the client's minor children.

    Not part of the exchange format: it is casework, not a statistical fact.
    The free-text notes may describe the person's situation and are stored
    encrypted, as direct identifiers are.
    """

    application = models.ForeignKey(
        Application, verbose_name=_("clienthood"), on_delete=models.CASCADE, related_name="needs_assessments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("assessed person"), on_delete=models.PROTECT, related_name="needs_assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    needs = models.TextField(_("services needed"), blank=True, default="")  # service codes, comma-separated
    notes_encrypted = models.TextField(blank=True, default="", editable=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service needs assessment")
        verbose_name_plural = _("service needs assessments")
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.assessed_on}"

    @property
    def need_codes(self) -> list[str]:
        return [code for code in self.needs.split(",") if code]

    def read_notes(self) -> str:
        return crypto.decrypt(self.notes_encrypted)
