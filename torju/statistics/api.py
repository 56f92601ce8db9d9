"""The annual statistics over the REST API (mounted at /api/statistics/).

The answer is the machine-readable form of spec/annual-statistics.md in the
public form, under disclosure control, for analysts and coordinators alike:
an answer of the API leaves the system, and the exact form is only for the
analyst's screen and the command `annual_statistics` without --public (the
issue's rule). Asking for another form is refused (400, naming the
parameter). Every read is recorded in the audit trail.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.actor import legacy_actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import selectors
from torju.statistics.permissions import PUBLIC, READ_STATISTICS

AUDIT_OBJECT_TYPE = "statistics.annual"


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(min_value=0), help_text=help_text)


def _count(help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, help_text=help_text)


# What the API shows (for the schema: the view answers the computed JSON as it is).


class ApplicationsSerializer(serializers.Serializer[Any]):
    received = _count("Applications received in the year.")
    by_source = _counts("By application_source code, every code listed.")


class DecisionsSerializer(serializers.Serializer[Any]):
    positive = _count()
    negative = _count()
    negative_by_reason = _counts("By negative_reason code, every code listed.")


class NewClientsSerializer(serializers.Serializer[Any]):
    victims = _count("Distinct persons with a positive decision in the year.")
    children_of_victims = _count()
    by_sex = _counts("By sex code: F, M, X.")
    by_age_band = _counts("Age at the decision: 0-17, 18-29, 30-39, 40-49, 50-59, 60+, unknown.")
    minors = _count()
    nationalities = _count("Distinct nationalities, not counting XX (stateless) and ZZ (unknown).")
    by_nationality = _counts(
        "By country code, only those that occur; countries with fewer persons than the disclosure threshold are "
        "merged into the key `other`."
    )
    events = _count("Trafficking events (primary and secondary forms).")
    events_by_form = _counts("By exploitation_form code, every code listed.")


class MultipleEventsSerializer(serializers.Serializer[Any]):
    victims = _count("Persons with two or more events in Finland.")
    by_sex = _counts("By sex code.")


class ExploitedInFinlandSerializer(serializers.Serializer[Any]):
    victims = _count("New clients with at least one event in Finland.")
    by_sex = _counts("By sex code.")
    nationalities = _count()
    by_nationality = _counts("By country code; small ones merged into `other`, as for the new clients.")
    events = _count("Events in Finland.")
    events_by_form = _counts("By exploitation_form code.")
    forced_labour_by_sector = _counts("By sector code, and `unknown`.")
    multiple_events = MultipleEventsSerializer()
    by_residence_status = _counts("By residence_status code.")
    with_residence_permit = _count()


class ClienthoodsEndedSerializer(serializers.Serializer[Any]):
    total = _count()
    by_reason = _counts("By end_reason code.")


class ClientsAtYearEndSerializer(serializers.Serializer[Any]):
    total = _count()
    victims = _count()
    children_of_victims = _count()
    victims_by_sex = _counts("By sex code.")
    victims_entered_as_minors = _count()
    victims_under_18 = _count()


class AnnualStatisticsSerializer(serializers.Serializer[Any]):
    """The annual statistics of spec/annual-statistics.md in the public form, under disclosure control."""

    year = serializers.IntegerField()
    applications = ApplicationsSerializer()
    decisions = DecisionsSerializer()
    new_clients = NewClientsSerializer()
    exploited_in_finland = ExploitedInFinlandSerializer()
    reflection_periods_granted = _count()
    clienthoods_ended = ClienthoodsEndedSerializer()
    clients_at_year_end = ClientsAtYearEndSerializer()


# What the API takes.


class FormSerializer(serializers.Serializer[Any]):
    form = serializers.ChoiceField(
        choices=[PUBLIC],
        default=PUBLIC,
        help_text=(
            "Only `public`: the API serves the public form, under disclosure control, to every reader. "
            "Exact counts are for the analyst's screen and the command annual_statistics."
        ),
    )


class AnnualStatisticsView(APIView):
    """The annual statistics of a year in the public form, from the assistance system's first year (2006) to the
    current one (404 for any other year)."""

    access_rule = READ_STATISTICS

    @extend_schema(parameters=[FormSerializer], responses=AnnualStatisticsSerializer)
    def get(self, request: Request, year: int) -> Response:
        if not selectors.is_reviewable(year):
            raise exceptions.NotFound
        FormSerializer(data=request.query_params).is_valid(raise_exception=True)
        statistics = selectors.public_statistics(year)
        record(
            Action.VIEW,
            legacy_actor(request=request._request),
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year,
            reason=f"api {PUBLIC}",
        )
        return Response(statistics)
