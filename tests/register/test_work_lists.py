"""The work lists: the sort whitelist, the pager (pages from either end), the tabs' counts, and the page itself."""

import ast
import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, new_application, user_with_role
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.register import paging, selectors, services
from torju.register.models import Application, OfficeCaseCount
from torju.register.paging import DEFAULT_PAGE_SIZE, TwoWayPaginator, page_size_of, pager_links
from torju.register.permissions import OPENED_APPLICATIONS, visible_applications
from torju.register.selectors import Sort, WorkList

TODAY = timezone.localdate()


def test_a_list_sorts_only_by_its_whitelisted_columns() -> None:
    assert selectors.sort_of(WorkList.MINE, "-case_number") == Sort("case_number", descending=True)
    assert selectors.sort_of(WorkList.UNDECIDED, "days_waiting") == Sort("days_waiting")
    assert selectors.sort_of(WorkList.ALL, "-received_on") == Sort("received_on", descending=True)
    # No index serves these in the list's order (or the column does not exist): the list's own order.
    for unknown in ("person", "office", "assigned_to", "-assigned_to__last_name", "", None, "--case_number"):
        assert selectors.sort_of(WorkList.MINE, unknown) == Sort("received_on")
    # The case number only where the list is small; the decision date only where every case is decided.
    assert selectors.sort_of(WorkList.UNDECIDED, "case_number") == Sort("received_on")
    assert selectors.sort_of(WorkList.ALL, "-case_number") == Sort("received_on", descending=True)
    assert selectors.sort_of(WorkList.ALL, "decided_on") == Sort("received_on", descending=True)
    assert selectors.sort_of(WorkList.NO_RECENT_SERVICE, "-decided_on") == Sort("decided_on", descending=True)
    assert selectors.sort_of(WorkList.NO_RECENT_SERVICE, "received_on") == Sort("decided_on")


def test_every_order_ends_in_the_case_number_and_reverses_whole() -> None:
    assert Sort("received_on").order_by() == ["received_on", "case_number"]
    assert Sort("received_on", descending=True).order_by() == ["-received_on", "-case_number"]
    # Days waiting is the date received the other way round: the longest waiting first when descending.
    assert Sort("days_waiting", descending=True).order_by() == ["received_on", "case_number"]
    assert Sort("days_waiting").order_by() == ["-received_on", "-case_number"]
    assert Sort("case_number", descending=True).reversed() == Sort("case_number")
    assert Sort("case_number", descending=True).parameter == "-case_number"


@pytest.mark.django_db
def test_the_work_list_comes_in_the_order_asked(caseworker: User) -> None:
    oldest = new_application(caseworker, received_on=TODAY - timedelta(days=30))
    newest = new_application(caseworker, received_on=TODAY - timedelta(days=1))
    middle = new_application(caseworker, received_on=TODAY - timedelta(days=10))
    actor = Actor.for_user(caseworker)

    def listed(sort: Sort | None) -> list[Application]:
        return list(selectors.work_list(actor, WorkList.MINE, today=TODAY, sort=sort))

    assert listed(None) == [oldest, middle, newest]
    assert listed(Sort("received_on", descending=True)) == [newest, middle, oldest]
    assert listed(Sort("days_waiting", descending=True)) == [oldest, middle, newest]
    assert listed(Sort("case_number")) == [oldest, newest, middle]  # numbered as registered
    assert listed(Sort("case_number", descending=True)) == [middle, newest, oldest]
    assert listed(Sort("decided_on")) == [oldest, middle, newest]  # not this list's: its own order


