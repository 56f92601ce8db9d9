"""The register's REST API: the pages' selectors, services and permissions over JSON.

Every view declares USE_REGISTER (caseworkers and decision makers; analysts
and everyone else get 403). A case or person the caller may not see answers
404, as a missing one does (torju.register.permissions decides, through
visible_applications and visible_persons); the services check the rules
again and write the audit trail. Every response that carries a person's
direct identifiers is recorded as a view of that record.

Break-glass uses the session, as the pages do: the API authenticates with
the session too, so a case opened with a reason through `cases/<pk>/open/`
stays open to the same session, in the API and the pages alike.

No view catches a service's exception: torju.api_exceptions answers a
refusal (403), a validation error (400, with the view's
`shape_validation_errors`) and an edit conflict (409, the record as the
view's `represent_conflict` shows it).
"""

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from torju.accounts.models import Role, User
from torju.accounts.permissions import has_role
from torju.actor import Actor, unlock
from torju.codes.selectors import codes_of
from torju.register import selectors, services
from torju.register.hetu import parse_hetu
from torju.register.models import (
    CODE_MAX_LENGTH,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    Application,
    DecisionDraft,
    DirectIdentifiers,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceNeedsAssessment,
    ServiceProvided,
    languages_validator,
)
from torju.register.permissions import (
    FOUND_PERSONS,
    OPENED_CASES,
    USE_REGISTER,
    applicants_to_apply_for,
    can_break_glass,
    case_abilities,
    offers_person_edit,
    office_of,
    registers_applications,
    sees_identifiers,
    visible_applications,
    visible_persons,
)
from torju.throttling import PERSON_SEARCH

# The fields of services.PersonDetails: a service's errors on them belong to the nested person's details.
PERSON_DETAIL_FIELDS = (*services.IDENTIFIER_FIELDS, *services.PERSON_FIELDS)


# Serializers: what the API shows.


class IdentifiersSerializer(serializers.Serializer[DirectIdentifiers]):
    """Direct identifiers, decrypted; only for those who work on cases, and every read is audited."""

    first_names = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    hetu = serializers.CharField(read_only=True, help_text="Personal identity code.")
    phone = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person; `identifiers` is null unless the view put `identifiers: True` in the context."""

    parent_person_id = serializers.SlugRelatedField[Person](
        source="parent",
        slug_field="person_id",
        read_only=True,
        help_text="The parent's person identifier (children only).",
    )
    identifiers = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "person_id",
            "role",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "languages",
            "parent_person_id",
            "child_joined_on",
            "child_left_on",
            "identifiers_erased_at",
            "revision",
            "updated_at",
            "identifiers",
        ]
        read_only_fields = fields

    @extend_schema_field(IdentifiersSerializer(allow_null=True))
    def get_identifiers(self, person: Person) -> dict[str, Any] | None:
        if not self.context.get("identifiers"):
            return None
        return dict(IdentifiersSerializer(person.read_identifiers()).data)


class ChildSerializer(serializers.ModelSerializer[Person]):
    """A client's minor child as listed on the case (the identifiers are in the child's own record)."""

    class Meta:
        model = Person
        fields = ["id", "person_id", "sex", "birth_date", "nationality", "child_joined_on", "child_left_on"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer[Application]):
    """An application (a case) without the applicant's identifiers: what the work lists show."""

    person_id = serializers.CharField(source="person.person_id", read_only=True)
    assigned_to_name = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "application_id",
            "case_number",
            "person",
            "person_id",
            "received_on",
            "office",
            "source",
            "residence_status",
            "decision",
            "decided_on",
            "negative_reason",
            "clienthood_ended_on",
            "end_reason",
            "assigned_to",
            "assigned_to_name",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields

    def get_assigned_to_name(self, application: Application) -> str:
        assignee = application.assigned_to
        return (assignee.get_full_name() or assignee.username) if assignee is not None else ""


class ExploitationEventSerializer(serializers.ModelSerializer[ExploitationEvent]):
    form = serializers.CharField(
        source="exploitation_form", read_only=True, help_text="A code of the code list `exploitation_form`."
    )

    class Meta:
        model = ExploitationEvent
        fields = ["id", "event_id", "form", "is_primary", "country", "sector", "began_on", "ended_on"]
        read_only_fields = fields


