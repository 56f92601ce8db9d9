"""The helpline API's serializers: what it shows and what it takes (the rules are the services')."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from torju.accounts.models import User
from torju.actor import Actor
from torju.helpline import selectors
from torju.helpline.models import (
    CODE_MAX_LENGTH,
    FREE_TEXT_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    CaseStatus,
    ConsultationCase,
    Contact,
    Referral,
    ReferralKind,
)
from torju.helpline.permissions import sees_consultation_of, visible_cases
from torju.helpline.services.contacts import ContactDetails

MAX_ID = 2**63 - 1  # a BigAutoField's largest
MAX_GROUPED = 1000
NO_IDENTIFIERS = (
    "Free text without identifiers: text that looks like a personal identity code, an e-mail address or a Finnish "
    "mobile number is refused (400); other phone numbers are saved and named in `warnings`."
)


def _code(code_list: str, **kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("help_text", f"A code of the code list `{code_list}`.")
    return serializers.CharField(max_length=CODE_MAX_LENGTH, **kwargs)


def _free_text(help_text: str = NO_IDENTIFIERS) -> serializers.CharField:
    return serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, allow_blank=True, default="", help_text=help_text)


class WarningsField(serializers.DictField):
    """Field name: the warnings about what was saved in it (phone numbers in free text)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.ListField(child=serializers.CharField()), read_only=True, **kwargs)


class WithWarnings(serializers.Serializer[Any]):
    """A record as saved, with the warnings about its free text (from the context's `warnings`)."""

    warnings = serializers.SerializerMethodField()

    @extend_schema_field(WarningsField())
    def get_warnings(self, saved: Any) -> dict[str, list[str]]:
        warnings: dict[str, list[str]] = self.context.get("warnings", {})
        return warnings


# What the API shows.