@pytest.mark.django_db
def test_tab_counts_stop_past_the_limit(caseworker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    for days in (5, 6, 7):
        new_application(caseworker, received_on=TODAY - timedelta(days=days))
    new_application(caseworker_at("TRE"), received_on=TODAY - timedelta(days=5))  # another office's
    actor = Actor.for_user(caseworker)
    counts = selectors.work_list_counts(actor, WorkList.CHOICES, today=TODAY)
    assert counts == {
        WorkList.MINE: 3,
        WorkList.UNDECIDED: 3,
        WorkList.TO_CONFIRM: 0,
        WorkList.REFLECTION_ENDING: 0,
        WorkList.NO_RECENT_SERVICE: 0,
        WorkList.ALL: 3,
    }
    monkeypatch.setattr(selectors, "TAB_COUNT_LIMIT", 1)
    selectors.forget_work_list_counts(caseworker)  # counted afresh, not the sizes kept a minute
    assert selectors.work_list_counts(actor, [WorkList.ALL, WorkList.TO_CONFIRM], today=TODAY) == {
        WorkList.ALL: 2,  # one more than the limit: "1+"
        WorkList.TO_CONFIRM: 0,
    }
    selectors.forget_work_list_counts(caseworker)
    with CaptureQueriesContext(connection) as queries:
        selectors.work_list_counts(actor, [WorkList.ALL], today=TODAY)
    statements = [query["sql"] for query in queries.captured_queries if "register_application" in query["sql"]]
    assert len(statements) == 1 and "LIMIT 2" in statements[0]
    assert "ORDER BY" not in statements[0]


def _counted(queries: CaptureQueriesContext) -> int:
    return sum("register_application" in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
def test_the_tabs_sizes_are_kept_a_minute_and_forgotten_on_the_users_own_write(
    caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague = caseworker_at("HEL")
    new_application(caseworker, received_on=TODAY - timedelta(days=5))
    actor = Actor.for_user(caseworker)
    tabs = [WorkList.UNDECIDED, WorkList.ALL]
    assert selectors.work_list_counts(actor, tabs, today=TODAY) == {WorkList.UNDECIDED: 1, WorkList.ALL: 1}

    # A colleague's new case shows on the tabs within the minute, not on every look.
    new_application(colleague, received_on=TODAY - timedelta(days=4))
    with CaptureQueriesContext(connection) as queries:
        assert selectors.work_list_counts(actor, tabs, today=TODAY) == {WorkList.UNDECIDED: 1, WorkList.ALL: 1}
    assert _counted(queries) == 0
    # A tab not counted yet is counted and joins the kept ones.
    with CaptureQueriesContext(connection) as queries:
        assert selectors.work_list_counts(actor, [WorkList.MINE, WorkList.ALL], today=TODAY) == {
            WorkList.MINE: 1,
            WorkList.ALL: 1,
        }
    assert _counted(queries) == 1

    # Another day, or a case opened with a reason (it widens "all cases"), is another count.
    assert selectors.work_list_counts(actor, tabs, today=TODAY + timedelta(days=1))[WorkList.ALL] == 2
    widened = dataclasses.replace(actor, unlocked={OPENED_APPLICATIONS: ("TRE-2026-999999",)})
    with CaptureQueriesContext(connection) as queries:
        selectors.work_list_counts(widened, tabs, today=TODAY)
    assert _counted(queries) == 2

    # After the minute, counted afresh.
    later = timezone.now() + timedelta(seconds=selectors.TAB_COUNT_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the cache's clock
    assert selectors.work_list_counts(actor, tabs, today=TODAY) == {WorkList.UNDECIDED: 2, WorkList.ALL: 2}
    monkeypatch.undo()

    # The user's own write that moves a case between lists: their tabs are counted afresh at once.
    selectors.work_list_counts(actor, tabs, today=TODAY)
    third = new_application(caseworker, received_on=TODAY - timedelta(days=3))
    assert selectors.work_list_counts(actor, tabs, today=TODAY) == {WorkList.UNDECIDED: 3, WorkList.ALL: 3}
    # A write that moves no case between lists (an exploitation event) keeps them.
    services.add_exploitation_event(
        actor=actor, application=third, exploitation_form="forced_labour", is_primary=True, country="FI"
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.work_list_counts(actor, tabs, today=TODAY)
    assert _counted(queries) == 0


@pytest.mark.django_db
def test_a_large_lists_size_is_kept_a_minute_a_small_ones_is_exact(
    caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "EXACT_SIZE_LIMIT", 3)
    register_many(caseworker, 3)
    actor = Actor.for_user(caseworker)

    def size() -> int:
        return TwoWayPaginator(selectors.work_list(actor, WorkList.ALL, today=TODAY), 2).count

    assert size() == 3
    new_application(caseworker, received_on=TODAY - timedelta(days=10))
    assert size() == 4  # over the limit now: counted whole, and kept
    new_application(caseworker, received_on=TODAY - timedelta(days=11))
    assert size() == 4
    # Another user's list of the same size is its own query: its own count.
    other = caseworker_at("TRE")
    for day in range(5):
        new_application(other, received_on=TODAY - timedelta(days=day))
    assert TwoWayPaginator(selectors.work_list(Actor.for_user(other), WorkList.ALL, today=TODAY), 2).count == 5
    cache.clear()  # the minute passed
    assert size() == 5
    # A filtered list is another query too.
    filtered = selectors.filter_applications(
        selectors.work_list(actor, WorkList.ALL, today=TODAY), selectors.ApplicationFilter(decision="pending")
    )
    assert TwoWayPaginator(filtered, 2).count == 5


def test_the_page_size_is_one_of_the_choices() -> None:
    assert [page_size_of(value) for value in ("25", "50", "100")] == [25, 50, 100]
    for other in (None, "", "10", "1000", "-25", "abc", "25.0"):
        assert page_size_of(other) == DEFAULT_PAGE_SIZE


@pytest.mark.django_db
def test_pages_past_the_middle_are_read_from_the_other_end(caseworker: User) -> None:
    for days in range(7):
        new_application(caseworker, received_on=TODAY - timedelta(days=days))
    rows = selectors.work_list(Actor.for_user(caseworker), WorkList.ALL, today=TODAY)
    every = list(rows)
    paginator = TwoWayPaginator(rows, 2)
    assert paginator.num_pages == 4
    assert [list(paginator.page(number)) for number in (1, 2, 3, 4)] == [every[0:2], every[2:4], every[4:6], every[6:]]
    with CaptureQueriesContext(connection) as queries:
        list(TwoWayPaginator(rows, 2).page(4))
    last_page = queries.captured_queries[-1]["sql"]
    assert "OFFSET" not in last_page  # the last row of the list is the first of the reversed order
    assert 'ORDER BY "register_application"."received_on" ASC' in last_page


def pages(number: int, count: int) -> list[int | None]:
    return pager_links(TwoWayPaginator(list(range(count)), 1).page(number))


def test_the_pager_shows_the_ends_and_two_pages_either_side() -> None:
    assert pages(1, 5) == [1, 2, 3, 4, 5]
    assert pages(1, 20) == [1, 2, 3, None, 20]
    assert pages(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert pages(20, 20) == [1, None, 18, 19, 20]
    assert pages(4, 20) == [1, 2, 3, 4, 5, 6, None, 20]


def register_many(caseworker: User, count: int) -> list[Application]:
    return [new_application(caseworker, received_on=TODAY - timedelta(days=day)) for day in range(count)]


@pytest.mark.django_db
def test_the_page_shows_counts_sorts_and_pages(caseworker: User) -> None:
    cases = register_many(caseworker, 27)
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("register:home"), {"list": "mine", "sort": "-case_number", "size": "25"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'All cases <span class="tab-count">27</span>' in html
    assert 'Waiting for confirmation <span class="tab-count">0</span>' in html
    assert '<th scope="col" aria-sort="descending"><a class="sort-link" href="?list=mine&amp;sort=case_number' in html
    by_number = sorted(cases, key=lambda case: case.case_number, reverse=True)
    assert by_number[0].case_number in html and by_number[24].case_number in html
    assert by_number[25].case_number not in html
    assert "Page 1 of 2" in html
    assert 'href="?list=mine&amp;sort=-case_number&amp;size=25&amp;page=2"' in html
    assert 'aria-current="page" aria-label="Page 1"' in html

    last = client.get(reverse("register:home"), {"list": "mine", "sort": "-case_number", "size": "25", "page": "2"})
    shown = last.content.decode()
    assert [case.case_number in shown for case in by_number[23:]] == [False, False, True, True]

    ignored = client.get(reverse("register:home"), {"list": "all", "sort": "case_number"}).content.decode()
    assert 'aria-sort="descending"><a class="sort-link" href="?list=all&amp;sort=received_on"' in ignored
    assert '<th scope="col">Case number</th>' in ignored  # not sortable in the large list


@pytest.mark.django_db
def test_a_filtered_list_still_shows_each_lists_size(caseworker: User) -> None:
    cases = register_many(caseworker, 3)
    services.set_waiting_for_information(
        actor=Actor.for_user(caseworker), application=cases[0], reason="Poliisin esitutkintapöytäkirja"
    )
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("register:home"), {"list": "all", "case_number": cases[0].case_number}).content.decode()
    assert "1 case" in html and 'All cases <span class="tab-count">3</span>' in html
    assert "Waiting for information:</span> Poliisin esitutkintapöytäkirja" in html


def test_every_write_of_a_case_is_classed_as_changing_the_work_lists_or_not() -> None:
    """A new kind of write must say whether it moves a case between lists (selectors.CHANGES_WORK_LISTS)."""
    changing_none = {"break_glass", "break_glass_write", "child", "child_left", "exploitation_event"}
    changing_none |= {"needs_assessment", "waiting_for_information"}
    found: set[str] = set()
    for path in Path(services.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_application":
                for keyword in node.keywords:
                    if keyword.arg == "what":
                        value = keyword.value
                        assert isinstance(value, ast.Constant | ast.Name), ast.unparse(value)
                        found.add(str(value.value if isinstance(value, ast.Constant) else constants[value.id]))
    assert found, "no write of a case found"
    assert found - changing_none == set(selectors.CHANGES_WORK_LISTS)


def _office_counts_hold(actor: Actor) -> None:
    kept = dict(OfficeCaseCount.objects.filter(applications__gt=0).values_list("office", "applications"))
    counted = dict(Application.objects.values_list("office").annotate(n=Count("pk")).values_list("office", "n"))
    assert kept == counted
    assert selectors.all_cases_size(actor) == visible_applications(actor).count()


@pytest.mark.django_db
def test_the_offices_counts_follow_every_write_and_size_the_all_cases_list(caseworker: User) -> None:
    actor = Actor.for_user(caseworker)
    _office_counts_hold(actor)
    mine = register_many(caseworker, 3)
    other = caseworker_at("TRE")
    theirs = [new_application(other, received_on=TODAY - timedelta(days=day)) for day in range(3)]
    _office_counts_hold(actor)
    assert OfficeCaseCount.objects.get(office="HEL").applications == 3

    # Another office's case assigned to the user, another opened with a reason: seen, and counted.
    Application.objects.filter(pk=theirs[0].pk).update(assigned_to=caseworker)
    opened = dataclasses.replace(actor, unlocked={OPENED_APPLICATIONS: (theirs[1].case_number,)})
    _office_counts_hold(opened)
    assert selectors.all_cases_size(opened) == 5
    # A case moved to another office, several at once, and back; a change of anything else moves no count.
    Application.objects.filter(pk=mine[0].pk).update(office="TRE")
    _office_counts_hold(opened)
    Application.objects.filter(office="TRE").update(office="LPR")
    _office_counts_hold(opened)
    Application.objects.filter(office="LPR").update(office="HEL")
    Application.objects.update(residence_status="residence_permit")
    _office_counts_hold(opened)
    assert OfficeCaseCount.objects.get(office="HEL").applications == 6
    Application.objects.filter(pk=mine[1].pk).delete()
    _office_counts_hold(opened)
    # Someone who does not work in the register sees none.
    assert selectors.all_cases_size(Actor.for_user(user_with_role(Role.ANALYST))) == 0


@pytest.mark.django_db
def test_the_all_cases_page_takes_its_size_from_the_offices_count(caseworker: User) -> None:
    register_many(caseworker, 3)
    OfficeCaseCount.objects.filter(office="HEL").update(applications=120)  # as if the office had 120 cases
    client = signed_in_client(caseworker)
    client.post(reverse("web:set_language"), {"language": "en", "next": "/"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("register:home"), {"list": "all", "size": "25"}).content.decode()
    assert "Page 1 of 5" in html and 'All cases <span class="tab-count">120</span>' in html
    whole_counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and "register_application" in query["sql"] and "LIMIT" not in query["sql"]
    ]
    assert whole_counts == [] or all("NOT" in sql for sql in whole_counts)  # only the cases beyond the office
    # Filtered, the list is counted as it is.
    filtered = client.get(reverse("register:home"), {"list": "all", "decision": "pending"}).content.decode()
    assert "3 cases" in filtered
