"""Time the caseworkers' work lists and searches on a register of a million victims on PostgreSQL.

    python bench/worklist_benchmark.py [--victims 1000000] [--repeat 5] [--keep]

Uses the database of bench/statistics_benchmark.py (`torju_bench_statistics`):
with --keep an earlier load is reused, otherwise the synthetic register is
generated (or reused) and imported afresh. A caseworker of the Helsinki
office is created there; each work list's first page is timed as the page
renders it (the count for the pager and 50 rows), and so are a search by
case number, a work list filtered by office and date, a person search by
pseudonymous id and the last page of the largest list. Prints the median
and the slowest of `--repeat` runs of each.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_register_arguments
from bench.statistics_benchmark import prepare_database

PAGE_SIZE = 50


def _timed(label: str, work: Callable[[], Any], repeat: int) -> None:
    work()  # the first run warms the caches, as a caseworker's second look at a list would
    times = []
    for _run in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    print(f"  {label:<52} median {statistics.median(times) * 1000:7.1f} ms, max {max(times) * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_register_arguments(parser, victims=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run if it exists")
    arguments = parser.parse_args(argv)

    prepare_database(arguments)
    from django.core.paginator import Paginator
    from django.utils import timezone

    from torju.accounts.models import Organisation, Role, User
    from torju.actor import Actor
    from torju.register import selectors
    from torju.register.models import Application, Person

    caseworker, _created = User.objects.get_or_create(
        username="bench-caseworker", defaults={"organisation": Organisation.objects.get(code="AUTTAMISJARJESTELMA-HEL")}
    )
    caseworker.role_grants.get_or_create(role=Role.CASEWORKER)
    actor = Actor.for_user(caseworker)
    today = timezone.localdate()
    sample = Application.objects.filter(office="HEL").order_by("pk")[1000]
    person = Person.objects.order_by("pk")[5000]
    print(
        f"register: {Person.objects.count():,} persons, {Application.objects.count():,} applications, "
        f"{Application.objects.filter(office='HEL').count():,} of the Helsinki office"
    )

    def first_page(name: str, criteria: selectors.ApplicationFilter | None = None, page: int = 1) -> Callable[[], Any]:
        def render() -> Any:
            cases = selectors.filter_applications(
                selectors.work_list(actor, name, today=today), criteria or selectors.ApplicationFilter()
            )
            shown = Paginator(cases, PAGE_SIZE).get_page(page)
            return [case.case_number for case in shown], shown.paginator.count

        return render

    print(f"times of {arguments.repeat} runs after one warm-up (a page: the pager's count and {PAGE_SIZE} rows):")
    for name in selectors.WorkList.CHOICES:
        _timed(f"work list {name}", first_page(name), arguments.repeat)
    _timed(
        "search by case number",
        first_page(selectors.WorkList.ALL, selectors.ApplicationFilter(case_number=sample.case_number)),
        arguments.repeat,
    )
    year = today.year - 1
    _timed(
        f"all cases received in {year}, pending",
        first_page(
            selectors.WorkList.ALL,
            selectors.ApplicationFilter(
                received_from=today.replace(year=year, month=1, day=1), decision=selectors.PENDING
            ),
        ),
        arguments.repeat,
    )
    _timed("all cases, page 1000", first_page(selectors.WorkList.ALL, page=1000), arguments.repeat)
    _timed(
        "person search by pseudonymous id",
        lambda: selectors.find_persons(actor, selectors.PersonSearch(person_id=person.person_id)),
        arguments.repeat,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
