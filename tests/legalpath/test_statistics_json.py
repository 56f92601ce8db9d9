"""The second statistics JSON: clients by category, their criminal process and permits, each share with its base."""

import json
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.legalpath import services as legal
from torju.statistics.legal_path import legal_path_figures, public_legal_path

pytestmark = pytest.mark.django_db


def a_year_of_clients() -> None:
    caseworker, decision_maker = caseworker_at("HEL"), decision_maker_at("HEL")
    actor = Actor.for_user(caseworker)
    cases = [
        decided_application(caseworker, decision_maker, received_on=date(2025, 3, 1), decided_on=date(2025, 3, 10))
        for _ in range(6)
    ]
    legal.set_client_category(actor=actor, application=cases[5], category="assisting_person")
    for case in cases[:5]:
        legal.record_criminal_matter(
            actor=actor,
            application=case,
            client_role="complainant",
            reported_on=date(2025, 4, 1),
            reported_by="client",
            offence="trafficking",
            investigation_opened_on=date(2025, 4, 10),
        )
    legal.record_permit(
        actor=actor,
        application=cases[0],
        permit_type="victim_continuous",
        status="granted",
        applied_on=date(2025, 3, 15),
        decided_on=date(2025, 5, 1),
        valid_from=date(2025, 5, 1),
    )
    # Not a client in 2025: decided in 2026.
    decided_application(caseworker, decision_maker, received_on=date(2026, 1, 5), decided_on=date(2026, 1, 20))


def test_the_figures_name_their_base() -> None:
    a_year_of_clients()
    figures = legal_path_figures(2025)
    assert figures["clients_by_category"] | {"base": ""} == {
        "base": "",
        "clients": 6,
        "victim": 5,
        "assisting_person": 1,
        "child_of_client": 0,
    }
    assert figures["criminal_process"]["reported"] == {"count": 5, "share": 0.833, "base": "clients"}
    assert figures["criminal_process"]["charged"]["count"] == 0
    assert figures["residence_permits"]["granted_by_type"] == {
        "victim_continuous": {"count": 1, "share": 0.167, "base": "clients"}
    }
    public = public_legal_path(figures, 5)
    assert public["criminal_process"]["reported"] == {"count": 5, "share": 0.833, "base": "clients"}
    assert public["clients_by_category"]["assisting_person"] is None  # 1 < k
    assert public["residence_permits"]["granted"] == {"count": None, "share": None, "base": "clients"}
    assert public["threshold"] == 5


def test_readers_get_the_public_json_of_an_ended_year_only() -> None:
    a_year_of_clients()
    analyst = signed_in_client(user_with_role(Role.ANALYST))
    response = analyst.get(reverse("statistics:legal_path_json", args=[2025]))
    assert response.status_code == 200
    assert json.loads(response.content)["clients_by_category"]["clients"] == 6
    assert analyst.get(reverse("statistics:legal_path_json", args=[2026])).status_code == 403  # not ended
    caseworker = signed_in_client(user_with_role(Role.CASEWORKER))
    assert caseworker.get(reverse("statistics:legal_path_json", args=[2025])).status_code == 403