class DecisionDraftSerializer(serializers.ModelSerializer[DecisionDraft]):
    drafted_by = serializers.SlugRelatedField[User](slug_field="username", read_only=True)
    confirmed_by = serializers.SlugRelatedField[User](slug_field="username", read_only=True)

    class Meta:
        model = DecisionDraft
        fields = [
            "id",
            "decision",
            "negative_reason",
            "decided_on",
            "drafted_by",
            "drafted_at",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = fields


class ReflectionPeriodSerializer(serializers.ModelSerializer[ReflectionPeriod]):
    ends_on = serializers.SerializerMethodField(help_text="granted_on plus the months.")

    class Meta:
        model = ReflectionPeriod
        fields = ["id", "granted_on", "months", "ends_on"]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField())
    def get_ends_on(self, period: ReflectionPeriod) -> str:
        return selectors.reflection_period_end(period).isoformat()


class ServiceProvidedSerializer(serializers.ModelSerializer[ServiceProvided]):
    class Meta:
        model = ServiceProvided
        fields = ["id", "service", "started_on", "ended_on"]
        read_only_fields = fields


class NeedsAssessmentSerializer(serializers.ModelSerializer[ServiceNeedsAssessment]):
    person_id = serializers.CharField(source="person.person_id", read_only=True)
    needs = serializers.ListField(child=serializers.CharField(), source="need_codes", read_only=True)
    notes = serializers.CharField(source="read_notes", read_only=True, help_text="Stored encrypted.")
    assessed_by = serializers.SlugRelatedField[User](slug_field="username", read_only=True)

    class Meta:
        model = ServiceNeedsAssessment
        fields = ["id", "person", "person_id", "assessed_on", "needs", "notes", "assessed_by", "created_at"]
        read_only_fields = fields


class AbilitiesSerializer(serializers.Serializer[Any]):
    """What the caller may do on the case now: permissions.case_abilities, which the case page shows too."""

    can_work = serializers.BooleanField(
        read_only=True, help_text="Edit the application, record exploitation events and reflection periods."
    )
    can_draft = serializers.BooleanField(read_only=True, help_text="Draft a decision.")
    can_confirm = serializers.BooleanField(read_only=True, help_text="Confirm or reject the open draft.")
    can_assign = serializers.BooleanField(read_only=True, help_text="Give the case to a caseworker, or to nobody.")
    can_close = serializers.BooleanField(read_only=True, help_text="Record a withdrawn or lapsed application.")
    can_record_clienthood = serializers.BooleanField(
        read_only=True, help_text="Record services and needs assessments (late ones too, dated inside the clienthood)."
    )
    can_change_clienthood = serializers.BooleanField(
        read_only=True, help_text="Add the client's minor child; end the clienthood."
    )


class CaseDetailSerializer(CaseSerializer):
    """A case with everything recorded on it and the applicant with their identifiers (an audited read)."""

    applicant = serializers.SerializerMethodField()
    exploitation_events = ExploitationEventSerializer(many=True, read_only=True)
    decision_drafts = DecisionDraftSerializer(many=True, read_only=True)
    reflection_periods = ReflectionPeriodSerializer(many=True, read_only=True)
    services_provided = ServiceProvidedSerializer(many=True, read_only=True)
    children = serializers.SerializerMethodField(help_text="The applicant's minor children who are clients.")
    needs_assessments = NeedsAssessmentSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "applicant",
            "exploitation_events",
            "decision_drafts",
            "reflection_periods",
            "services_provided",
            "children",
            "needs_assessments",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer)
    def get_applicant(self, application: Application) -> dict[str, Any]:
        return dict(PersonSerializer(application.person, context=self.context).data)

    @extend_schema_field(ChildSerializer(many=True))
    def get_children(self, application: Application) -> list[Any]:
        return list(ChildSerializer(selectors.children_of(application.person), many=True).data)

    @extend_schema_field(AbilitiesSerializer)
    def get_abilities(self, application: Application) -> dict[str, bool]:
        return asdict(case_abilities(self.context["actor"], application))


