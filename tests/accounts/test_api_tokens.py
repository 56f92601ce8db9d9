"""Machine clients (decision 0075): service accounts' API tokens, issued after the second factor, stored as digests,
scoped, expiring, revocable, audited under their names, rate-limited; anonymous API calls answer 401."""

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.accounts.api_clients import issue, manager_of_a_service_account, service_account
from tests.factories import TEST_PASSWORD, caseworker_at, new_application, user_with_role
from torju.accounts.models import ApiToken, Role, User
from torju.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

CASES = "/api/register/cases/"
UNDECIDED = CASES + "?list=undecided"  # the work list of every undecided case of the office
STATISTICS = "/api/statistics/annual/2025/"


def bearer(text: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {text}")


def test_a_token_reads_what_its_scope_and_roles_allow() -> None:
    manager, account = manager_of_a_service_account(Role.CASEWORKER, Role.ANALYST)
    new_application(caseworker_at("HEL"))
    client = bearer(issue(manager, account, register="read", statistics="read"))
    cases = client.get(UNDECIDED)
    assert cases.status_code == 200
    assert cases.json()["count"] == 1
    assert client.get(STATISTICS).status_code == 200


def test_a_token_reaches_no_app_outside_its_scope() -> None:
    manager, account = manager_of_a_service_account(Role.CASEWORKER, Role.ANALYST)
    client = bearer(issue(manager, account, statistics="read"))
    assert client.get(STATISTICS).status_code == 200
    assert client.get(CASES).status_code == 403
    refusal = AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).get()
    assert refusal.actor == account


def test_a_read_scoped_token_cannot_write_and_a_write_scoped_one_can() -> None:
    manager, account = manager_of_a_service_account(Role.CASEWORKER)
    reader = bearer(issue(manager, account, "reader", register="read"))
    writer = bearer(issue(manager, account, "writer", register="write"))
    applicant = {
        "person_details": {"first_names": "Aino", "last_name": "Testinen", "sex": "F", "nationality": "NP"},
        "received_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "source": "police",
        "residence_status": "work_permit",
    }
    assert reader.post(CASES, applicant, content_type="application/json").status_code == 403
    assert reader.get(UNDECIDED).json()["count"] == 0
    assert writer.post(CASES, applicant, content_type="application/json").status_code == 201
    assert writer.get(UNDECIDED).json()["count"] == 1


def test_a_revoked_token_is_refused_and_kept() -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    text = issue(manager, account, statistics="read")
    token = ApiToken.objects.get()
    page = Client()
    page.force_login(manager)
    # A session without the second factor revokes nothing.
    assert page.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk})).status_code in (302, 403)
    token.refresh_from_db()
    assert token.revoked_at is None
    from tests.conftest import signed_in_client

    response = signed_in_client(manager).post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    refused = bearer(text).get(STATISTICS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"
    token.refresh_from_db()
    assert token.revoked_by == manager
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED, object_id=str(token.pk)).count() == 1


def test_an_expired_token_is_refused() -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    text = issue(manager, account, statistics="read", days=1)
    assert bearer(text).get(STATISTICS).status_code == 200
    ApiToken.objects.update(created=timezone.now() - timedelta(days=2), expiry=timezone.now() - timedelta(seconds=1))
    assert bearer(text).get(STATISTICS).status_code == 401
    assert ApiToken.objects.count() == 1  # kept: the audit trail names it


