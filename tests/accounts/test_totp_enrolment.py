"""Linking an authenticator app: a fresh secret per attempt, held by the session that was shown it, expiring."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_sign_in import code_of, shown_secret, sign_in, wrong_code
from tests.factories import user_with_role
from torju.accounts.models import Role
from torju.accounts.views import ENROLMENT_SESSION_KEY
from torju.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

SETUP = "accounts:second_factor_setup"


def test_each_attempt_shows_a_new_secret_and_saves_nothing() -> None:
    user = user_with_role(Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    first = shown_secret(client.get(reverse(SETUP)))
    second = shown_secret(client.get(reverse(SETUP)))
    assert first != second
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.post(reverse(SETUP), {"token": code_of(first)}).status_code == 200  # the earlier attempt's
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.post(reverse(SETUP), {"token": code_of(second), "next": "/"}).status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_secret_seen_by_someone_else_never_becomes_the_users_second_factor() -> None:
    """Whoever signed in with the password first and saw a set-up page holds nothing once the user enrols."""
    user = user_with_role(Role.DECISION_MAKER)
    attacker = Client()
    sign_in(attacker, user)
    seen = shown_secret(attacker.get(reverse(SETUP)))
    real_user = Client()
    sign_in(real_user, user)
    own = shown_secret(real_user.get(reverse(SETUP)))
    assert own != seen
    assert real_user.post(reverse(SETUP), {"token": code_of(own), "next": "/"}).status_code == 302
    later = Client()
    sign_in(later, user)
    response = later.post(reverse("accounts:second_factor"), {"token": code_of(seen), "next": "/"})
    assert response.status_code == 200
    assert later.get(reverse("web:home")).status_code == 302  # still asked for the second factor
    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED, actor=user).exists()


def test_a_secret_expires() -> None:
    user = user_with_role(Role.ANALYST)
    client = Client()
    sign_in(client, user)
    secret = shown_secret(client.get(reverse(SETUP)))
    session = client.session
    pending = session[ENROLMENT_SESSION_KEY]
    session[ENROLMENT_SESSION_KEY] = {**pending, "issued": pending["issued"] - 11 * 60}  # shown 11 minutes ago
    session.save()
    response = client.post(reverse(SETUP), {"token": code_of(secret)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert shown_secret(response) != secret  # a new attempt, with a new secret
    with translation.override("fi"):
        expired = translation.gettext("The set-up took too long and its code has expired. Scan the new QR code.")
    assert expired in response.content.decode() and "vanhentunut" in expired


def test_a_wrong_code_links_nothing_and_keeps_the_secret_of_the_attempt() -> None:
    user = user_with_role(Role.AUDITOR)
    client = Client()
    sign_in(client, user)
    secret = shown_secret(client.get(reverse(SETUP)))
    response = client.post(reverse(SETUP), {"token": wrong_code(secret)})
    assert shown_secret(response) == secret
    assert not TOTPDevice.objects.filter(user=user).exists()
