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
    from django.utils import timezone

    from torju.accounts.models import Organisation, Role, User
    from torju.actor import Actor
    from torju.register import backlog, selectors
    from torju.register.models import Application, Person
    from torju.register.paging import TwoWayPaginator

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

    def first_page(
        name: str,
        criteria: selectors.ApplicationFilter | None = None,
        page: int | None = 1,  # None: the last page
        sort: selectors.Sort | None = None,
    ) -> Callable[[], Any]:
        def render() -> Any:
            cases = selectors.filter_applications(
                selectors.work_list(actor, name, today=today, sort=sort), criteria or selectors.ApplicationFilter()
            )
            paginator = TwoWayPaginator(cases, PAGE_SIZE)
            shown = paginator.get_page(page if page is not None else paginator.num_pages)
            return [case.case_number for case in shown], shown.paginator.count

        return render

    def tab_counts(name: str) -> Callable[[], Any]:
        others = [other for other in selectors.WorkList.CHOICES if other != name]
        return lambda: selectors.work_list_counts(actor, others, today=today)

    decision_maker, _created = User.objects.get_or_create(
        username="bench-decision-maker",
        defaults={"organisation": Organisation.objects.get(code="AUTTAMISJARJESTELMA-HEL")},
    )
    decision_maker.role_grants.get_or_create(role=Role.DECISION_MAKER)
    deciding = Actor.for_user(decision_maker)

    def backlog_page() -> Any:
        target = backlog.decision_target_days()
        past = backlog.past_target(deciding, today, target)
        return (
            backlog.by_age(deciding, today),
            past.count(),
            list(past[: backlog.PAST_TARGET_SHOWN]),
            list(backlog.waiting_for_information(deciding)[:100]),
            backlog.median_days_to_decision(deciding, today),
        )

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
    _timed("all cases, the last page", first_page(selectors.WorkList.ALL, page=None), arguments.repeat)
    for descending in (False, True):
        _timed(
            f"all cases by case number{', descending' if descending else ''}",
            first_page(selectors.WorkList.ALL, sort=selectors.Sort("case_number", descending)),
            arguments.repeat,
        )
        _timed(
            f"waiting for a decision by case number{', descending' if descending else ''}",
            first_page(selectors.WorkList.UNDECIDED, sort=selectors.Sort("case_number", descending)),
            arguments.repeat,
        )
    for name in (selectors.WorkList.MINE, selectors.WorkList.ALL):
        _timed(f"the other tabs' counts beside {name}", tab_counts(name), arguments.repeat)
    _timed("the decision makers' backlog", backlog_page, arguments.repeat)
    _timed(
        "person search by pseudonymous id",
        lambda: selectors.find_persons(actor, selectors.PersonSearch(person_id=person.person_id)),
        arguments.repeat,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
