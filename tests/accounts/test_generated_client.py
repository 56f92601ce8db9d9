"""Must show (issue 17): a client generated from the OpenAPI schema by a standard generator (openapi-python-client,
run here offline into tmp_path) authenticates with a token, reads a case list and the statistics; a revoked or
expired token is refused; a read-scoped token cannot write."""

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from tests.accounts.api_clients import connections_kept, issue, manager_of_a_service_account
from tests.factories import caseworker_at, new_application
from torju.accounts.models import ApiToken, Role
from torju.register.models import Application

pytestmark = pytest.mark.django_db
PACKAGE = "torju_api_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The client package, generated from Torju's schema by openapi-python-client (no formatting hooks)."""
    folder = tmp_path_factory.mktemp("client")
    schema = folder / "schema.json"
    schema.write_text(json.dumps(SchemaGenerator().get_schema(request=None, public=True)), encoding="utf-8")
    config = folder / "config.json"
    config.write_text(json.dumps({"post_hooks": []}), encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        check=True,
        cwd=folder,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(folder))
    try:
        yield PACKAGE
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def client_with(token: str) -> Any:
    """The generated client, sending its requests to Torju in this process (WSGI), with the token."""
    authenticated = module("client").AuthenticatedClient(
        base_url="http://testserver", token=token, httpx_args={"transport": httpx.WSGITransport(app=WSGIHandler())}
    )
    return authenticated


def test_the_generated_client_reads_cases_and_statistics_with_a_token(generated: str) -> None:
    manager, account = manager_of_a_service_account(Role.CASEWORKER, Role.ANALYST)
    new_application(caseworker_at("HEL"))
    client = client_with(issue(manager, account, register="read", statistics="read"))
    with connections_kept():
        cases = module("api.register.register_cases_list").sync_detailed(
            client=client, list_=module("models").RegisterCasesListList("undecided")
        )
        statistics = module("api.statistics.statistics_annual_retrieve").sync_detailed(client=client, year=2025)
    assert cases.status_code == 200
    assert cases.parsed.count == 1
    assert [case.case_number for case in cases.parsed.results] == list(
        Application.objects.values_list("case_number", flat=True)
    )
    assert statistics.status_code == 200
    assert statistics.parsed.year == 2025


def test_a_revoked_or_expired_token_is_refused(generated: str) -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    revoked = issue(manager, account, "revoked", statistics="read")
    expired = issue(manager, account, "expired", statistics="read")
    ApiToken.objects.filter(name="revoked").update(revoked_at=timezone.now(), revoked_by=manager)
    ApiToken.objects.filter(name="expired").update(
        created=timezone.now() - timedelta(days=40), expiry=timezone.now() - timedelta(days=10)
    )
    read = module("api.statistics.statistics_annual_retrieve")
    with connections_kept():
        answers = [read.sync_detailed(client=client_with(text), year=2025) for text in (revoked, expired)]
    assert [answer.status_code for answer in answers] == [401, 401]
    assert all(answer.parsed.detail for answer in answers)


def test_a_read_scoped_token_cannot_write(generated: str) -> None:
    manager, account = manager_of_a_service_account(Role.CASEWORKER)
    reader = client_with(issue(manager, account, "reader", register="read"))
    writer = client_with(issue(manager, account, "writer", register="write"))
    body = module("models").CaseCreate.from_dict(
        {
            "person_details": {"first_names": "Aino", "last_name": "Testinen", "sex": "F", "nationality": "NP"},
            "received_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
            "source": "police",
            "residence_status": "work_permit",
        }
    )
    create = module("api.register.register_cases_create")
    with connections_kept():
        refused = create.sync_detailed(client=reader, body=body)
        assert Application.objects.count() == 0
        created = create.sync_detailed(client=writer, body=body)
    assert refused.status_code == 403
    assert created.status_code == 201
    assert Application.objects.count() == 1
