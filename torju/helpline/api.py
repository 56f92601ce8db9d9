"""The helpline's REST API: contacts, consultation cases, referrals and statistics, with the pages' rules.

The same selectors, services and permissions as the pages: contacts and
cases for helpline advisers; referrals for advisers and for the caseworkers
and decision makers of the office they were sent to; statistics for
analysts, advisers (exact) and coordinators (public form). A record the
caller may not see is 404, like a missing one. Services raise their
refusals and the project's exception handler answers them (400 with field
errors, 403, 409 with the saved record). Every read is in the audit trail.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.actor import Actor
from torju.helpline import selectors
from torju.helpline.anonymity import TextCheck
from torju.helpline.api_serializers import (
    ConsultationCaseCloseSerializer,
    ConsultationCaseDetailSerializer,
    ConsultationCaseListQuerySerializer,
    ConsultationCaseSerializer,
    ConsultationCaseUpdateSerializer,
    HelplineConflictSerializer,
    HelplineContactCreateSerializer,
    HelplineContactIdsSerializer,
    HelplineContactListQuerySerializer,
    HelplineContactSerializer,
    HelplineContactUpdateSerializer,
    HelplineRevisionSerializer,
    HelplineStatisticsQuerySerializer,
    ReferralCreateSerializer,
    ReferralDeclineSerializer,
    ReferralListQuerySerializer,
    ReferralOutcomeSerializer,
    ReferralSerializer,
    SavedHelplineContactSerializer,
    SavedReferralSerializer,
    ScreeningIndicatorsSerializer,
)
from torju.helpline.models import ConsultationCase, Contact, Referral
from torju.helpline.permissions import (
    ADVISE,
    READ_STATISTICS,
    REFERRALS,
    visible_cases,
    visible_contacts,
    visible_referrals,
)
from torju.helpline.reporting import is_reportable, publication_for, statistics_for
from torju.helpline.services import cases as case_services
from torju.helpline.services import contacts as contact_services
from torju.helpline.services import referrals as referral_services

NOT_FOUND = OpenApiResponse(description="No such record, or not one the caller may see.")
CONFLICT = {409: HelplineConflictSerializer}


def _validated(serializer_class: type[serializers.Serializer[Any]], data: Any, request: Request) -> Any:
    given = serializer_class(data=data, context={"request": request})
    given.is_valid(raise_exception=True)
    return given


def _warnings(check: TextCheck) -> dict[str, list[str]]:
    return check.warnings


class HelplineView(APIView):
    """Contacts and cases: helpline advisers only."""

    access_rule = ADVISE
    pagination_class = PageNumberPagination

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def paginated(self, queryset: Any, serializer: Any, **context: Any) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        data = serializer(page, many=True, context={"request": self.request, **context}).data
        return paginator.get_paginated_response(data)


# Contacts.


def _contact(request: Request, pk: int) -> Contact:
    contacts = visible_contacts(request.user).select_related("case", "recorded_by")
    return get_object_or_404(contacts.prefetch_related("exploitation_forms", "actions"), pk=pk)


class ContactListView(HelplineView):
    @extend_schema(parameters=[HelplineContactListQuerySerializer], responses=HelplineContactSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The info line's contacts, newest first, filtered as on the contact list page."""
        query = _validated(HelplineContactListQuerySerializer, request.query_params, request)
        criteria = selectors.ContactFilter(**query.validated_data)
        response = self.paginated(selectors.contacts_for(request.user, criteria), HelplineContactSerializer)
        case_services.record_list_view(
            self.actor(), Contact._meta.label_lower, shown=len(response.data["results"]), criteria=criteria.as_dict()
        )
        return response

    @extend_schema(request=HelplineContactCreateSerializer, responses={201: SavedHelplineContactSerializer})
    def post(self, request: Request) -> Response:
        """Log a contact (with `case`, the latest contact of an open consultation case)."""
        given = _validated(HelplineContactCreateSerializer, request.data, request)
        case = given.validated_data.get("case")
        saved = contact_services.record_contact(self.actor(), given.details(), case=case)
        data = SavedHelplineContactSerializer(saved.record, context={"warnings": _warnings(saved.warnings)}).data
        return Response(data, status=status.HTTP_201_CREATED)


