"""Bad input on every form gives a clear, translated message that names the field."""

from html import unescape

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.forms import Field, Form
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from torju.accounts.forms import LoginForm, TokenForm, token_validator
from torju.accounts.models import Role
from torju.audit.forms import AuditFilterForm

pytestmark = pytest.mark.django_db


def label(form_class: type[Form], field: str, language: str = "fi") -> str:
    with translation.override(language):
        form = form_class() if form_class is LoginForm else None
        return str((form.fields if form else form_class.base_fields)[field].label)


def required_message(language: str = "fi") -> str:
    with translation.override(language):
        return str(Field.default_error_messages["required"])


def assert_names_field(html: str, field_label: str, message: str) -> None:
    assert f"{field_label}: {message}" in html, f"no '{field_label}: {message}' in the page"


def test_login_form_names_missing_fields() -> None:
    html = Client().post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert_names_field(html, label(LoginForm, "username"), required_message())
    assert_names_field(html, label(LoginForm, "password"), required_message())


def test_login_form_in_swedish() -> None:
    client = Client()
    client.post(reverse("web:set_language"), {"language": "sv"})
    html = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert_names_field(html, label(LoginForm, "username", "sv"), required_message("sv"))


def test_second_factor_form_names_the_code_field() -> None:
    user = user_with_role(Role.CASEWORKER)
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:second_factor_setup"))
    html = client.post(reverse("accounts:second_factor_setup"), {"token": "abc"}).content.decode()
    with translation.override("fi"):
        expected = str(token_validator.message)
    assert_names_field(html, label(TokenForm, "token"), expected)


def test_password_change_form_names_the_field() -> None:
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    response = client.post(
        reverse("accounts:password_change"), {"old_password": "wrong", "new_password1": "abc", "new_password2": "abd"}
    )
    html = unescape(response.content.decode())
    errors = response.context["form"].errors
    with translation.override("fi"):
        form = PasswordChangeForm(user=None)
        old, confirmation = str(form.fields["old_password"].label), str(form.fields["new_password2"].label)
    assert old == "Vanha salasana"
    # Each label with its own error (the labels alone are on the form whatever was sent).
    assert_names_field(html, old, errors["old_password"][0])
    assert_names_field(html, confirmation, errors["new_password2"][0])


def test_audit_filter_form_names_the_field() -> None:
    client = signed_in_client(user_with_role(Role.AUDITOR))
    html = client.get(reverse("audit:trail"), {"since": "2026-02-01", "until": "2026-01-01"}).content.decode()
    source = "The end date must not be before the start date."
    with translation.override("fi"):
        message = translation.gettext(source)
    assert message != source
    assert_names_field(html, label(AuditFilterForm, "until"), message)
