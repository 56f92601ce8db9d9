"""The victim assistance register: persons, applications and what belongs to an application.

Sized for millions of rows: codes are stored as their code strings (the code
lists of torju.codes are checked where data comes in: imports, forms), every
rule that concerns one row is a database constraint, and the indexes serve the
work lists and the annual statistics. Indexes on mostly-empty columns are
partial, so that they stay small and a bulk load does not pay for them.

External identifiers are unique by a UniqueConstraint rather than
`unique=True`, which on PostgreSQL would add a second, pattern-matching
index per column that no query uses and every insert pays for.

Identifier columns compare byte by byte on PostgreSQL too (collation "C",
migration 0002): identifiers are opaque, code-point order is the export's
order, and building their indexes is faster than with a linguistic collation.

Columns that every new row starts with the same value in have database
defaults too (`db_default`), so that a bulk load need not send them.

Direct identifiers are stored only encrypted (torju.register.crypto); the
exchange format and the statistics never carry them.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now, Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from torju.documents.tabular import FORMULA_STARTS
from torju.register import crypto, lookups  # noqa: F401  (lookups: registers capital_letters)

IDENTIFIER_MAX_LENGTH = 64
CODE_MAX_LENGTH = 80  # as torju.codes.models.Code.code
HASH_LENGTH = 64  # hex SHA-256
POSITIVE, NEGATIVE = "positive", "negative"  # codes of the list `decision` that rules depend on
FORCED_LABOUR = "forced_labour"  # the exploitation form that has a sector
MIN_REFLECTION_MONTHS, MAX_REFLECTION_MONTHS = 1, 6

languages_validator = RegexValidator(
    r"^([a-z]{2}(,[a-z]{2})*)?$", _("Give ISO 639-1 language codes separated by commas, e.g. fi,en.")
)


def _is_safe_identifier(field: str) -> Q:
    """Not empty, and not starting like a spreadsheet formula.

    The exchange format is exact, so exported identifiers cannot be escaped
    with an apostrophe as other CSV exports are; instead no identifier may
    start with a character that would make a spreadsheet run the cell.
    """
    return ~Q(**{field: ""}) & ~Q(In(Substr(field, 1, 1), list(FORMULA_STARTS)))


def _is_country_code_format(field: str) -> Q:
    """Two capital letters (which two is checked against torju.register.countries on the way in)."""
    return Q(**{f"{field}__capital_letters": 2})


def _not_before(later: str, earlier: str) -> Q:
    """`later` >= `earlier`; a missing date passes, in SQL and in Django's validation alike."""
    return Q(**{f"{later}__gte": F(earlier)})


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    CHILD_OF_VICTIM = "child_of_victim", _("Child of a victim")


@dataclass(frozen=True)
class DirectIdentifiers:
    """A person's direct identifiers in plain text; only ever in memory."""

    first_names: str = ""
    last_name: str = ""
    hetu: str = ""
    phone: str = ""
    address: str = ""


