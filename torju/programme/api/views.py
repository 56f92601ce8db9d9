"""The programme REST API's views: the pages' selectors, services and permissions over JSON.

Every view declares its access rule; object-level visibility comes from
`torju.programme.permissions`, so a round or report the caller may not see
answers 404 exactly like a missing one. Services raise their refusals,
validation errors and edit conflicts, and the API's one exception handler
(torju/api_exceptions.py) answers them: no view catches them.
"""

from typing import Any, ClassVar, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.accounts.models import User
from torju.accounts.permissions import AccessRule
from torju.actor import Actor
from torju.programme import selectors, services
from torju.programme.api.inputs import (
    CommentInputSerializer,
    PriorityAreasInputSerializer,
    ReportFilterSerializer,
    RoundInputSerializer,
    StatusReportInputSerializer,
)
from torju.programme.api.serializers import (
    CommentSerializer,
    EditConflictSerializer,
    MeasureSerializer,
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    RoundSerializer,
    StatusReportSerializer,
)
from torju.programme.models import Measure, Programme, ReportingRound, StatusReport
from torju.programme.permissions import (
    FOLLOW_PROGRAMME,
    MANAGE_PROGRAMME,
    READ_PROGRAMME,
    REPORT_STATUS,
    can_report_on,
    visible_programmes,
    visible_reports,
    visible_rounds,
)

ModelT = TypeVar("ModelT", bound=Model)


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _programme(request: Request, slug: str) -> Programme:
    return get_object_or_404(visible_programmes(request.user, selectors.programmes()), slug=slug)


def _rounds(user: User) -> QuerySet[ReportingRound]:
    return visible_rounds(user, ReportingRound.objects.select_related("programme").prefetch_related("measures"))


def _reports(user: User) -> QuerySet[StatusReport]:
    return visible_reports(
        user,
        StatusReport.objects.select_related("round__programme", "measure", "organisation").prefetch_related(
            "versions__values", "comments"
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


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuledViewSet[Programme]):
    """Action plans; looked up by their identifier (slug). A draft is the coordinator's own."""

    access_rule = READ_PROGRAMME
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Programme]:
        programmes = visible_programmes(self.request.user, selectors.programmes())
        if self.action == "retrieve":
            return programmes.prefetch_related("objectives")
        return programmes

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Programme]]:
        return ProgrammeDetailSerializer if self.action == "retrieve" else ProgrammeSerializer


class MeasureViewSet(RuledViewSet[Measure]):
    """A programme's measures, looked up by number, each with its latest status and its indicators."""

    access_rule = READ_PROGRAMME
    action_rules: ClassVar[dict[str, AccessRule]] = {"partial_update": MANAGE_PROGRAMME}
    serializer_class = MeasureSerializer
    queryset = Measure.objects.none()

    def _context(self, programme: Programme) -> dict[str, Any]:
        return {
            **self.get_serializer_context(),
            "versions": selectors.latest_versions(programme),
            "indicators": {item.indicator.pk: item for item in selectors.indicator_progress(programme)},
        }

    def list(self, request: Request, slug: str) -> Response:
        programme = _programme(request, slug)
        page = self.paginate_queryset(selectors.measures_of(programme))
        serializer = MeasureSerializer(page, many=True, context=self._context(programme))
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, slug: str, number: int) -> Response:
        programme = _programme(request, slug)
        measure = get_object_or_404(selectors.measures_of(programme), number=number)
        return Response(MeasureSerializer(measure, context=self._context(programme)).data)

    @extend_schema(request=PriorityAreasInputSerializer, responses=MeasureSerializer)
    def partial_update(self, request: Request, slug: str, number: int) -> Response:
        """Tag the measure with priority areas (coordinator); the list given replaces the current one."""
        programme = _programme(request, slug)
        measure = get_object_or_404(Measure, programme=programme, number=number)
        given = PriorityAreasInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        if "priority_areas" in given.validated_data:
            services.set_priority_areas(
                actor=Actor.from_request(request), measure=measure, areas=given.validated_data["priority_areas"]
            )
        measure = selectors.measures_of(programme).get(pk=measure.pk)
        return Response(MeasureSerializer(measure, context=self._context(programme)).data)


