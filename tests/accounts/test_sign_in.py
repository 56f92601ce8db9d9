"""Signing in: roles, the TOTP second factor, demo users, throttling, password change."""

import re
from base64 import b32decode

import pytest
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, UserFactory, user_with_role
from torju.accounts.models import Role, User
from torju.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def shown_secret(response: HttpResponseBase) -> str:
    """The secret the set-up page shows (for typing into the app), as the page's text has it."""
    assert isinstance(response, HttpResponse)
    found = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', response.content.decode())
    assert found is not None, "the set-up page shows no secret"
    return found.group(1)


def code_of(secret: str, drift: int = 0) -> str:
    """The code an authenticator app shows for the secret now (`drift` steps of 30 seconds from now)."""
    return f"{totp(b32decode(secret), step=30, t0=0, digits=6, drift=drift):06d}"


def wrong_code(secret: str) -> str:
    """A code the secret does not give now, nor in the steps either side."""
    near = {code_of(secret, drift) for drift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def sign_in(client: Client, user: User) -> None:
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DECISION_MAKER, Role.ANALYST, Role.AUDITOR])
def test_roles_that_see_personal_data_must_enrol_and_pass_totp(role: Role) -> None:
    user = user_with_role(role)
    client = Client()
    sign_in(client, user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_setup"))
    secret = shown_secret(response)
    response = client.post(reverse("accounts:second_factor_setup"), {"token": wrong_code(secret)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert shown_secret(response) == secret  # a mistyped code is tried again against the same secret
    response = client.post(reverse("accounts:second_factor_setup"), {"token": code_of(secret), "next": "/"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, action=Action.SECOND_FACTOR_ENROLLED).exists()
    assert AuditEvent.objects.filter(actor=user, action=Action.SECOND_FACTOR_FAILED).count() == 1


def test_enrolled_user_is_asked_for_the_code_at_the_next_sign_in() -> None:
    user = user_with_role(Role.CASEWORKER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    sign_in(client, user)
    response = client.post(reverse("accounts:second_factor"), {"token": "12345x"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(actor=user, action=Action.SECOND_FACTOR_FAILED).exists()
    assert client.get(reverse("web:home")).status_code == 302
    response = client.post(reverse("accounts:second_factor"), {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REPORTER])
def test_roles_without_personal_data_need_no_second_factor(role: Role) -> None:
    client = Client()
    sign_in(client, user_with_role(role))
    assert client.get(reverse("web:home")).status_code == 200


def test_demo_users_skip_the_second_factor_only_in_demo_mode(settings: object) -> None:
    user = user_with_role(Role.CASEWORKER, is_demo=True)
    client = Client()
    sign_in(client, user)
    assert client.get(reverse("web:home")).status_code == 302
    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    assert client.get(reverse("web:home")).status_code == 200
    non_demo = Client()
    sign_in(non_demo, user_with_role(Role.CASEWORKER))
    assert non_demo.get(reverse("web:home")).status_code == 302


def test_failed_logins_are_throttled() -> None:
    user = UserFactory()
    client = Client()
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_username=user.username).exists()


def test_password_change_is_audited_and_takes_effect() -> None:
    user = user_with_role(Role.COORDINATOR)
    client = Client()
    sign_in(client, user)
    new_password = "a much longer passphrase 42"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert AuditEvent.objects.filter(actor=user, action=Action.PASSWORD_CHANGED).exists()


def test_inactive_user_cannot_sign_in() -> None:
    user = user_with_role(Role.COORDINATOR, is_active=False)
    response = Client().post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, actor_username=user.username).exists()
