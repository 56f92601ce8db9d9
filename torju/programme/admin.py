"""Administration of programmes: create a new plan, or correct one, by hand."""

from django.contrib import admin

from torju.programme.models import Measure, Objective, PriorityArea, Programme, Responsibility


class ObjectiveInline(admin.StackedInline[Objective, Programme]):
    model = Objective
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["slug", "name_fi", "start_year", "end_year", "stage"]
    inlines = [ObjectiveInline]


class ResponsibilityInline(admin.TabularInline[Responsibility, Measure]):
    model = Responsibility
    extra = 1
    ordering = ["position"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    list_display = ["programme", "number", "objective", "schedule_start", "schedule_end", "funding_dependent"]
    list_filter = ["programme", "funding_dependent", "priority_areas"]
    search_fields = ["text_fi"]
    inlines = [ResponsibilityInline]
    filter_horizontal = ["priority_areas"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin[PriorityArea]):
    list_display = ["code", "name_fi"]
