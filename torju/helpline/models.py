"""The helpline: contacts, consultation cases, referrals and screening indicators.

Anonymous by design: no row holds a name, an identity code, a phone number
or an e-mail address of anyone (the free-text fields are checked by
torju.helpline.anonymity on every way in). The coded fields are kept for the
statistics; the free text (notes, descriptions, summaries, details) is
erased when the retention period ends (torju.helpline.retention), and
`text_erased_at` says when.

Field names follow the Human Trafficking Case Data Standard (HTCDS 2.0) where
a field means the same (docs/helpline.md has the mapping): `status` and
`reason_for_case_closure` of a case, `referring_organisation` and
`referral_details` of a referral, `primary_language` of a contact.

Codes are stored as code strings of the code lists (torju.codes, the lists
of torju/codes/data/helpline.csv and the spec's `exploitation_form`,
`sector` and `office`), checked by the services where data comes in;
the workflow states that rules depend on are choices here, constrained in
the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 80  # as torju.codes.models.Code.code
FREE_TEXT_MAX_LENGTH = 4000
ORGANISATION_MAX_LENGTH = 200
APPLICATION_REGISTERED = "application_registered"  # the code of `referral_outcome` that links an application
FINLAND = "FI"
FORCED_LABOUR = "forced_labour"  # the code of `exploitation_form` that has a sector


def _not_before(later: str, earlier: str) -> Q:
    return Q(**{f"{later}__gte": F(earlier)})


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting")
    CLOSED = "closed", _("Closed")


class ConsultationCase(models.Model):
    """Contacts about one situation, worked on by several advisers; closing asks for the outcome.

    `advisers` are everyone who has recorded or changed something on the
    case: the info line is national and any adviser may take the next call,
    so nobody owns a case (HTCDS's cas_CaseOwner has no counterpart).
    """

    case_number = models.CharField(_("case number"), max_length=24)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    summary = models.TextField(_("summary"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    reason_for_case_closure = models.TextField(
        _("notes on the outcome"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH
    )
    advisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("advisers"), related_name="consultation_cases", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    text_erased_at = models.DateTimeField(_("free text erased at"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("consultation case")
        verbose_name_plural = _("consultation cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case_number"], name="consultation_case_number_unique"),
            models.CheckConstraint(
                name="consultation_status_valid", condition=Q(status__in=[status.value for status in CaseStatus])
            ),
            # Closing asks for the outcome; an open or waiting case has none.
            models.CheckConstraint(
                name="consultation_closed_iff_outcome",
                condition=(Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=False) & ~Q(outcome=""))
                | (~Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=True) & Q(outcome="")),
            ),
            models.CheckConstraint(
                name="consultation_closed_after_opened", condition=_not_before("closed_at", "opened_at")
            ),
            models.CheckConstraint(
                name="consultation_erased_text_empty",
                condition=Q(text_erased_at__isnull=True) | Q(summary="", reason_for_case_closure=""),
            ),
        ]
        indexes = [
            models.Index(fields=["opened_at"], name="consultation_opened_at"),
            models.Index(fields=["closed_at"], condition=Q(closed_at__isnull=False), name="consultation_closed_at"),
            models.Index(
                fields=["status", "opened_at"], condition=~Q(status=CaseStatus.CLOSED), name="consultation_active"
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class ConsultationNumberCounter(models.Model):
    """The last consultation case number given per year (INFO-2026-000123); locked while a number is taken."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year"], name="consultation_number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Contact(models.Model):
    """One call, chat, e-mail, meeting or letter to the info line, anonymous.

    The person concerned is described without identifying them
    (`person_description`: "the caller's worker, a woman of about 30 from
    Nepal"); where they are is a region of Finland or, abroad, a country.
    """

    contacted_at = models.DateTimeField(_("contacted at"))
    channel = models.CharField(_("channel"), max_length=CODE_MAX_LENGTH)
    contact_type = models.CharField(_("who contacted"), max_length=CODE_MAX_LENGTH)
    primary_language = models.CharField(_("language"), max_length=2, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=CODE_MAX_LENGTH)
    sector = models.CharField(_("sector"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    region = models.CharField(_("region of Finland"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    country = models.CharField(_("country (abroad)"), max_length=2, blank=True, default="")
    # None: not known.
    concerns_minor = models.BooleanField(_("the person concerned is a minor"), null=True, blank=True)
    person_description = models.TextField(
        _("the person concerned"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH
    )
    notes = models.TextField(_("notes"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH)
    case = models.ForeignKey(
        ConsultationCase,
        verbose_name=_("consultation case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    text_erased_at = models.DateTimeField(_("free text erased at"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contacted_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="contact_channel_given", condition=~Q(channel="")),
            models.CheckConstraint(name="contact_type_given", condition=~Q(contact_type="")),
            models.CheckConstraint(name="contact_subject_given", condition=~Q(subject="")),
            # In Finland a region, abroad a country other than Finland; or neither (not known).
            models.CheckConstraint(name="contact_region_or_country", condition=Q(region="") | Q(country="")),
            models.CheckConstraint(name="contact_country_abroad", condition=~Q(country=FINLAND)),
            models.CheckConstraint(
                name="contact_erased_text_empty",
                condition=Q(text_erased_at__isnull=True) | Q(notes="", person_description=""),
            ),
        ]
        indexes = [
            models.Index(fields=["contacted_at"], name="contact_contacted_at"),
            models.Index(fields=["case", "contacted_at"], condition=Q(case__isnull=False), name="contact_case"),
        ]

    def __str__(self) -> str:
        return f"{self.contacted_at:%Y-%m-%d %H:%M} {self.channel}"


class ContactExploitationForm(models.Model):
    """A form of exploitation (code list `exploitation_form`) suspected in a contact; a contact may have several."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="exploitation_forms")
    exploitation_form = models.CharField(_("form of exploitation"), max_length=CODE_MAX_LENGTH)

    class Meta:
        verbose_name = _("suspected form of exploitation")
        verbose_name_plural = _("suspected forms of exploitation")
        constraints = [
            models.UniqueConstraint(fields=["contact", "exploitation_form"], name="contact_form_unique"),
        ]

    def __str__(self) -> str:
        return self.exploitation_form


class ContactAction(models.Model):
    """What was done in a contact (code list `contact_action`); a contact may have several."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(_("action"), max_length=CODE_MAX_LENGTH)

    class Meta:
        verbose_name = _("action taken")
        verbose_name_plural = _("actions taken")
        constraints = [models.UniqueConstraint(fields=["contact", "action"], name="contact_action_unique")]

    def __str__(self) -> str:
        return self.action


class IndicatorTick(models.Model):
    """A screening indicator (code list `screening_indicator`) that an adviser ticked on a consultation case."""

    case = models.ForeignKey(ConsultationCase, on_delete=models.CASCADE, related_name="indicator_ticks")
    indicator = models.CharField(_("indicator"), max_length=CODE_MAX_LENGTH)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ticked by"), on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening indicator")
        verbose_name_plural = _("screening indicators")
        constraints = [models.UniqueConstraint(fields=["case", "indicator"], name="indicator_tick_unique")]

    def __str__(self) -> str:
        return f"{self.case}: {self.indicator}"


class ReferralKind(models.TextChoices):
    HELPLINE = "helpline", _("From the info line")
    FIRST_RESPONDER = "first_responder", _("From another authority")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting to be taken up")
    ACCEPTED = "accepted", _("Taken up")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# A referral's states that end the loop without an outcome; an accepted one ends with its outcome.
ANSWERED = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)


class Referral(models.Model):
    """A potential victim who wants to apply, handed to an office; a closed loop.

    Sent, then taken up (accepted) or declined with a reason by a caseworker
    of the office, withdrawn by the referrer, or expired when nobody answered
    by the due date; an accepted referral then gets its outcome. No
    identifiers: how the office reaches the person is agreed by other means.
    First responders' referrals (police, social services … refer a person
    to the assistance system) are logged the same way, with the referring
    organisation.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReferralKind.choices)
    case = models.ForeignKey(
        ConsultationCase,
        verbose_name=_("consultation case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    referring_party = models.CharField(_("referring party"), max_length=CODE_MAX_LENGTH)
    referring_organisation = models.CharField(
        _("referring organisation"), max_length=ORGANISATION_MAX_LENGTH, blank=True, default=""
    )
    office = models.CharField(_("office"), max_length=CODE_MAX_LENGTH)
    referral_details = models.TextField(
        _("details for the office"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH
    )
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("to be taken up by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    response_notes = models.TextField(_("notes"), blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH)
    closed_at = models.DateTimeField(_("withdrawn or expired at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=CODE_MAX_LENGTH, blank=True, default="")
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The register's application the referral led to; the register knows nothing of the helpline.
    application = models.ForeignKey(
        "register.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text_erased_at = models.DateTimeField(_("free text erased at"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="referral_kind_valid", condition=Q(kind__in=[kind.value for kind in ReferralKind])
            ),
            models.CheckConstraint(
                name="referral_status_valid", condition=Q(status__in=[status.value for status in ReferralStatus])
            ),
            models.CheckConstraint(name="referral_party_given", condition=~Q(referring_party="")),
            models.CheckConstraint(name="referral_office_given", condition=~Q(office="")),
            # A first responder's referral names the organisation; the info line's may.
            models.CheckConstraint(
                name="referral_first_responder_names_organisation",
                condition=~Q(kind=ReferralKind.FIRST_RESPONDER) | ~Q(referring_organisation=""),
            ),
            # Answered (taken up or declined) exactly when accepted or declined.
            models.CheckConstraint(
                name="referral_answered_iff_answered_status",
                condition=(Q(status__in=ANSWERED) & Q(answered_at__isnull=False) & Q(answered_by__isnull=False))
                | (~Q(status__in=ANSWERED) & Q(answered_at__isnull=True) & Q(answered_by__isnull=True)),
            ),
            models.CheckConstraint(
                name="referral_decline_reason_iff_declined",
                condition=(Q(status=ReferralStatus.DECLINED) & ~Q(decline_reason=""))
                | (~Q(status=ReferralStatus.DECLINED) & Q(decline_reason="")),
            ),
            models.CheckConstraint(
                name="referral_closed_iff_withdrawn_or_expired",
                condition=(
                    Q(status__in=[ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED]) & Q(closed_at__isnull=False)
                )
                | (~Q(status__in=[ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED]) & Q(closed_at__isnull=True)),
            ),
            # Only an accepted referral has an outcome, recorded with when and by whom.
            models.CheckConstraint(
                name="referral_outcome_of_accepted",
                condition=(Q(outcome="") & Q(outcome_at__isnull=True) & Q(outcome_by__isnull=True))
                | (
                    Q(status=ReferralStatus.ACCEPTED)
                    & ~Q(outcome="")
                    & Q(outcome_at__isnull=False)
                    & Q(outcome_by__isnull=False)
                ),
            ),
            # "Application registered" exactly when the referral names the application.
            models.CheckConstraint(
                name="referral_application_iff_registered",
                condition=(Q(outcome=APPLICATION_REGISTERED) & Q(application__isnull=False))
                | (~Q(outcome=APPLICATION_REGISTERED) & Q(application__isnull=True)),
            ),
            models.CheckConstraint(
                name="referral_answered_after_sent", condition=_not_before("answered_at", "sent_at")
            ),
            models.CheckConstraint(name="referral_closed_after_sent", condition=_not_before("closed_at", "sent_at")),
            models.CheckConstraint(
                name="referral_outcome_after_answer", condition=_not_before("outcome_at", "answered_at")
            ),
            models.CheckConstraint(
                name="referral_erased_text_empty",
                condition=Q(text_erased_at__isnull=True) | Q(referral_details="", response_notes=""),
            ),
            # One application is the outcome of one referral.
            models.UniqueConstraint(
                fields=["application"], condition=Q(application__isnull=False), name="referral_application_unique"
            ),
        ]
        indexes = [
            # The office's work list: referrals waiting to be taken up, oldest due first.
            models.Index(fields=["office", "due_on"], condition=Q(status=ReferralStatus.SENT), name="referral_waiting"),
            models.Index(fields=["sent_at"], name="referral_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.office} ({self.sent_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        """Still part of someone's work: waiting to be taken up, or taken up without an outcome."""
        return self.status == ReferralStatus.SENT or (self.status == ReferralStatus.ACCEPTED and not self.outcome)
