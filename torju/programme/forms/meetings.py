"""Forms of meetings: the meeting, its participants and agenda items (formsets), comments and follow-up."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation, Role, User
from torju.form_fields import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT, DateField
from torju.formsets import RemovableRowsFormSet
from torju.programme.forms.common import TIME_INPUT, field_label
from torju.programme.models import (
    AgendaItem,
    GroupKind,
    GroupMembership,
    Meeting,
    MemberRole,
    Participant,
    Programme,
    ProgrammeGroup,
)
from torju.programme.rules import meeting_time_problems


class UserChoiceField(forms.ModelChoiceField[User]):
    """Users by their full names (and bodies), as a chair or a secretary knows them."""

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.code})" if obj.organisation else name


def _meeting_label(name: str) -> Any:
    return field_label(Meeting, name)


class MeetingForm(forms.Form):
    """The meeting itself; its participants and agenda items are the formsets below it."""

    group = forms.ModelChoiceField(
        label=_meeting_label("group"),
        queryset=ProgrammeGroup.objects.select_related("programme").order_by("programme", "kind", "name_fi"),
        required=False,
        help_text=_("The group decides the plan and the kind of body; its members read the minutes once circulated."),
    )
    programme = forms.ModelChoiceField(
        label=_meeting_label("programme"), queryset=Programme.objects.order_by("-start_year"), required=False
    )
    body = forms.ChoiceField(label=_meeting_label("body"), choices=GroupKind.choices)
    body_name = forms.CharField(label=_meeting_label("body_name"), max_length=300, required=False)
    number = forms.IntegerField(label=_meeting_label("number"), min_value=1, max_value=32767, required=False)
    date = DateField(label=_meeting_label("date"))
    start_time = forms.TimeField(label=_meeting_label("start_time"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_meeting_label("end_time"), widget=TIME_INPUT, required=False)
    place = forms.CharField(label=_meeting_label("place"), max_length=300)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start_time"):
            for field, problem in meeting_time_problems(cleaned["start_time"], cleaned.get("end_time")).items():
                self.add_error(field, problem)
        return cleaned


class ParticipantForm(forms.ModelForm[Participant]):
    class Meta:
        model = Participant
        fields = ["user", "name", "title", "organisation", "role", "role_note", "left_at"]
        widgets = {"left_at": TIME_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"] = UserChoiceField(
            label=field_label(Participant, "user"),
            help_text=_("The group's member, when the participant is one."),
            queryset=User.objects.filter(group_memberships__isnull=False)
            .distinct()
            .order_by("last_name", "first_name"),
            required=False,
        )


class AgendaItemForm(forms.ModelForm[AgendaItem]):
    """An agenda item with its minutes and (at most) one decision linked to measures."""

    decision = forms.CharField(
        max_length=MEDIUM_TEXT, label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_measures = forms.CharField(
        max_length=SHORT_TEXT,
        label=_("Measures the decision concerns"),
        required=False,
        help_text=_("Measure numbers separated by commas, e.g. 3, 5."),
    )
    decision_owner = forms.ModelChoiceField(
        label=_("Who carries the decision out"),
        queryset=Organisation.objects.exclude(kind="assistance_office").order_by("code"),
        required=False,
    )
    decision_deadline = DateField(label=_("Deadline of the decision"), required=False)

    minutes = forms.CharField(
        label=field_label(AgendaItem, "minutes"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            decision = self.instance.decisions.first()
            if decision is not None:
                self.initial["decision"] = decision.text
                self.initial["decision_owner"] = decision.owner_id
                self.initial["decision_deadline"] = decision.deadline
                self.initial["decision_measures"] = ", ".join(
                    str(number) for number in decision.measures.order_by("number").values_list("number", flat=True)
                )

    def clean_decision_measures(self) -> list[int]:
        raw: str = self.cleaned_data.get("decision_measures", "")
        numbers = []
        for part in filter(None, (piece.strip() for piece in raw.replace(";", ",").split(","))):
            if not part.isdigit():
                raise ValidationError(_("“%(value)s” is not a measure number."), params={"value": part[:20]})
            numbers.append(int(part))
        return numbers


# One empty row to begin with; the user adds and removes rows in place (torju/formsets.py).
ParticipantFormSet = forms.inlineformset_factory(
    Meeting,
    Participant,
    form=ParticipantForm,
    formset=RemovableRowsFormSet,
    extra=0,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
AgendaItemFormSet = forms.inlineformset_factory(
    Meeting,
    AgendaItem,
    form=AgendaItemForm,
    formset=RemovableRowsFormSet,
    extra=0,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class MinutesCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class DecisionDoneForm(forms.Form):
    done_on = DateField(label=_("Done on"))
    note = forms.CharField(label=_("How it was done"), required=False, max_length=2000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX or ODT; files with macros are not taken."))


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=field_label(ProgrammeGroup, "kind"), choices=GroupKind.choices)
    name_fi = forms.CharField(label=field_label(ProgrammeGroup, "name_fi"), max_length=300)
    name_sv = forms.CharField(label=field_label(ProgrammeGroup, "name_sv"), max_length=300, required=False)
    name_en = forms.CharField(label=field_label(ProgrammeGroup, "name_en"), max_length=300, required=False)


class MembershipForm(forms.Form):
    user = UserChoiceField(label=_("User"), queryset=User.objects.none())
    role = forms.ChoiceField(label=field_label(GroupMembership, "role"), choices=MemberRole.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, UserChoiceField)
        field.queryset = (
            User.objects.filter(is_active=True, role_grants__role=Role.GROUP_MEMBER)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