class PersonDetailSerializer(PersonSerializer):
    """A person's record: details, identifiers, the cases the caller may see and the children."""

    applications = serializers.SerializerMethodField(help_text="The person's cases that the caller may open.")
    other_applications = serializers.SerializerMethodField(help_text="How many other cases the person has.")
    children = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "applications", "other_applications", "children", "can_edit"]
        read_only_fields = fields

    def _visible(self) -> QuerySet[Application]:
        actor: Actor = self.context["actor"]
        return visible_applications(actor)

    @extend_schema_field(CaseSerializer(many=True))
    def get_applications(self, person: Person) -> list[Any]:
        cases = self._visible().filter(person=person).select_related("person", "assigned_to")
        return list(CaseSerializer(cases.order_by("-received_on"), many=True).data)

    def get_other_applications(self, person: Person) -> int:
        return person.applications.exclude(pk__in=self._visible().values("pk")).count()

    @extend_schema_field(ChildSerializer(many=True))
    def get_children(self, person: Person) -> list[Any]:
        return list(ChildSerializer(selectors.children_of(person), many=True).data)

    def get_can_edit(self, person: Person) -> bool:
        return offers_person_edit(self.context["actor"], person)


class PersonMatchSerializer(serializers.Serializer[Any]):
    """A search hit: never the identifiers, and `visible` says whether the caller may open the record."""

    id = serializers.IntegerField(source="person.pk", read_only=True)
    person_id = serializers.CharField(source="person.person_id", read_only=True)
    visible = serializers.BooleanField(read_only=True)


class TimelineEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField(read_only=True)
    actor = serializers.CharField(read_only=True, help_text="Username; empty for imports.")
    action = serializers.CharField(read_only=True)
    what = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True, help_text="`what` in the language of the request.")
    reason = serializers.CharField(read_only=True)
    flagged = serializers.BooleanField(read_only=True, help_text="Flagged for the auditor (break-glass).")
    changes = serializers.JSONField(read_only=True, allow_null=True)


class CaseConflictSerializer(serializers.Serializer[Any]):
    """409: the case changed after the caller read it; nothing was written."""

    detail = serializers.CharField()
    current = CaseSerializer(help_text="The saved case, to compare with and retry.")
    submitted = serializers.JSONField(help_text="What the caller sent.")


class PersonConflictSerializer(serializers.Serializer[Any]):
    """409: the person changed after the caller read them; nothing was written."""

    detail = serializers.CharField()
    current = PersonSerializer(help_text="The saved person, to compare with and retry.")
    submitted = serializers.JSONField(help_text="What the caller sent.")


# Serializers: what the API takes.


class CodeField(serializers.CharField):
    """A code of a code list (spec/codes.csv); the service checks that it is on the list."""

    def __init__(self, code_list: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"A code of the code list `{code_list}`.")
        super().__init__(max_length=CODE_MAX_LENGTH, **kwargs)


class CaseListQuerySerializer(serializers.Serializer[Any]):
    """The work list and the filters of GET cases/, as the register's front page has them."""

    list = serializers.ChoiceField(
        choices=selectors.WorkList.CHOICES,
        required=False,
        help_text="Default: to_confirm for decision makers, mine for caseworkers.",
    )
    case_number = serializers.CharField(max_length=24, required=False, allow_blank=True)
    office = CodeField("office", required=False, allow_blank=True)
    received_from = serializers.DateField(required=False)
    received_until = serializers.DateField(required=False)
    decision = serializers.CharField(
        max_length=CODE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=f"A code of the code list `decision`, or `{selectors.PENDING}`.",
    )

    def validate_office(self, value: str) -> str:
        if value and not codes_of("office").filter(code=value).exists():
            raise serializers.ValidationError(_("Choose a value from the list."))
        return value

    def validate_decision(self, value: str) -> str:
        if value and value != selectors.PENDING and not codes_of("decision").filter(code=value).exists():
            raise serializers.ValidationError(_("Choose a value from the list."))
        return value

    def criteria(self) -> selectors.CaseFilter:
        data = self.validated_data
        return selectors.CaseFilter(
            case_number=data.get("case_number", ""),
            office=data.get("office", ""),
            received_from=data.get("received_from"),
            received_until=data.get("received_until"),
            decision=data.get("decision", ""),
        )


