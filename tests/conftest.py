"""Shared fixtures: users per role with a passed second factor, and the markers `browser`, `slow`, `postgresql`.

`slow` marks the tests that take seconds each (docs/decisions/0019): the
browser tests, document rendering, `make run` and the demo set-up as
processes, schemathesis, the large property tests. `make test-fast` leaves
them out; `make test` runs them. They are marked here by module, so that a
test file needs no edit; tests/test_architecture.py checks that every module
named still exists.
"""

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


SLOW_MODULES = frozenset(
    {
        "tests/accounts/test_demo_setup.py",  # migrate and setup_demo as processes, twice
        "tests/accounts/test_generated_client.py",  # openapi-python-client generates a client from the schema
        "tests/documents/test_word_styles.py",  # DOCX, LibreOffice
        "tests/programme/test_documents.py",  # PDF and DOCX, LibreOffice
        "tests/statistics/test_command_process.py",  # the command as a process
        "tests/statistics/test_public_form_properties.py",  # hypothesis over generated registers
        "tests/statistics/test_review_documents.py",  # PDF and DOCX, LibreOffice
        "tests/web/test_api_schema.py",  # schemathesis over every operation
        "tests/web/test_make_run.py",  # make run: gunicorn and the worker
        "tests/register/test_crash_safety.py",  # task workers killed mid-job
        "tests/web/test_two_servers.py",  # two gunicorns and two workers on one database
        "tests/web/test_backup_restore.py",  # pg_dump and pg_restore
        "tests/web/test_read_replica.py",  # a copy of the database as the replica, commands as processes
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0]
        if "browser" in module.split("/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


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
