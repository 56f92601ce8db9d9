"""Time the annual statistics of a synthetic register of a million victims on PostgreSQL.

    python bench/statistics_benchmark.py [--victims 1000000] [--year 2025] [--repeat 5] [--keep] [--explain]

Generates the register with bench/generate_register.py (or reuses the one
already in DIR for that size and seed, as bench/import_benchmark.py does),
loads it with `import_register` into a throw-away database
`torju_bench_statistics` next to the one the URL names, and times
`torju.statistics.computation.annual_statistics` for the year (all of
`annual_figures`: the spec's JSON and the review's table of the forms of
exploitation by sex, from the same queries): the first run, then
`--repeat` more. Prints the times, the slowest queries of the
last run and the headline figures. With --keep a database loaded by an
earlier run is reused (no import); with --explain the slowest queries'
EXPLAIN ANALYZE plans are printed.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    add_register_arguments,
    database_exists,
    database_url,
    fresh_database,
    register_folder,
    set_up_django,
)

BENCH_DATABASE = "torju_bench_statistics"
SLOWEST_SHOWN = 5


def prepare_database(arguments: argparse.Namespace) -> None:
    """Django on the benchmark database: reused with --keep if loaded before, else made and loaded afresh."""
    if arguments.keep and database_exists(arguments.database_url, BENCH_DATABASE):
        set_up_django(database_url(arguments.database_url, BENCH_DATABASE))
        print(f"reusing the database {BENCH_DATABASE}")
        return
    folder = register_folder(arguments.data, arguments.victims, arguments.seed)
    set_up_django(fresh_database(arguments.database_url, BENCH_DATABASE))
    from django.core.management import call_command

    from torju.actor import Actor
    from torju.register.exchange import import_register

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = import_register(folder, actor=Actor.system("benchmark"))
    print(f"imported {sum(result.created.values())} rows in {time.perf_counter() - started:.1f} s")


@contextmanager
def _timed_queries(log: list[tuple[float, str, list[str]]], *, explain: bool) -> Iterator[None]:
    """Record (seconds, SQL, plan) of every query run inside.

    With `explain`, each query is run again under EXPLAIN ANALYZE on the same
    connection, in the same transaction and with the same settings as the
    computation's own run, and its plan kept.
    """
    from django.db import connection
    from django.db.backends.signals import connection_created

    def timer(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        result = execute(sql, params, many, context)
        seconds = time.perf_counter() - started
        plan: list[str] = []
        if explain and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            with context["connection"].connection.cursor() as raw:
                raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = [row[0] for row in raw.fetchall()]
        log.append((seconds, sql, plan))
        return result

    def time_also(sender: Any, connection: Any, **kwargs: Any) -> None:
        """The connections the computation opens in threads of its own (queries.side_by_side)."""
        if timer not in connection.execute_wrappers:
            connection.execute_wrappers.append(timer)

    connection_created.connect(time_also)
    try:
        with connection.execute_wrapper(timer):
            yield
    finally:
        connection_created.disconnect(time_also)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_register_arguments(parser, victims=1_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run if it exists")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    arguments = parser.parse_args(argv)

    prepare_database(arguments)
    from torju.register.models import Application, Person
    from torju.statistics.computation import annual_statistics

    print(f"register: {Person.objects.count():,} persons, {Application.objects.count():,} applications")

    started = time.perf_counter()
    figures = annual_statistics(arguments.year)
    first = time.perf_counter() - started
    times = []
    log: list[tuple[float, str, list[str]]] = []
    for run in range(arguments.repeat):
        if run == arguments.repeat - 1:
            log.clear()
            with _timed_queries(log, explain=arguments.explain):
                started = time.perf_counter()
                annual_statistics(arguments.year)
                times.append(time.perf_counter() - started)
        else:
            started = time.perf_counter()
            annual_statistics(arguments.year)
            times.append(time.perf_counter() - started)
    print(f"annual_statistics({arguments.year}): first run {first:.2f} s")
    if times:
        print(
            f"  then {len(times)} runs: median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s"
        )
        print(f"  {len(log)} queries in the last run; the slowest:")
        for seconds, sql, plan in sorted(log, key=lambda entry: entry[0], reverse=True)[:SLOWEST_SHOWN]:
            print(f"  {seconds:6.3f} s  {sql[:160]}")
            for line in plan:
                print("      " + line)
    new, finland, at_end = figures["new_clients"], figures["exploited_in_finland"], figures["clients_at_year_end"]
    print(
        f"figures: {figures['applications']['received']:,} applications received, "
        f"{new['victims']:,} new victims ({new['events']:,} events), {finland['victims']:,} exploited in Finland, "
        f"{at_end['victims']:,} victims and {at_end['children_of_victims']:,} children clients at year end"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
