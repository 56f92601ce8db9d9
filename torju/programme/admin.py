"""Administration of programmes: create a new plan, or correct one, by hand."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from torju.programme.models import Measure, Objective, PriorityArea, Programme, Responsibility


class ObjectiveInline(admin.StackedInline[Objective, Programme]):
    model = Objective
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["slug", "name_fi", "start_year", "end_year", "stage"]
    inlines = [ObjectiveInline]


# Stacked, not tabular: a tabular inline's fields have no labels of their own and an empty header cell (axe-core).
class ResponsibilityInline(admin.StackedInline[Responsibility, Measure]):
    model = Responsibility
    extra = 1
    ordering = ["position"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    list_display = ["programme", "number", "objective", "schedule_start", "schedule_end", "funding_dependent"]
    list_filter = ["programme", "funding_dependent", "priority_areas"]
    search_fields = ["text_fi"]
    inlines = [ResponsibilityInline]
    # A handful of priority areas: checkboxes, not the two-list widget (whose labels fail axe-core's contrast
    # and ARIA rules in the site's frame).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin[PriorityArea]):
    list_display = ["code_shown", "name_fi"]

    @admin.display(description=_("code"), ordering="code")
    def code_shown(self, area: PriorityArea) -> str:
        """The code the staff edit here, marked as a code (the walk of issue 16 reads it as one)."""
        return format_html("<code>{}</code>", area.code)
