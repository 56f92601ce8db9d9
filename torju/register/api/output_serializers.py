"""What the register's API shows: cases, persons, what is recorded on a case, the abilities, conflicts."""

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from torju.accounts.models import User
from torju.actor import Actor
from torju.register import selectors
from torju.register.models import (
    Application,
    DecisionDraft,
    DirectIdentifiers,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceNeedsAssessment,
    ServiceProvided,
    WaitingForInformation,
)
from torju.register.permissions import application_abilities, offers_person_edit, visible_applications


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


class WaitingForInformationSerializer(serializers.ModelSerializer[WaitingForInformation]):
    """Why an undecided case waits: what information, from whom. It pauses nothing (the days count on).

    Who set it and when it changed are in the case's timeline.
    """

    class Meta:
        model = WaitingForInformation
        fields = ["reason", "since"]
        read_only_fields = fields


@extend_schema_serializer(component_name="Case")  # the API's resource is `cases/`
class ApplicationSerializer(serializers.ModelSerializer[Application]):
    """An application (a case) without the applicant's identifiers: what the work lists show."""

    person_id = serializers.CharField(source="person.person_id", read_only=True)
    assigned_to_name = serializers.SerializerMethodField()
    waiting_for_information = serializers.SerializerMethodField(
        help_text="Why the case waits for information, while it is undecided; null when it does not wait."
    )

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
            "waiting_for_information",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields

    def get_assigned_to_name(self, application: Application) -> str:
        assignee = application.assigned_to
        return (assignee.get_full_name() or assignee.username) if assignee is not None else ""

    @extend_schema_field(WaitingForInformationSerializer(allow_null=True))
    def get_waiting_for_information(self, application: Application) -> dict[str, Any] | None:
        waiting = selectors.waiting_of(application)
        return None if waiting is None else dict(WaitingForInformationSerializer(waiting).data)


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
    """What the caller may do on the case now: permissions.application_abilities, which the case page shows too."""

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
    can_open_for_writing = serializers.BooleanField(
        read_only=True,
        help_text="Another office's case opened with a reason is read-only: state a reason for writing "
        "(cases/{id}/open-for-writing/).",
    )
    can_mark_waiting = serializers.BooleanField(
        read_only=True, help_text="Say that the undecided case waits for information, or no longer does."
    )


@extend_schema_serializer(component_name="CaseDetail")  # the API's resource is `cases/`
class ApplicationDetailSerializer(ApplicationSerializer):
    """A case with everything recorded on it and the applicant with their identifiers (an audited read)."""

    applicant = serializers.SerializerMethodField()
    exploitation_events = ExploitationEventSerializer(many=True, read_only=True)
    decision_drafts = DecisionDraftSerializer(many=True, read_only=True)
    reflection_periods = ReflectionPeriodSerializer(many=True, read_only=True)
    services_provided = ServiceProvidedSerializer(many=True, read_only=True)
    children = serializers.SerializerMethodField(help_text="The applicant's minor children who are clients.")
    needs_assessments = NeedsAssessmentSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
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
        return asdict(application_abilities(self.context["actor"], application))


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

    @extend_schema_field(ApplicationSerializer(many=True))
    def get_applications(self, person: Person) -> list[Any]:
        applications = self._visible().filter(person=person).select_related(*selectors.LISTED_WITH)
        return list(ApplicationSerializer(applications.order_by("-received_on"), many=True).data)

    def get_other_applications(self, person: Person) -> int:
        return person.applications.exclude(pk__in=self._visible().values("pk")).count()

    @extend_schema_field(ChildSerializer(many=True))
    def get_children(self, person: Person) -> list[Any]:
        return list(ChildSerializer(selectors.children_of(person), many=True).data)

    def get_can_edit(self, person: Person) -> bool:
        return offers_person_edit(self.context["actor"], person)


class CaseElsewhereSerializer(serializers.Serializer[Any]):
    """A case of another office, before its opening: its id and date of receipt, never its case number."""

    id = serializers.IntegerField(source="pk", read_only=True)
    received_on = serializers.DateField(read_only=True)


class PersonMatchSerializer(serializers.Serializer[Any]):
    """A search hit: never the identifiers, and `visible` says whether the caller may open the record."""

    id = serializers.IntegerField(source="person.pk", read_only=True)
    person_id = serializers.CharField(source="person.person_id", read_only=True)
    visible = serializers.BooleanField(read_only=True)
    cases_elsewhere = CaseElsewhereSerializer(
        many=True,
        read_only=True,
        help_text="After a search by identity code, or names with date of birth: the person's cases the caller may "
        "not open yet, to open with a reason (cases/{id}/open/). No case numbers before the reason.",
    )


class TimelineEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField(read_only=True)
    actor = serializers.CharField(read_only=True, help_text="Username; empty for imports.")
    action = serializers.CharField(read_only=True)
    what = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True, help_text="`what` in the language of the request.")
    reason = serializers.CharField(read_only=True)
    flagged = serializers.BooleanField(read_only=True, help_text="Flagged for the auditor (break-glass).")
    changes = serializers.JSONField(read_only=True, allow_null=True)


@extend_schema_serializer(component_name="CaseConflict")  # the API's resource is `cases/`
class ApplicationConflictSerializer(serializers.Serializer[Any]):
    """409: the case changed after the caller read it; nothing was written."""

    detail = serializers.CharField()
    current = ApplicationSerializer(help_text="The saved case, to compare with and retry.")
    submitted = serializers.JSONField(help_text="What the caller sent.")


class PersonConflictSerializer(serializers.Serializer[Any]):
    """409: the person changed after the caller read them; nothing was written."""

    detail = serializers.CharField()
    current = PersonSerializer(help_text="The saved person, to compare with and retry.")
    submitted = serializers.JSONField(help_text="What the caller sent.")
