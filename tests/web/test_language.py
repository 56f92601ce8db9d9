"""Finnish by default; the choice of language persists, for visitors and users."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_finnish_is_the_default_whatever_the_browser_asks() -> None:
    response = Client().get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "fi"
    assert '<html lang="fi">' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "sign_in_word"), [("sv", "Logga in"), ("en", "Sign in"), ("fi", "Kirjaudu sisään")]
)
def test_switching_language_persists_in_a_cookie(language: str, sign_in_word: str) -> None:
    client = Client()
    response = client.post(reverse("web:set_language"), {"language": language, "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert f'<html lang="{language}">' in page
    assert sign_in_word in page


def test_user_choice_is_saved_and_follows_the_user() -> None:
    user = user_with_role(Role.COORDINATOR)
    first = Client()
    first.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    first.post(reverse("web:set_language"), {"language": "sv", "next": "/"})
    user.refresh_from_db()
    assert user.language == "sv"
    elsewhere = Client()  # another browser, no cookie
    elsewhere.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert elsewhere.get(reverse("web:home"))["Content-Language"] == "sv"


def test_unknown_language_and_foreign_redirects_are_refused() -> None:
    client = Client()
    response = client.post(
        reverse("web:set_language"), {"language": "de", "next": "https://evil.example/"}, follow=True
    )
    assert response.redirect_chain[0][0] == "/"
    assert "Kieli" in response.content.decode()
    assert response["Content-Language"] == "fi"
