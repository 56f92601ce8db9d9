"""The form that asks for a document: its format and language. Apps add the parameters of their own kinds."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from torju.documents.jobs import LANGUAGES


def language_choices() -> list[tuple[str, str]]:
    """Each language by its own name (suomi, svenska, English), as the language switch shows them."""
    return [(code, translation.get_language_info(code)["name_local"]) for code in LANGUAGES]


class DocumentForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"))
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    def __init__(self, formats: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        format_field = self.fields["format"]
        assert isinstance(format_field, forms.ChoiceField)
        format_field.choices = [(fmt, fmt.upper()) for fmt in formats]
        active = translation.get_language()
        self.fields["language"].initial = active if active in LANGUAGES else LANGUAGES[0]
