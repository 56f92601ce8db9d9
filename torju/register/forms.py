"""Forms of the register's pages: they parse input; the rules live in the services, permissions and the database."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from torju.codes.selectors import choices
from torju.form_fields import DateField, DateInput
from torju.register.countries import country_choices
from torju.register.hetu import parse_hetu
from torju.register.languages import language_choices, split_languages
from torju.register.models import (
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    WAITING_REASON_MAX_LENGTH,
    DirectIdentifiers,
    Person,
    languages_validator,
)
from torju.register.selectors import PENDING, ApplicationFilter
from torju.register.services import LAPSED, WITHDRAWN, PersonDetails

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise

DATE_INPUT = DateInput()
CHOOSE = ("", _("Choose…"))


def code_field(
    code_list: str, label: "StrOrPromise", *, required: bool = True, empty: tuple[str, "StrOrPromise"] = CHOOSE
) -> forms.ChoiceField:
    """A choice of a code list in the active language (read when the form is made)."""
    return forms.ChoiceField(label=label, required=required, choices=lambda: [empty, *choices(code_list)])


def date_field(label: "StrOrPromise", *, required: bool = True, help_text: "StrOrPromise" = "") -> DateField:
    """A date typed as pp.kk.vvvv or ISO (torju/form_fields.py)."""
    return DateField(label=label, required=required, help_text=help_text)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PersonSearchForm(forms.Form):
    """The keys of a person search; which keys make a search is services.search_persons' rule."""

    person_id = forms.CharField(label=_("Person identifier"), required=False, max_length=64)
    hetu = forms.CharField(label=_("Personal identity code"), required=False, max_length=11)
    first_names = forms.CharField(label=_("First names"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=200)
    birth_date = date_field(_("Date of birth"), required=False)


def person_details(data: dict[str, Any]) -> PersonDetails:
    """A person's details from the cleaned data of a PersonForm (or a ChildForm)."""
    return PersonDetails(
        identifiers=DirectIdentifiers(
            first_names=data["first_names"].strip(),
            last_name=data["last_name"].strip(),
            hetu=data["hetu"],
            phone=data["phone"].strip(),
            address=data["address"].strip(),
        ),
        sex=data["sex"],
        nationality=data["nationality"],
        birth_date=data["birth_date"],
        birth_date_estimated=data["birth_date_estimated"],
        languages=data["languages"],
    )


class PersonForm(forms.Form):
    """A person's details; the direct identifiers are encrypted when saved."""

    first_names = forms.CharField(label=_("First names"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=200)
    hetu = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=11,
        help_text=_("If the person has one. The check character is verified."),
    )
    sex = code_field("sex", _("Sex"))
    birth_date = date_field(_("Date of birth"), required=False)
    birth_date_estimated = forms.BooleanField(label=_("The date of birth is estimated"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=lambda: [CHOOSE, *country_choices()])
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Choose one or more; hold Ctrl (or ⌘) to choose several."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    address = forms.CharField(
        label=_("Address"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        saved = self.initial.get("languages") or []
        if isinstance(saved, str):  # a saved person's codes, or cleaned data handed back as the initial values
            saved = split_languages(saved)
            self.initial["languages"] = saved
        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = language_choices(keep=",".join(saved))

    def clean_hetu(self) -> str:
        value = str(self.cleaned_data.get("hetu") or "").strip()
        return parse_hetu(value).value if value else ""

    def clean_languages(self) -> str:
        """Stored as the exchange format has them: ISO 639-1 codes separated by commas."""
        codes = ",".join(self.cleaned_data.get("languages") or [])
        languages_validator(codes)
        return codes

    def details(self) -> PersonDetails:
        return person_details(self.cleaned_data)

    @classmethod
    def initial_of(cls, person: Person) -> dict[str, Any]:
        """The saved values; the caller audits the read of the identifiers."""
        identifiers = person.read_identifiers()
        return {
            "first_names": identifiers.first_names,
            "last_name": identifiers.last_name,
            "hetu": identifiers.hetu,
            "phone": identifiers.phone,
            "address": identifiers.address,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "birth_date_estimated": person.birth_date_estimated,
            "nationality": person.nationality,
            "languages": split_languages(person.languages),
            "revision": person.revision,
        }


class ChildForm(PersonForm):
    joined_on = date_field(_("Client since"))
    revision = None  # type: ignore[assignment]  # a new person has no revision


class ApplicationForm(forms.Form):
    received_on = date_field(_("Received on"))
    source = code_field("application_source", _("Submitted by"))
    residence_status = code_field("residence_status", _("Residence status"))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NewApplicationForm(ApplicationForm):
    """A new application of a person registered before; a reason when they are known only at other offices."""

    reason = forms.CharField(
        label=_("Why you register an application for a person of another office"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The person's record opens to you through the new case. The reason is shown to the auditor."),
    )
    revision = None  # type: ignore[assignment]  # a new application has no revision

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]


class AssignForm(forms.Form):
    assigned_to = forms.ChoiceField(label=_("Assigned to"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, caseworkers: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nobody")), *((str(pk), name) for pk, name in caseworkers)]


class EventForm(forms.Form):
    exploitation_form = code_field("exploitation_form", _("Form of exploitation"))
    is_primary = forms.BooleanField(label=_("Primary form"), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [CHOOSE, *country_choices()])
    sector = code_field("sector", _("Sector (forced labour)"), required=False)
    began_on = date_field(_("Began on"), required=False)
    ended_on = date_field(_("Ended on"), required=False)


class DecisionDraftForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[CHOOSE, (POSITIVE, _("Positive")), (NEGATIVE, _("Negative"))]
    )
    negative_reason = code_field("negative_reason", _("Reason for the negative decision"), required=False)
    decided_on = date_field(_("Decided on"))

    def __init__(self, *args: Any, asks_about_events: bool = False, **kwargs: Any) -> None:
        """`asks_about_events`: the case has no exploitation event, and drafting asks whether to go on."""
        super().__init__(*args, **kwargs)
        if asks_about_events:
            self.fields["without_events"] = forms.BooleanField(
                label=_("Draft the decision without exploitation events"), required=False
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class WaitingForInformationForm(forms.Form):
    reason = forms.CharField(
        label=_("What information, from whom"),
        help_text=_("Shown in the work lists and the backlog. Waiting pauses nothing: the days still count."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=WAITING_REASON_MAX_LENGTH,
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[CHOOSE, (WITHDRAWN, _("Withdrawn")), (LAPSED, _("Lapsed"))]
    )
    on = date_field(_("Date"))


class ReflectionPeriodForm(forms.Form):
    granted_on = date_field(_("Granted on"))
    months = forms.IntegerField(label=_("Months"), min_value=MIN_REFLECTION_MONTHS, max_value=MAX_REFLECTION_MONTHS)


class ServiceForm(forms.Form):
    service = code_field("service", _("Service"))
    started_on = date_field(_("Started on"))
    ended_on = date_field(_("Ended on"), required=False)


class EndDateForm(forms.Form):
    ended_on = date_field(_("Ended on"))


class NeedsAssessmentForm(forms.Form):
    person = forms.ChoiceField(label=_("Assessed person"))
    assessed_on = date_field(_("Assessed on"))
    needs = forms.MultipleChoiceField(
        label=_("Services needed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: choices("service"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, persons: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(pk), name) for pk, name in persons]


class EndClienthoodForm(forms.Form):
    ended_on = date_field(_("Ended on"))
    end_reason = code_field("end_reason", _("Reason the clienthood ended"))
    # Ending is not undone on the case page: the caseworker confirms it, and the server checks that they did.
    confirmed = forms.BooleanField(
        label=_("I confirm that the clienthood ends"),
        error_messages={"required": _("Tick the box to confirm that the clienthood ends.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ApplicationFilterForm(forms.Form):
    """Search and filters of the work lists; all in the URL, so that a view can be shared."""

    case_number = forms.CharField(label=_("Case number"), required=False, max_length=24)
    office = code_field("office", _("Office"), required=False, empty=("", _("All")))
    received_from = date_field(_("Received from"), required=False)
    received_until = date_field(_("Received until"), required=False)
    decision = forms.ChoiceField(label=_("Decision"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All")), (PENDING, _("Pending")), *choices("decision")]

    def criteria(self) -> ApplicationFilter:
        if not self.is_bound or not self.is_valid():
            return ApplicationFilter()
        data = self.cleaned_data
        return ApplicationFilter(
            case_number=data["case_number"],
            office=data["office"],
            received_from=data["received_from"],
            received_until=data["received_until"],
            decision=data["decision"],
        )
