"""What every query of the computation shares: one snapshot, grouped counts, code lists, country breakdowns."""

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, QuerySet

from torju.codes.selectors import codes_of
from torju.statistics.schema import NOT_NATIONALITIES, Counts

WORK_MEM = "256MB"  # per sort or hash of the statistics' transaction on PostgreSQL


# The aliases whose connection, in this thread, is in a transaction that one_snapshot opened itself: read-only
# from its first statement, so that another connection importing its snapshot sees exactly what it sees.
_own_snapshots = threading.local()


def _owned() -> set[str]:
    if not hasattr(_own_snapshots, "aliases"):
        _own_snapshots.aliases = set()
    return _own_snapshots.aliases


def _set_up_postgresql(using: str, snapshot: str | None = None) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        if snapshot is not None:
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


@contextmanager
def one_snapshot(using: str) -> Iterator[None]:
    """Run the queries in one read-only transaction, so that every figure is of the same register.

    On PostgreSQL the transaction is REPEATABLE READ (one snapshot for all
    queries; SQLite's read transaction is one already), without JIT
    compilation, which for these sub-second queries costs more than it
    saves (0.2-0.9 s a query on a register of a million victims), and with
    WORK_MEM for its sorts and hash tables, so that the series' window and
    groupings stay in memory instead of spilling to disk. Called inside a
    transaction, the caller's transaction is used as it is.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            _set_up_postgresql(using)
        _owned().add(using)
        try:
            yield
        finally:
            _owned().discard(using)


def side_by_side(using: str, *calls: Callable[[], Any]) -> list[Any]:
    """The results of `calls`, run at the same time on connections of their own where that is sound.

    On PostgreSQL, inside a transaction of one_snapshot's own, the calls run
    in up to STATISTICS_QUERY_CONNECTIONS threads, each on a connection of
    its own whose transaction imports this one's snapshot (pg_export_snapshot,
    as a parallel pg_dump does): they read the very register this
    transaction reads, and the heavy queries of a series use the machine's
    cores instead of one (docs/decisions/0121). Anywhere else (SQLite, a
    caller's transaction, which may hold writes that another connection
    would not see, or one connection configured) one after the other.
    """
    connection = connections[using]
    workers = min(settings.STATISTICS_QUERY_CONNECTIONS, len(calls))
    if connection.vendor != "postgresql" or workers < 2 or using not in _owned():
        return [call() for call in calls]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()

    def in_the_snapshot(call: Callable[[], Any]) -> Any:
        try:
            with transaction.atomic(using=using):
                _set_up_postgresql(using, snapshot)
                return call()
        finally:
            connections[using].close()  # this thread's connection: the thread ends here

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="statistics") as pool:
        futures = [pool.submit(in_the_snapshot, call) for call in calls]
        return [future.result() for future in futures]


def grouped(queryset: QuerySet[Any], fields: tuple[str, ...], **aggregates: Any) -> list[tuple[Any, ...]]:
    """One row per distinct value of `fields`: the values, then the aggregates (COUNT(*) if none given)."""
    aggregates = aggregates or {"rows": Count("pk")}
    return list(queryset.order_by().values(*fields).annotate(**aggregates).values_list(*fields, *aggregates.keys()))


class CodeLists:
    """Every code of each code list: the active ones in the list's order, then the inactive ones; read once."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.codes: dict[str, list[str]] = {}

    def of(self, code_list: str) -> list[str]:
        if code_list not in self.codes:
            codes = codes_of(code_list, include_inactive=True).using(self.using)
            self.codes[code_list] = list(codes.order_by("-active", "position", "code").values_list("code", flat=True))
        return self.codes[code_list]

    def breakdown(self, counts: Counter[str], code_list: str, *, last: Iterable[str] = ()) -> Counts:
        """Every code of the list (then `last`), 0 where none; then any code counted that the list lacks."""
        breakdown = {key: counts[key] for key in (*self.of(code_list), *last)}
        for key in sorted(set(counts) - set(breakdown)):
            breakdown[key] = counts[key]
        return breakdown


def by_country(counts: Counter[str]) -> Counts:
    """Only the countries that occur, the most frequent first (ties by code)."""
    return {country: n for country, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n}


def nationalities(counts: Counter[str]) -> int:
    """Distinct nationalities: not XX (stateless) or ZZ (unknown)."""
    return sum(1 for country, n in counts.items() if n and country not in NOT_NATIONALITIES)


def percent_half_up(part: int, base: int) -> int | None:
    """Whole percent rounded half up; None of a zero base."""
    return None if not base else (200 * part + base) // (2 * base)
