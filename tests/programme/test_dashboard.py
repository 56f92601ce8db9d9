"""The coordinator's dashboard on known data: counts per objective, body and priority area, the filters in
the URL, who has not reported in the open round, schedules ending this year, measures waiting for funding.

The small test programme (tests/programme/conftest.py):

    measure  objective  bodies (lead first)  schedule   funding  priority areas            status here
    1        1          TEM                  2026       no       –                         on track (TEM)
    2        1          TEM, MIGRI           2026–2027  no       children                  on track (TEM; Migri's draft)
    3        2          MIGRI                2026–2027  yes      children, forced marriage at risk (MIGRI)
    4        2          OM                   2027       no       –                         completed (OM)
"""

import re
from collections import Counter
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Organisation, Role
from torju.actor import Actor
from torju.programme import selectors, services
from torju.programme.models import Measure, PriorityArea, Programme, ReportingRound, Status

pytestmark = pytest.mark.django_db

CHILDREN, FORCED_MARRIAGE = "children_and_young_people", "forced_marriage"
AUTUMN_2026, SPRING_2027 = date(2026, 11, 23), date(2027, 3, 1)


@pytest.fixture
def reporting_round(programme: Programme) -> ReportingRound:
    coordinator = user_with_role(Role.COORDINATOR)
    for number, codes in {2: [CHILDREN], 3: [CHILDREN, FORCED_MARRIAGE]}.items():
        services.set_priority_areas(
            actor=Actor.for_user(coordinator),
            measure=Measure.objects.get(programme=programme, number=number),
            areas=PriorityArea.objects.filter(code__in=codes),
        )
    services.close_round(
        actor=Actor.for_user(coordinator),
        reporting_round=open_whole_round(
            programme,
            coordinator,
            name="Suljettu kierros",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            deadline=date(2026, 4, 30),
        ),
    )
    reporting_round = open_whole_round(
        programme,
        coordinator,
        name="Syksy 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2026, 12, 15),
    )
    for code, number, status, submit in [
        ("TEM", 1, Status.ON_TRACK, True),
        ("TEM", 2, Status.ON_TRACK, True),
        ("MIGRI", 2, Status.DELAYED, False),  # a draft: it neither decides the status nor counts as reported
        ("MIGRI", 3, Status.AT_RISK, True),
        ("OM", 4, Status.COMPLETED, True),
    ]:
        services.save_status_report(
            actor=Actor.for_user(reporter_of(code)),
            reporting_round=reporting_round,
            measure=Measure.objects.get(programme=programme, number=number),
            data={"status": status, "done": "Tehty."},
            revision=None,
            submit=submit,
        )
    return reporting_round


def area(code: str) -> str:
    return PriorityArea.objects.get(code=code).name


def body(code: str) -> str:
    return Organisation.objects.get(code=code).name


def numbers(rows: list[selectors.MeasureProgress]) -> list[int]:
    return [row.measure.number for row in rows]


def board(
    programme: Programme,
    today: date = AUTUMN_2026,
    *,
    objective: int | None = None,
    priority_area: str = "",
    status: str = "",
) -> selectors.Dashboard:
    criteria = selectors.DashboardFilter(objective=objective, priority_area=priority_area, status=status)
    with translation.override("fi"):
        return selectors.dashboard(programme, criteria, today)


def test_counts_by_status_objective_body_and_priority_area(reporting_round: ReportingRound) -> None:
    found = board(reporting_round.programme)
    assert found.by_status == Counter({Status.ON_TRACK: 2, Status.AT_RISK: 1, Status.COMPLETED: 1})
    assert found.by_objective == {
        "1) Uhrit tunnistetaan": Counter({Status.ON_TRACK: 2}),
        "2) Uhrit saavat apua": Counter({Status.AT_RISK: 1, Status.COMPLETED: 1}),
    }
    with translation.override("fi"):
        assert found.by_organisation == {
            body("MIGRI"): Counter({Status.ON_TRACK: 1, Status.AT_RISK: 1}),
            body("OM"): Counter({Status.COMPLETED: 1}),
            body("TEM"): Counter({Status.ON_TRACK: 2}),
        }
        assert found.by_priority_area == {
            area(CHILDREN): Counter({Status.ON_TRACK: 1, Status.AT_RISK: 1}),
            area(FORCED_MARRIAGE): Counter({Status.AT_RISK: 1}),
        }


