"""Forms of the legal path's pages: they parse input; the rules are the services' and the database's."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from torju.codes.selectors import choices
from torju.form_fields import MEDIUM_TEXT, SHORT_TEXT, DateField
from torju.legalpath.models import ClientCategory, ClientRole, CourtOutcome, LegalBasis, PermitStatus, Prosecution

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

CHOOSE = ("", _("Choose…"))
NONE = ("", "–")
LANGUAGES = [("fi", "suomi"), ("sv", "svenska"), ("en", "English")]


def code_field(code_list: str, label: "StrOrPromise", *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=required, choices=lambda: [CHOOSE if required else NONE, *choices(code_list)]
    )


def choice_field(options: list[tuple[str, Any]], label: "StrOrPromise", *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=required, choices=[CHOOSE if required else NONE, *options])


def date_field(label: "StrOrPromise", *, required: bool = True) -> DateField:
    return DateField(label=label, required=required)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the named field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CategoryForm(forms.Form):
    category = choice_field(ClientCategory.choices, _("Client category"))


class ConsentForm(forms.Form):
    purpose = code_field("consent_purpose", _("Consent to"))
    given_on = date_field(_("Given on"))
    form = code_field("consent_form", _("Form of the record"))


class WithdrawConsentForm(forms.Form):
    withdrawn_on = date_field(_("Withdrawn on"))
    form = code_field("consent_form", _("Form of the withdrawal"))


class GroundsForm(forms.Form):
    is_child = forms.BooleanField(
        label=_("The person was assessed as a child (means need not be assessed)"), required=False
    )
    act_assessed = forms.BooleanField(label=_("Element assessed: the act"), required=False)
    means_assessed = forms.BooleanField(label=_("Element assessed: the means"), required=False)
    purpose_assessed = forms.BooleanField(label=_("Element assessed: the purpose of exploitation"), required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators found"),
        required=False,
        choices=lambda: choices("screening_indicator"),
        widget=forms.CheckboxSelectMultiple,
    )
    preliminary_on = date_field(_("Preliminary assessment on"), required=False)
    reasonable_grounds = forms.NullBooleanField(
        label=_("Reasonable grounds to believe the person is a victim"),
        required=False,
        widget=forms.Select(choices=[("unknown", "–"), ("true", _("yes")), ("false", _("no"))]),
    )
    final_on = date_field(_("Final assessment on"), required=False)
    final_grounds = forms.NullBooleanField(
        label=_("Final assessment: grounds for identification"),
        required=False,
        widget=forms.Select(choices=[("unknown", "–"), ("true", _("yes")), ("false", _("no"))]),
    )


class PermitForm(forms.Form):
    permit_type = code_field("permit_type", _("Permit type"))
    status = choice_field(PermitStatus.choices, _("Status"))
    applied_on = date_field(_("Applied for on"))
    decided_on = date_field(_("Decided on"), required=False)
    valid_from = date_field(_("Valid from"), required=False)
    valid_until = date_field(_("Valid until"), required=False)
    reflection_period = forms.TypedChoiceField(
        label=_("Recovery period it follows"), required=False, coerce=int, empty_value=None, choices=[NONE]
    )

    def __init__(self, reflection_choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reflection_period"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [NONE, *reflection_choices]


class CriminalMatterForm(forms.Form):
    client_role = choice_field(ClientRole.choices, _("Client's role"))
    reported_on = date_field(_("Reported to the police on"), required=False)
    reported_by = code_field("reported_by", _("Reported by"), required=False)
    police_department = code_field("police_department", _("Police department"), required=False)
    offence = code_field("offence", _("Offence"), required=False)
    investigation_opened_on = date_field(_("Pre-trial investigation opened on"), required=False)
    investigation_ended_on = date_field(_("Pre-trial investigation ended on"), required=False)
    prosecution = choice_field(Prosecution.choices, _("Prosecution"), required=False)
    prosecution_decided_on = date_field(_("Prosecution decided on"), required=False)
    court_outcome = choice_field(CourtOutcome.choices, _("Court outcome"), required=False)
    court_decided_on = date_field(_("Court decided on"), required=False)


def person_choice_form(base: type[forms.Form]) -> Callable[..., forms.Form]:
    """A form of `base` whose `child` field chooses among the given persons."""

    def make(person_choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> forms.Form:
        form = base(*args, **kwargs)
        field = form.fields["child"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [CHOOSE, *person_choices]
        return form

    return make


class ChildServiceForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int, choices=[CHOOSE])
    service = code_field("service", _("Service"))
    started_on = date_field(_("Started on"))
    ended_on = date_field(_("Ended on"), required=False)


class SafeguardsForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Child"), coerce=int, choices=[CHOOSE])
    representative_appointed_on = date_field(_("Representative appointed on"), required=False)
    welfare_notified_on = date_field(_("Child-welfare notification made on"), required=False)
    welfare_municipality = forms.CharField(label=_("Municipality notified"), required=False, max_length=SHORT_TEXT)
    barnahus_referred_on = date_field(_("Referred to Barnahus on"), required=False)


class DisclosureForm(forms.Form):
    recipient = code_field("disclosure_recipient", _("Recipient"))
    recipient_name = forms.CharField(label=_("Recipient's name or unit"), required=False, max_length=SHORT_TEXT)
    content = forms.CharField(
        label=_("What was disclosed"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = choice_field(LegalBasis.choices, _("Legal basis"))
    consent = forms.TypedChoiceField(
        label=_("Consent it rests on"), required=False, coerce=int, empty_value=None, choices=[NONE]
    )
    request_reference = forms.CharField(
        label=_("Reference of the authority's request"), required=False, max_length=SHORT_TEXT
    )
    disclosed_on = date_field(_("Disclosed on"))

    def __init__(self, consent_choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [NONE, *consent_choices]


class DataRequestForm(forms.Form):
    kind = code_field("data_request_kind", _("Request"))
    received_on = date_field(_("Received on"))


class RespondRequestForm(forms.Form):
    responded_on = date_field(_("Responded on"))
    outcome = code_field("data_request_outcome", _("Outcome"))


class AccessCopyForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the copy"), choices=LANGUAGES)
    person = forms.TypedChoiceField(label=_("Whose data"), coerce=int, choices=[CHOOSE])

    def __init__(self, person_choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = person_choices


class DisclosureFilterForm(forms.Form):
    disclosed_from = date_field(_("Disclosed from"), required=False)
    disclosed_until = date_field(_("Disclosed until"), required=False)
    legal_basis = choice_field(LegalBasis.choices, _("Legal basis"), required=False)
    recipient = code_field("disclosure_recipient", _("Recipient"), required=False)


class MergeForm(forms.Form):
    kept = forms.IntegerField(widget=forms.HiddenInput)
    merged = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class UndoMergeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for undoing"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
