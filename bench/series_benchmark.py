"""Time the series of the situational picture (2006 to the current year) on a register of a million victims.

    python bench/series_benchmark.py [--victims 1000000] [--year 2025] [--repeat 3] [--keep] [--explain]

Loads the synthetic register as bench/statistics_benchmark.py does (the same
throw-away database `torju_bench_statistics`; --keep reuses it) and times:

- `yearly_figures(2006, current year)`: every year's figures from scratch,
  in one pass (torju.statistics.computation), the first run and --repeat more;
- `figures_of_years(2006, current year)` with no snapshot stored: the same,
  plus storing a snapshot per year (torju.statistics.snapshots);
- one year's figures for the statistics page once computed:
  `review_statistics(year, EXACT)` and the whole review built from it
  (`build_review`), answered from the stored snapshots.

Prints the times and the slowest queries of the last run of the series.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_register_arguments
from bench.statistics_benchmark import SLOWEST_SHOWN, _timed_queries, prepare_database


def _timed(label: str, call: object, repeat: int) -> list[float]:
    times = []
    for _run in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    print(
        f"{label}: {len(times)} runs, median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s"
    )
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_register_arguments(parser, victims=1_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run if it exists")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    arguments = parser.parse_args(argv)

    prepare_database(arguments)
    from django.utils import timezone, translation

    from torju.register.models import Application, Person
    from torju.statistics.computation import yearly_figures
    from torju.statistics.models import YearSnapshot
    from torju.statistics.permissions import EXACT
    from torju.statistics.review import build_review
    from torju.statistics.selectors import review_statistics
    from torju.statistics.snapshots import figures_of_years

    first, last = 2006, timezone.localdate().year
    print(f"register: {Person.objects.count():,} persons, {Application.objects.count():,} applications")
    started = time.perf_counter()
    figures = yearly_figures(first, last)
    print(f"yearly_figures({first}, {last}): first run {time.perf_counter() - started:.2f} s")
    _timed(f"yearly_figures({first}, {last})", lambda: yearly_figures(first, last), arguments.repeat)
    log: list[tuple[float, str, list[str]]] = []
    with _timed_queries(log, explain=arguments.explain):
        yearly_figures(first, last)
    print(f"  {len(log)} queries in the last run; the slowest:")
    for seconds, sql, plan in sorted(log, key=lambda entry: entry[0], reverse=True)[:SLOWEST_SHOWN]:
        print(f"  {seconds:6.3f} s  {sql[:160]}")
        for line in plan:
            print("      " + line)

    def from_scratch() -> None:
        YearSnapshot.objects.all().delete()
        figures_of_years(first, last)

    _timed(f"figures_of_years({first}, {last}) with no snapshot stored", from_scratch, arguments.repeat)
    _timed(
        f"review_statistics({arguments.year}, exact) from the snapshots",
        lambda: review_statistics(arguments.year, EXACT),
        max(arguments.repeat, 5),
    )

    def page_content() -> None:
        with translation.override("fi"):
            build_review(review_statistics(arguments.year, EXACT))

    _timed(f"the review of {arguments.year} (figures and content) from the snapshots", page_content, 5)
    year = figures[arguments.year].statistics
    print(
        f"figures of {arguments.year}: {year['new_clients']['victims']:,} new victims, "
        f"{year['clients_at_year_end']['victims']:,} victims at year end; "
        f"new clients by year: {[figures[y].statistics['new_clients']['victims'] for y in range(first, last + 1)]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
