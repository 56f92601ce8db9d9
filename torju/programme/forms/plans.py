"""Forms of the plans: a new plan, its import, its texts, priority areas, indicators, milestones,
recommendations and its approval."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from torju.programme.forms.common import field_label
from torju.programme.models import Measure, Objective, PriorityArea, Programme
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