class ContactDetailView(HelplineView):
    def represent_conflict(self, current: Contact) -> dict[str, Any]:
        return dict(HelplineContactSerializer(current).data)

    @extend_schema(responses={200: HelplineContactSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """A contact; audited as a view."""
        contact = _contact(request, pk)
        contact_services.record_contact_view(self.actor(), contact)
        return Response(HelplineContactSerializer(contact).data)

    @extend_schema(
        request=HelplineContactUpdateSerializer,
        responses={200: SavedHelplineContactSerializer, 404: NOT_FOUND, **CONFLICT},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Correct a contact; the fields given replace the saved ones."""
        contact = _contact(request, pk)
        saved_values = vars(contact_services.details_of(contact))
        given = HelplineContactUpdateSerializer(
            data={**_plain(saved_values), **request.data}, context={"request": request}
        )
        given.is_valid(raise_exception=True)
        if "revision" not in request.data:
            raise serializers.ValidationError({"revision": [given.fields["revision"].error_messages["required"]]})
        saved = contact_services.update_contact(
            self.actor(), contact, given.validated_data["revision"], given.details()
        )
        return Response(
            SavedHelplineContactSerializer(saved.record, context={"warnings": _warnings(saved.warnings)}).data
        )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Saved values as input a serializer takes again (tuples as lists)."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in values.items()}


# Consultation cases.


def _case(request: Request, pk: int) -> ConsultationCase:
    return get_object_or_404(visible_cases(request.user).prefetch_related("advisers"), pk=pk)


def _contacts_of(request: Request, ids: list[int]) -> list[Contact]:
    found = list(visible_contacts(request.user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"contacts": [_("No such contact, or not one you may see.")]})
    return found


class CaseListView(HelplineView):
    @extend_schema(parameters=[ConsultationCaseListQuerySerializer], responses=ConsultationCaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Consultation cases, newest first: the open and waiting ones, or those of one status."""
        query = _validated(ConsultationCaseListQuerySerializer, request.query_params, request)
        cases = selectors.cases_for(request.user, query.validated_data["status"]).prefetch_related("advisers")
        response = self.paginated(cases, ConsultationCaseSerializer)
        case_services.record_list_view(
            self.actor(),
            ConsultationCase._meta.label_lower,
            shown=len(response.data["results"]),
            criteria=query.validated_data,
        )
        return response

    @extend_schema(request=HelplineContactIdsSerializer, responses={201: ConsultationCaseDetailSerializer})
    def post(self, request: Request) -> Response:
        """Start a consultation case of the contacts given (a contact in another open case moves)."""
        given = _validated(HelplineContactIdsSerializer, request.data, request)
        case = case_services.group_contacts(self.actor(), _contacts_of(request, given.validated_data["contacts"]))
        return Response(
            ConsultationCaseDetailSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class CaseView(HelplineView):
    def represent_conflict(self, current: ConsultationCase) -> dict[str, Any]:
        return dict(ConsultationCaseSerializer(current).data)

    def detail(self, case: ConsultationCase, warnings: TextCheck | None = None) -> dict[str, Any]:
        context = {"request": self.request, "warnings": _warnings(warnings) if warnings else {}}
        return dict(ConsultationCaseDetailSerializer(case, context=context).data)


class CaseDetailView(CaseView):
    @extend_schema(responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """A case with its contacts in order, its indicators and referrals; audited as a view."""
        case = _case(request, pk)
        case_services.record_case_view(self.actor(), case)
        return Response(self.detail(case))

    @extend_schema(
        request=ConsultationCaseUpdateSerializer,
        responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND, **CONFLICT},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """The running summary and whether the case is open or waiting."""
        case = _case(request, pk)
        data = {"status": case.status, "summary": case.summary, **request.data}
        given = _validated(ConsultationCaseUpdateSerializer, data, request).validated_data
        saved = case_services.update_case(
            self.actor(), case, revision=given["revision"], status=given["status"], summary=given["summary"]
        )
        return Response(self.detail(saved.record, saved.warnings))


class CaseContactsView(CaseView):
    @extend_schema(
        request=HelplineContactIdsSerializer, responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Group more contacts into this open case."""
        case = _case(request, pk)
        given = _validated(HelplineContactIdsSerializer, request.data, request)
        case = case_services.group_contacts(self.actor(), _contacts_of(request, given.validated_data["contacts"]), case)
        return Response(self.detail(case))


class CaseCloseView(CaseView):
    @extend_schema(
        request=ConsultationCaseCloseSerializer,
        responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Close the case with its outcome (code list `consultation_outcome`)."""
        case = _case(request, pk)
        given = _validated(ConsultationCaseCloseSerializer, request.data, request).validated_data
        saved = case_services.close_case(
            self.actor(),
            case,
            revision=given["revision"],
            outcome=given["outcome"],
            reason_for_case_closure=given["reason_for_case_closure"],
        )
        return Response(self.detail(saved.record, saved.warnings))


class CaseReopenView(CaseView):
    @extend_schema(
        request=HelplineRevisionSerializer,
        responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        given = _validated(HelplineRevisionSerializer, request.data, request).validated_data
        return Response(self.detail(case_services.reopen_case(self.actor(), case, revision=given["revision"])))


class CaseIndicatorsView(CaseView):
    @extend_schema(
        request=ScreeningIndicatorsSerializer, responses={200: ConsultationCaseDetailSerializer, 404: NOT_FOUND}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The screening indicators ticked become exactly those given."""
        case = _case(request, pk)
        given = _validated(ScreeningIndicatorsSerializer, request.data, request).validated_data
        return Response(self.detail(case_services.set_indicators(self.actor(), case, tuple(given["indicators"]))))


# Referrals.


def _referral(request: Request, pk: int) -> Referral:
    return get_object_or_404(visible_referrals(request.user).select_related("case", "application"), pk=pk)


class ReferralView(HelplineView):
    """Referrals: advisers, and the caseworkers and decision makers of the office they were sent to."""

    access_rule = REFERRALS

    def represent_conflict(self, current: Referral) -> dict[str, Any]:
        return dict(ReferralSerializer(current, context={"request": self.request}).data)

    def shown(self, referral: Referral, warnings: TextCheck | None = None) -> Response:
        context = {"request": self.request, "warnings": _warnings(warnings) if warnings else {}}
        return Response(SavedReferralSerializer(referral, context=context).data)


class ReferralListView(ReferralView):
    @extend_schema(parameters=[ReferralListQuerySerializer], responses=ReferralSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The referrals the caller sees, newest first; `waiting=true`: the office's work list, due first."""
        query = _validated(ReferralListQuerySerializer, request.query_params, request).validated_data
        if query["waiting"]:
            referrals = selectors.waiting_referrals(request.user).select_related("case", "application")
        else:
            referrals = selectors.referrals_for(request.user, query["status"])
        response = self.paginated(referrals, ReferralSerializer)
        case_services.record_list_view(
            self.actor(), Referral._meta.label_lower, shown=len(response.data["results"]), criteria=query
        )
        return response

    @extend_schema(request=ReferralCreateSerializer, responses={201: SavedReferralSerializer})
    def post(self, request: Request) -> Response:
        """Send a referral to an office (advisers): of a consultation case, or a first responder's, logged."""
        given = _validated(ReferralCreateSerializer, request.data, request).validated_data
        saved = referral_services.send_referral(self.actor(), **given)
        response = self.shown(saved.record, saved.warnings)
        response.status_code = status.HTTP_201_CREATED
        return response


class ReferralDetailView(ReferralView):
    @extend_schema(responses={200: ReferralSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """A referral and where its loop stands; audited as a view."""
        referral = _referral(request, pk)
        referral_services.record_referral_view(self.actor(), referral)
        return Response(ReferralSerializer(referral, context={"request": request}).data)


class ReferralWithdrawView(ReferralView):
    @extend_schema(
        request=HelplineRevisionSerializer, responses={200: SavedReferralSerializer, 404: NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The referrer (an adviser) withdraws a referral nobody has answered."""
        given = _validated(HelplineRevisionSerializer, request.data, request).validated_data
        return self.shown(referral_services.withdraw_referral(self.actor(), _referral(request, pk), **given))


class ReferralAcceptView(ReferralView):
    @extend_schema(
        request=HelplineRevisionSerializer, responses={200: SavedReferralSerializer, 404: NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        """A caseworker of the office takes the referral up."""
        given = _validated(HelplineRevisionSerializer, request.data, request).validated_data
        return self.shown(referral_services.accept_referral(self.actor(), _referral(request, pk), **given))


class ReferralDeclineView(ReferralView):
    @extend_schema(
        request=ReferralDeclineSerializer, responses={200: SavedReferralSerializer, 404: NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        """A caseworker of the office declines, with the reason."""
        given = _validated(ReferralDeclineSerializer, request.data, request).validated_data
        saved = referral_services.decline_referral(
            self.actor(),
            _referral(request, pk),
            reason=given["decline_reason"],
            notes=given["notes"],
            revision=given["revision"],
        )
        return self.shown(saved.record, saved.warnings)


class ReferralOutcomeView(ReferralView):
    @extend_schema(
        request=ReferralOutcomeSerializer, responses={200: SavedReferralSerializer, 404: NOT_FOUND, **CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        """The outcome of a referral taken up: the person could not be reached, or declined help.

        An application is registered on the referral's page, where the
        register's rules apply to the person's identifiers.
        """
        given = _validated(ReferralOutcomeSerializer, request.data, request).validated_data
        saved = referral_services.record_outcome(self.actor(), _referral(request, pk), **given)
        return self.shown(saved.record, saved.warnings)


# Statistics.


class StatisticsView(APIView):
    access_rule = READ_STATISTICS

    @extend_schema(
        parameters=[HelplineStatisticsQuerySerializer],
        responses={200: OpenApiResponse(description="docs/helpline-statistics.md: the statistics of the year.")},
    )
    def get(self, request: Request, year: int) -> Response:
        """The helpline's statistics of a year (2006 to the current one), exact or in the public form."""
        query = _validated(HelplineStatisticsQuerySerializer, request.query_params, request).validated_data
        if not is_reportable(year):
            raise serializers.ValidationError({"year": [_("Choose a year from 2006 to the current one.")]})
        publication = publication_for(request.user, query["publication"])
        return Response(statistics_for(Actor.from_request(request), year, publication))
