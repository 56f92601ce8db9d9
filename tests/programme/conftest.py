"""A small programme for tests, in the data-file format of the shipped plan."""

from datetime import date
from typing import Any

import pytest

from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import Measure, Programme, ReportingRound, Stage
from torju.programme.programme_file import store_programme

SMALL_PROGRAMME: dict[str, Any] = {
    "slug": "test-plan",
    "name_fi": "Testiohjelma 2026–2027",
    "name_sv": "Testprogram 2026–2027",
    "name_en": "Test programme 2026–2027",
    "start_year": 2026,
    "end_year": 2027,
    "priority_areas": [
        {
            "code": "children_and_young_people",
            "name_fi": "Lapset ja nuoret",
            "name_sv": "Barn och unga",
            "name_en": "Children and young people",
        }
    ],
    "objectives": [
        {
            "number": 1,
            "title_fi": "Uhrit tunnistetaan",
            "introduction_fi": "Johdanto.",
            "measures": [
                {
                    "number": 1,
                    "text_fi": "Työ- ja elinkeinoministeriön toimenpide.",
                    "responsible_bodies": ["TEM"],
                    "schedule_start": 2026,
                    "schedule_end": 2026,
                },
                {
                    "number": 2,
                    "text_fi": "Yhteinen toimenpide: TEM johtaa, Migri osallistuu.",
                    "responsible_bodies": ["TEM", "MIGRI"],
                    "schedule_start": 2026,
                    "schedule_end": 2027,
                },
            ],
        },
        {
            "number": 2,
            "title_fi": "Uhrit saavat apua",
            "measures": [
                {
                    "number": 3,
                    "text_fi": "Maahanmuuttoviraston toimenpide.",
                    "responsible_bodies": ["MIGRI"],
                    "schedule_start": 2026,
                    "schedule_end": 2027,
                    "funding_dependent": True,
                    "funding_note_fi": "Edellyttää lisärahoitusta.",
                },
                {
                    "number": 4,
                    "text_fi": "Oikeusministeriön toimenpide.",
                    "responsible_bodies": ["OM"],
                    "schedule_start": 2027,
                    "schedule_end": 2027,
                },
            ],
        },
    ],
}


def reporter_of(code: str, **fields: Any) -> User:
    """A reporter of the body with the code (an organisation of the shipped list)."""
    return user_with_role(Role.REPORTER, organisation=Organisation.objects.get(code=code), **fields)


@pytest.fixture
def coordinator(db: None) -> User:
    return user_with_role(Role.COORDINATOR)


@pytest.fixture
def programme(db: None) -> Programme:
    """The small plan, published (as the shipped one)."""
    loaded: Programme = store_programme(SMALL_PROGRAMME)
    loaded.stage = Stage.PUBLISHED
    loaded.save(update_fields=["stage"])
    return loaded


def open_whole_round(
    programme: Programme, coordinator: User, *, name: str, period_start: date, period_end: date, deadline: date
) -> ReportingRound:
    """A reporting round on every measure of the programme, opened through the service as the coordinator does."""
    return services.open_round(
        actor=Actor.for_user(coordinator),
        programme=programme,
        name=name,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        measure_numbers=list(Measure.objects.filter(programme=programme).values_list("number", flat=True)),
    )
