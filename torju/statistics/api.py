"""The annual statistics over the REST API (mounted at /api/statistics/).

The answer is the machine-readable form of spec/annual-statistics.md in the
public form, under disclosure control, for analysts and coordinators alike
(its serializers, for the OpenAPI schema, are derived from the typed
description in torju.statistics.schema): an answer of the API leaves the system, and the exact form is only for the
analyst's screen and the command `annual_statistics` without --public (the
issue's rule). Asking for another form is refused (400, naming the
parameter). Every read is recorded in the audit trail.
"""

from functools import cache
from typing import Annotated, Any, get_args, get_origin, get_type_hints, is_typeddict

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import selectors
from torju.statistics.permissions import PUBLIC, READ_STATISTICS, has_ended, year_not_ended_message
from torju.statistics.schema import AnnualStatistics, Help

AUDIT_OBJECT_TYPE = "statistics.annual"


def _field(annotation: Any) -> serializers.Field[Any, Any, Any, Any]:
    """The serializer field of one key of the typed JSON, with its help text."""
    help_text = ""
    if get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
        help_text = next((item.text for item in metadata if isinstance(item, Help)), "")
    if is_typeddict(annotation):
        return serializer_for(annotation)(help_text=help_text)
    if annotation is int:
        return serializers.IntegerField(min_value=0, help_text=help_text)
    if get_origin(annotation) is dict:
        return serializers.DictField(child=serializers.IntegerField(min_value=0), help_text=help_text)
    raise TypeError(f"no serializer field for {annotation!r}")


@cache
def serializer_for(typed: type) -> type[serializers.Serializer[Any]]:
    """A serializer describing a TypedDict of torju.statistics.schema (for the OpenAPI schema), named after it."""
    fields = {name: _field(annotation) for name, annotation in get_type_hints(typed, include_extras=True).items()}
    return type(f"{typed.__name__}Serializer", (serializers.Serializer,), {**fields, "__doc__": typed.__doc__})


AnnualStatisticsSerializer = serializer_for(AnnualStatistics)


# What the API takes.


class PublicationSerializer(serializers.Serializer[Any]):
    form = serializers.ChoiceField(
        choices=[PUBLIC],
        default=PUBLIC,
        help_text=(
            "Only `public`: the API serves the public form, under disclosure control, to every reader. "
            "Exact counts are for the analyst's screen and the command annual_statistics."
        ),
    )


class AnnualStatisticsView(APIView):
    """The annual statistics of an ended year in the public form, from the assistance system's first year (2006) on
    (404 for a year before it or after the current one; 403, saying why, for the current year, which is not over)."""

    access_rule = READ_STATISTICS

    @extend_schema(parameters=[PublicationSerializer], responses=AnnualStatisticsSerializer)
    def get(self, request: Request, year: int) -> Response:
        if not selectors.is_reviewable(year):
            raise exceptions.NotFound
        PublicationSerializer(data=request.query_params).is_valid(raise_exception=True)
        if not has_ended(year):
            raise exceptions.PermissionDenied(year_not_ended_message(year))
        statistics = selectors.public_statistics(year)
        record(
            Action.VIEW,
            Actor.from_request(request._request),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year,
            reason=f"api {PUBLIC}",
        )
        return Response(statistics)
