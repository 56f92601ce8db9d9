"""Forms of the programme's reports as publications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from torju.form_fields import LONG_TEXT, DateField
from torju.programme.forms.common import field_label
from torju.programme.models import Publication, PublicationKind


class PublicationForm(forms.Form):
    kind = forms.ChoiceField(label=field_label(Publication, "kind"), choices=PublicationKind.choices)
    period_start = DateField(
        label=field_label(Publication, "period_start"),
        required=False,
        help_text=_("Empty: the plan's first day."),
    )
    as_of = DateField(label=field_label(Publication, "as_of"))
    summary_fi = forms.CharField(
        max_length=LONG_TEXT,
        label=field_label(Publication, "summary_fi"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    summary_sv = forms.CharField(
        max_length=LONG_TEXT,
        label=field_label(Publication, "summary_sv"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    summary_en = forms.CharField(
        max_length=LONG_TEXT,
        label=field_label(Publication, "summary_en"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    publisher = forms.CharField(label=field_label(Publication, "publisher"), max_length=200, required=False)
    series = forms.CharField(label=field_label(Publication, "series"), max_length=300, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PublicationCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