class PersonDetailsInputSerializer(serializers.Serializer[Any]):
    """A person's details as services.PersonDetails holds them; the identifiers are encrypted on save."""

    first_names = serializers.CharField(max_length=200, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    hetu = serializers.CharField(
        max_length=11, allow_blank=True, default="", help_text="Personal identity code, if the person has one."
    )
    phone = serializers.CharField(max_length=50, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, allow_blank=True, default="")
    sex = CodeField("sex")
    nationality = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 country code.")
    birth_date = serializers.DateField(allow_null=True, default=None)
    birth_date_estimated = serializers.BooleanField(default=False)
    languages = serializers.CharField(
        max_length=100, allow_blank=True, default="", help_text="ISO 639-1 codes separated by commas, e.g. fi,en."
    )

    def validate_hetu(self, value: str) -> str:
        return parse_hetu(value).value if value else ""

    def validate_languages(self, value: str) -> str:
        value = ",".join(part.strip().lower() for part in value.split(",") if part.strip())
        languages_validator(value)
        return value


def _details(data: dict[str, Any]) -> services.PersonDetails:
    return services.PersonDetails(
        identifiers=DirectIdentifiers(**{field: data[field] for field in services.IDENTIFIER_FIELDS}),
        sex=data["sex"],
        nationality=data["nationality"],
        birth_date=data["birth_date"],
        birth_date_estimated=data["birth_date_estimated"],
        languages=data["languages"],
    )


def _required(serializer: serializers.Serializer[Any], attrs: dict[str, Any], field: str) -> None:
    """A field that a partial (PATCH) update must still carry."""
    if field not in attrs:
        raise serializers.ValidationError({field: [serializer.fields[field].error_messages["required"]]})


class PersonUpdateSerializer(PersonDetailsInputSerializer):
    """PATCH: the fields given replace the saved ones; `revision` is required."""

    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _required(self, attrs, "revision")
        return attrs


class CaseCreateSerializer(serializers.Serializer[Any]):
    """A new application at the caller's office: of a person found by the search, or of a new applicant."""

    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),  # set per caller in __init__
        required=False,
        allow_null=True,
        help_text=(
            "Id of a person the caller sees, or found by persons/search/ in this session "
            "(any other id is answered as one that does not exist)."
        ),
    )
    person_details = PersonDetailsInputSerializer(required=False, allow_null=True, help_text="A new applicant.")
    received_on = serializers.DateField()
    source = CodeField("application_source")  # type: ignore[assignment]  # a field, not Field.source
    residence_status = CodeField("residence_status")
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        help_text=(
            "Required (10 characters or more) when the person is registered only at other offices: their record "
            "opens to the caller through the new case, and the registration is flagged for the auditor."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        field = self.fields["person"]
        assert isinstance(field, serializers.PrimaryKeyRelatedField)
        if isinstance(actor, Actor):
            field.queryset = applicants_to_apply_for(actor)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("person") is None) == (attrs.get("person_details") is None):
            raise serializers.ValidationError(
                _("Give either an existing person or the details of a new applicant, not both.")
            )
        return attrs


class CaseUpdateSerializer(serializers.Serializer[Any]):
    """PATCH: the fields given replace the saved ones; `revision` is required."""

    received_on = serializers.DateField()
    source = CodeField("application_source")  # type: ignore[assignment]  # a field, not Field.source
    residence_status = CodeField("residence_status")
    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _required(self, attrs, "revision")
        return attrs


class ReasonInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class AssignInputSerializer(serializers.Serializer[Any]):
    assigned_to = serializers.IntegerField(
        allow_null=True, help_text="Id of a caseworker of the case's office, or null."
    )
    revision = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The case's revision the caller read: 409 if it has changed since (someone else assigned it).",
    )


class CloseInputSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=[services.WITHDRAWN, services.LAPSED])
    on = serializers.DateField()


