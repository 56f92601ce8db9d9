"""Form pieces every app uses, so that nothing a user typed is lost (docs/decisions/0054-nothing-typed-is-lost.md).

- Dates are typed the Finnish way, `pp.kk.vvvv` (31.1.2025, also 31.01.2025),
  or as ISO (2025-01-31), in every language: `DateField` with its text input
  `DateInput`. The browser's own date input is not used: it sends an
  impossible date (30.2.2025) as empty, and the record was saved without it.
  An unreadable or impossible date is an error naming the field, and the
  form comes back with what was typed.
- Every text field has a maximum length (the `*_TEXT` sizes below, or the
  model column's), shown under the field with a counter (static/torju/
  counter.js). The browser is never given `maxlength`, which cuts pasted text
  silently: a text over the maximum comes back with the field's error and
  every character kept. Requests over DATA_UPLOAD_MAX_MEMORY_SIZE get a page
  saying the limit (torju.web.views.bad_request).
- `FormRenderer` renders every form with an error summary naming each field
  (web/forms/form.html, web/forms/field.html), and starts each required
  select with "Choose…" (`choose_first`).

tests/web/test_form_limits.py walks every form class and fails on a text
field without a maximum or a date field that is not this one.
"""

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# Maximum lengths of free text, in characters (docs/operations.md, "Limits").
SHORT_TEXT = 200  # a name, a title, a place
MEDIUM_TEXT = 2000  # a reason, a decision, a list of links
LONG_TEXT = 10_000  # notes, minutes, what was done
ADDRESS_TEXT = 2000  # a web address the user is sent back to
PASSWORD_TEXT = 1024

FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date:
    """A date typed as pp.kk.vvvv or vvvv-kk-pp. ValueError("unreadable") or ValueError("impossible")."""
    text = text.strip()
    if match := FINNISH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError("unreadable")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError("impossible") from error


def finnish_date(value: date) -> str:
    """31.1.2025: the form Finnish writing uses (no leading zeros)."""
    return f"{value.day}.{value.month}.{value.year}"


class DateInput(forms.TextInput):
    """A text input for a date, with the format under the label (web/forms/field.html) and no browser picker."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "size": "10", "class": "date-input", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return finnish_date(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{widget_attrs['id']}_format {described}".strip()
        return context


class DateField(forms.DateField):
    """A date typed as pp.kk.vvvv or ISO, the same in every language; the error says which of the two went wrong."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Type the date as dd.mm.yyyy, for example 31.1.2025."),
        "impossible": _("There is no such day: %(value)s."),
    }

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return parse_date(text)
        except ValueError as error:
            code = "impossible" if str(error) == "impossible" else "invalid"
            raise ValidationError(self.error_messages[code], code=code, params={"value": text[:20]}) from error


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> DateField:
    return DateField(label=label, required=required, help_text=help_text)


class LongText(forms.CharField):
    """Free text of at most LONG_TEXT characters: a model's TextField in a ModelForm (`Meta.field_classes`)."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=max_length or LONG_TEXT, **kwargs)


class FormRenderer(TemplatesSetting):
    """Renders every form with an error summary that names each field, and a counter under each text field.

    A text field's maximum goes to the page as `data-max-length` (read by the
    counter script) instead of `maxlength`, which browsers enforce by cutting
    what is pasted or typed, silently.
    """

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and isinstance(widget.get("attrs"), dict):
            counted(widget)
            if template_name == SELECT_TEMPLATE:
                choose_first(widget)
        return super().render(template_name, context, request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
DJANGO_EMPTY_LABEL = "---------"


def choose_first(widget: dict[str, Any]) -> None:
    """A required select starts with "Choose…" unless a choice is already made or there is only one; an optional
    one's empty choice is "–" (nothing), as elsewhere on the pages (docs/decisions/0116-choose-first.md).

    Without it the browser shows the first choice as if chosen, and a form saved
    without a look at the field takes it. Django's own empty choice, "---------",
    reads as a code; a form's own empty label ("All") is kept.
    """
    groups: list[tuple[Any, list[dict[str, Any]], int]] = widget.get("optgroups") or []
    options = [option for _group, group_options, _index in groups for option in group_options]
    blank = next((option for option in options if option["value"] in ("", None)), None)
    if blank is not None:
        if str(blank["label"]) == DJANGO_EMPTY_LABEL:
            blank["label"] = _("Choose…") if widget.get("required") else "–"
        return
    only_one = len(options) == 1  # the one possible choice needs no choosing
    if (
        widget.get("required")
        and not widget["attrs"].get("multiple")
        and not only_one
        and not any(option["selected"] for option in options)
    ):
        choose = {
            "name": widget["name"],
            "value": "",
            "label": _("Choose…"),
            "selected": True,
            "index": "",
            "attrs": {"selected": True},
            "type": widget.get("type"),
            "template_name": "django/forms/widgets/select_option.html",
            "wrap_label": True,
        }
        groups.insert(0, (None, [choose], 0))


def counted(widget: dict[str, Any]) -> None:
    """Replace a widget's `maxlength` by `data-max-length` and point it at its counter (if it shows one)."""
    attrs = widget["attrs"]
    limit = attrs.pop("maxlength", None)
    if limit is None:
        return
    if widget.get("type") in ("password", "hidden") or not attrs.get("id"):
        return
    attrs["data-max-length"] = limit
    described = attrs.get("aria-describedby", "")
    attrs["aria-describedby"] = f"{described} {attrs['id']}_counter".strip()
