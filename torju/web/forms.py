"""Form rendering shared by every page: labelled fields and an error summary."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Renders every form with an error summary that names each field."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")])
    next = forms.CharField(required=False, widget=forms.HiddenInput)