def test_the_token_is_stored_as_its_digest_only() -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    text = issue(manager, account, statistics="read")
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha512(text.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    assert text not in stored


def test_every_use_is_audited_with_the_tokens_name() -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    client = bearer(issue(manager, account, "monthly figures", statistics="read"))
    client.get(STATISTICS)
    client.get(STATISTICS)
    uses = AuditEvent.objects.filter(action=Action.API_TOKEN_USED)
    assert [(use.actor, (use.changes or {})["token"], use.path) for use in uses] == [
        (account, "monthly figures", STATISTICS)
    ] * 2
    issued = AuditEvent.objects.get(action=Action.API_TOKEN_ISSUED)
    assert (issued.actor, (issued.changes or {})["after"]["token"]) == (manager, "monthly figures")


def test_tokens_are_rate_limited(settings: Settings) -> None:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "api_token": ["2/minute"]}
    manager, account = manager_of_a_service_account(Role.ANALYST)
    client = bearer(issue(manager, account, statistics="read"))
    assert [client.get(STATISTICS).status_code for _ in range(3)] == [200, 200, 429]


def test_issuing_needs_a_session_that_passed_the_second_factor() -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    page = Client()
    page.force_login(manager)  # a caseworker: sent to the second factor first
    response = page.post(reverse("accounts:api_tokens"), {"account": account.pk, "name": "x", "days": 5})
    assert response.status_code == 302
    assert ApiToken.objects.count() == 0
    coordinator = user_with_role(Role.COORDINATOR)  # needs no second factor to sign in, but to issue tokens
    own = service_account(coordinator, Role.ANALYST, username="coordinators-bot")
    page = Client()
    page.force_login(coordinator)
    shown = page.get(reverse("accounts:api_tokens"))
    assert shown.context["verified"] is False
    assert 'name="days"' not in shown.content.decode()  # no form to issue, a link to the second factor instead
    assert reverse("accounts:second_factor") in shown.content.decode()
    response = page.post(
        reverse("accounts:api_tokens"), {"account": own.pk, "name": "x", "days": 5, "statistics": "read"}
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_only_the_responsible_person_issues() -> None:
    _manager, account = manager_of_a_service_account(Role.ANALYST)
    from tests.conftest import signed_in_client

    other = signed_in_client(caseworker_at("HEL"))
    response = other.post(
        reverse("accounts:api_tokens"), {"account": account.pk, "name": "x", "days": 5, "statistics": "read"}
    )
    assert response.status_code == 400  # not among the choices of their form
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"days": 0, "statistics": "read"}, "days"),
        ({"days": 10_000, "statistics": "read"}, "days"),
        ({"days": 5}, None),
    ],
)
def test_a_token_has_a_lifetime_and_a_scope(data: dict[str, Any], field: str | None) -> None:
    manager, account = manager_of_a_service_account(Role.ANALYST)
    from tests.conftest import signed_in_client

    response = signed_in_client(manager).post(
        reverse("accounts:api_tokens"), {"account": account.pk, "name": "x", **data}
    )
    assert response.status_code == 400
    assert response.context["form"].errors.get(field or "__all__")
    assert ApiToken.objects.count() == 0


def test_a_service_account_never_signs_in_with_a_password() -> None:
    _manager, account = manager_of_a_service_account(Role.ANALYST)
    account.set_password(TEST_PASSWORD)
    account.save()
    response = Client().post(reverse("accounts:login"), {"username": account.username, "password": TEST_PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in Client().session


def test_a_service_account_is_never_staff_and_always_has_a_responsible_person() -> None:
    with pytest.raises(IntegrityError):
        User.objects.create(username="orphan-bot", is_service_account=True)


def test_an_anonymous_api_call_answers_401_with_the_challenge() -> None:
    response = Client().get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=None).count() == 1


def test_the_schema_documents_the_token_beside_the_cookie_and_every_refusal() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    assert "cookieAuth" in schema["components"]["securitySchemes"]
    missing = [
        f"{method.upper()} {path}: {status}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for status in ("401", "403", "404")
        if status not in operation["responses"]
    ]
    assert missing == []
    assert settings.REST_KNOX["AUTH_HEADER_PREFIX"] == "Bearer"


def test_an_api_address_that_no_endpoint_has_answers_the_documented_json_404() -> None:
    response = bearer("no-token").get("/api/programme/programmes/2026-2027/measures/0.6/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
