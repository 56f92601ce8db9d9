"""The language switch's form (every other form's pieces are in torju/form_fields.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from torju.form_fields import ADDRESS_TEXT


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")])
    next = forms.CharField(required=False, max_length=ADDRESS_TEXT, widget=forms.HiddenInput)
