"""Forms of the plans: a new plan, its import, its texts, priority areas, indicators, milestones,
recommendations and its approval."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from torju.form_fields import LONG_TEXT, DateField
from torju.programme.forms.common import field_label, measure_label
from torju.programme.models import (
    ApprovalStep,
    Indicator,
    Measure,
    Meeting,
    Milestone,
    Objective,
    PlanApproval,
    PriorityArea,
    Programme,
    Recommendation,
    RecommendationSource,
    Unit,
)
from torju.programme.programme_file import FIRST_YEAR, LAST_YEAR, MAX_FILE_BYTES, NAME_MAX_LENGTH, SLUG_MAX_LENGTH
from torju.programme.services.texts import MEASURE_TEXTS, OBJECTIVE_TEXTS


def _label(name: str) -> Any:
    return field_label(Programme, name)


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


class PriorityAreasForm(forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=PriorityArea.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _texts_form(model: type[models.Model], names: tuple[str, ...], required: str) -> type[forms.Form]:
    """A form with a text area per language of each text, labelled with the model's own field names."""
    fields: dict[str, forms.Field] = {
        name: forms.CharField(
            max_length=LONG_TEXT,
            label=field_label(model, name),
            required=name == required,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 4 if name.startswith(("text", "introduction")) else 2}),
        )
        for name in names
    }
    fields["revision"] = forms.IntegerField(widget=forms.HiddenInput)
    return type(f"{model.__name__}TextsForm", (forms.Form,), fields)


class MeasureTextsForm(_texts_form(Measure, MEASURE_TEXTS, "text_fi")):  # type: ignore[misc]
    """The measure's texts in Finnish, Swedish and English; a missing translation is shown in Finnish."""


class ObjectiveTextsForm(_texts_form(Objective, OBJECTIVE_TEXTS, "title_fi")):  # type: ignore[misc]
    """The objective's title and introduction in Finnish, Swedish and English."""


class IndicatorForm(forms.Form):
    name_fi = forms.CharField(label=field_label(Indicator, "name_fi"), max_length=300)
    name_sv = forms.CharField(label=field_label(Indicator, "name_sv"), max_length=300, required=False)
    name_en = forms.CharField(label=field_label(Indicator, "name_en"), max_length=300, required=False)
    unit = forms.ChoiceField(label=field_label(Indicator, "unit"), choices=Unit.choices)
    baseline = forms.DecimalField(
        label=field_label(Indicator, "baseline"), required=False, max_digits=14, decimal_places=2
    )
    target = forms.DecimalField(label=field_label(Indicator, "target"), max_digits=14, decimal_places=2)


class MilestoneForm(forms.Form):
    description_fi = forms.CharField(label=field_label(Milestone, "description_fi"), max_length=500)
    description_sv = forms.CharField(label=field_label(Milestone, "description_sv"), max_length=500, required=False)
    description_en = forms.CharField(label=field_label(Milestone, "description_en"), max_length=500, required=False)
    due = DateField(label=field_label(Milestone, "due"))
    reached_on = DateField(label=field_label(Milestone, "reached_on"), required=False)


class RecommendationForm(forms.Form):
    source = forms.ChoiceField(label=field_label(Recommendation, "source"), choices=RecommendationSource.choices)
    reference = forms.CharField(
        label=field_label(Recommendation, "reference"),
        max_length=200,
        help_text=_("Where it is written, e.g. GRETA(2024)03, paragraph 45."),
    )
    text_fi = forms.CharField(
        max_length=LONG_TEXT, label=field_label(Recommendation, "text_fi"), widget=forms.Textarea(attrs={"rows": 3})
    )
    text_sv = forms.CharField(
        max_length=LONG_TEXT,
        label=field_label(Recommendation, "text_sv"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    text_en = forms.CharField(
        max_length=LONG_TEXT,
        label=field_label(Recommendation, "text_en"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("Measures of this plan that answer it"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measures"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (measure.number, measure_label(measure))
            for measure in Measure.objects.filter(programme=programme).order_by("number")
        ]


class ApprovalForm(forms.Form):
    """One step of a plan's approval, with the minutes that record it."""

    step = forms.ChoiceField(label=field_label(PlanApproval, "step"), choices=ApprovalStep.choices)
    decided_on = DateField(label=field_label(PlanApproval, "decided_on"))
    meeting = forms.ModelChoiceField(
        label=field_label(PlanApproval, "meeting"), queryset=Meeting.objects.none(), required=False
    )
    reference = forms.CharField(
        label=field_label(PlanApproval, "reference"),
        max_length=300,
        required=False,
        help_text=_("Where the decision is recorded outside Torju, e.g. the Government's decision."),
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Meeting.objects.filter(group__programme=programme).select_related("group").order_by("-date")


class PlanCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
