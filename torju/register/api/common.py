"""What the register's API views share: the actor, finding what the caller may see, the audited detail answers."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from torju.actor import Actor
from torju.register import by_id, selectors, services
from torju.register.api.output_serializers import (
    ApplicationConflictSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    PersonDetailSerializer,
)
from torju.register.models import Application, Person
from torju.register.permissions import USE_REGISTER, sees_identifiers


def actor_of(request: Request) -> Actor:
    return Actor.from_request(request._request)


def visible_application(request: Request, pk: int) -> Application:
    """A case the caller may open now; any other is "not found" (torju.register.by_id)."""
    return by_id.visible_application(actor_of(request), pk)


def visible_person(request: Request, pk: int) -> Person:
    return by_id.visible_person(actor_of(request), pk)


def audited_application_detail(request: Request, application: Application) -> dict[str, Any]:
    """The case with the applicant's identifiers: recorded in the audit trail as a view of the case."""
    actor = actor_of(request)
    services.record_application_view(actor=actor, application=application)
    application = (
        Application.objects.select_related(*selectors.LISTED_WITH)
        .prefetch_related(
            "exploitation_events",
            "decision_drafts__drafted_by",
            "decision_drafts__confirmed_by",
            "reflection_periods",
            "services_provided",
            "needs_assessments__person",
            "needs_assessments__assessed_by",
        )
        .get(pk=application.pk)
    )
    context = {"actor": actor, "identifiers": sees_identifiers(actor)}
    return dict(ApplicationDetailSerializer(application, context=context).data)


def audited_person_detail(request: Request, person: Person) -> dict[str, Any]:
    """The person's record with their identifiers: recorded in the audit trail as a view of the person."""
    actor = actor_of(request)
    services.record_person_view(actor=actor, person=person)
    context = {"actor": actor, "identifiers": sees_identifiers(actor)}
    return dict(PersonDetailSerializer(person, context=context).data)


def validated(serializer_class: type[serializers.Serializer[Any]], data: Any, **context: Any) -> dict[str, Any]:
    given = serializer_class(data=data, context=context)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


APPLICATION_CONFLICT = {409: ApplicationConflictSerializer}
NOT_FOUND = OpenApiResponse(description="No such case, or not one the caller may open.")
PERSON_NOT_FOUND = OpenApiResponse(description="No such person, or not one the caller may open.")


class RegisterView(APIView):
    """The register's API views: caseworkers and decision makers only.

    Services' refusals, validation errors and edit conflicts rise to the
    API's exception handler (torju.api_exceptions), which asks the view how
    to show a conflicting record (`represent_conflict`).
    """

    access_rule = USE_REGISTER


class ApplicationConflicts:
    """A 409 of a case view shows the case as saved now."""

    def represent_conflict(self, current: Application) -> dict[str, Any]:
        return dict(
            ApplicationSerializer(Application.objects.select_related(*selectors.LISTED_WITH).get(pk=current.pk)).data
        )
