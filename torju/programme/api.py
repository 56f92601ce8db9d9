"""The programme REST API: the pages' selectors, services and permissions over JSON.

Every view declares its access rule; object-level visibility comes from
`torju.programme.permissions`, so a round or report the caller may not see
answers 404 exactly like a missing one. Refusals raise DRF's PermissionDenied,
which the API's exception handler records in the audit trail.
"""

from typing import Any, ClassVar, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.accounts.models import Organisation, User
from torju.accounts.permissions import AccessRule
from torju.concurrency import EditConflictError
from torju.programme import selectors, services
from torju.programme.forms import validate_links
from torju.programme.models import (
    Measure,
    Objective,
    PriorityArea,
    Programme,
    ReportComment,
    ReportingRound,
    ReportState,
    Responsibility,
    Status,
    StatusReport,
    StatusReportVersion,
)
from torju.programme.permissions import (
    FOLLOW_PROGRAMME,
    MANAGE_PROGRAMME,
    REPORT_STATUS,
    can_report_on,
    visible_reports,
    visible_rounds,
)

ModelT = TypeVar("ModelT", bound=Model)


# Serializers: what the API shows.


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    name = serializers.CharField(read_only=True, help_text="The name in the language of the request.")

    class Meta:
        model = Programme
        fields = ["slug", "name", "name_fi", "name_sv", "name_en", "start_year", "end_year", "publication", "published"]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer[Objective]):
    title = serializers.CharField(read_only=True, help_text="The title in the language of the request.")

    class Meta:
        model = Objective
        fields = ["number", "title", "title_fi", "title_sv", "title_en", "introduction_fi"]
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


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    """A measure with its latest status; the view passes the programme's latest versions as context."""

    objective = serializers.IntegerField(source="objective.number", read_only=True)
    text = serializers.CharField(source="text_fi", read_only=True)
    responsible_bodies = ResponsibleBodySerializer(
        source="responsibilities", many=True, read_only=True, help_text="Lead body first."
    )
    priority_areas = serializers.SerializerMethodField(help_text="Codes of the priority areas.")
    status = serializers.SerializerMethodField(help_text="The lead body's latest submitted status, else another's.")

    class Meta:
        model = Measure
        fields = [
            "number",
            "objective",
            "text",
            "responsible_bodies",
            "responsible_bodies_text",
            "schedule_start",
            "schedule_end",
            "funding_dependent",
            "funding_note",
            "priority_areas",
            "status",
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


class VersionSerializer(serializers.ModelSerializer[StatusReportVersion]):
    class Meta:
        model = StatusReportVersion
        fields = ["number", "status", "done", "next_steps", "funding", "links", "submitted_at"]
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


class SavedReportValuesSerializer(ReportValuesSerializer):
    state = serializers.ChoiceField(choices=ReportState.choices)
    revision = serializers.IntegerField()


class EditConflictSerializer(serializers.Serializer[Any]):
    """409: the report changed after the caller read it; nothing was written."""

    detail = serializers.CharField()
    current = SavedReportValuesSerializer(allow_null=True, help_text="The saved report, to merge with and retry.")
    submitted = ReportValuesSerializer(help_text="What the caller sent.")


# Serializers: what the API takes.


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
        child=serializers.IntegerField(min_value=1), allow_empty=False, help_text="Measure numbers."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        if attrs["period_end"] < attrs["period_start"]:
            errors["period_end"] = _("The period must not end before it starts.")
        if attrs["deadline"] < attrs["period_end"]:
            errors["deadline"] = _("The deadline must not be before the end of the period.")
        programme: Programme = self.context["programme"]
        wanted = set(attrs["measures"])
        measures = list(Measure.objects.filter(programme=programme, number__in=wanted).order_by("number"))
        unknown = sorted(wanted - {measure.number for measure in measures})
        if unknown:
            errors["measures"] = _("The programme has no measures %(numbers)s.") % {
                "numbers": ", ".join(map(str, unknown))
            }
        if errors:
            raise serializers.ValidationError(errors)
        return {**attrs, "measures": measures}


class StatusReportInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, default="")
    done = serializers.CharField(allow_blank=True, default="")
    next_steps = serializers.CharField(allow_blank=True, default="")
    funding = serializers.CharField(allow_blank=True, default="")
    links = serializers.CharField(
        allow_blank=True, default="", validators=[validate_links], help_text="One web address per line."
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
    round = serializers.IntegerField(required=False, min_value=1, help_text="Id of the reporting round.")
    measure = serializers.IntegerField(required=False, min_value=1, help_text="Number of the measure.")
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)


