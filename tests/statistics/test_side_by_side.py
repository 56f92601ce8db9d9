"""The statistics' queries side by side on PostgreSQL (torju.statistics.computation.queries.side_by_side,
docs/decisions/0121): several connections, one snapshot, the same figures as one connection gives."""

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connections, transaction
from django.db.backends.signals import connection_created

from tests.statistics.test_definitions import client, event, victim
from torju.statistics.computation import yearly_figures
from torju.statistics.computation.queries import one_snapshot

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def register() -> None:
    person = victim(born=date(2001, 3, 1))
    first = client(person, date(2021, 3, 1), ended=date(2023, 6, 30))
    event(first, "forced_labour", "FI", "cleaning")
    event(client(person, date(2022, 4, 1)), "forced_marriage", "TR")
    for year in (2021, 2022, 2024):
        event(client(victim(sex="M", nationality="SO"), date(year, 8, 1)), "forced_begging", "SO")


def in_another_connection(write: Any) -> None:
    """`write()` committed by a connection of another thread, as another user's request would."""

    def run() -> None:
        try:
            write()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_the_figures_side_by_side_are_those_of_one_connection(settings: Any) -> None:
    register()
    opened: list[str] = []

    def count(sender: Any, connection: Any, **kwargs: Any) -> None:
        opened.append(threading.current_thread().name)

    settings.STATISTICS_QUERY_CONNECTIONS = 1
    alone = yearly_figures(2020, 2025)
    settings.STATISTICS_QUERY_CONNECTIONS = 2
    connection_created.connect(count)
    try:
        together = yearly_figures(2020, 2025)
    finally:
        connection_created.disconnect(count)
    assert together == alone
    assert len({name for name in opened if name.startswith("statistics")}) == 2, "two threads, each connected"


def test_every_connection_reads_the_snapshot_of_the_computation(settings: Any) -> None:
    """A client decided after the computation's transaction began is in none of its figures, whichever
    connection counts them: each imports the transaction's snapshot instead of taking its own."""
    settings.STATISTICS_QUERY_CONNECTIONS = 2
    register()
    with one_snapshot("default"):
        before = yearly_figures(2020, 2025)  # the transaction's snapshot is taken here
        in_another_connection(lambda: event(client(victim(), date(2024, 9, 1)), "forced_labour", "FI"))
        during = yearly_figures(2020, 2025)
    assert during == before
    after = yearly_figures(2020, 2025)
    assert after[2024].statistics["new_clients"]["victims"] == before[2024].statistics["new_clients"]["victims"] + 1
    assert after[2024].statistics["clients_at_year_end"]["victims"] == (
        before[2024].statistics["clients_at_year_end"]["victims"] + 1
    )


def test_a_caller_s_transaction_is_read_on_its_own_connection(settings: Any) -> None:
    """Inside a transaction that may hold writes of its own, the queries stay on the caller's connection, which
    sees them; another connection would not."""
    settings.STATISTICS_QUERY_CONNECTIONS = 2
    register()
    opened: list[str] = []

    def count(sender: Any, connection: Any, **kwargs: Any) -> None:
        opened.append(threading.current_thread().name)

    connection_created.connect(count)
    try:
        with transaction.atomic():
            event(client(victim(), date(2024, 9, 1)), "forced_labour", "FI")
            inside = yearly_figures(2024, 2024)
            transaction.set_rollback(True)
    finally:
        connection_created.disconnect(count)
    assert opened == []
    assert (
        inside[2024].statistics["new_clients"]["victims"]
        == yearly_figures(2024, 2024)[2024].statistics["new_clients"]["victims"] + 1
    )
