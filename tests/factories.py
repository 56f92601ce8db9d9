"""Test data factories."""

from datetime import date, timedelta
from typing import Any

import factory
from django.db.models import Model
from django.utils import timezone

from torju.accounts.models import Organisation, Role, RoleGrant, User
from torju.actor import Actor
from torju.legalpath import services as legalpath_services
from torju.legalpath.models import GroundsIndicator, IdentificationGrounds
from torju.register import services as register_services
from torju.register.models import Application, DirectIdentifiers, Person
from torju.register.services import PersonDetails

TEST_PASSWORD = "correct horse battery staple"

# The organisation each role's test user belongs to.
ROLE_ORGANISATION = {
    Role.COORDINATOR: "KOORDINAATIO",
    Role.REPORTER: "TEM",
    Role.CASEWORKER: "AUTTAMISJARJESTELMA-HEL",
    Role.DECISION_MAKER: "AUTTAMISJARJESTELMA-HEL",
    Role.ANALYST: "AUTTAMISJARJESTELMA",
    Role.AUDITOR: "AUTTAMISJARJESTELMA",
    Role.HELPLINE_ADVISER: "AUTTAMISJARJESTELMA",
    Role.GROUP_MEMBER: "SM",
    Role.RAPPORTEUR: "OM",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Käyttäjä{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self: User, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        self.save()
        for role in extracted or []:
            RoleGrant.objects.create(user=self, role=role)
        self.forget_roles()


def user_with_role(role: Role, organisation: Organisation | None = None, **kwargs: Any) -> User:
    """A user holding the role, in the role's usual organisation unless one is given."""
    organisation = organisation or Organisation.objects.get(code=ROLE_ORGANISATION[role])
    user: User = UserFactory(roles=[role], organisation=organisation, **kwargs)
    return user


def reload(instance: Model) -> Model:
    instance.refresh_from_db()
    return instance


# The register: users of the assistance system's offices, persons and cases made through the services.

OFFICE_ORGANISATION = {
    "HEL": "AUTTAMISJARJESTELMA-HEL",
    "TRE": "AUTTAMISJARJESTELMA-TRE",
    "LPR": "AUTTAMISJARJESTELMA-LPR",
}
CASE_AGE_DAYS = 120  # how long ago a new test case was received, unless told


def office_user(role: Role, office: str = "HEL", **kwargs: Any) -> User:
    """A caseworker or decision maker of an assistance system office (code list `office`)."""
    return user_with_role(role, organisation=Organisation.objects.get(code=OFFICE_ORGANISATION[office]), **kwargs)


def caseworker_at(office: str = "HEL", **kwargs: Any) -> User:
    return office_user(Role.CASEWORKER, office, **kwargs)


def decision_maker_at(office: str = "HEL", **kwargs: Any) -> User:
    return office_user(Role.DECISION_MAKER, office, **kwargs)


def person_details(
    *,
    first_names: str = "Aino",
    last_name: str = "Testinen",
    hetu: str = "",
    phone: str = "+358 40 000 0000",
    address: str = "",
    sex: str = "F",
    nationality: str = "NP",
    birth_date: date | None = date(1990, 4, 1),
    languages: str = "ne,en",
) -> PersonDetails:
    """A person's details as a caseworker records them (the birth date is left out with a hetu unless given)."""
    return PersonDetails(
        identifiers=DirectIdentifiers(
            first_names=first_names, last_name=last_name, hetu=hetu, phone=phone, address=address
        ),
        sex=sex,
        nationality=nationality,
        birth_date=birth_date,
        languages=languages,
    )


def new_application(
    caseworker: User,
    *,
    received_on: date | None = None,
    source: str = "police",
    residence_status: str = "work_permit",
    **details: Any,
) -> Application:
    """A first application of a new applicant, registered by the caseworker at their office (undecided)."""
    return register_services.register_new_applicant(
        actor=Actor.for_user(caseworker),
        details=person_details(**details),
        received_on=received_on or timezone.localdate() - timedelta(days=CASE_AGE_DAYS),
        source=source,
        residence_status=residence_status,
    )


def decided_application(
    caseworker: User,
    decision_maker: User,
    *,
    decision: str = "positive",
    decided_on: date | None = None,
    negative_reason: str = "",
    **case: Any,
) -> Application:
    """A case with a confirmed decision (positive: a current clienthood), ten days after it was received."""
    application = new_application(caseworker, **case)
    if decision == "positive":
        identification_grounds(caseworker, application)
    draft = register_services.draft_decision(
        actor=Actor.for_user(caseworker),
        application=application,
        decision=decision,
        negative_reason=negative_reason,
        decided_on=decided_on or application.received_on + timedelta(days=10),
    )
    return register_services.confirm_decision(
        actor=Actor.for_user(decision_maker), application=application, draft_id=draft.pk
    )


def identification_grounds(caseworker: User, application: Application, **changes: Any) -> Any:
    """The grounds a positive decision rests on (torju.legalpath): all three elements, two indicators, both
    assessments on the day the application was received."""
    values: dict[str, Any] = {
        "is_child": False,
        "act_assessed": True,
        "means_assessed": True,
        "purpose_assessed": True,
        "indicators": ["coercion.debt_bondage", "exploitation.low_or_no_pay"],
        "preliminary_on": application.received_on,
        "reasonable_grounds": True,
        "final_on": application.received_on,
        "final_grounds": True,
        **changes,
    }
    return legalpath_services.record_grounds(actor=Actor.for_user(caseworker), application=application, **values)


def grounds_row(application: Application, user: User) -> Any:
    """Grounds for a positive decision written straight to the tables, as model tests write their rows."""
    grounds = IdentificationGrounds.objects.create(
        application=application,
        act_assessed=True,
        means_assessed=True,
        purpose_assessed=True,
        final_on=application.received_on,
        final_grounds=True,
        recorded_by=user,
    )
    GroundsIndicator.objects.create(grounds=grounds, indicator="coercion.debt_bondage")
    return grounds


def victim_row(person_id: str = "P1", **fields: Any) -> Person:
    """A victim's row as an import would write it (no identifiers, no audit): for model and numbering tests."""
    person: Person = Person.objects.create(
        **{"person_id": person_id, "role": "victim", "sex": "F", "nationality": "FI", **fields}
    )
    return person
