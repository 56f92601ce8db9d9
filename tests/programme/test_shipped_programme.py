"""Every migrated database holds the published 2026–2027 programme, and loading it again duplicates nothing.

The data migration loads the programme; the post_migrate receiver (apps.py)
loads it again when it is missing, as after a flush. The receiver would
hide a broken migration from every other test, so the migrations are also
run here on their own, with their historical models, on empty tables.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import StateApps as Apps
from django.test import Client
from django.urls import reverse

from torju.programme.apps import ensure_shipped_programme
from torju.programme.models import Measure, Objective, PriorityArea, Programme, Responsibility
from torju.programme.programme_file import PROGRAMME_2026_2027, read_programme_file, store_programme

pytestmark = pytest.mark.django_db

LOAD = ("programme", "0002_load_programme_2026_2027")
WHOLE_TEXT_13 = ("programme", "0003_measure_13_whole_text")
FUNDING_SENTENCE_13 = (
    "Se lisättäisiin omana osiona THL:n sivuilla olevaan Lasten ja nuorten lastensuojeluoppaaseen, "
    "mikäli siihen saadaan rahoitus STM:stä."
)


def assert_shipped_programme() -> None:
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
    measure_13 = programme.measures.get(number=13)
    assert measure_13.text_fi.endswith(
        "Lisäksi tavoitteena on tuottaa lapsille suunnattava materiaali. " + FUNDING_SENTENCE_13
    )
    assert measure_13.funding_dependent and measure_13.funding_note_fi == ""
    assert PriorityArea.objects.count() == 4


def empty_programme_tables() -> None:
    Measure.objects.all().delete()
    Objective.objects.all().delete()
    Programme.objects.all().delete()
    PriorityArea.objects.all().delete()
    assert not Responsibility.objects.exists()


def migrate_programme(target: str) -> None:
    """Migrate the programme app to the migration named (not the command: no post_migrate receiver runs)."""
    executor = MigrationExecutor(connection)
    executor.migrate([("programme", target)])


@contextmanager
def programme_tables_as_of(name: tuple[str, str]) -> Iterator[Apps]:
    """The programme tables as they were just before the migration named, with their models then; afterwards
    the tables are migrated to today's again."""
    loader = MigrationLoader(connection)
    [before] = [parent.key[1] for parent in loader.graph.node_map[name].parents if parent.key[0] == "programme"]
    [(_app, latest)] = loader.graph.leaf_nodes("programme")
    migrate_programme(before)
    try:
        yield loader.project_state(name, at_end=False).apps
    finally:
        migrate_programme(latest)


def run_migration(name: tuple[str, str]) -> None:
    migrate_programme(name[1])


def test_the_2026_2027_programme_is_in_the_database() -> None:
    assert_shipped_programme()


def test_the_public_page_shows_measure_13_as_published() -> None:
    html = Client().get(reverse("progress:measure", args=["2026-2027", 13])).content.decode()
    text = Measure.objects.get(programme__slug="2026-2027", number=13).text_fi
    assert f'<div class="plan-text"><p>{text}</p></div>' in html
    assert text.endswith(FUNDING_SENTENCE_13)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_data_migration_alone_loads_the_programme_into_empty_tables() -> None:
    with programme_tables_as_of(LOAD) as apps:
        for model in ("Measure", "Objective", "Programme", "PriorityArea"):
            apps.get_model("programme", model).objects.all().delete()
        run_migration(LOAD)
        assert apps.get_model("programme", "Measure").objects.filter(programme__slug="2026-2027").count() == 43
    assert_shipped_programme()
    assert Programme.objects.get(slug="2026-2027").published, "a plan that was public is published"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_correcting_migration_gives_measure_13_its_whole_text_back() -> None:
    whole = Measure.objects.get(programme__slug="2026-2027", number=13).text_fi
    own_note = "Rahoitus varmistui 2026."  # the coordinator's own
    with programme_tables_as_of(WHOLE_TEXT_13) as apps:
        measures = apps.get_model("programme", "Measure").objects.filter(programme__slug="2026-2027", number=13)
        for text, note_before, note_after in [
            (whole.removesuffix(" " + FUNDING_SENTENCE_13), FUNDING_SENTENCE_13, ""),  # as the first file loaded it
            (whole, own_note, own_note),
        ]:
            measures.update(text_fi=text, funding_note=note_before)
            run_migration(WHOLE_TEXT_13)
            assert list(measures.values_list("text_fi", "funding_note")) == [(whole, note_after)]
            migrate_programme(LOAD[1])  # back again: the correction's own way back changes nothing


def test_the_receiver_loads_a_missing_programme_and_keeps_corrections() -> None:
    Measure.objects.filter(programme__slug="2026-2027", number=1).update(text_fi="Korjattu Torjussa.")
    ensure_shipped_programme(sender=None)
    assert Measure.objects.get(programme__slug="2026-2027", number=1).text_fi == "Korjattu Torjussa."
    empty_programme_tables()
    ensure_shipped_programme(sender=None)  # as after a flush
    assert_shipped_programme()


def test_loading_again_updates_without_duplicating() -> None:
    before = (Measure.objects.count(), Responsibility.objects.count())
    store_programme(read_programme_file(PROGRAMME_2026_2027))
    assert (Measure.objects.count(), Responsibility.objects.count()) == before