class EventInputSerializer(serializers.Serializer[Any]):
    form = CodeField("exploitation_form")
    is_primary = serializers.BooleanField(default=False)
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 country code.")
    sector = CodeField("sector", allow_blank=True, default="", help_text="For forced labour only.")
    began_on = serializers.DateField(allow_null=True, default=None)
    ended_on = serializers.DateField(allow_null=True, default=None)


class DecisionDraftInputSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[POSITIVE, NEGATIVE])
    negative_reason = CodeField("negative_reason", allow_blank=True, default="", help_text="For a negative decision.")
    decided_on = serializers.DateField()


class ReflectionPeriodInputSerializer(serializers.Serializer[Any]):
    granted_on = serializers.DateField()
    months = serializers.IntegerField(min_value=MIN_REFLECTION_MONTHS, max_value=MAX_REFLECTION_MONTHS)


class ServiceInputSerializer(serializers.Serializer[Any]):
    service = CodeField("service")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True, default=None)


class ServiceEndInputSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()


class ChildInputSerializer(PersonDetailsInputSerializer):
    joined_on = serializers.DateField(help_text="Client since.")


class ChildLeftInputSerializer(serializers.Serializer[Any]):
    left_on = serializers.DateField(help_text="Client until.")


class AssessmentInputSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="Id of the client or of one of their current minor children.")
    assessed_on = serializers.DateField()
    needs = serializers.ListField(child=CodeField("service"), default=list, help_text="Service codes.")
    notes = serializers.CharField(max_length=5000, allow_blank=True, default="", help_text="Stored encrypted.")


class EndClienthoodInputSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    end_reason = CodeField("end_reason")
    revision = serializers.IntegerField(min_value=1, help_text="The revision of the case the caller read.")


class PersonSearchSerializer(serializers.Serializer[Any]):
    """One key: the person identifier, the personal identity code, or the names with the date of birth.

    Which keys make a search is the service's rule (services.search_persons).
    """

    person_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    hetu = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
    first_names = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)


# Helpers.


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request)


def _case(request: Request, pk: int) -> Application:
    """A case the caller may open now; any other is "not found"."""
    cases = visible_applications(_actor(request)).select_related("person", "assigned_to")
    return get_object_or_404(cases, pk=pk)


def _person(request: Request, pk: int) -> Person:
    return get_object_or_404(visible_persons(_actor(request)), pk=pk)


