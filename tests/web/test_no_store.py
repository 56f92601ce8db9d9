"""Nothing personal stays in a browser's cache: responses to signed-in users and all API responses are no-store."""

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.register.matrix_samples import register_samples
from torju.accounts.models import Role

pytestmark = pytest.mark.django_db


def not_stored(response: HttpResponseBase) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_register_pages_and_api_are_never_stored() -> None:
    samples = register_samples(None)
    case, person = samples["register.case"], samples["register.person"]
    caseworker = signed_in_client(user_with_role(Role.CASEWORKER))
    for url in (
        reverse("register:application", args=[case.pk]),
        reverse("register:person", args=[person.pk]),
        reverse("register:home"),
        reverse("register_api:application-list"),
        reverse("register_api:application-detail", args=[case.pk]),
        reverse("register_api:person-detail", args=[person.pk]),
    ):
        response = caseworker.get(url)
        assert response.status_code == 200, url
        assert not_stored(response), (url, response.get("Cache-Control"))
    searched = caseworker.post(reverse("register_api:person-search"), {"person_id": person.person_id})
    assert searched.status_code == 200 and not_stored(searched)


def test_downloads_and_every_signed_in_page_are_never_stored() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    export = auditor.get(reverse("audit:export"))
    assert export.status_code == 200 and not_stored(export)
    home = auditor.get(reverse("web:home"))
    assert home.status_code == 200 and not_stored(home)


def test_the_api_is_never_stored_even_when_refused() -> None:
    response = Client().get(reverse("register_api:application-list"))
    assert response.status_code == 401 and not_stored(response)


def test_public_pages_may_be_cached() -> None:
    response = Client().get(reverse("progress:index"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
