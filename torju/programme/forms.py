"""Forms of action-plan monitoring: they parse what the user typed; the services check the rules.

A service's refusal comes back as a ValidationError keyed by field, which
`show_refusal` puts on the form at the field it names. The meeting form
also shows the meeting's time rule at once (the same rule function the
service enforces), so that every problem of the long form is listed in one
round.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation
from torju.programme.models import (
    AgendaItem,
    GroupKind,
    Measure,
    Meeting,
    Participant,
    PriorityArea,
    Programme,
    Status,
)
from torju.programme.programme_file import FIRST_YEAR, LAST_YEAR, MAX_FILE_BYTES, NAME_MAX_LENGTH, SLUG_MAX_LENGTH
from torju.programme.rules import meeting_time_problems

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _label(name: str) -> Any:
    """The programme field's own name (the same words as the admin and the audit trail), capitalised."""
    found = Programme._meta.get_field(name)
    assert isinstance(found, models.Field)
    return capfirst(found.verbose_name)


class ProgrammeForm(forms.Form):
    """A new action plan: its names, identifier and years. Objectives and measures come from the imports."""

    name_fi = forms.CharField(label=_label("name_fi"), max_length=NAME_MAX_LENGTH)
    name_sv = forms.CharField(label=_label("name_sv"), max_length=NAME_MAX_LENGTH, required=False)
    name_en = forms.CharField(label=_label("name_en"), max_length=NAME_MAX_LENGTH, required=False)
    slug = forms.CharField(
        label=_label("slug"),
        max_length=SLUG_MAX_LENGTH,
        help_text=_("Part of the plan's web address, for example 2028-2031: letters a–z, digits and hyphens."),
    )
    start_year = forms.IntegerField(label=_label("start_year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    end_year = forms.IntegerField(label=_label("end_year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    publication = forms.CharField(label=_label("publication"), max_length=NAME_MAX_LENGTH, required=False)


class ProgrammeImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A JSON file in the format of the 2026–2027 plan that ships with Torju (at most 5 MB)."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".json"):
            raise ValidationError(_("Choose a .json file."))
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class MeasureChoiceField(forms.ModelMultipleChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.number}. {obj.text_fi[:110]}"


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Period until"), widget=DATE_INPUT)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    measures = MeasureChoiceField(
        label=_("Measures"), queryset=Measure.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(programme=programme).order_by("number")
        field = self.fields["measures"]
        assert isinstance(field, MeasureChoiceField)
        field.queryset = measures
        if not self.is_bound:
            self.initial.setdefault("measures", list(measures))


class StatusReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Choose…")), *Status.choices], required=False)
    done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    funding = forms.CharField(label=_("Funding situation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One web address per line."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    return_for_completion = forms.BooleanField(label=_("Return the report for completion"), required=False)


class PriorityAreasForm(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=PriorityArea.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DashboardFilterForm(forms.Form):
    objective = forms.TypedChoiceField(label=_("Objective"), required=False, coerce=int, empty_value=None)
    organisation = forms.ChoiceField(label=_("Responsible body"), required=False)
    priority_area = forms.ChoiceField(label=_("Priority area"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective_field = self.fields["objective"]
        assert isinstance(objective_field, forms.TypedChoiceField)
        objective_field.choices = [("", _("All"))] + [
            (str(objective.number), f"{objective.number}) {objective.title[:70]}")
            for objective in programme.objectives.order_by("number")
        ]
        bodies = Organisation.objects.filter(responsibilities__measure__programme=programme).distinct().order_by("code")
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ChoiceField)
        organisation_field.choices = [("", _("All"))] + [(body.code, body.name) for body in bodies]
        area_field = self.fields["priority_area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [("", _("All"))] + [
            (area.code, area.name) for area in PriorityArea.objects.order_by("code")
        ]


def _meeting_label(name: str) -> Any:
    found = Meeting._meta.get_field(name)
    assert isinstance(found, models.Field)
    return capfirst(found.verbose_name)


class MeetingForm(forms.Form):
    """The meeting itself; its participants and agenda items are the formsets below it."""

    programme = forms.ModelChoiceField(
        label=_meeting_label("programme"), queryset=Programme.objects.order_by("-start_year"), required=False
    )
    body = forms.ChoiceField(label=_meeting_label("body"), choices=GroupKind.choices)
    body_name = forms.CharField(label=_meeting_label("body_name"), max_length=300, required=False)
    number = forms.IntegerField(label=_meeting_label("number"), min_value=1, max_value=32767, required=False)
    date = forms.DateField(label=_meeting_label("date"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_meeting_label("start_time"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_meeting_label("end_time"), widget=TIME_INPUT, required=False)
    place = forms.CharField(label=_meeting_label("place"), max_length=300)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start_time"):
            for field, problem in meeting_time_problems(cleaned["start_time"], cleaned.get("end_time")).items():
                self.add_error(field, problem)
        return cleaned


class ParticipantForm(forms.ModelForm[Participant]):
    class Meta:
        model = Participant
        fields = ["name", "title", "organisation", "role", "role_note", "left_at"]
        widgets = {"left_at": TIME_INPUT}


class AgendaItemForm(forms.ModelForm[AgendaItem]):
    """An agenda item with its minutes and (at most) one decision linked to measures."""

    decision = forms.CharField(label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_measures = forms.CharField(
        label=_("Measures the decision concerns"),
        required=False,
        help_text=_("Measure numbers separated by commas, e.g. 3, 5."),
    )

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            decision = self.instance.decisions.first()
            if decision is not None:
                self.initial["decision"] = decision.text
                self.initial["decision_measures"] = ", ".join(
                    str(number) for number in decision.measures.order_by("number").values_list("number", flat=True)
                )

    def clean_decision_measures(self) -> list[int]:
        raw: str = self.cleaned_data.get("decision_measures", "")
        numbers = []
        for part in filter(None, (piece.strip() for piece in raw.replace(";", ",").split(","))):
            if not part.isdigit():
                raise ValidationError(_("“%(value)s” is not a measure number."), params={"value": part[:20]})
            numbers.append(int(part))
        return numbers


ParticipantFormSet = forms.inlineformset_factory(
    Meeting, Participant, form=ParticipantForm, extra=2, can_delete=True, min_num=1, validate_min=True
)
AgendaItemFormSet = forms.inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=2, can_delete=True, min_num=1, validate_min=True
)


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form, at the field it names (else for the whole form)."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