def _case_detail(request: Request, application: Application) -> dict[str, Any]:
    """The case with the applicant's identifiers: recorded in the audit trail as a view of the case."""
    actor = _actor(request)
    services.record_case_view(actor=actor, application=application)
    application = (
        Application.objects.select_related("person", "assigned_to")
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
    return dict(CaseDetailSerializer(application, context=context).data)


def _person_detail(request: Request, person: Person) -> dict[str, Any]:
    """The person's record with their identifiers: recorded in the audit trail as a view of the person."""
    actor = _actor(request)
    services.record_person_view(actor=actor, person=person)
    context = {"actor": actor, "identifiers": sees_identifiers(actor)}
    return dict(PersonDetailSerializer(person, context=context).data)


def _validated(serializer_class: type[serializers.Serializer[Any]], data: Any, **context: Any) -> dict[str, Any]:
    given = serializer_class(data=data, context=context)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


CASE_CONFLICT = {409: CaseConflictSerializer}
NOT_FOUND = OpenApiResponse(description="No such case, or not one the caller may open.")
PERSON_NOT_FOUND = OpenApiResponse(description="No such person, or not one the caller may open.")


class RegisterView(APIView):
    """The register's API views: caseworkers and decision makers only.

    Services' refusals, validation errors and edit conflicts rise to the
    API's exception handler (torju.api_exceptions), which asks the view how
    to show a conflicting record (`represent_conflict`).
    """

    access_rule = USE_REGISTER


class CaseConflicts:
    """A 409 of a case view shows the case as saved now."""

    def represent_conflict(self, current: Application) -> dict[str, Any]:
        return dict(CaseSerializer(Application.objects.select_related("person", "assigned_to").get(pk=current.pk)).data)


# Cases.


class CaseViewSet(CaseConflicts, viewsets.GenericViewSet[Application]):
    """Cases (applications): the work lists, registration, a case, and changes to the application."""

    access_rule = USE_REGISTER
    serializer_class = CaseSerializer
    queryset = Application.objects.none()

    def shape_validation_errors(self, detail: dict[str, Any]) -> dict[str, Any]:
        """A new applicant's details are nested in `person_details`: so are the service's errors on them."""
        inner = {field: detail.pop(field) for field in PERSON_DETAIL_FIELDS if field in detail}
        if inner:
            detail["person_details"] = inner
        return detail

    @extend_schema(parameters=[CaseListQuerySerializer], responses=CaseSerializer(many=True))
    def list(self, request: Request) -> Response:
        """A work list of the cases the caller may see, with the front page's filters."""
        actor = _actor(request)
        query = CaseListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        default = (
            selectors.WorkList.TO_CONFIRM if has_role(request.user, Role.DECISION_MAKER) else selectors.WorkList.MINE
        )
        name = query.validated_data.get("list", default)
        cases = selectors.filter_cases(selectors.work_list(actor, name, today=timezone.localdate()), query.criteria())
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request: Request) -> Response:
        """Register an application at the caller's office (caseworkers), assigned to the caller."""
        actor = _actor(request)
        if not registers_applications(actor):
            raise PermissionDenied("not a caseworker of an office")
        data = _validated(CaseCreateSerializer, request.data, actor=actor)
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
                actor=actor, details=_details(data["person_details"]), **application_data
            )
        return Response(_case_detail(request, application), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CaseDetailSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, pk: int) -> Response:
        """A case with all that is recorded on it and the applicant's identifiers; audited as a view.

        Another office's case is "not found" until opened with a reason (cases/{id}/open/).
        """
        return Response(_case_detail(request, _case(request, pk)))

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseSerializer, **CASE_CONFLICT})
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the application's date of receipt, source or residence status (caseworkers)."""
        application = _case(request, pk)
        given = CaseUpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        values = {field: getattr(application, field) for field in services.APPLICATION_FIELDS}
        values.update(given.validated_data)
        revision = values.pop("revision")
        updated = services.update_application(
            actor=_actor(request), application=application, revision=revision, **values
        )
        return Response(CaseSerializer(updated).data)


