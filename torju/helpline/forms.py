"""Forms of the helpline's pages: they parse input; the rules live in the services and the database."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torju.codes.selectors import choices
from torju.helpline.models import FREE_TEXT_MAX_LENGTH, ORGANISATION_MAX_LENGTH, CaseStatus
from torju.helpline.selectors import NOT_IN_A_CASE, ContactFilter
from torju.helpline.services.contacts import ContactDetails
from torju.helpline.services.referrals import FIRST_RESPONDERS
from torju.register.countries import country_choices
from torju.register.forms import CHOOSE, apply_errors, code_field, date_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
NO_IDENTIFIERS = _("No names, identity codes, phone numbers or e-mail addresses: text that looks like one is refused.")
YES, NO = "yes", "no"


def free_text(label: "StrOrPromise", *, help_text: "StrOrPromise" = NO_IDENTIFIERS, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def code_choices(code_list: str, label: "StrOrPromise", *, required: bool = False) -> forms.MultipleChoiceField:
    """Several codes of a list, as checkboxes."""
    return forms.MultipleChoiceField(
        label=label, required=required, widget=forms.CheckboxSelectMultiple, choices=lambda: choices(code_list)
    )


def _countries_abroad() -> list[tuple[str, "StrOrPromise"]]:
    return [("", _("Not abroad")), *((code, name) for code, name in country_choices() if code != "FI")]


class ContactForm(forms.Form):
    """A contact to the info line, anonymous: coded fields and free text without identifiers."""

    contacted_on = date_field(_("Date of the contact"))
    contacted_time = forms.TimeField(label=_("Time of the contact"), widget=TIME_INPUT)
    channel = code_field("contact_channel", _("Channel"))
    contact_type = code_field("contact_type", _("Who contacted"))
    primary_language = forms.CharField(
        label=_("Language"),
        required=False,
        max_length=2,
        help_text=_("The language of the contact: an ISO 639-1 code, e.g. fi, en, ru."),
    )
    subject = code_field("contact_subject", _("Subject"))
    exploitation_forms = code_choices("exploitation_form", _("Suspected forms of exploitation"))
    sector = code_field("sector", _("Sector (forced labour)"), required=False)
    region = code_field("region", _("Region of Finland"), required=False, empty=("", _("Not known or abroad")))
    country = forms.ChoiceField(label=_("Country (abroad)"), required=False, choices=_countries_abroad)
    concerns_minor = forms.ChoiceField(
        label=_("Is the person concerned a minor?"),
        required=False,
        choices=[("", _("Not known")), (YES, _("Yes")), (NO, _("No"))],
    )
    actions = code_choices("contact_action", _("What was done"))
    person_description = free_text(
        _("The person concerned"),
        help_text=_(
            "Describe without identifying, e.g. “the caller's worker, a woman of about 30 from Nepal”. "
            "No names, identity codes, phone numbers or e-mail addresses."
        ),
        rows=2,
    )
    notes = free_text(_("Notes"))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_primary_language(self) -> str:
        return str(self.cleaned_data.get("primary_language") or "").strip().lower()

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        minor = data["concerns_minor"]
        return ContactDetails(
            contacted_at=timezone.make_aware(datetime.combine(data["contacted_on"], data["contacted_time"])),
            channel=data["channel"],
            contact_type=data["contact_type"],
            subject=data["subject"],
            primary_language=data["primary_language"],
            exploitation_forms=tuple(data["exploitation_forms"]),
            sector=data["sector"],
            region=data["region"],
            country=data["country"],
            concerns_minor=True if minor == YES else False if minor == NO else None,
            actions=tuple(data["actions"]),
            person_description=data["person_description"],
            notes=data["notes"],
        )

    def apply_errors(self, error: ValidationError) -> None:
        """A service's refusal on the form: the time of the contact is its date and time fields."""
        if hasattr(error, "error_dict") and "contacted_at" in error.error_dict:
            error.error_dict["contacted_on"] = error.error_dict.pop("contacted_at")
        apply_errors(self, error)

    @classmethod
    def initial_for(cls, when: datetime) -> dict[str, Any]:
        local = timezone.localtime(when)
        return {"contacted_on": local.date(), "contacted_time": local.time().replace(second=0, microsecond=0)}

    @classmethod
    def initial_of(cls, details: ContactDetails, revision: int | None = None) -> dict[str, Any]:
        minor = details.concerns_minor
        return {
            **{field: getattr(details, field) for field in details.__dataclass_fields__ if field != "contacted_at"},
            **cls.initial_for(details.contacted_at),
            "exploitation_forms": list(details.exploitation_forms),
            "actions": list(details.actions),
            "concerns_minor": YES if minor else NO if minor is False else "",
            "revision": revision,
        }