class Person(models.Model):
    """A victim or a victim's minor child who is a client.

    `person_id` is the pseudonymous identifier that the exchange format and
    the statistics use; names and the identity code are only in the
    encrypted columns, and are erased (`identifiers_erased_at`) when the
    retention period ends while the pseudonymous record stays for statistics.
    """

    person_id = models.CharField(_("person identifier"), max_length=IDENTIFIER_MAX_LENGTH)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    sex = models.CharField(_("sex"), max_length=CODE_MAX_LENGTH)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False, db_default=False)
    nationality = models.CharField(_("nationality"), max_length=2)
    languages = models.TextField(
        _("languages"), blank=True, default="", db_default="", validators=[languages_validator]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,  # a partial index below: most persons have no parent
    )
    child_joined_on = models.DateField(_("client as a child since"), null=True, blank=True)
    child_left_on = models.DateField(_("client as a child until"), null=True, blank=True)
    first_names_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    last_name_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    hetu_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    phone_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    address_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    hetu_hash = models.CharField(max_length=HASH_LENGTH, null=True, blank=True, editable=False)
    name_birth_hash = models.CharField(max_length=HASH_LENGTH, null=True, blank=True, editable=False)
    identifiers_erased_at = models.DateTimeField(_("identifiers erased at"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person_id"], name="person_id_unique"),
            models.CheckConstraint(name="person_id_safe", condition=_is_safe_identifier("person_id")),
            models.CheckConstraint(name="person_role_valid", condition=Q(role__in=[role.value for role in PersonRole])),
            models.CheckConstraint(
                name="person_child_fields_by_role",
                condition=(
                    Q(role=PersonRole.VICTIM)
                    & Q(parent__isnull=True)
                    & Q(child_joined_on__isnull=True)
                    & Q(child_left_on__isnull=True)
                )
                | (Q(role=PersonRole.CHILD_OF_VICTIM) & Q(parent__isnull=False) & Q(child_joined_on__isnull=False)),
            ),
            models.CheckConstraint(name="person_not_own_parent", condition=~Q(parent=F("pk"))),
            models.CheckConstraint(
                name="person_child_left_after_joined", condition=_not_before("child_left_on", "child_joined_on")
            ),
            models.CheckConstraint(name="person_nationality_format", condition=_is_country_code_format("nationality")),
            models.CheckConstraint(
                name="person_estimate_needs_birth_date",
                condition=Q(birth_date_estimated=False) | Q(birth_date__isnull=False),
            ),
            models.CheckConstraint(
                name="person_erased_identifiers_empty",
                condition=Q(identifiers_erased_at__isnull=True)
                | Q(
                    first_names_encrypted="",
                    last_name_encrypted="",
                    hetu_encrypted="",
                    phone_encrypted="",
                    address_encrypted="",
                    hetu_hash__isnull=True,
                    name_birth_hash__isnull=True,
                ),
            ),
            # One person per identity code: the hash finds the earlier record instead of a duplicate.
            models.UniqueConstraint(
                fields=["hetu_hash"], condition=Q(hetu_hash__isnull=False), name="person_hetu_hash_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["parent"], condition=Q(parent__isnull=False), name="person_parent"),
            models.Index(
                fields=["child_joined_on"], condition=Q(child_joined_on__isnull=False), name="person_child_joined_on"
            ),
            models.Index(
                fields=["name_birth_hash"], condition=Q(name_birth_hash__isnull=False), name="person_name_birth_hash"
            ),
        ]

    def __str__(self) -> str:
        return self.person_id

    def read_identifiers(self) -> DirectIdentifiers:
        """Decrypt; the caller records the read in the audit trail."""
        return DirectIdentifiers(
            first_names=crypto.decrypt(self.first_names_encrypted),
            last_name=crypto.decrypt(self.last_name_encrypted),
            hetu=crypto.decrypt(self.hetu_encrypted),
            phone=crypto.decrypt(self.phone_encrypted),
            address=crypto.decrypt(self.address_encrypted),
        )

    def write_identifiers(self, identifiers: DirectIdentifiers) -> None:
        """Encrypt into the columns and refresh the keyed hashes (not saved yet)."""
        self.first_names_encrypted = crypto.encrypt(identifiers.first_names)
        self.last_name_encrypted = crypto.encrypt(identifiers.last_name)
        self.hetu_encrypted = crypto.encrypt(identifiers.hetu)
        self.phone_encrypted = crypto.encrypt(identifiers.phone)
        self.address_encrypted = crypto.encrypt(identifiers.address)
        self.hetu_hash = crypto.hetu_hash(identifiers.hetu) if identifiers.hetu else None
        self.name_birth_hash = self._name_birth_hash(identifiers.first_names, identifiers.last_name)

    def refresh_name_birth_hash(self) -> None:
        """After the birth date changed (not saved yet)."""
        names = self.read_identifiers()
        self.name_birth_hash = self._name_birth_hash(names.first_names, names.last_name)

    def _name_birth_hash(self, first_names: str, last_name: str) -> str | None:
        if not (first_names or last_name) or not isinstance(self.birth_date, date):
            return None
        return crypto.name_birth_hash(first_names, last_name, self.birth_date)


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
            models.CheckConstraint(name="application_id_safe", condition=_is_safe_identifier("application_id")),
            models.CheckConstraint(
                name="application_decided_on_with_decision",
                condition=(Q(decision="") & Q(decided_on__isnull=True))
                | (~Q(decision="") & Q(decided_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="application_decided_after_received", condition=_not_before("decided_on", "received_on")
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
                condition=_not_before("clienthood_ended_on", "decided_on"),
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
            models.CheckConstraint(name="exploitation_event_id_safe", condition=_is_safe_identifier("event_id")),
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_primary=True), name="exploitation_one_primary"
            ),
            models.CheckConstraint(
                name="exploitation_ended_after_began", condition=_not_before("ended_on", "began_on")
            ),
            models.CheckConstraint(name="exploitation_country_format", condition=_is_country_code_format("country")),
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
    """A service given to a client during a clienthood (named so as not to be confused with services.py)."""

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
            models.CheckConstraint(name="service_ended_after_started", condition=_not_before("ended_on", "started_on")),
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


from torju.register.jobs import RegisterImportJob, RegisterImportProblem  # noqa: E402, F401  (web imports)
