"""Every migrated database holds the published 2026–2027 programme, and loading it again duplicates nothing."""

import pytest

from torju.programme.loading import PROGRAMME_2026_2027, load_programme, read_programme_file
from torju.programme.models import Measure, Programme, Responsibility

pytestmark = pytest.mark.django_db


def test_the_2026_2027_programme_is_in_the_database() -> None:
    programme = Programme.objects.get(slug="2026-2027")
    assert programme.objectives.count() == 4
    assert list(programme.measures.values_list("number", flat=True)) == list(range(1, 44))
    measure_3 = programme.measures.get(number=3)
    assert [r.organisation.code for r in measure_3.responsibilities.order_by("position")] == ["TEM", "MIGRI"]
    assert measure_3.objective.number == 1
    assert (measure_3.schedule_start, measure_3.schedule_end) == (2026, 2026)
    measure_10 = programme.measures.get(number=10)
    assert measure_10.funding_dependent
    assert measure_10.responsibilities.get(position=0).organisation.code == "KOORDINAATIO"


def test_loading_again_updates_without_duplicating() -> None:
    before = (Measure.objects.count(), Responsibility.objects.count())
    load_programme(read_programme_file(PROGRAMME_2026_2027))
    assert (Measure.objects.count(), Responsibility.objects.count()) == before
