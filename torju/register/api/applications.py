"""The API's cases: work lists, registration, a case, break-glass, assignment, decisions, the timeline."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from torju.accounts.models import Role
from torju.accounts.permissions import has_role
from torju.actor import unlock
from torju.register import by_id, selectors, services
from torju.register.api.common import (
    APPLICATION_CONFLICT,
    NOT_FOUND,
    ApplicationConflicts,
    RegisterView,
    actor_of,
    audited_application_detail,
    validated,
    visible_application,
)
from torju.register.api.input_serializers import (
    PERSON_DETAIL_FIELDS,
    ApplicationCreateSerializer,
    ApplicationListQuerySerializer,
    ApplicationUpdateSerializer,
    AssignInputSerializer,
    CloseInputSerializer,
    DecisionDraftInputSerializer,
    ReasonInputSerializer,
    WaitingInputSerializer,
    person_details_of,
)
from torju.register.api.output_serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    DecisionDraftSerializer,
    TimelineEntrySerializer,
    WaitingForInformationSerializer,
)
from torju.register.models import Application, DecisionDraft
from torju.register.permissions import (
    OPENED_APPLICATIONS,
    USE_REGISTER,
    WRITING_REASONS,
    can_break_glass,
    office_of,
    registers_applications,
)
from torju.register.timeline import timeline


class ApplicationViewSet(ApplicationConflicts, viewsets.GenericViewSet[Application]):
    """Cases (applications): the work lists, registration, a case, and changes to the application."""

    access_rule = USE_REGISTER
    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()

    def shape_validation_errors(self, detail: dict[str, Any]) -> dict[str, Any]:
        """A new applicant's details are nested in `person_details`: so are the service's errors on them."""
        inner = {field: detail.pop(field) for field in PERSON_DETAIL_FIELDS if field in detail}
        if inner:
            detail["person_details"] = inner
        return detail

    @extend_schema(parameters=[ApplicationListQuerySerializer], responses=ApplicationSerializer(many=True))
    def list(self, request: Request) -> Response:
        """A work list of the cases the caller may see, with the front page's filters."""
        actor = actor_of(request)
        query = ApplicationListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        default = (
            selectors.WorkList.TO_CONFIRM if has_role(request.user, Role.DECISION_MAKER) else selectors.WorkList.MINE
        )
        name = query.validated_data.get("list", default)
        applications = selectors.filter_applications(
            selectors.work_list(actor, name, today=timezone.localdate()), query.criteria()
        )
        page = self.paginate_queryset(applications)
        return self.get_paginated_response(ApplicationSerializer(page, many=True).data)

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationDetailSerializer})
    def create(self, request: Request) -> Response:
        """Register an application at the caller's office (caseworkers), assigned to the caller."""
        actor = actor_of(request)
        if not registers_applications(actor):
            raise PermissionDenied("not a caseworker of an office")
        data = validated(ApplicationCreateSerializer, request.data, actor=actor)
        application_data = {key: data[key] for key in ("received_on", "source", "residence_status")}
        if data.get("person") is not None:
            application = services.register_application(
                actor=actor,
                person=data["person"],
                office=office_of(request.user),
                reason=data["reason"],
                **application_data,
            )
        else:
            application = services.register_new_applicant(
                actor=actor, details=person_details_of(data["person_details"]), **application_data
            )
        return Response(audited_application_detail(request, application), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ApplicationDetailSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, pk: int) -> Response:
        """A case with all that is recorded on it and the applicant's identifiers; audited as a view.

        Another office's case is "not found" until opened with a reason (cases/{id}/open/).
        """
        return Response(audited_application_detail(request, visible_application(request, pk)))

    @extend_schema(request=ApplicationUpdateSerializer, responses={200: ApplicationSerializer, **APPLICATION_CONFLICT})
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the application's date of receipt, source or residence status (caseworkers)."""
        application = visible_application(request, pk)
        given = ApplicationUpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        values = {field: getattr(application, field) for field in services.APPLICATION_FIELDS}
        values.update(given.validated_data)
        revision = values.pop("revision")
        updated = services.update_application(
            actor=actor_of(request), application=application, revision=revision, **values
        )
        return Response(ApplicationSerializer(updated).data)


