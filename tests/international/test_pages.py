"""The pages: a definition that leaves a register code unmapped is shown to the analyst with every problem, the
coordinator gets the public form and is refused the exact counts, the CTDC file is not handed out when its check
fails."""

from collections.abc import Callable

import pytest
from django.test import Client

from tests.international.registers import random_register
from torju.accounts.models import Role
from torju.codes.models import Code

pytestmark = pytest.mark.django_db


def test_a_new_register_code_the_template_does_not_map_is_shown_to_the_analyst(
    client_for: Callable[[Role], Client],
) -> None:
    Code.objects.create(code_list="exploitation_form", code="forced_military", label_fi="x", label_sv="x", label_en="x")
    response = client_for(Role.ANALYST).get("/international/report/", {"template": "eu", "year": "2025"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "forced_military" in text and "not mapped to any category" in text


def test_the_coordinator_gets_the_public_form_and_not_the_exact_counts(client_for: Callable[[Role], Client]) -> None:
    random_register(seed=41, persons=50)
    coordinator = client_for(Role.COORDINATOR)
    response = coordinator.get("/international/report/", {"template": "greta", "year": "2025", "format": "csv"})
    assert response.status_code == 200
    assert "torju-greta-2025-2025-public.csv" in response["Content-Disposition"]
    assert coordinator.get("/international/report/", {"year": "2025", "form": "exact"}).status_code == 403


def test_the_ctdc_file_is_not_handed_out_when_the_check_fails(client_for: Callable[[Role], Client]) -> None:
    random_register(seed=42, persons=5)
    analyst = client_for(Role.ANALYST)
    page = analyst.get("/international/ctdc/", {"from": "2024", "to": "2025"})
    assert page.status_code == 200
    assert 'role="alert"' in page.content.decode() and "/international/ctdc/download/" not in page.content.decode()
    download = analyst.get("/international/ctdc/download/", {"from": "2024", "to": "2025"})
    assert download.status_code == 409 and "Content-Disposition" not in download
