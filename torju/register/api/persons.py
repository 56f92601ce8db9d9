"""The API's persons: the exact search, a person's record and changes to it."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from torju.actor import unlock
from torju.register import services
from torju.register.api.common import (
    PERSON_NOT_FOUND,
    RegisterView,
    actor_of,
    audited_person_detail,
    validated,
    visible_person,
)
from torju.register.api.input_serializers import PersonSearchSerializer, PersonUpdateSerializer, person_details_of
from torju.register.api.output_serializers import (
    PersonConflictSerializer,
    PersonDetailSerializer,
    PersonMatchSerializer,
    PersonSerializer,
)
from torju.register.models import Person
from torju.register.permissions import sees_identifiers
from torju.register.selectors import PersonSearch
from torju.throttling import PERSON_SEARCH


class PersonSearchView(RegisterView):
    """Find a person by an exact key; audited by the criteria used. At most 20 matches. Throttled per user.

    A match the caller may not open is listed with `visible: false` and no
    more than its person identifier, so that a new application joins the
    existing person instead of creating a duplicate. A search by the
    identity code, or by the names with the date of birth, also lists the
    person's cases the caller may not open yet (`cases_elsewhere`, ids and
    dates of receipt, no case numbers): each can be opened with a reason
    (cases/{id}/open/); until such a search, they answer "not found".
    """

    throttle_scope = PERSON_SEARCH

    @extend_schema(request=PersonSearchSerializer, responses=PersonMatchSerializer(many=True))
    def post(self, request: Request) -> Response:
        """The criteria in the body (never in the query string), so that no identifier ends up in an address,
        a server log or the audit trail. A person found may be given as `person` of a new case."""
        search = PersonSearch(**validated(PersonSearchSerializer, request.data))
        matches = services.search_persons(actor=actor_of(request), search=search)
        for kind, found in services.unlocked_by_search(search, matches).items():
            unlock(request._request, kind, found)
        return Response(PersonMatchSerializer(matches, many=True).data)


class PersonDetailView(RegisterView):
    """A person's record, for those who may open one of the person's cases."""

    def represent_conflict(self, current: Person) -> dict[str, Any]:
        """The person as saved now, identifiers and all: a view of the record, audited as one."""
        actor = actor_of(self.request)
        services.record_person_view(actor=actor, person=current)
        return dict(PersonSerializer(current, context={"identifiers": sees_identifiers(actor)}).data)

    @extend_schema(responses={200: PersonDetailSerializer, 404: PERSON_NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The record with the identifiers; audited as a view."""
        return Response(audited_person_detail(request, visible_person(request, pk)))

    @extend_schema(
        request=PersonUpdateSerializer,
        responses={200: PersonDetailSerializer, 404: PERSON_NOT_FOUND, 409: PersonConflictSerializer},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change the person's details (caseworkers); the fields given replace the saved ones."""
        person = visible_person(request, pk)
        given = PersonUpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        saved = person.read_identifiers()
        values: dict[str, Any] = {field: getattr(saved, field) for field in services.IDENTIFIER_FIELDS}
        values.update({field: getattr(person, field) for field in services.PERSON_FIELDS})
        values.update(given.validated_data)
        updated = services.update_person(
            actor=actor_of(request), person=person, revision=values["revision"], details=person_details_of(values)
        )
        return Response(audited_person_detail(request, updated))