class RoundViewSet(RuledViewSet[ReportingRound]):
    """Reporting rounds. A reporter sees the rounds that ask for their body's reports."""

    access_rule = FOLLOW_PROGRAMME
    action_rules: ClassVar[dict[str, AccessRule]] = {"create": MANAGE_PROGRAMME}
    serializer_class = RoundSerializer
    queryset = ReportingRound.objects.none()

    def list(self, request: Request, slug: str) -> Response:
        programme = _programme(request, slug)
        rounds = _rounds(_user(request)).filter(programme=programme).order_by("-deadline", "-id")
        page = self.paginate_queryset(rounds)
        return self.get_paginated_response(RoundSerializer(page, many=True).data)

    @extend_schema(request=RoundInputSerializer, responses={201: RoundSerializer})
    def create(self, request: Request, slug: str) -> Response:
        """Open a reporting round on some of the programme's measures (coordinator)."""
        programme = _programme(request, slug)
        given = RoundInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        reporting_round = services.open_round(
            actor=Actor.from_request(request), programme=programme, measure_numbers=values.pop("measures"), **values
        )
        return Response(RoundSerializer(reporting_round).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: int) -> Response:
        reporting_round = get_object_or_404(_rounds(_user(request)), pk=pk)
        return Response(RoundSerializer(reporting_round).data)


class RoundCloseView(APIView):
    """Close a reporting round (coordinator): it takes no more reports."""

    access_rule = MANAGE_PROGRAMME

    @extend_schema(request=None, responses=RoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        reporting_round = get_object_or_404(_rounds(_user(request)), pk=pk)
        services.close_round(actor=Actor.from_request(request), reporting_round=reporting_round)
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


class StatusReportSaveView(APIView):
    """The reporter saves their body's draft on a measure of a round, or submits it as a new version."""

    access_rule = REPORT_STATUS

    @staticmethod
    def represent_conflict(current: StatusReport | None) -> dict[str, Any] | None:
        """The 409's "current": the report as saved now, to merge with and send again (None: none yet)."""
        if current is None:
            return None
        return {
            "state": current.state,
            "revision": current.revision,
            **{field: getattr(current, field) for field in services.REPORT_FIELDS},
            "indicator_values": current.indicator_values,
            "milestones_reached": current.milestones_reached,
        }

    @staticmethod
    def shape_validation_errors(detail: dict[str, Any]) -> dict[str, Any]:
        """An indicator's or a milestone's problem (the service names the form's field, `indicator_<id>`) under
        the input's own key: `{"indicator_values": {"<id>": ["…"]}}`."""
        shaped: dict[str, Any] = {}
        for key, messages in detail.items():
            name, _separator, item = key.partition("_")
            field = {"indicator": "indicator_values", "milestone": "milestones_reached"}.get(name)
            if field is not None and item and item != "values":
                shaped.setdefault(field, {})[item] = messages
            else:
                shaped[key] = messages
        return shaped

    @extend_schema(
        request=StatusReportInputSerializer,
        responses={200: StatusReportSerializer, 201: StatusReportSerializer, 409: EditConflictSerializer},
    )
    def post(self, request: Request, pk: int, number: int) -> Response:
        user = _user(request)
        reporting_round = get_object_or_404(_rounds(user), pk=pk)
        measure = get_object_or_404(reporting_round.measures.all(), number=number)
        if not can_report_on(user, measure):
            raise PermissionDenied
        given = StatusReportInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        revision, submit = values.pop("revision"), values.pop("submit")
        report = services.save_status_report(
            actor=Actor.from_request(request),
            reporting_round=reporting_round,
            measure=measure,
            data=values,
            revision=revision,
            submit=submit,
        )
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
        report = get_object_or_404(_reports(_user(request)), pk=pk)
        given = CommentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        comment = services.comment_on_report(actor=Actor.from_request(request), report=report, **given.validated_data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