class ContactFilterForm(forms.Form):
    """Filters of the contact list; in the URL, so that a view can be shared."""

    since = date_field(_("From"), required=False)
    until = date_field(_("Until"), required=False)
    channel = code_field("contact_channel", _("Channel"), required=False, empty=("", _("All")))
    contact_type = code_field("contact_type", _("Who contacted"), required=False, empty=("", _("All")))
    subject = code_field("contact_subject", _("Subject"), required=False, empty=("", _("All")))
    in_case = forms.ChoiceField(
        label=_("Consultation case"),
        required=False,
        choices=[("", _("All")), (NOT_IN_A_CASE, _("Not in a case"))],
    )

    def criteria(self) -> ContactFilter:
        if not self.is_bound or not self.is_valid():
            return ContactFilter()
        return ContactFilter(**self.cleaned_data)


class GroupForm(forms.Form):
    """Contacts about the same situation into one consultation case: a new one, or an open one by its number."""

    contacts = forms.TypedMultipleChoiceField(label=_("Contacts"), coerce=int, widget=forms.MultipleHiddenInput)
    case_number = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=24,
        help_text=_("An open consultation case to add the contacts to; empty starts a new case."),
    )

    def __init__(self, contact_choices: list[int], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contacts"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in contact_choices]


class CaseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(CaseStatus.OPEN.value, _("Open")), (CaseStatus.WAITING.value, _("Waiting"))]
    )
    summary = free_text(_("Summary"), rows=6)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseCaseForm(forms.Form):
    outcome = code_field("consultation_outcome", _("Outcome"))
    reason_for_case_closure = free_text(_("Notes on the outcome"))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IndicatorForm(forms.Form):
    indicators = code_choices("screening_indicator", _("Screening indicators"))


class ReferralForm(forms.Form):
    """A referral of a consultation case to an office (no identifiers: reaching the person is agreed otherwise)."""

    office = code_field("office", _("Office"))
    referring_party = code_field("contact_type", _("Referring party"))
    referring_organisation = forms.CharField(
        label=_("Referring organisation"), required=False, max_length=ORGANISATION_MAX_LENGTH
    )
    referral_details = free_text(
        _("Details for the office"),
        help_text=_(
            "What the office needs to know, and that contact has been agreed. No names, identity codes, "
            "phone numbers or e-mail addresses: how the office reaches the person is agreed by other means."
        ),
    )
    due_on = date_field(_("To be taken up by"))


class FirstResponderReferralForm(ReferralForm):
    """Another authority's referral, logged the same way, with the referring organisation."""

    referring_organisation = forms.CharField(
        label=_("Referring organisation"),
        max_length=ORGANISATION_MAX_LENGTH,
        help_text=_("E.g. Helsingin poliisilaitos; not a person's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referring_party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = lambda: [CHOOSE, *(pair for pair in choices("contact_type") if pair[0] in FIRST_RESPONDERS)]


class DeclineForm(forms.Form):
    decline_reason = code_field("referral_decline_reason", _("Reason for declining"))
    notes = free_text(_("Notes"), rows=3)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"))
    notes = free_text(_("Notes"), rows=3)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = lambda: [
            CHOOSE,
            *(pair for pair in choices("referral_outcome") if pair[0] != "application_registered"),
        ]


class ReferralApplicationForm(forms.Form):
    """The application of a referral: when it was received, the residence status; a person registered before."""

    received_on = date_field(_("Received on"))
    residence_status = code_field("residence_status", _("Residence status"))
    person_id = forms.CharField(
        label=_("Person identifier of a person registered before"),
        required=False,
        max_length=64,
        help_text=_(
            "Find the person in the register first; leave empty and fill in the new applicant's details below "
            "for a person not registered before."
        ),
    )
    reason = forms.CharField(
        label=_("Why you register an application for a person of another office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the person is registered at another office; shown to the auditor."),
    )


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    publication = forms.ChoiceField(
        label=_("Form"), required=False, choices=[("", _("Default")), ("exact", _("Exact")), ("public", _("Public"))]
    )
