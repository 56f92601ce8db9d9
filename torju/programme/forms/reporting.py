"""Forms of status reporting: a round, a report, a comment, the dashboard's filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation
from torju.form_fields import LONG_TEXT, MEDIUM_TEXT, DateField
from torju.programme.forms.common import measure_label
from torju.programme.languages import shortened
from torju.programme.models import Measure, PriorityArea, Programme, Status


class MeasureChoiceField(forms.ModelMultipleChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return measure_label(obj)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    period_start = DateField(label=_("Period from"))
    period_end = DateField(label=_("Period until"))
    deadline = DateField(label=_("Deadline"))
    measures = MeasureChoiceField(
        label=_("Measures"), queryset=Measure.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(programme=programme).order_by("number")
        field = self.fields["measures"]
        assert isinstance(field, MeasureChoiceField)
        field.queryset = measures
        if not self.is_bound:
            self.initial.setdefault("measures", list(measures))


VALUE_TEXT = 30  # an indicator's value as typed: "1 200,50"


class StatusReportForm(forms.Form):
    """The report's texts, and a field for each indicator (`indicator_<id>`) and milestone (`milestone_<id>`)
    of the measure; the service checks the values against the indicators' units."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Choose…")), *Status.choices], required=False)
    done = forms.CharField(
        max_length=LONG_TEXT, label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    next_steps = forms.CharField(
        max_length=LONG_TEXT, label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    funding = forms.CharField(
        max_length=LONG_TEXT, label=_("Funding situation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    links = forms.CharField(
        max_length=MEDIUM_TEXT,
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One web address per line."),
    )
    public_summary = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("A few sentences for the public progress page; the other texts stay internal."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, measure: Measure | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(measure.indicators.all()) if measure is not None else []
        self.milestones = list(measure.milestones.all()) if measure is not None else []
        for indicator in self.indicators:
            target = f"{indicator.target.normalize():f}"
            self.fields[f"indicator_{indicator.pk}"] = forms.CharField(
                label=indicator.name,
                max_length=VALUE_TEXT,
                required=False,
                help_text=_("In %(unit)s; the target is %(target)s.")
                % {"unit": indicator.get_unit_display(), "target": target},
            )
        for milestone in self.milestones:
            self.fields[f"milestone_{milestone.pk}"] = DateField(
                label=milestone.description,
                required=False,
                help_text=_("Reached on (due %(date)s).") % {"date": milestone.due.strftime("%d.%m.%Y")},
            )

    def report_data(self) -> dict[str, Any]:
        """The cleaned data as the service takes it: texts, values by indicator id, days by milestone id."""
        data = dict(self.cleaned_data)
        data["indicator_values"] = {str(i.pk): data.pop(f"indicator_{i.pk}", "") for i in self.indicators}
        data["milestones_reached"] = {str(m.pk): data.pop(f"milestone_{m.pk}", None) for m in self.milestones}
        return data

    @staticmethod
    def initial_of(indicator_values: dict[str, str], milestones_reached: dict[str, str]) -> dict[str, Any]:
        """A report's indicator values and reached milestones (by id) under the form's field names."""
        values: dict[str, Any] = {f"indicator_{key}": value for key, value in indicator_values.items()}
        values |= {f"milestone_{key}": value for key, value in milestones_reached.items()}
        return values


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    return_for_completion = forms.BooleanField(label=_("Return the report for completion"), required=False)


class DashboardFilterForm(forms.Form):
    objective = forms.TypedChoiceField(label=_("Objective"), required=False, coerce=int, empty_value=None)
    organisation = forms.ChoiceField(label=_("Responsible body"), required=False)
    priority_area = forms.ChoiceField(label=_("Priority area"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective_field = self.fields["objective"]
        assert isinstance(objective_field, forms.TypedChoiceField)
        objective_field.choices = [("", _("All"))] + [
            (str(objective.number), f"{objective.number}) {shortened(objective.title, 70)}")
            for objective in programme.objectives.order_by("number")
        ]
        bodies = Organisation.objects.filter(responsibilities__measure__programme=programme).distinct().order_by("code")
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ChoiceField)
        organisation_field.choices = [("", _("All"))] + [(body.code, body.name) for body in bodies]
        area_field = self.fields["priority_area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [("", _("All"))] + [
            (area.code, area.name) for area in PriorityArea.objects.order_by("code")
        ]


class ReminderForm(forms.Form):
    """The coordinator reminds one body of the reports it owes in one round (the dashboard's button)."""

    round = forms.IntegerField(label=_("Round"), widget=forms.HiddenInput)
    organisation = forms.CharField(label=_("Body"), widget=forms.HiddenInput, max_length=40)
