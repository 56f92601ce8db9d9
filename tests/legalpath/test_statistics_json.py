"""The second statistics JSON: clients by category, their criminal process and permits, each share with its base."""

import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.legalpath import services as legal
from torju.register.models import Application
from torju.statistics.computation import annual_statistics
from torju.statistics.legal_path import legal_path_figures, public_legal_path, stored_legal_path_figures
from torju.statistics.models import LegalPathSnapshot
from torju.statistics.permissions import EXACT, PUBLIC
from torju.statistics.release_content import content_of
from torju.statistics.review import build_review
from torju.statistics.review.model import Table
from torju.statistics.selectors import review_statistics
from torju.statistics.services import approve_release, propose_annual_review, review_statistics_of
from torju.statistics.snapshots import figures_of_years, versions_of

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
    # ... and so is the victims' count, which with the clients' would give it back (secondary suppression).
    assert public["clients_by_category"]["victim"] is None
    assert public["clients_by_category"]["clients"] == 6
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


def test_a_permit_type_withheld_is_not_the_granted_less_the_others() -> None:
    figures: dict[str, Any] = {
        "year": 2025,
        "clients_by_category": {"base": "", "clients": 40, "victim": 40, "assisting_person": 0, "child_of_client": 0},
        "criminal_process": {"base": "", "clients": 40},
        "residence_permits": {
            "base": "",
            "clients": 40,
            "granted": {"count": 20, "share": 0.5, "base": "clients"},
            "granted_by_type": {
                "victim_continuous": {"count": 9, "share": 0.225, "base": "clients"},
                "victim_temporary": {"count": 7, "share": 0.175, "base": "clients"},
                "work": {"count": 4, "share": 0.1, "base": "clients"},
            },
        },
    }
    by_type = public_legal_path(figures, 5)["residence_permits"]["granted_by_type"]
    assert by_type["work"]["count"] is None  # 4 < k
    assert by_type["victim_temporary"] == {"count": None, "share": None, "base": "clients"}  # the smallest other
    assert by_type["victim_continuous"]["count"] == 9
    figures["residence_permits"]["granted_by_type"]["work"]["count"] = 5
    assert all(node["count"] for node in public_legal_path(figures, 5)["residence_permits"]["granted_by_type"].values())


def test_an_assisting_person_is_a_client_but_not_a_victim_of_the_annual_statistics() -> None:
    caseworker, decision_maker = caseworker_at("HEL"), decision_maker_at("HEL")
    cases = [
        decided_application(caseworker, decision_maker, received_on=date(2025, 3, 1), decided_on=date(2025, 3, 10))
        for _ in range(3)
    ]
    before = annual_statistics(2025)
    assert before["new_clients"]["victims"] == 3 and before["clients_at_year_end"]["victims"] == 3
    assert figures_of_years(2025, 2025)[2025].statistics == before  # stored
    legal.set_client_category(actor=Actor.for_user(caseworker), application=cases[0], category="assisting_person")
    after = figures_of_years(2025, 2025)[2025].statistics  # the category's write made the stored figures stale
    assert after["new_clients"]["victims"] == 2
    assert sum(after["new_clients"]["by_sex"].values()) == 2
    assert after["clients_at_year_end"]["victims"] == 2
    assert after["clients_at_year_end"]["total"] == 2
    # Applications and decisions are the assistance system's, whoever applied.
    assert after["applications"]["received"] == 3 and after["decisions"]["positive"] == 3
    assert legal_path_figures(2025)["clients_by_category"]["assisting_person"] == 1
    legal.set_client_category(actor=Actor.for_user(caseworker), application=cases[0], category="victim")
    assert figures_of_years(2025, 2025)[2025].statistics["new_clients"]["victims"] == 3


def test_the_review_has_a_section_on_the_legal_path_exact_for_the_analyst_public_elsewhere() -> None:
    a_year_of_clients()
    analyst = signed_in_client(user_with_role(Role.ANALYST))
    analyst.cookies["django_language"] = "en"
    page = analyst.get(reverse("statistics:review", args=[2025])).content.decode()
    assert "The clients&#x27; legal path" in page
    assert "Persons assisting in the investigation of a trafficking offence" in page
    exact = review_statistics(2025, EXACT)
    assert exact.legal_path is not None
    assert exact.legal_path["2025"]["clients_by_category"]["assisting_person"] == 1
    public = review_statistics(2025, PUBLIC)
    assert public.legal_path is not None
    assert public.legal_path["2025"]["clients_by_category"]["assisting_person"] is None
    with translation.override("fi"):
        section = next(s for s in build_review(public).sections if s.key == "legal_path")
    categories, process = section.tables[0], section.tables[1]
    assert isinstance(categories, Table) and isinstance(process, Table)
    assert [row.count for row in categories.rows] == [6, None, None, 0]
    assert process.rows[0].key == "reported" and process.rows[0].count == 5 and process.rows[0].share == 83
    assert process.total is not None and process.total.count == 6


def test_a_release_freezes_the_legal_path_of_its_year() -> None:
    a_year_of_clients()
    analyst, approver = user_with_role(Role.ANALYST), user_with_role(Role.COORDINATOR)
    release = propose_annual_review(Actor.for_user(analyst), 2025)
    frozen = content_of(release)["legal_path"]["2025"]
    assert frozen["criminal_process"]["reported"]["count"] == 5
    approve_release(Actor.for_user(approver), release)
    case = decided_application(
        caseworker_at("HEL"), decision_maker_at("HEL"), received_on=date(2025, 6, 1), decided_on=date(2025, 6, 5)
    )
    legal.record_criminal_matter(
        actor=Actor.for_user(caseworker_at("HEL")),
        application=case,
        client_role="complainant",
        reported_on=date(2025, 7, 1),
        reported_by="client",
        offence="trafficking",
    )
    assert legal_path_figures(2025)["criminal_process"]["reported"]["count"] == 6
    public = review_statistics(2025, PUBLIC)
    assert public.legal_path is not None
    assert public.legal_path["2025"] == frozen  # as published, not of the day
    frozen_review = review_statistics_of(release).legal_path
    assert frozen_review is not None and frozen_review["2025"] == frozen


def test_the_figures_are_kept_until_the_legal_path_or_the_register_changes() -> None:
    a_year_of_clients()
    first = stored_legal_path_figures(2025)
    assert LegalPathSnapshot.objects.get(year=2025).version == versions_of([2025])[2025]
    with CaptureQueriesContext(connection) as reading:
        assert stored_legal_path_figures(2025) == first
    assert not any("legalpath_criminalmatter" in query["sql"] for query in reading.captured_queries)
    case = Application.objects.filter(criminal_matters__isnull=True, received_on__year=2025).first()
    assert case is not None
    legal.record_criminal_matter(
        actor=Actor.for_user(caseworker_at("HEL")),
        application=case,
        client_role="witness",
        reported_on=date(2025, 9, 1),
        reported_by="assistance_system",
        offence="trafficking",
    )
    assert stored_legal_path_figures(2025)["criminal_process"]["reported"]["count"] == 6
    legal.record_permit(
        actor=Actor.for_user(caseworker_at("HEL")),
        application=case,
        permit_type="work",
        status="applied",
        applied_on=date(2025, 9, 2),
    )
    assert stored_legal_path_figures(2025)["residence_permits"]["applied"]["count"] == 2
