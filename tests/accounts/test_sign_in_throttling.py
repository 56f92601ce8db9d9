"""Sign-in throttling behind the load balancer: by the client's address, and a user name slowed down, never locked."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role, User
from torju.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the load balancer: every request reaches Torju from it


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # One window for the whole test: a per-user count must not start over in the middle of it.
    settings.LOGIN_USER_WINDOW_MINUTES = 365 * 24 * 60


def attempt(client: Client, client_address: str, user: User, password: str) -> int:
    """A sign-in through the load balancer, which appends the client's address to X-Forwarded-For."""
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.18.0.1, {client_address}",  # the first entry is the client's own claim
    )
    return response.status_code


def test_an_attacker_locks_out_only_their_own_address() -> None:
    decision_maker = user_with_role(Role.DECISION_MAKER)
    attacker = Client()
    for _try in range(4):
        assert attempt(attacker, "203.0.113.7", decision_maker, "guess") == 200
    assert attempt(attacker, "203.0.113.7", decision_maker, "guess") == 429  # the fifth failure locks the pair
    assert attempt(attacker, "203.0.113.7", decision_maker, TEST_PASSWORD) == 429  # locked: from there only
    assert attempt(Client(), "198.51.100.20", decision_maker, TEST_PASSWORD) == 302  # the real user, same proxy
    failed = AuditEvent.objects.filter(action=Action.LOGIN_FAILED, actor_username=decision_maker.username)
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username=decision_maker.username)
    assert set(locked.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert AuditEvent.objects.get(action=Action.LOGIN, actor=decision_maker).ip_address == "198.51.100.20"


def test_a_user_name_failing_from_many_addresses_is_slowed_down_not_locked(settings: Settings) -> None:
    settings.LOGIN_USER_FAILURE_LIMIT = 3
    settings.LOGIN_USER_DELAY_SECONDS = 2
    decision_maker = user_with_role(Role.DECISION_MAKER)
    for number in range(1, 4):  # each address stays far below the lock-out of its own
        assert attempt(Client(), f"203.0.113.{number}", decision_maker, "guess") == 200
    assert attempt(Client(), "203.0.113.4", decision_maker, "guess") == 200  # tried, and holds the slot
    real_user = Client()
    real_user.cookies["django_language"] = "en"
    response = real_user.post(
        reverse("accounts:login"),
        {"username": decision_maker.username, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 2
    with translation.override("en"):
        assert "Try again in" in response.content.decode()
    assert decision_maker.username in response.content.decode()  # what was typed is kept
    assert "_auth_user_id" not in real_user.session
    assert not AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()
    time.sleep(int(response["Retry-After"]) + 0.1)
    assert attempt(real_user, "198.51.100.20", decision_maker, TEST_PASSWORD) == 302
    flagged = AuditEvent.objects.filter(action=Action.THROTTLED, flagged=True)
    assert [(event.actor_username, event.object_type) for event in flagged] == [(decision_maker.username, "sign-in")]


def test_the_audit_trail_and_the_lock_out_never_trust_the_clients_own_claim() -> None:
    """Only the entry our proxy appended counts: a client cannot pose as another address."""
    user = user_with_role(Role.COORDINATOR)
    attacker = Client()
    for number in range(6):
        attacker.post(
            reverse("accounts:login"),
            {"username": user.username, "password": "guess"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )
    assert attempt(attacker, "203.0.113.7", user, TEST_PASSWORD) == 429
    addresses = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).values_list("ip_address", flat=True)
    assert set(addresses) == {"203.0.113.7"}
