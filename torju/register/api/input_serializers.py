"""What the register's API takes: they parse; the services decide (torju.register.services)."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from torju.actor import Actor
from torju.codes.selectors import codes_of
from torju.register import selectors, services
from torju.register.hetu import parse_hetu
from torju.register.models import (
    CODE_MAX_LENGTH,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    DirectIdentifiers,
    Person,
    languages_validator,
)
from torju.register.permissions import applicants_to_apply_for

# The fields of services.PersonDetails: a service's errors on them belong to the nested person's details.
PERSON_DETAIL_FIELDS = (*services.IDENTIFIER_FIELDS, *services.PERSON_FIELDS)


class CodeField(serializers.CharField):
    """A code of a code list (spec/codes.csv); the service checks that it is on the list."""

    def __init__(self, code_list: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"A code of the code list `{code_list}`.")
        super().__init__(max_length=CODE_MAX_LENGTH, **kwargs)


class ApplicationListQuerySerializer(serializers.Serializer[Any]):
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

    def criteria(self) -> selectors.ApplicationFilter:
        data = self.validated_data
        return selectors.ApplicationFilter(
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


def person_details_of(data: dict[str, Any]) -> services.PersonDetails:
    return services.PersonDetails(
        identifiers=DirectIdentifiers(**{field: data[field] for field in services.IDENTIFIER_FIELDS}),
        sex=data["sex"],
        nationality=data["nationality"],
        birth_date=data["birth_date"],
        birth_date_estimated=data["birth_date_estimated"],
        languages=data["languages"],
    )


def require_field(serializer: serializers.Serializer[Any], attrs: dict[str, Any], field: str) -> None:
    """A field that a partial (PATCH) update must still carry."""
    if field not in attrs:
        raise serializers.ValidationError({field: [serializer.fields[field].error_messages["required"]]})


class PersonUpdateSerializer(PersonDetailsInputSerializer):
    """PATCH: the fields given replace the saved ones; `revision` is required."""

    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        require_field(self, attrs, "revision")
        return attrs


@extend_schema_serializer(component_name="CaseCreate")  # the API's resource is `cases/`
class ApplicationCreateSerializer(serializers.Serializer[Any]):
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


@extend_schema_serializer(component_name="CaseUpdate")  # the API's resource is `cases/`
class ApplicationUpdateSerializer(serializers.Serializer[Any]):
    """PATCH: the fields given replace the saved ones; `revision` is required."""

    received_on = serializers.DateField()
    source = CodeField("application_source")  # type: ignore[assignment]  # a field, not Field.source
    residence_status = CodeField("residence_status")
    revision = serializers.IntegerField(min_value=1, help_text="Required: the revision the caller read.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        require_field(self, attrs, "revision")
        return attrs


class ReasonInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class WaitingInputSerializer(serializers.Serializer[Any]):
    """What the case waits for; the service trims it, and refuses an empty or an overlong one with its message."""

    reason = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="What information the case waits for, and from whom."
    )


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
