"""The victim's legal path, recorded on a register case: category, consents, identification grounds, residence
permits, the criminal process, children's services and safeguards, disclosures and data subject requests.

Every row hangs on a register application (a case); who may see and record it
is the register's rule (torju.register.permissions). One row's rules are the
check constraints below; the rules that join two tables (a positive decision
needs grounds, a child's service belongs to a child of that clienthood, a
disclosure on consent needs the consent in force) are database triggers
(migrations/0002_triggers.py) as well as the services' checks.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from torju.register import crypto
from torju.register.models import Application, Person, ReflectionPeriod, ServiceProvided

CODE_MAX_LENGTH = 80
REFERENCE_MAX_LENGTH = 120


def not_before(later: str, earlier: str) -> Q:
    """`later` >= `earlier`; a missing date passes."""
    return Q(**{f"{later}__gte": F(earlier)})


def both_or_neither(first: str, second: str) -> Q:
    return Q(**{f"{first}__isnull": True, f"{second}__isnull": True}) | Q(
        **{f"{first}__isnull": False, f"{second}__isnull": False}
    )


class ClientCategory(models.TextChoices):
    VICTIM = "victim", _("Victim of trafficking")
    ASSISTING_PERSON = "assisting_person", _("Person assisting in the criminal investigation")


class ApplicantCategory(models.Model):
    """The applicant's client category; a case without a row is a victim's (the register's default)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="applicant_category")
    category = models.CharField(_("client category"), max_length=20, choices=ClientCategory.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client category")
        constraints = [
            models.CheckConstraint(
                name="legalpath_category_valid", condition=Q(category__in=[c.value for c in ClientCategory])
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.category}"


class ConsentPurpose(models.TextChoices):
    CLIENTHOOD = "clienthood", _("Clienthood in the assistance system")
    DISCLOSURE_POLICE = "disclosure_police", _("Disclosure to the police")
    DISCLOSURE_IMMIGRATION = "disclosure_immigration", _("Disclosure to the Finnish Immigration Service")
    DISCLOSURE_MUNICIPALITY = "disclosure_municipality", _("Disclosure to a municipality")


class RecordForm(models.TextChoices):
    SIGNED = "signed", _("Signed")
    ORAL_WITH_WITNESS = "oral_with_witness", _("Oral with a witness")


class Consent(models.Model):
    """A consent the applicant gave, and its withdrawal, which takes effect from its date on."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    form = models.CharField(_("form of the record"), max_length=20, choices=RecordForm.choices)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_form = models.CharField(
        _("form of the withdrawal"), max_length=20, choices=RecordForm.choices, blank=True, default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="legalpath_consent_purpose_valid", condition=Q(purpose__in=[c.value for c in ConsentPurpose])
            ),
            models.CheckConstraint(name="legalpath_consent_form_valid", condition=Q(form__in=RecordForm.values)),
            models.CheckConstraint(
                name="legalpath_consent_withdrawal_complete",
                condition=(Q(withdrawn_on__isnull=True) & Q(withdrawal_form=""))
                | (Q(withdrawn_on__isnull=False) & Q(withdrawal_form__in=RecordForm.values)),
            ),
            models.CheckConstraint(
                name="legalpath_consent_withdrawn_after_given", condition=not_before("withdrawn_on", "given_on")
            ),
            # One consent in force per purpose: a new one is given after the earlier was withdrawn.
            models.UniqueConstraint(
                fields=["application", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="legalpath_consent_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.purpose}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class IdentificationGrounds(models.Model):
    """The grounds of the identification decision: elements assessed, indicators found, the two assessments.

    For a child the means need not be assessed (act and purpose suffice).
    The preliminary assessment is whether there are reasonable grounds to
    believe the person is a victim; the final one is the conclusive
    assessment the positive decision rests on.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="identification_grounds")
    is_child = models.BooleanField(_("assessed as a child"), default=False)
    act_assessed = models.BooleanField(_("act"), default=False)
    means_assessed = models.BooleanField(_("means"), default=False)
    purpose_assessed = models.BooleanField(_("purpose of exploitation"), default=False)
    preliminary_on = models.DateField(_("preliminary assessment on"), null=True, blank=True)
    reasonable_grounds = models.BooleanField(_("reasonable grounds"), null=True, blank=True)
    final_on = models.DateField(_("final assessment on"), null=True, blank=True)
    final_grounds = models.BooleanField(_("grounds for identification"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identification grounds")
        verbose_name_plural = _("identification grounds")
        constraints = [
            models.CheckConstraint(
                name="legalpath_grounds_preliminary_complete",
                condition=both_or_neither("preliminary_on", "reasonable_grounds"),
            ),
            models.CheckConstraint(
                name="legalpath_grounds_final_complete", condition=both_or_neither("final_on", "final_grounds")
            ),
            models.CheckConstraint(
                name="legalpath_grounds_final_after_preliminary", condition=not_before("final_on", "preliminary_on")
            ),
            # A final assessment that the person was identified rests on the elements the law names.
            models.CheckConstraint(
                name="legalpath_grounds_final_needs_elements",
                condition=~Q(final_grounds=True)
                | (Q(act_assessed=True, purpose_assessed=True) & (Q(means_assessed=True) | Q(is_child=True))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: grounds"

    @property
    def supports_positive_decision(self) -> bool:
        return (
            bool(self.final_grounds)
            and self.act_assessed
            and self.purpose_assessed
            and (self.means_assessed or self.is_child)
        )


class GroundsIndicator(models.Model):
    """An indicator (code list `screening_indicator`, shared with the helpline's screening) found in the assessment."""

    grounds = models.ForeignKey(IdentificationGrounds, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(_("indicator"), max_length=CODE_MAX_LENGTH)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["indicator"]
        constraints = [models.UniqueConstraint(fields=["grounds", "indicator"], name="legalpath_indicator_unique")]

    def __str__(self) -> str:
        return self.indicator


class PermitStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ResidencePermit(models.Model):
    """A residence permit process during the clienthood (code list `permit_type`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="residence_permits")
    permit_type = models.CharField(_("permit type"), max_length=CODE_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=PermitStatus.choices)
    applied_on = models.DateField(_("applied for on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reflection_period = models.ForeignKey(
        ReflectionPeriod,
        verbose_name=_("recovery period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("residence permit")
        verbose_name_plural = _("residence permits")
        ordering = ["applied_on", "pk"]
        constraints = [
            models.CheckConstraint(name="legalpath_permit_status_valid", condition=Q(status__in=PermitStatus.values)),
            models.CheckConstraint(
                name="legalpath_permit_decided_iff_decision",
                condition=(Q(status=PermitStatus.APPLIED) & Q(decided_on__isnull=True))
                | (~Q(status=PermitStatus.APPLIED) & Q(decided_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="legalpath_permit_validity_iff_granted",
                condition=(Q(status=PermitStatus.GRANTED) & Q(valid_from__isnull=False))
                | (~Q(status=PermitStatus.GRANTED) & Q(valid_from__isnull=True) & Q(valid_until__isnull=True)),
            ),
            models.CheckConstraint(
                name="legalpath_permit_decided_after_applied", condition=not_before("decided_on", "applied_on")
            ),
            models.CheckConstraint(
                name="legalpath_permit_valid_until_after_from", condition=not_before("valid_until", "valid_from")
            ),
        ]
        indexes = [
            models.Index(
                fields=["valid_until"], condition=Q(status=PermitStatus.GRANTED), name="legalpath_permit_valid_until"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.permit_type} {self.status}"


class Prosecution(models.TextChoices):
    CHARGED = "charged", _("Charged")
    NOT_CHARGED = "not_charged", _("Not charged")


class CourtOutcome(models.TextChoices):
    CONVICTED = "court_convicted", _("Convicted")
    ACQUITTED = "court_acquitted", _("Charge rejected")


class ClientRole(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    WITNESS = "witness", _("Witness")


class CriminalMatter(models.Model):
    """One matter in the criminal process: the police report, pre-trial investigation, prosecution and court.

    The offence is a code of the list `offence` (spec/situational-picture.md),
    the prosecution and court outcome the codes of the list `justice_stage`.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="criminal_matters")
    client_role = models.CharField(_("client's role"), max_length=20, choices=ClientRole.choices)
    reported_on = models.DateField(_("reported to the police on"), null=True, blank=True)
    reported_by = models.CharField(_("reported by"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    police_department = models.CharField(_("police department"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    offence = models.CharField(_("offence"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    investigation_opened_on = models.DateField(_("pre-trial investigation opened on"), null=True, blank=True)
    investigation_ended_on = models.DateField(_("pre-trial investigation ended on"), null=True, blank=True)
    prosecution = models.CharField(_("prosecution"), max_length=20, choices=Prosecution.choices, blank=True, default="")
    prosecution_decided_on = models.DateField(_("prosecution decided on"), null=True, blank=True)
    court_outcome = models.CharField(
        _("court outcome"), max_length=20, choices=CourtOutcome.choices, blank=True, default=""
    )
    court_decided_on = models.DateField(_("court decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criminal process")
        verbose_name_plural = _("criminal processes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="legalpath_matter_role_valid", condition=Q(client_role__in=ClientRole.values)),
            models.CheckConstraint(
                name="legalpath_matter_reported_by_iff_reported",
                condition=(Q(reported_on__isnull=True) & Q(reported_by=""))
                | (Q(reported_on__isnull=False) & ~Q(reported_by="")),
            ),
            models.CheckConstraint(
                name="legalpath_matter_investigation_ended_after_opened",
                condition=Q(investigation_ended_on__isnull=True)
                | (
                    Q(investigation_opened_on__isnull=False)
                    & not_before("investigation_ended_on", "investigation_opened_on")
                ),
            ),
            models.CheckConstraint(
                name="legalpath_matter_prosecution_complete",
                condition=(Q(prosecution="") & Q(prosecution_decided_on__isnull=True))
                | (Q(prosecution__in=Prosecution.values) & Q(prosecution_decided_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="legalpath_matter_court_after_charge",
                condition=(Q(court_outcome="") & Q(court_decided_on__isnull=True))
                | (
                    Q(court_outcome__in=CourtOutcome.values)
                    & Q(court_decided_on__isnull=False)
                    & Q(prosecution=Prosecution.CHARGED)
                    & ~Q(offence="")
                    & not_before("court_decided_on", "prosecution_decided_on")
                ),
            ),
            models.CheckConstraint(
                name="legalpath_matter_prosecution_after_investigation",
                condition=Q(prosecution="") | Q(investigation_opened_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.offence or 'report'}"


class ServiceRecipient(models.Model):
    """The client's child a service was given to (a service without a row was given to the client)."""

    service = models.OneToOneField(ServiceProvided, on_delete=models.CASCADE, related_name="recipient")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recipient of a service")

    def __str__(self) -> str:
        return f"{self.service}: {self.person}"


class ChildSafeguards(models.Model):
    """For a child victim, or a client's child: representative, child-welfare notification, Barnahus referral."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="child_safeguards")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    representative_appointed_on = models.DateField(_("representative appointed on"), null=True, blank=True)
    welfare_notified_on = models.DateField(_("child-welfare notification made on"), null=True, blank=True)
    welfare_municipality = models.CharField(_("municipality notified"), max_length=100, blank=True, default="")
    barnahus_referred_on = models.DateField(_("referred to Barnahus on"), null=True, blank=True)
    # Read from the exchange format, which has no municipality (free text): decision 0096.
    imported = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("child's safeguards")
        constraints = [
            models.UniqueConstraint(fields=["application", "child"], name="legalpath_safeguards_unique"),
            models.CheckConstraint(
                name="legalpath_safeguards_municipality_with_notification",
                condition=(Q(welfare_notified_on__isnull=True) & Q(welfare_municipality=""))
                | (Q(welfare_notified_on__isnull=False) & (~Q(welfare_municipality="") | Q(imported=True))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.child}"


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("The client's consent")
    STATUTORY_DUTY = "statutory_duty", _("A statutory duty")
    AUTHORITY_REQUEST = "authority_request", _("A request by an authority")


class Disclosure(models.Model):
    """A disclosure of client data to another authority or organisation, recorded as it is made.

    The recipient's name, what was disclosed and the request's reference are
    free text that may identify the client and are stored encrypted.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.CharField(_("recipient"), max_length=CODE_MAX_LENGTH)  # code list disclosure_recipient
    recipient_name_encrypted = models.TextField(blank=True, default="", editable=False)
    content_encrypted = models.TextField(blank=True, default="", editable=False)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    request_reference_encrypted = models.TextField(blank=True, default="", editable=False)
    disclosed_on = models.DateField(_("disclosed on"))
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Read from the exchange format, which carries the coded facts only: no free text, no staff.
    imported = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="legalpath_disclosure_basis_valid", condition=Q(legal_basis__in=LegalBasis.values)
            ),
            models.CheckConstraint(
                name="legalpath_disclosure_recorded_in_full",
                condition=Q(imported=True) | (~Q(content_encrypted="") & Q(disclosed_by__isnull=False)),
            ),
            models.CheckConstraint(
                name="legalpath_disclosure_consent_iff_consent_basis",
                condition=(Q(legal_basis=LegalBasis.CONSENT) & Q(consent__isnull=False))
                | (~Q(legal_basis=LegalBasis.CONSENT) & Q(consent__isnull=True)),
            ),
            models.CheckConstraint(
                name="legalpath_disclosure_reference_iff_request",
                condition=(
                    Q(legal_basis=LegalBasis.AUTHORITY_REQUEST)
                    & (~Q(request_reference_encrypted="") | Q(imported=True))
                )
                | (~Q(legal_basis=LegalBasis.AUTHORITY_REQUEST) & Q(request_reference_encrypted="")),
            ),
        ]
        indexes = [models.Index(fields=["disclosed_on"], name="legalpath_disclosed_on")]

    def __str__(self) -> str:
        return f"{self.application}: {self.recipient} {self.disclosed_on}"

    def read_recipient_name(self) -> str:
        return crypto.decrypt(self.recipient_name_encrypted)

    def read_content(self) -> str:
        return crypto.decrypt(self.content_encrypted)

    def read_request_reference(self) -> str:
        return crypto.decrypt(self.request_reference_encrypted)


class DataSubjectRequest(models.Model):
    """A client's request to see or correct their data, or to restrict its processing, and its outcome."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="data_subject_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=CODE_MAX_LENGTH)  # code list data_request_kind
    received_on = models.DateField(_("received on"))
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # none when imported
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="legalpath_request_outcome_iff_responded",
                condition=(Q(responded_on__isnull=True) & Q(outcome=""))
                | (Q(responded_on__isnull=False) & ~Q(outcome="")),
            ),
            models.CheckConstraint(
                name="legalpath_request_responded_after_received", condition=not_before("responded_on", "received_on")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.kind}"


class PersonMerge(models.Model):
    """Two records of one person joined by a decision maker: the merged one's applications and children moved to
    the kept one. The merged record stays (its history with it) and the merge can be undone: exactly the rows it
    moved go back."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    application_ids = models.JSONField(default=list)  # primary keys of the applications moved
    child_ids = models.JSONField(default=list)  # primary keys of the children moved
    reason = models.TextField(_("reason"))
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge of two persons")
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="legalpath_merge_two_persons", condition=~Q(kept=F("merged"))),
            models.CheckConstraint(name="legalpath_merge_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="legalpath_merge_undo_complete",
                condition=Q(undone_by__isnull=True, undone_at__isnull=True)
                | Q(undone_by__isnull=False, undone_at__isnull=False),
            ),
            # A record is merged into one other at a time.
            models.UniqueConstraint(
                fields=["merged"], condition=Q(undone_at__isnull=True), name="legalpath_merge_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"