class HelplineContactSerializer(serializers.ModelSerializer[Contact]):
    exploitation_forms = serializers.SerializerMethodField(help_text="Codes of `exploitation_form` suspected.")
    actions = serializers.SerializerMethodField(help_text="Codes of `contact_action`: what was done.")
    case_number = serializers.CharField(source="case.case_number", read_only=True, allow_null=True, default=None)
    recorded_by = serializers.SlugRelatedField[User](slug_field="username", read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "contacted_at",
            "channel",
            "contact_type",
            "primary_language",
            "subject",
            "exploitation_forms",
            "sector",
            "region",
            "country",
            "concerns_minor",
            "actions",
            "person_description",
            "notes",
            "case",
            "case_number",
            "recorded_by",
            "text_erased_at",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_exploitation_forms(self, contact: Contact) -> list[str]:
        return sorted(form.exploitation_form for form in contact.exploitation_forms.all())

    def get_actions(self, contact: Contact) -> list[str]:
        return sorted(action.action for action in contact.actions.all())


class SavedHelplineContactSerializer(HelplineContactSerializer, WithWarnings):
    class Meta(HelplineContactSerializer.Meta):
        fields = [*HelplineContactSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class ReferralApplicationLinkSerializer(serializers.Serializer[Any]):
    """That the referral led to an application; `case_number` and `id` only when the caller may open the case."""

    received_on = serializers.DateField(read_only=True)
    office = serializers.CharField(read_only=True)
    case_number = serializers.CharField(read_only=True, help_text="Empty unless the register lets the caller open it.")
    id = serializers.IntegerField(source="pk", read_only=True, allow_null=True)


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    """A referral as both ends see it; `case_number` only for advisers (the office never sees the case)."""

    case_number = serializers.SerializerMethodField()
    application = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(help_text="Waiting to be taken up past its due date.")

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "case_number",
            "referring_party",
            "referring_organisation",
            "office",
            "referral_details",
            "status",
            "sent_at",
            "due_on",
            "overdue",
            "answered_at",
            "decline_reason",
            "response_notes",
            "closed_at",
            "outcome",
            "outcome_at",
            "application",
            "text_erased_at",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields

    def _user(self) -> Any:
        request: Request | None = self.context.get("request")
        return request.user if request is not None else None

    def get_case_number(self, referral: Referral) -> str | None:
        if not sees_consultation_of(self._user(), referral):
            return None
        assert referral.case is not None
        return referral.case.case_number

    @extend_schema_field(ReferralApplicationLinkSerializer(allow_null=True))
    def get_application(self, referral: Referral) -> dict[str, Any] | None:
        request: Request | None = self.context.get("request")
        actor = Actor.from_request(request) if request is not None else Actor.system()
        link = selectors.application_link(actor, referral)
        return None if link is None else dict(ReferralApplicationLinkSerializer(link).data)

    def get_overdue(self, referral: Referral) -> bool:
        return selectors.overdue(referral)


class SavedReferralSerializer(ReferralSerializer, WithWarnings):
    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class ConsultationCaseSerializer(serializers.ModelSerializer[ConsultationCase]):
    advisers = serializers.SlugRelatedField[User](slug_field="username", many=True, read_only=True)

    class Meta:
        model = ConsultationCase
        fields = [
            "id",
            "case_number",
            "status",
            "opened_at",
            "closed_at",
            "outcome",
            "advisers",
            "text_erased_at",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields


class ConsultationCaseDetailSerializer(ConsultationCaseSerializer, WithWarnings):
    """A case with its contacts in order, its screening indicators and its referrals (and, when saved, warnings)."""

    contacts = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField(help_text="Codes of `screening_indicator` ticked.")
    referrals = serializers.SerializerMethodField()
    led_to_application = serializers.SerializerMethodField()

    class Meta(ConsultationCaseSerializer.Meta):
        fields = [
            *ConsultationCaseSerializer.Meta.fields,
            "summary",
            "reason_for_case_closure",
            "contacts",
            "indicators",
            "referrals",
            "led_to_application",
            "warnings",
        ]
        read_only_fields = fields

    @extend_schema_field(HelplineContactSerializer(many=True))
    def get_contacts(self, case: ConsultationCase) -> list[Any]:
        return list(HelplineContactSerializer(selectors.case_contacts(case), many=True).data)

    def get_indicators(self, case: ConsultationCase) -> list[str]:
        return sorted(selectors.ticked_indicators(case))

    @extend_schema_field(ReferralSerializer(many=True))
    def get_referrals(self, case: ConsultationCase) -> list[Any]:
        return list(ReferralSerializer(selectors.case_referrals(case), many=True, context=self.context).data)

    def get_led_to_application(self, case: ConsultationCase) -> bool:
        return case.referrals.filter(application__isnull=False).exists()


class HelplineConflictSerializer(serializers.Serializer[Any]):
    """409: the record changed after the caller read it; nothing was written."""

    detail = serializers.CharField()
    current = serializers.JSONField(help_text="The record as saved now, to compare with and retry.")
    submitted = serializers.JSONField(help_text="What the caller sent.")


# What the API takes.


class HelplineContactInputSerializer(serializers.Serializer[Any]):
    contacted_at = serializers.DateTimeField()
    channel = _code("contact_channel")
    contact_type = _code("contact_type", help_text="Who contacted: a code of the code list `contact_type`.")
    subject = _code("contact_subject")
    primary_language = serializers.CharField(
        max_length=2, allow_blank=True, default="", help_text="ISO 639-1 code of the contact's language."
    )
    exploitation_forms = serializers.ListField(child=_code("exploitation_form"), default=list)
    sector = _code("sector", allow_blank=True, default="", help_text="When forced labour is suspected.")
    region = _code("region", allow_blank=True, default="", help_text="A region of Finland (code list `region`).")
    country = serializers.CharField(
        max_length=2, allow_blank=True, default="", help_text="Abroad: ISO 3166-1 alpha-2 code (not FI)."
    )
    concerns_minor = serializers.BooleanField(allow_null=True, default=None, help_text="null: not known.")
    actions = serializers.ListField(child=_code("contact_action"), default=list)
    person_description = _free_text()
    notes = _free_text()

    def details(self) -> ContactDetails:
        fields = ContactDetails.__dataclass_fields__
        data = {key: value for key, value in self.validated_data.items() if key in fields}
        return ContactDetails(
            **{
                **data,
                "primary_language": data["primary_language"].strip().lower(),
                "exploitation_forms": tuple(data["exploitation_forms"]),
                "actions": tuple(data["actions"]),
            }
        )


class HelplineContactCreateSerializer(HelplineContactInputSerializer):
    case = serializers.PrimaryKeyRelatedField(
        queryset=ConsultationCase.objects.none(),  # the caller's, set in __init__
        required=False,
        allow_null=True,
        default=None,
        help_text="An open consultation case the contact belongs to.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        field = self.fields["case"]
        assert isinstance(field, serializers.PrimaryKeyRelatedField)
        if request is not None:
            field.queryset = visible_cases(request.user)


class HelplineContactUpdateSerializer(HelplineContactInputSerializer):
    """PATCH: the fields given replace the saved ones; `revision` is required."""

    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")


class HelplineContactListQuerySerializer(serializers.Serializer[Any]):
    since = serializers.DateField(required=False, allow_null=True, default=None)
    until = serializers.DateField(required=False, allow_null=True, default=None)
    channel = serializers.CharField(max_length=CODE_MAX_LENGTH, required=False, allow_blank=True, default="")
    contact_type = serializers.CharField(max_length=CODE_MAX_LENGTH, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=CODE_MAX_LENGTH, required=False, allow_blank=True, default="")
    in_case = serializers.ChoiceField(
        choices=["", selectors.NOT_IN_A_CASE], required=False, default="", help_text="`none`: contacts not in a case."
    )


class HelplineContactIdsSerializer(serializers.Serializer[Any]):
    contacts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_GROUPED,
        help_text="Ids of contacts (of the info line) to group.",
    )


class ConsultationCaseListQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=["", *CaseStatus.values], required=False, default="", help_text="Empty: the open and waiting cases."
    )


class ConsultationCaseUpdateSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=CaseStatus.choices, help_text="`open` or `waiting`; a case is closed with close/, giving the outcome."
    )
    summary = _free_text()
    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")


class ConsultationCaseCloseSerializer(serializers.Serializer[Any]):
    outcome = _code("consultation_outcome")
    reason_for_case_closure = _free_text()
    revision = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class HelplineRevisionSerializer(serializers.Serializer[Any]):
    revision = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class ScreeningIndicatorsSerializer(serializers.Serializer[Any]):
    indicators = serializers.ListField(child=_code("screening_indicator"), help_text="Exactly the indicators ticked.")


class ReferralCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReferralKind.values)
    case = serializers.PrimaryKeyRelatedField(
        queryset=ConsultationCase.objects.none(),  # the caller's, set in __init__
        required=False,
        allow_null=True,
        default=None,
        help_text="The consultation case (required for `helpline` referrals).",
    )
    office = _code("office")
    referring_party = _code("contact_type", help_text="Who refers: a code of the code list `contact_type`.")
    referring_organisation = serializers.CharField(max_length=ORGANISATION_MAX_LENGTH, allow_blank=True, default="")
    referral_details = _free_text()
    due_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: in 14 days.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        field = self.fields["case"]
        assert isinstance(field, serializers.PrimaryKeyRelatedField)
        if request is not None:
            field.queryset = visible_cases(request.user)


class ReferralListQuerySerializer(serializers.Serializer[Any]):
    status = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    waiting = serializers.BooleanField(
        required=False, default=False, help_text="Only the caller's office's work list: waiting to be taken up."
    )


class ReferralDeclineSerializer(serializers.Serializer[Any]):
    decline_reason = _code("referral_decline_reason")
    notes = _free_text()
    revision = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class ReferralOutcomeSerializer(serializers.Serializer[Any]):
    outcome = _code("referral_outcome", help_text="`not_reached` or `declined_help`.")
    notes = _free_text()
    revision = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class HelplineStatisticsQuerySerializer(serializers.Serializer[Any]):
    publication = serializers.ChoiceField(
        choices=["", "exact", "public"],
        required=False,
        default="",
        help_text="Default: exact for analysts and advisers, public for coordinators (who may ask only that).",
    )
