"""Shared fixtures: users per role with a passed second factor, and database markers."""

import os
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import user_with_role
from torju.accounts.models import Role, User

# Playwright's synchronous API runs an event loop in the test thread; the
# tests' own ORM calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _require_postgresql(request: pytest.FixtureRequest) -> None:
    """Tests marked `postgresql` test PostgreSQL behaviour; `make test` deselects them on SQLite."""
    if request.node.get_closest_marker("postgresql") and connection.vendor != "postgresql":
        pytest.fail(
            "this test needs PostgreSQL: run it with a PostgreSQL DATABASE_URL, or deselect -m 'not postgresql'"
        )


def pass_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed TOTP, as the sign-in flow does."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    return client


@pytest.fixture
def client_for(db: None) -> Callable[[Role], Client]:
    """A client signed in (second factor passed) as a new user holding the role."""

    def make(role: Role) -> Client:
        return signed_in_client(user_with_role(role))

    return make
