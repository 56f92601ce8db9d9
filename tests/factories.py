"""Test data factories."""

from typing import Any

import factory
from django.db.models import Model

from torju.accounts.models import Organisation, Role, RoleGrant, User

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
