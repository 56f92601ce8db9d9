"""Rows of a formset added and removed in place, the same with and without JavaScript
(docs/decisions/0115-formset-rows-in-place.md).

"Add" and "Remove" are submit buttons of the page's own form, named `row`, with the value
`add:<prefix>`, `remove:<prefix>:<index>` or `restore:<prefix>:<index>`. Without JavaScript the
browser posts the whole form and the view shows it again with a row more, or one marked removed;
with htmx the same button posts the same form and the view answers with that formset's part only,
which htmx swaps in place. Nothing is saved until the form's own submit button. A removed row stays
in the form, hidden and marked for deletion with its values kept, so that "Undo" gives it back and
saving deletes it.

The form shown again after a row action is not judged: what was typed so far is kept as typed and
no field shows an error until the user saves.
"""

from dataclasses import dataclass
from typing import Any, Literal, cast

from django import forms
from django.core.exceptions import BadRequest
from django.forms.formsets import DELETION_FIELD_NAME, TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
from django.http import QueryDict

ROW_BUTTON = "row"
MAX_ROWS = 200  # rows added one at a time; a form far beyond this is not typed by a person

Verb = Literal["add", "remove", "restore"]


@dataclass(frozen=True)
class RowAction:
    verb: Verb
    prefix: str
    index: int | None = None


class RemovableRowsFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """An inline formset whose rows are removed with a button (a row action), not a checkbox."""

    deletion_widget = forms.HiddenInput


def row_action(data: QueryDict, prefixes: tuple[str, ...]) -> RowAction | None:
    """The row button pressed, if any; BadRequest for a value no page of Torju sends."""
    value = data.get(ROW_BUTTON)
    if value is None:
        return None
    verb, _colon, rest = value.partition(":")
    prefix, _colon, index = rest.partition(":")
    if prefix not in prefixes:
        raise BadRequest("unknown formset")
    if verb == "add" and not index:
        return RowAction("add", prefix)
    if verb in ("remove", "restore") and index.isdigit():
        return RowAction(cast(Verb, verb), prefix, int(index))
    raise BadRequest("unknown row action")


def apply_row_action(data: QueryDict, action: RowAction) -> QueryDict:
    """The posted form with the row added, removed or restored: the data the forms are shown again from."""
    changed = data.copy()
    del changed[ROW_BUTTON]
    total_key = f"{action.prefix}-{TOTAL_FORM_COUNT}"
    total = changed.get(total_key, "")
    if not total.isdigit():
        raise BadRequest("the formset's management form is missing")
    rows = int(total)
    if action.verb == "add":
        changed[total_key] = str(min(rows + 1, MAX_ROWS))
    elif action.index is not None and action.index < rows:
        changed[f"{action.prefix}-{action.index}-{DELETION_FIELD_NAME}"] = "on" if action.verb == "remove" else ""
    else:
        raise BadRequest("no such row")
    return changed


def is_removed(form: forms.BaseForm) -> bool:
    """Whether the row is marked for deletion (read from the posted data: the form need not be valid)."""
    if not form.is_bound or DELETION_FIELD_NAME not in form.fields:
        return False
    return bool(form.fields[DELETION_FIELD_NAME].to_python(form[DELETION_FIELD_NAME].data))


def unjudged(*parts: forms.BaseForm | forms.BaseFormSet) -> None:  # type: ignore[type-arg]
    """Forms and formsets shown again with what was typed, without errors: they are validated on saving."""
    # Django validates a form on the first read of its errors and keeps them in `_errors` (a formset also in
    # `_non_form_errors`); empty ones there mean "nothing to show", and nothing is validated.
    for part in parts:
        if isinstance(part, forms.BaseFormSet):
            part._errors = []  # type: ignore[attr-defined]
            part._non_form_errors = part.error_class()  # type: ignore[attr-defined]
            unjudged(*part.forms)
        else:
            part._errors = ErrorDict()  # type: ignore[attr-defined]


def rows(formset: forms.BaseFormSet, title: str, focus: RowAction | None = None) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """The formset's forms for the template: each with its index, its title (`title` % {"number": n}, from 1),
    whether it is removed, and whether it takes the focus (the row the action added, removed or restored)."""
    shown = []
    for index, form in enumerate(formset.forms):
        focused = focus is not None and focus.prefix == formset.prefix and index == _focused_index(focus, formset)
        removed = is_removed(form)
        if focused and not removed:
            _focus_first_field(form)
        shown.append(
            {"form": form, "index": index, "title": title % {"number": index + 1}, "removed": removed, "focus": focused}
        )
    return shown


def _focused_index(action: RowAction, formset: forms.BaseFormSet) -> int:  # type: ignore[type-arg]
    return len(formset.forms) - 1 if action.index is None else action.index


def _focus_first_field(form: forms.BaseForm) -> None:
    """The row's first field takes the focus (htmx focuses `autofocus` in what it swaps in; so does the browser)."""
    for field in form.visible_fields():
        field.field.widget.attrs["autofocus"] = True
        return
