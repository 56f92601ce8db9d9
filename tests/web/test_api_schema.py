"""Schemathesis against the OpenAPI schema: every operation, as a signed-in coordinator and as an analyst.

The schema is the one /api/schema/ serves; the requests go to the Django
application in-process (WSGI, no network) with the user's session and CSRF
token. Every response must be free of server errors and conform to
the schema: its content type, and its body wherever the schema documents the
status. The number of examples per operation is kept small for the suite's
time; the property is the same.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from torju.accounts.models import Role

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def in_test_transaction(handler: WSGIHandler) -> WSGIApp:
    """The project's WSGI application, answering inside the test's transaction.

    Django closes "old" connections at the start and end of each request;
    in a test that would end the test's transaction, so, as Django's test
    client does, the signal is disconnected while a request is answered
    (and its response read).
    """

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return application


def generated_schema() -> dict[str, Any]:
    """The schema as drf-spectacular makes it for /api/schema/ (test_the_schema_is_the_one_served)."""
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, cls=DjangoJSONEncoder))


# The shipped plan and a year with statistics, so that the operations reach real objects; the coverage
# phase (every boundary value of every parameter) is left out for the suite's time.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": EXAMPLES_PER_OPERATION},
        "phases": {"coverage": {"enabled": False}},
        "parameters": {"path.slug": "2026-2027", "path.year": 2025},
    }
)
schema = schemathesis.openapi.from_dict(generated_schema(), config=CONFIG)
schema.app = in_test_transaction(WSGIHandler())


@pytest.mark.django_db
def test_the_schema_is_the_one_served() -> None:
    response = signed_in_client(user_with_role(Role.ANALYST)).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content) == generated_schema()


def signed_in_session(role: Role) -> dict[str, dict[str, str]]:
    """The cookies and headers of a signed-in user (second factor passed) with a CSRF token."""
    user = user_with_role(role)
    session_key = signed_in_client(user).session.session_key
    assert session_key is not None
    token = _get_new_csrf_string()
    return {
        "cookies": {settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: token},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def coordinator(db: None) -> dict[str, dict[str, str]]:
    return signed_in_session(Role.COORDINATOR)


@pytest.fixture
def analyst(db: None) -> dict[str, dict[str, str]]:
    return signed_in_session(Role.ANALYST)


EXAMPLES = hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@EXAMPLES
def test_every_operation_as_a_coordinator(case: schemathesis.Case[Any], coordinator: dict[str, dict[str, str]]) -> None:
    case.call_and_validate(cookies=coordinator["cookies"], headers=coordinator["headers"], checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_every_operation_as_an_analyst(case: schemathesis.Case[Any], analyst: dict[str, dict[str, str]]) -> None:
    case.call_and_validate(cookies=analyst["cookies"], headers=analyst["headers"], checks=CHECKS)
