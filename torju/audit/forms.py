from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from torju.audit.models import Action
from torju.audit.selectors import AuditFilter, object_type_choices
from torju.form_fields import DateField


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices])
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=100)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("Until"), required=False)
    flagged_only = forms.BooleanField(label=_("Flagged events only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ChoiceField)
        chosen = str(self.data.get("object_type") or "")
        known = object_type_choices()
        if chosen and chosen not in {code for code, _label in known}:  # a link to a type with no events yet
            known.append((chosen, chosen))
        object_type.choices = [("", _("All object types")), *known]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", ValidationError(_("The end date must not be before the start date.")))
        return cleaned

    def criteria(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            user=data["user"].strip(),
            action=data["action"],
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            since=data["since"],
            until=data["until"],
            flagged_only=data["flagged_only"],
        )