# Helpers.


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _programme(slug: str) -> Programme:
    return get_object_or_404(selectors.programmes(), slug=slug)


def _invalid(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(error))


def _rounds(user: User) -> QuerySet[ReportingRound]:
    return visible_rounds(user, ReportingRound.objects.select_related("programme").prefetch_related("measures"))


def _reports(user: User) -> QuerySet[StatusReport]:
    return visible_reports(
        user,
        StatusReport.objects.select_related("round__programme", "measure", "organisation").prefetch_related(
            "versions", "comments"
        ),
    ).order_by("-round__deadline", "round_id", "measure__number", "organisation__code")


class RuledViewSet(viewsets.GenericViewSet[ModelT]):
    """A view set whose writes may demand a stricter rule than its reads.

    `access_rule` (which the permission matrix reads) guards every action;
    `action_rules` replaces it for the named actions before
    AccessRulePermission checks the request.
    """

    access_rule: AccessRule
    action_rules: ClassVar[dict[str, AccessRule]] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        rule = self.action_rules.get(self.action or "")
        if rule is not None:
            self.access_rule = rule
        super().initial(request, *args, **kwargs)


# Views.


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuledViewSet[Programme]):
    """Action plans; looked up by their identifier (slug)."""

    access_rule = FOLLOW_PROGRAMME
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Programme]:
        if self.action == "retrieve":
            return selectors.programmes().prefetch_related("objectives")
        return selectors.programmes()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Programme]]:
        return ProgrammeDetailSerializer if self.action == "retrieve" else ProgrammeSerializer


class MeasureViewSet(RuledViewSet[Measure]):
    """A programme's measures, looked up by number, each with its latest status."""

    access_rule = FOLLOW_PROGRAMME
    action_rules: ClassVar[dict[str, AccessRule]] = {"partial_update": MANAGE_PROGRAMME}
    serializer_class = MeasureSerializer
    queryset = Measure.objects.none()

    def _context(self, programme: Programme) -> dict[str, Any]:
        return {**self.get_serializer_context(), "versions": selectors.latest_versions(programme)}

    def list(self, request: Request, slug: str) -> Response:
        programme = _programme(slug)
        page = self.paginate_queryset(selectors.measures_of(programme))
        serializer = MeasureSerializer(page, many=True, context=self._context(programme))
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, slug: str, number: int) -> Response:
        programme = _programme(slug)
        measure = get_object_or_404(selectors.measures_of(programme), number=number)
        return Response(MeasureSerializer(measure, context=self._context(programme)).data)

    @extend_schema(request=PriorityAreasInputSerializer, responses=MeasureSerializer)
    def partial_update(self, request: Request, slug: str, number: int) -> Response:
        """Tag the measure with priority areas (coordinator); the list given replaces the current one."""
        programme = _programme(slug)
        measure = get_object_or_404(Measure, programme=programme, number=number)
        given = PriorityAreasInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        if "priority_areas" in given.validated_data:
            try:
                services.set_priority_areas(
                    user=_user(request), measure=measure, areas=given.validated_data["priority_areas"], request=request
                )
            except DjangoPermissionDenied as error:
                raise exceptions.PermissionDenied from error
        measure = selectors.measures_of(programme).get(pk=measure.pk)
        return Response(MeasureSerializer(measure, context=self._context(programme)).data)


