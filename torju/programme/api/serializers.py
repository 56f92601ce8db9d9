"""What the programme API shows: programmes, measures with their status, rounds and status reports."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from torju.accounts.models import Organisation
from torju.programme import selectors
from torju.programme.models import (
    Indicator,
    Measure,
    Objective,
    Programme,
    ReportComment,
    ReportedValue,
    ReportingRound,
    ReportState,
    Responsibility,
    Status,
    StatusReport,
    StatusReportVersion,
)


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    name = serializers.CharField(read_only=True, help_text="The name in the language of the request.")
    published = serializers.BooleanField(read_only=True, help_text="On the public progress pages.")

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "start_year",
            "end_year",
            "publication",
            "stage",
            "published",
        ]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer[Objective]):
    title = serializers.CharField(read_only=True, help_text="The title in the language of the request.")

    class Meta:
        model = Objective
        fields = [
            "number",
            "title",
            "title_fi",
            "title_sv",
            "title_en",
            "introduction_fi",
            "introduction_sv",
            "introduction_en",
        ]
        read_only_fields = fields


class ProgrammeDetailSerializer(ProgrammeSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "objectives"]
        read_only_fields = fields


class ResponsibleBodySerializer(serializers.ModelSerializer[Responsibility]):
    code = serializers.CharField(source="organisation.code", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    lead = serializers.BooleanField(source="is_lead", read_only=True)

    class Meta:
        model = Responsibility
        fields = ["code", "name", "lead"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    """An indicator with its latest reported value (the view passes the programme's indicator progress)."""

    latest = serializers.SerializerMethodField(help_text="The newest reported value, null before any.")
    reported_on = serializers.SerializerMethodField(help_text="The day the newest value was submitted.")

    class Meta:
        model = Indicator
        fields = ["id", "name_fi", "name_sv", "name_en", "unit", "baseline", "target", "latest", "reported_on"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_latest(self, indicator: Indicator) -> str | None:
        item = self.context.get("indicators", {}).get(indicator.pk)
        return None if item is None or item.latest is None else str(item.latest)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_reported_on(self, indicator: Indicator) -> str | None:
        item = self.context.get("indicators", {}).get(indicator.pk)
        return None if item is None or item.reported_on is None else item.reported_on.isoformat()


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    """A measure with its latest status; the view passes the programme's latest versions as context."""

    objective = serializers.IntegerField(source="objective.number", read_only=True)
    text = serializers.CharField(source="text_fi", read_only=True, help_text="The text in Finnish (as text_fi).")
    responsible_bodies_text = serializers.CharField(
        source="responsible_bodies_text_fi", read_only=True, help_text="The bodies as the plan writes them, in Finnish."
    )
    funding_note = serializers.CharField(source="funding_note_fi", read_only=True, help_text="In Finnish.")
    responsible_bodies = ResponsibleBodySerializer(
        source="responsibilities", many=True, read_only=True, help_text="Lead body first."
    )
    priority_areas = serializers.SerializerMethodField(help_text="Codes of the priority areas.")
    status = serializers.SerializerMethodField(help_text="The lead body's latest submitted status, else another's.")
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "number",
            "objective",
            "text",
            "text_fi",
            "text_sv",
            "text_en",
            "responsible_bodies",
            "responsible_bodies_text",
            "responsible_bodies_text_sv",
            "responsible_bodies_text_en",
            "schedule_start",
            "schedule_end",
            "funding_dependent",
            "funding_note",
            "funding_note_sv",
            "funding_note_en",
            "priority_areas",
            "status",
            "indicators",
        ]
        read_only_fields = fields

    def get_priority_areas(self, measure: Measure) -> list[str]:
        return sorted(area.code for area in measure.priority_areas.all())

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, measure: Measure) -> str:
        versions: dict[int, list[StatusReportVersion]] = self.context["versions"]
        return selectors.measure_status(versions.get(measure.pk, []))


class RoundSerializer(serializers.ModelSerializer[ReportingRound]):
    programme = serializers.CharField(source="programme.slug", read_only=True)
    measures = serializers.SerializerMethodField(help_text="Numbers of the measures the round asks reports on.")

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "programme",
            "name",
            "period_start",
            "period_end",
            "deadline",
            "closed",
            "measures",
            "created_at",
        ]
        read_only_fields = fields

    def get_measures(self, reporting_round: ReportingRound) -> list[int]:
        return sorted(measure.number for measure in reporting_round.measures.all())


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["code", "name"]
        read_only_fields = fields


class ReportedValueSerializer(serializers.ModelSerializer[ReportedValue]):
    class Meta:
        model = ReportedValue
        fields = ["indicator", "value"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer[StatusReportVersion]):
    values = ReportedValueSerializer(many=True, read_only=True, help_text="The indicators' values, frozen.")

    class Meta:
        model = StatusReportVersion
        fields = [
            "number",
            "status",
            "done",
            "next_steps",
            "funding",
            "links",
            "public_summary",
            "language",
            "values",
            "submitted_at",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer[ReportComment]):
    class Meta:
        model = ReportComment
        fields = ["id", "text", "returned", "created_at"]
        read_only_fields = fields


class StatusReportSerializer(serializers.ModelSerializer[StatusReport]):
    """A body's report: the working draft (with its revision) and every submitted version, newest first."""

    programme = serializers.CharField(source="round.programme.slug", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)
    measure = serializers.IntegerField(source="measure.number", read_only=True)
    organisation = OrganisationSerializer(read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    indicator_values = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="The draft's indicator values by indicator id."
    )
    milestones_reached = serializers.DictField(
        child=serializers.DateField(), read_only=True, help_text="The draft's reached milestones by milestone id."
    )

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "programme",
            "round",
            "measure",
            "organisation",
            "state",
            "status",
            "done",
            "next_steps",
            "funding",
            "links",
            "public_summary",
            "indicator_values",
            "milestones_reached",
            "revision",
            "updated_at",
            "versions",
            "comments",
        ]
        read_only_fields = fields


class ReportValuesSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    done = serializers.CharField()
    next_steps = serializers.CharField()
    funding = serializers.CharField()
    links = serializers.CharField()
    public_summary = serializers.CharField()
    indicator_values = serializers.DictField(child=serializers.CharField())
    milestones_reached = serializers.DictField(child=serializers.DateField())


class SavedReportValuesSerializer(ReportValuesSerializer):
    state = serializers.ChoiceField(choices=ReportState.choices)
    revision = serializers.IntegerField()


class EditConflictSerializer(serializers.Serializer[Any]):
    """409: the report changed after the caller read it; nothing was written."""

    detail = serializers.CharField()
    current = SavedReportValuesSerializer(allow_null=True, help_text="The saved report, to merge with and retry.")
    submitted = ReportValuesSerializer(help_text="What the caller sent.")
