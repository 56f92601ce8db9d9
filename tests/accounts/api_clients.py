"""Service accounts and their tokens for the tests, issued through the page as their responsible person does."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import OFFICE_ORGANISATION, caseworker_at
from torju.accounts import services
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor


def service_account(manager: User, *roles: Role, username: str = "figures-bot") -> User:
    """A machine client of the Helsinki office, holding the roles, whose tokens `manager` issues."""
    return services.create_service_account(
        username=username,
        roles=list(roles),
        organisation=Organisation.objects.get(code=OFFICE_ORGANISATION["HEL"]),
        manager=manager,
        actor=Actor.system("admin"),
    )


def manager_of_a_service_account(*roles: Role) -> tuple[User, User]:
    """A caseworker responsible for a service account holding the roles: (manager, account)."""
    manager = caseworker_at("HEL")
    return manager, service_account(manager, *roles)


def issue(manager: User, account: User, name: str = "figures", days: int = 30, **access: str) -> str:
    """The text of a new token, issued on the page 'API tokens' from a session that passed the second factor."""
    client = signed_in_client(manager)
    data: dict[str, Any] = {"account": account.pk, "name": name, "days": days, **access}
    response = client.post(reverse("accounts:api_tokens"), data)
    assert response.status_code == 200, response.content.decode()
    text: str = response.context["issued"]["text"]
    return text


@contextmanager
def connections_kept() -> Iterator[None]:
    """Requests sent through a WSGI transport in the test's thread keep its database connection (as Django's test
    client does): the signals that close old connections are off meanwhile."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
