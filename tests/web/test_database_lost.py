"""The database connection dropped during a request (issue 17, crash safety; PostgreSQL).

The PostgreSQL backend serving a request is terminated (pg_terminate_backend,
as a restart or failover of the database does) after the request has written
part of its change: the user gets a page that says the connection was lost
and nothing was saved (503), nothing is half-written, and the next request
works on a new connection. A connection a server keeps between requests
(DATABASE_CONN_MAX_AGE) and loses in between costs no request an error.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, identification_grounds, new_application, user_with_role
from tests.processes import GUNICORN, running, start, wait_until
from tests.web.test_make_run import free_port
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.register import services
from torju.register.models import ServiceProvided
from torju.register.services.common import audit_application as clienthood_audit_application

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def terminate_own_backend() -> None:
    """What the database's administrator (or a failover) does to the connection serving this request."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def dropping_midway(original: Callable[..., Any]) -> Callable[..., Any]:
    def audit_after_the_connection_dropped(*args: Any, **kwargs: Any) -> Any:
        terminate_own_backend()  # the service has written the service's end; its audit entry is next
        return original(*args, **kwargs)

    return audit_after_the_connection_dropped


def test_a_request_whose_connection_is_dropped_writes_nothing_says_so_and_the_next_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caseworker = caseworker_at("HEL")
    case = new_application(caseworker, first_names="Aino", received_on=TODAY - timedelta(days=3))
    identification_grounds(caseworker, case)  # a positive draft rests on recorded grounds (torju.legalpath)
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=TODAY
    )
    services.confirm_decision(
        actor=Actor.for_user(user_with_role(Role.DECISION_MAKER)), application=case, draft_id=draft.pk
    )
    provided = services.add_service(
        actor=Actor.for_user(caseworker), application=case, service="counselling", started_on=TODAY
    )
    client = signed_in_client(caseworker)
    client.raise_request_exception = False
    audit_rows = AuditEvent.objects.count()
    end_service = reverse("register:service_end", args=[case.pk, provided.pk])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "torju.register.services.clienthood.audit_application", dropping_midway(clienthood_audit_application)
        )
        response = client.post(end_service, {"ended_on": TODAY.isoformat()})
    assert response.status_code == 503
    page = response.content.decode()
    assert "The connection to the database was lost" in page and "Nothing of this request was saved" in page
    assert "Yhteys tietokantaan katkesi" in page

    provided.refresh_from_db()
    assert provided.ended_on is None  # the service's end, written before the drop, was rolled back
    assert AuditEvent.objects.count() == audit_rows
    assert client.get(reverse("register:application", args=[case.pk])).status_code == 200
    assert client.post(end_service, {"ended_on": TODAY.isoformat()}).status_code == 302
    assert ServiceProvided.objects.get(pk=provided.pk).ended_on == TODAY


def test_a_kept_connection_lost_between_requests_costs_no_request(tmp_path: Path) -> None:
    """With DATABASE_CONN_MAX_AGE a server keeps its connection between requests; the database restarted or
    failed over in between, the next request checks it first (CONN_HEALTH_CHECKS) and connects anew."""
    log = tmp_path / "server.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(
        [GUNICORN, "torju.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        log,
        DATABASE_CONN_MAX_AGE="60",
    )
    with running(server):
        wait_until(lambda: _status(f"{base}/healthz") == 200, "the server up", log=log)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            kept = [pid for (pid,) in cursor.fetchall()]
            assert kept, "the server kept no connection between requests"
            for pid in kept:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert _status(f"{base}/healthz") == 200, log.read_text()


def _status(url: str) -> int:
    try:
        with urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except HTTPError as error:
        return error.code
    except (URLError, ConnectionError, TimeoutError):
        return 0
