"""What the programme's forms share: date and time inputs, field and measure labels, and showing a service's
refusal."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from torju.programme.languages import in_language, shortened
from torju.programme.models import Measure

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# A measure in a list of choices: the start of its text, enough to tell the 43 apart; the page wraps the rest.
CHOICE_TEXT_CHARS = 200


def measure_label(measure: Measure) -> str:
    """ "12. Text of the measure…" in the page's language (its Finnish text where it has no translation)."""
    return f"{measure.number}. {shortened(in_language(measure, 'text').text, CHOICE_TEXT_CHARS)}"


def field_label(model: type[models.Model], name: str) -> Any:
    """The model field's own name (the same words as the admin and the audit trail), capitalised."""
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return capfirst(found.verbose_name)


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form, at the field it names (else for the whole form)."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
