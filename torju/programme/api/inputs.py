"""What the programme API takes: each serializer parses a request's data; the services check the rules."""

from typing import Any

from rest_framework import serializers

from torju.programme.models import PriorityArea, ReportState, Status
from torju.programme.programme_file.checking import MAX_NUMBER


class PriorityAreasInputSerializer(serializers.Serializer[Any]):
    priority_areas = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=PriorityArea.objects.all(), help_text="Codes of the priority areas."
    )


class RoundInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()
    measures = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_NUMBER),
        allow_empty=False,
        help_text="Measure numbers.",
    )


class StatusReportInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, default="")
    done = serializers.CharField(allow_blank=True, default="")
    next_steps = serializers.CharField(allow_blank=True, default="")
    funding = serializers.CharField(allow_blank=True, default="")
    links = serializers.CharField(allow_blank=True, default="", help_text="One web address per line.")
    public_summary = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="What the public progress page may show of the report. Left out: the draft's stays.",
    )
    indicator_values = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=(
            "Values of the measure's indicators by indicator id, as text in the indicator's unit (a count is a "
            "whole number, zero or more); empty: no value. Left out: the draft's stay."
        ),
    )
    milestones_reached = serializers.DictField(
        child=serializers.DateField(allow_null=True),
        required=False,
        help_text="The day each of the measure's milestones was reached, by milestone id. Left out: the draft's stay.",
    )
    revision = serializers.IntegerField(
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The revision of the report the caller read; null when the body has no report yet.",
    )
    submit = serializers.BooleanField(default=False, help_text="Submit as a new version instead of saving a draft.")


class CommentInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    return_for_completion = serializers.BooleanField(default=False)


class ReportFilterSerializer(serializers.Serializer[Any]):
    programme = serializers.SlugField(required=False, help_text="Identifier (slug) of the programme.")
    round = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text="Id of the round.")
    measure = serializers.IntegerField(required=False, min_value=1, max_value=MAX_NUMBER, help_text="Measure number.")
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)