class RoundViewSet(RuledViewSet[ReportingRound]):
    """Reporting rounds. A reporter sees the rounds that ask for their body's reports."""

    access_rule = FOLLOW_PROGRAMME
    action_rules: ClassVar[dict[str, AccessRule]] = {"create": MANAGE_PROGRAMME}
    serializer_class = RoundSerializer
    queryset = ReportingRound.objects.none()

    def list(self, request: Request, slug: str) -> Response:
        programme = _programme(slug)
        rounds = _rounds(_user(request)).filter(programme=programme).order_by("-deadline", "-id")
        page = self.paginate_queryset(rounds)
        return self.get_paginated_response(RoundSerializer(page, many=True).data)

    @extend_schema(request=RoundInputSerializer, responses={201: RoundSerializer})
    def create(self, request: Request, slug: str) -> Response:
        """Open a reporting round on some of the programme's measures (coordinator)."""
        programme = _programme(slug)
        given = RoundInputSerializer(data=request.data, context={"programme": programme})
        given.is_valid(raise_exception=True)
        try:
            reporting_round = services.open_round(
                user=_user(request), programme=programme, request=request, **given.validated_data
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied from error
        except DjangoValidationError as error:
            raise _invalid(error) from error
        return Response(RoundSerializer(reporting_round).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        reporting_round = get_object_or_404(_rounds(_user(request)), pk=pk)
        return Response(RoundSerializer(reporting_round).data)


class RoundCloseView(APIView):
    """Close a reporting round (coordinator): it takes no more reports."""

    access_rule = MANAGE_PROGRAMME

    @extend_schema(request=None, responses=RoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        reporting_round = get_object_or_404(_rounds(user), pk=pk)
        try:
            services.close_round(user=user, reporting_round=reporting_round, request=request)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied from error
        return Response(RoundSerializer(reporting_round).data)


class StatusReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuledViewSet[StatusReport]):
    """Status reports: the coordinator sees all, a reporter those of their own body."""

    access_rule = FOLLOW_PROGRAMME
    serializer_class = StatusReportSerializer
    queryset = StatusReport.objects.none()

    def get_queryset(self) -> QuerySet[StatusReport]:
        reports = _reports(_user(self.request))
        if self.action != "list":
            return reports
        criteria = ReportFilterSerializer(data=self.request.query_params)
        criteria.is_valid(raise_exception=True)
        given = criteria.validated_data
        if "programme" in given:
            reports = reports.filter(round__programme__slug=given["programme"])
        if "round" in given:
            reports = reports.filter(round_id=given["round"])
        if "measure" in given:
            reports = reports.filter(measure__number=given["measure"])
        if "state" in given:
            reports = reports.filter(state=given["state"])
        return reports

    @extend_schema(parameters=[ReportFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


def _conflict_response(conflict: EditConflictError) -> Response:
    current: StatusReport | None = conflict.current
    return Response(
        {
            "detail": _("The report was changed after you read it. Nothing was saved: compare and send again."),
            "current": None
            if current is None
            else {
                "state": current.state,
                "revision": current.revision,
                **{field: getattr(current, field) for field in services.REPORT_FIELDS},
            },
            "submitted": conflict.submitted,
        },
        status=status.HTTP_409_CONFLICT,
    )


class StatusReportSaveView(APIView):
    """The reporter saves their body's draft on a measure of a round, or submits it as a new version."""

    access_rule = REPORT_STATUS

    @extend_schema(
        request=StatusReportInputSerializer,
        responses={200: StatusReportSerializer, 201: StatusReportSerializer, 409: EditConflictSerializer},
    )
    def post(self, request: Request, pk: int, number: int) -> Response:
        user = _user(request)
        reporting_round = get_object_or_404(_rounds(user), pk=pk)
        measure = get_object_or_404(reporting_round.measures.all(), number=number)
        if not can_report_on(user, measure):
            raise exceptions.PermissionDenied
        given = StatusReportInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        revision, submit = values.pop("revision"), values.pop("submit")
        try:
            report = services.save_status_report(
                user=user,
                reporting_round=reporting_round,
                measure=measure,
                data=values,
                revision=revision,
                submit=submit,
                request=request,
            )
        except EditConflictError as conflict:
            return _conflict_response(conflict)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied from error
        except DjangoValidationError as error:
            raise _invalid(error) from error
        report = _reports(user).get(pk=report.pk)
        created = revision is None
        return Response(
            StatusReportSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReportCommentView(APIView):
    """The coordinator comments on a report; `return_for_completion` sends a submitted report back."""

    access_rule = MANAGE_PROGRAMME

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        report = get_object_or_404(_reports(user), pk=pk)
        given = CommentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            comment = services.comment_on_report(user=user, report=report, request=request, **given.validated_data)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied from error
        except DjangoValidationError as error:
            raise _invalid(error) from error
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