class CaseOpenView(RegisterView):
    """Break-glass: open another office's case with a reason, for the rest of this session.

    The opening is recorded with the reason and flagged for the auditor.
    Answers 403 to those who cannot break glass here (the caller's own case).
    """

    @extend_schema(request=ReasonInputSerializer, responses={200: CaseDetailSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        actor = _actor(request)
        application = get_object_or_404(Application, pk=pk)
        if not can_break_glass(actor, application):  # refused before the reason is read
            raise PermissionDenied("break-glass is for another office's cases")
        data = _validated(ReasonInputSerializer, request.data)
        services.open_with_reason(actor=actor, application=application, reason=data["reason"])
        unlock(request._request, OPENED_CASES, application.case_number)
        return Response(_case_detail(request, application))


class CaseAssignView(CaseConflicts, RegisterView):
    """Give the case to a caseworker of its office, or to nobody."""

    @extend_schema(request=AssignInputSerializer, responses={200: CaseSerializer, 404: NOT_FOUND, **CASE_CONFLICT})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(AssignInputSerializer, request.data)
        updated = services.assign_application(
            actor=_actor(request), application=application, assignee_id=data["assigned_to"], revision=data["revision"]
        )
        return Response(CaseSerializer(updated).data)


class CaseCloseView(RegisterView):
    """Record a withdrawn or lapsed application (not a decision: no confirmation needed)."""

    @extend_schema(request=CloseInputSerializer, responses={200: CaseSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(CloseInputSerializer, request.data)
        closed = services.close_without_decision(actor=_actor(request), application=application, **data)
        return Response(CaseSerializer(closed).data)


class EventListView(RegisterView):
    """Record a form of exploitation the applicant experienced."""

    def shape_validation_errors(self, detail: dict[str, Any]) -> dict[str, Any]:
        """The service's exploitation_form is the JSON key `form`, as in the exchange format."""
        if "exploitation_form" in detail:
            detail["form"] = detail.pop("exploitation_form")
        return detail

    @extend_schema(request=EventInputSerializer, responses={201: ExploitationEventSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(EventInputSerializer, request.data)
        data["exploitation_form"] = data.pop("form")
        event = services.add_exploitation_event(actor=_actor(request), application=application, **data)
        return Response(ExploitationEventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventDetailView(RegisterView):
    @extend_schema(responses={204: None, 404: NOT_FOUND})
    def delete(self, request: Request, pk: int, event_pk: int) -> Response:
        """Remove an exploitation event recorded in error."""
        application = _case(request, pk)
        event = get_object_or_404(ExploitationEvent, pk=event_pk, application=application)
        services.remove_exploitation_event(actor=_actor(request), event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DecisionDraftListView(RegisterView):
    """A caseworker drafts a decision; it takes effect when a decision maker other than the drafter confirms."""

    @extend_schema(request=DecisionDraftInputSerializer, responses={201: DecisionDraftSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(DecisionDraftInputSerializer, request.data)
        draft = services.draft_decision(actor=_actor(request), application=application, **data)
        return Response(DecisionDraftSerializer(draft).data, status=status.HTTP_201_CREATED)


def _draft(application: Application, draft_pk: int) -> DecisionDraft:
    return get_object_or_404(DecisionDraft, pk=draft_pk, application=application)


class DecisionConfirmView(RegisterView):
    """A decision maker of the case's office, never the drafter, confirms the draft: the decision takes effect."""

    @extend_schema(request=None, responses={200: CaseSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, draft_pk: int) -> Response:
        application = _case(request, pk)
        draft = _draft(application, draft_pk)
        decided = services.confirm_decision(actor=_actor(request), application=application, draft_id=draft.pk)
        return Response(CaseSerializer(decided).data)


class DecisionRejectView(RegisterView):
    """The decision maker returns the draft to the caseworker with a reason; the draft is removed."""

    @extend_schema(request=ReasonInputSerializer, responses={200: CaseSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, draft_pk: int) -> Response:
        application = _case(request, pk)
        draft = _draft(application, draft_pk)
        data = _validated(ReasonInputSerializer, request.data)
        services.reject_decision_draft(
            actor=_actor(request), application=application, draft_id=draft.pk, reason=data["reason"]
        )
        return Response(CaseSerializer(_case(request, pk)).data)


class ReflectionPeriodListView(RegisterView):
    """Grant a reflection period of 1–6 months (also before any decision)."""

    @extend_schema(request=ReflectionPeriodInputSerializer, responses={201: ReflectionPeriodSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(ReflectionPeriodInputSerializer, request.data)
        period = services.grant_reflection_period(actor=_actor(request), application=application, **data)
        return Response(ReflectionPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


class ServiceListView(RegisterView):
    """Record a service given during the clienthood."""

    @extend_schema(request=ServiceInputSerializer, responses={201: ServiceProvidedSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(ServiceInputSerializer, request.data)
        provided = services.add_service(actor=_actor(request), application=application, **data)
        return Response(ServiceProvidedSerializer(provided).data, status=status.HTTP_201_CREATED)


class ServiceEndView(RegisterView):
    @extend_schema(request=ServiceEndInputSerializer, responses={200: ServiceProvidedSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, service_pk: int) -> Response:
        """End a service."""
        application = _case(request, pk)
        provided = get_object_or_404(ServiceProvided, pk=service_pk, application=application)
        data = _validated(ServiceEndInputSerializer, request.data)
        ended = services.end_service(actor=_actor(request), provided=provided, ended_on=data["ended_on"])
        return Response(ServiceProvidedSerializer(ended).data)


class ChildListView(RegisterView):
    """The client's minor child becomes a client, linked to the parent."""

    @extend_schema(request=ChildInputSerializer, responses={201: ChildSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(ChildInputSerializer, request.data)
        child = services.add_child(
            actor=_actor(request), application=application, details=_details(data), joined_on=data["joined_on"]
        )
        return Response(ChildSerializer(child).data, status=status.HTTP_201_CREATED)


class ChildLeftView(RegisterView):
    @extend_schema(request=ChildLeftInputSerializer, responses={200: ChildSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int, child_pk: int) -> Response:
        """End the child's clienthood."""
        application = _case(request, pk)
        child = get_object_or_404(Person, pk=child_pk, parent=application.person)
        data = _validated(ChildLeftInputSerializer, request.data)
        ended = services.end_child_clienthood(
            actor=_actor(request), application=application, child=child, left_on=data["left_on"]
        )
        return Response(ChildSerializer(ended).data)


class AssessmentListView(RegisterView):
    """The individual service needs assessment of the client or of one of their current minor children."""

    @extend_schema(request=AssessmentInputSerializer, responses={201: NeedsAssessmentSerializer, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(AssessmentInputSerializer, request.data)
        assessment = services.record_needs_assessment(
            actor=_actor(request),
            application=application,
            person_id=data["person"],
            assessed_on=data["assessed_on"],
            needs=data["needs"],
            notes=data["notes"],
        )
        return Response(NeedsAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class ClienthoodEndView(CaseConflicts, RegisterView):
    """End the clienthood with its reason; 409 when the case changed after the caller read it."""

    @extend_schema(
        request=EndClienthoodInputSerializer, responses={200: CaseSerializer, 404: NOT_FOUND, **CASE_CONFLICT}
    )
    def post(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        data = _validated(EndClienthoodInputSerializer, request.data)
        ended = services.end_clienthood(actor=_actor(request), application=application, **data)
        return Response(CaseSerializer(ended).data)


class TimelineView(RegisterView):
    """Everything recorded about the case, oldest first (audited as a view of the case)."""

    pagination_class = PageNumberPagination

    @extend_schema(responses={200: TimelineEntrySerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        application = _case(request, pk)
        services.record_case_view(actor=_actor(request), application=application)
        paginator = self.pagination_class()
        entries = selectors.timeline(application)
        page: list[Any] | None = paginator.paginate_queryset(entries, request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(TimelineEntrySerializer(page, many=True).data)


# Persons.


class PersonSearchView(RegisterView):
    """Find a person by an exact key; audited by the criteria used. At most 20 matches. Throttled per user.

    A match the caller may not open is listed with `visible: false` and no
    more than its person identifier, so that a new application joins the
    existing person instead of creating a duplicate.
    """

    throttle_scope = PERSON_SEARCH

    @extend_schema(request=PersonSearchSerializer, responses=PersonMatchSerializer(many=True))
    def post(self, request: Request) -> Response:
        """The criteria in the body (never in the query string), so that no identifier ends up in an address,
        a server log or the audit trail. A person found may be given as `person` of a new case."""
        criteria = _validated(PersonSearchSerializer, request.data)
        matches = services.search_persons(actor=_actor(request), **criteria)
        unlock(request._request, FOUND_PERSONS, [match.person.person_id for match in matches])
        return Response(PersonMatchSerializer(matches, many=True).data)


class PersonDetailView(RegisterView):
    """A person's record, for those who may open one of the person's cases."""

    def represent_conflict(self, current: Person) -> dict[str, Any]:
        """The person as saved now, identifiers and all: a view of the record, audited as one."""
        actor = _actor(self.request)
        services.record_person_view(actor=actor, person=current)
        return dict(PersonSerializer(current, context={"identifiers": sees_identifiers(actor)}).data)

    @extend_schema(responses={200: PersonDetailSerializer, 404: PERSON_NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The record with the identifiers; audited as a view."""
        return Response(_person_detail(request, _person(request, pk)))

    @extend_schema(
        request=PersonUpdateSerializer,
        responses={200: PersonDetailSerializer, 404: PERSON_NOT_FOUND, 409: PersonConflictSerializer},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change the person's details (caseworkers); the fields given replace the saved ones."""
        person = _person(request, pk)
        given = PersonUpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        saved = person.read_identifiers()
        values: dict[str, Any] = {field: getattr(saved, field) for field in services.IDENTIFIER_FIELDS}
        values.update({field: getattr(person, field) for field in services.PERSON_FIELDS})
        values.update(given.validated_data)
        updated = services.update_person(
            actor=_actor(request), person=person, revision=values["revision"], details=_details(values)
        )
        return Response(_person_detail(request, updated))
