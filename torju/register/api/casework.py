"""The API's casework: exploitation events, reflection periods, services, children, assessments, the end."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from torju.register import services
from torju.register.api.common import (
    APPLICATION_CONFLICT,
    NOT_FOUND,
    ApplicationConflicts,
    RegisterView,
    actor_of,
    validated,
    visible_application,
)
from torju.register.api.input_serializers import (
    AssessmentInputSerializer,
    ChildInputSerializer,
    ChildLeftInputSerializer,
    EndClienthoodInputSerializer,
    EventInputSerializer,
    ReflectionPeriodInputSerializer,
    ServiceEndInputSerializer,
    ServiceInputSerializer,
    person_details_of,
)
from torju.register.api.output_serializers import (
    ApplicationSerializer,
    ChildSerializer,
    ExploitationEventSerializer,
    NeedsAssessmentSerializer,
    ReflectionPeriodSerializer,
    ServiceProvidedSerializer,
)
from torju.register.models import ExploitationEvent, Person, ServiceProvided


class EventListView(RegisterView):
    """Record a form of exploitation the applicant experienced."""

    def shape_validation_errors(self, detail: dict[str, Any]) -> dict[str, Any]:
        """The service's exploitation_form is the JSON key `form`, as in the exchange format."""
        if "exploitation_form" in detail:
            detail["form"] = detail.pop("exploitation_form")
        return detail

    @extend_schema(request=EventInputSerializer, responses={201: ExploitationEventSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(EventInputSerializer, request.data)
        data["exploitation_form"] = data.pop("form")
        event = services.add_exploitation_event(actor=actor_of(request), application=application, **data)
        return Response(ExploitationEventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventDetailView(RegisterView):
    @extend_schema(responses={204: None, 404: NOT_FOUND})
    def delete(self, request: Request, pk: int, event_pk: int) -> Response:
        """Remove an exploitation event recorded in error."""
        application = visible_application(request, pk)
        event = get_object_or_404(ExploitationEvent, pk=event_pk, application=application)
        services.remove_exploitation_event(actor=actor_of(request), event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReflectionPeriodListView(RegisterView):
    """Grant a reflection period of 1–6 months (also before any decision)."""

    @extend_schema(request=ReflectionPeriodInputSerializer, responses={201: ReflectionPeriodSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(ReflectionPeriodInputSerializer, request.data)
        period = services.grant_reflection_period(actor=actor_of(request), application=application, **data)
        return Response(ReflectionPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


class ServiceListView(RegisterView):
    """Record a service given during the clienthood."""

    @extend_schema(request=ServiceInputSerializer, responses={201: ServiceProvidedSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(ServiceInputSerializer, request.data)
        provided = services.add_service(actor=actor_of(request), application=application, **data)
        return Response(ServiceProvidedSerializer(provided).data, status=status.HTTP_201_CREATED)


class ServiceEndView(RegisterView):
    @extend_schema(request=ServiceEndInputSerializer, responses={200: ServiceProvidedSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, service_pk: int) -> Response:
        """End a service."""
        application = visible_application(request, pk)
        provided = get_object_or_404(ServiceProvided, pk=service_pk, application=application)
        data = validated(ServiceEndInputSerializer, request.data)
        ended = services.end_service(actor=actor_of(request), provided=provided, ended_on=data["ended_on"])
        return Response(ServiceProvidedSerializer(ended).data)


class ChildListView(RegisterView):
    """The client's minor child becomes a client, linked to the parent."""

    @extend_schema(request=ChildInputSerializer, responses={201: ChildSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(ChildInputSerializer, request.data)
        child = services.add_child(
            actor=actor_of(request),
            application=application,
            details=person_details_of(data),
            joined_on=data["joined_on"],
        )
        return Response(ChildSerializer(child).data, status=status.HTTP_201_CREATED)


class ChildLeftView(RegisterView):
    @extend_schema(request=ChildLeftInputSerializer, responses={200: ChildSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, child_pk: int) -> Response:
        """End the child's clienthood."""
        application = visible_application(request, pk)
        child = get_object_or_404(Person, pk=child_pk, parent=application.person)
        data = validated(ChildLeftInputSerializer, request.data)
        ended = services.end_child_clienthood(
            actor=actor_of(request), application=application, child=child, left_on=data["left_on"]
        )
        return Response(ChildSerializer(ended).data)


class AssessmentListView(RegisterView):
    """The individual service needs assessment of the client or of one of their current minor children."""

    @extend_schema(request=AssessmentInputSerializer, responses={201: NeedsAssessmentSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(AssessmentInputSerializer, request.data)
        assessment = services.record_needs_assessment(
            actor=actor_of(request),
            application=application,
            person_id=data["person"],
            assessed_on=data["assessed_on"],
            needs=data["needs"],
            notes=data["notes"],
        )
        return Response(NeedsAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class ClienthoodEndView(ApplicationConflicts, RegisterView):
    """End the clienthood with its reason; 409 when the case changed after the caller read it."""

    @extend_schema(
        request=EndClienthoodInputSerializer,
        responses={200: ApplicationSerializer, 404: NOT_FOUND, **APPLICATION_CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = visible_application(request, pk)
        data = validated(EndClienthoodInputSerializer, request.data)
        ended = services.end_clienthood(actor=actor_of(request), application=application, **data)
        return Response(ApplicationSerializer(ended).data)