def test_not_reported_in_the_open_round_and_the_lists_of_the_year(reporting_round: ReportingRound) -> None:
    found = board(reporting_round.programme)
    assert found.open_round == reporting_round, "the open round, not the closed one"
    assert [(measure.number, organisation.code) for measure, organisation in found.not_reported] == [(2, "MIGRI")]
    assert numbers(found.ending_this_year) == [1]
    assert numbers(found.waiting_for_funding) == [3]
    next_year = board(reporting_round.programme, SPRING_2027)
    assert numbers(next_year.ending_this_year) == [2, 3], "measure 4 ends in 2027 but is completed"


def test_filters_narrow_every_count_and_list(reporting_round: ReportingRound) -> None:
    programme = reporting_round.programme
    second = board(programme, objective=2)
    assert numbers(second.rows) == [3, 4]
    assert list(second.by_objective) == ["2) Uhrit saavat apua"]
    assert second.not_reported == [], "measure 2 is not shown"
    assert numbers(second.waiting_for_funding) == [3]
    children = board(programme, priority_area=CHILDREN)
    assert numbers(children.rows) == [2, 3]
    assert children.by_status == Counter({Status.ON_TRACK: 1, Status.AT_RISK: 1})
    assert [(measure.number, organisation.code) for measure, organisation in children.not_reported] == [(2, "MIGRI")]
    assert numbers(board(programme, objective=1, priority_area=CHILDREN).rows) == [2]
    assert numbers(board(programme, priority_area=FORCED_MARRIAGE, status=Status.ON_TRACK).rows) == []


def count_rows(html: str, caption: str) -> dict[str, list[int]]:
    """The count table with the caption: each row's heading and its numbers (statuses in order, then the total)."""
    table = html.split(f'<caption class="visually-hidden">{caption}</caption>', 1)[1].split("</table>", 1)[0]
    return {
        heading: [int(cell) for cell in re.findall(r"<td>(\d+)</td>", cells)]
        for heading, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    }


def page(client: Client, programme: Programme, **query: str) -> str:
    response = client.get(reverse("programme:dashboard", args=[programme.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_counts_and_keeps_the_filters_in_the_url(reporting_round: ReportingRound) -> None:
    programme = reporting_round.programme
    client = signed_in_client(user_with_role(Role.COORDINATOR))
    with translation.override("fi"):
        by_objective = "Measures by objective and status"
        captions = [
            translation.gettext(caption)
            for caption in (
                by_objective,
                "Measures by responsible body and status",
                "Measures by priority area and status",
            )
        ]
        migri, children = body("MIGRI"), area(CHILDREN)
    html = page(client, programme)
    # columns: not started, on track, delayed, at risk, completed, discontinued, total
    assert count_rows(html, captions[0]) == {
        "1) Uhrit tunnistetaan": [0, 2, 0, 0, 0, 0, 2],
        "2) Uhrit saavat apua": [0, 0, 0, 1, 1, 0, 2],
    }
    assert count_rows(html, captions[1])[migri] == [0, 1, 0, 1, 0, 0, 2]
    assert count_rows(html, captions[2])[children] == [0, 1, 0, 1, 0, 0, 2]
    assert re.search(r'<ul class="not-reported">\s*<li>[^<]* 2: ' + re.escape(migri) + "</li>\\s*</ul>", html)

    filtered = page(client, programme, objective="2", priority_area=CHILDREN)
    assert count_rows(filtered, captions[0]) == {"2) Uhrit saavat apua": [0, 0, 0, 1, 0, 0, 1]}
    assert count_rows(filtered, captions[2]) == {
        children: [0, 0, 0, 1, 0, 0, 1],
        area(FORCED_MARRIAGE): [0, 0, 0, 1, 0, 0, 1],
    }
    assert '<option value="2" selected>' in filtered, "the form shows the filter taken from the URL"
    assert f'<option value="{CHILDREN}" selected>' in filtered
    assert (
        client.get(reverse("programme:dashboard", args=[programme.slug]), {"priority_area": "no_such"}).status_code
        == 400
    )