class ApplicationOpenView(RegisterView):
    """Break-glass: open another office's case with a reason, for the rest of this session, read-only.

    Another office's case is "not found", exactly as a missing id, until
    the caller's session found its applicant by an identifying person search
    (identity code, or names with the date of birth; the search lists the
    person's cases elsewhere). The opening is recorded with the reason and
    flagged for the auditor. Answers 403 on the caller's own case.
    """

    @extend_schema(request=ReasonInputSerializer, responses={200: ApplicationDetailSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        application = by_id.reachable_application(actor, pk)
        if not can_break_glass(actor, application):  # refused before the reason is read
            raise PermissionDenied("break-glass is for another office's cases")
        data = validated(ReasonInputSerializer, request.data)
        services.open_with_reason(actor=actor, application=application, reason=data["reason"])
        unlock(request._request, OPENED_APPLICATIONS, application.case_number)
        return Response(audited_application_detail(request, application))


class ApplicationOpenForWritingView(RegisterView):
    """Write on another office's case opened with a reason: a second reason, for writing (caseworkers).

    Break-glass is read-only; after this, for the rest of the session, the
    caller may work on the case, and every write is flagged for the auditor
    with this reason. 403 on the caller's own case and for decision makers.
    """

    @extend_schema(request=ReasonInputSerializer, responses={200: ApplicationDetailSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        application = visible_application(request, pk)
        data = validated(ReasonInputSerializer, request.data)
        key = services.open_for_writing(actor=actor, application=application, reason=data["reason"])
        unlock(request._request, WRITING_REASONS, key)
        return Response(audited_application_detail(request, application))


class ApplicationAssignView(ApplicationConflicts, RegisterView):
    """Give the case to a caseworker of its office, or to nobody."""

    @extend_schema(
        request=AssignInputSerializer, responses={200: ApplicationSerializer, 404: NOT_FOUND, **APPLICATION_CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(AssignInputSerializer, request.data)
        updated = services.assign_application(
            actor=actor_of(request), application=application, assignee_id=data["assigned_to"], revision=data["revision"]
        )
        return Response(ApplicationSerializer(updated).data)


class ApplicationCloseView(RegisterView):
    """Record a withdrawn or lapsed application (not a decision: no confirmation needed)."""

    @extend_schema(request=CloseInputSerializer, responses={200: ApplicationSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(CloseInputSerializer, request.data)
        closed = services.close_without_decision(actor=actor_of(request), application=application, **data)
        return Response(ApplicationSerializer(closed).data)


class WaitingForInformationView(RegisterView):
    """Why the undecided case waits for information (whoever works on the case); it pauses nothing.

    PUT sets it or changes what it waits for (keeping when it began to wait);
    DELETE says the information came. A decision or a withdrawal ends the
    wait. Each change is in the case's timeline.
    """

    @extend_schema(request=WaitingInputSerializer, responses={200: WaitingForInformationSerializer, 404: NOT_FOUND})
    def put(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(WaitingInputSerializer, request.data)
        waiting = services.set_waiting_for_information(
            actor=actor_of(request), application=application, reason=data["reason"]
        )
        return Response(WaitingForInformationSerializer(waiting).data)

    @extend_schema(responses={204: None, 404: NOT_FOUND})
    def delete(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        services.clear_waiting_for_information(actor=actor_of(request), application=application)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DecisionDraftListView(RegisterView):
    """A caseworker drafts a decision; it takes effect when a decision maker other than the drafter confirms."""

    @extend_schema(request=DecisionDraftInputSerializer, responses={201: DecisionDraftSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(DecisionDraftInputSerializer, request.data)
        draft = services.draft_decision(actor=actor_of(request), application=application, **data)
        return Response(DecisionDraftSerializer(draft).data, status=status.HTTP_201_CREATED)


def _draft(application: Application, draft_pk: int) -> DecisionDraft:
    return get_object_or_404(DecisionDraft, pk=draft_pk, application=application)


class DecisionConfirmView(RegisterView):
    """A decision maker of the case's office, never the drafter, confirms the draft: the decision takes effect."""

    @extend_schema(request=None, responses={200: ApplicationSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, draft_pk: int) -> Response:
        application = visible_application(request, pk)
        draft = _draft(application, draft_pk)
        decided = services.confirm_decision(actor=actor_of(request), application=application, draft_id=draft.pk)
        return Response(ApplicationSerializer(decided).data)


class DecisionRejectView(RegisterView):
    """The decision maker returns the draft to the caseworker with a reason; the draft is removed."""

    @extend_schema(request=ReasonInputSerializer, responses={200: ApplicationSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, draft_pk: int) -> Response:
        application = visible_application(request, pk)
        draft = _draft(application, draft_pk)
        data = validated(ReasonInputSerializer, request.data)
        services.reject_decision_draft(
            actor=actor_of(request), application=application, draft_id=draft.pk, reason=data["reason"]
        )
        return Response(ApplicationSerializer(visible_application(request, pk)).data)


class TimelineView(RegisterView):
    """Everything recorded about the case, oldest first (audited as a view of the case)."""

    pagination_class = PageNumberPagination

    @extend_schema(responses={200: TimelineEntrySerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        services.record_application_view(actor=actor_of(request), application=application)
        paginator = self.pagination_class()
        entries = timeline(application)
        page: list[Any] | None = paginator.paginate_queryset(entries, request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(TimelineEntrySerializer(page, many=True).data)
