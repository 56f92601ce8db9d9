"""The series of spec/situational-picture.md § 1: every definition on small hand-made registers, one pass over the
years, the stored snapshot of a year and when it goes out of date, and the command `situational_picture`."""

import io
import json
from collections.abc import Callable
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.statistics.test_definitions import FORMS, SECTORS, Y, apply, child, client, event, victim, zeros
from torju.accounts.models import Role
from torju.register.models import Application, ExploitationEvent, Person, ReflectionPeriod
from torju.statistics.computation import annual_figures, yearly_figures
from torju.statistics.models import RegisterVersion, YearSnapshot
from torju.statistics.selectors import series
from torju.statistics.snapshots import figures_of_year, figures_of_years, versions_of

pytestmark = pytest.mark.django_db

SEXES = ["F", "M", "X"]
BANDS = ["0-17", "18-29", "30-39", "40-49", "50-59", "60+", "unknown"]


def year_of(year: int = Y) -> dict[str, object]:
    return dict(annual_figures(year).year)


# Place of exploitation (figure 2)


def test_place_of_exploitation_is_finland_abroad_both_or_unknown_over_the_known_countries() -> None:
    only_abroad = client()
    event(only_abroad, "forced_labour", "EE")
    event(only_abroad, "sexual_exploitation", "SE")
    both = client()
    event(both, "forced_labour", "FI")
    event(both, "forced_labour", "EE")
    only_finland = client()
    event(only_finland, "forced_marriage", "FI")
    event(only_finland, "forced_labour", "ZZ")  # unknown country: does not make it "both"
    client()  # no events at all
    unknown_country = client()
    event(unknown_country, "other", "ZZ")
    figures = annual_figures(Y).year
    place = figures["new_clients_by_place_of_exploitation"]
    assert place == {"finland": 1, "abroad": 1, "both": 1, "unknown": 2}
    statistics = figures["statistics"]
    assert sum(place.values()) == statistics["new_clients"]["victims"] == 5
    assert place["finland"] + place["both"] == statistics["exploited_in_finland"]["victims"]


# Persons, not events


def test_a_person_with_two_positive_decisions_in_a_year_counts_once_by_the_latest_application() -> None:
    person = victim(sex="M", born=date(1980, 1, 1))
    earlier = client(person, date(Y, 2, 1))
    event(earlier, "sexual_exploitation", "FI")
    later = client(person, date(Y, 9, 1))
    event(later, "forced_labour", "EE", "berry_farms")
    figures = annual_figures(Y).year
    assert figures["statistics"]["new_clients"]["victims"] == 1
    assert figures["new_clients_by_primary_form"] == zeros([*FORMS, "unknown"]) | {"forced_labour": 1}
    assert figures["new_clients_by_place_of_exploitation"]["abroad"] == 1
    assert figures["new_clients_forced_labour_by_sector"] == zeros(SECTORS) | {"berry_farms": 1}
    assert figures["events_by_country"] == {"EE": 1}
    assert figures["new_clients_by_sex_and_age_band"]["M"] == zeros(BANDS) | {"40-49": 1}


def test_the_primary_form_is_of_the_primary_event_and_unknown_without_one() -> None:
    primary_second = client()
    ExploitationEvent.objects.create(
        event_id="S1", application=primary_second, exploitation_form="forced_begging", is_primary=False, country="FI"
    )
    ExploitationEvent.objects.create(
        event_id="S2", application=primary_second, exploitation_form="forced_marriage", is_primary=True, country="FI"
    )
    no_primary = client()
    ExploitationEvent.objects.create(
        event_id="S3", application=no_primary, exploitation_form="forced_labour", is_primary=False, country="FI"
    )
    client()  # no events, so no primary event either
    by_form = annual_figures(Y).year["new_clients_by_primary_form"]
    assert by_form == zeros([*FORMS, "unknown"]) | {"forced_marriage": 1, "unknown": 2}
    assert list(by_form)[-1] == "unknown"


def test_sex_and_age_band_lists_every_code_and_band_and_unknown_without_a_birth_date() -> None:
    client(victim(sex="F", born=None))
    client(victim(sex="X", born=date(Y - 17, 12, 31)), date(Y, 5, 1))  # 17 at the decision
    client(victim(sex="F", born=date(Y - 60, 5, 1)), date(Y, 5, 1))  # 60 on the day of the decision
    table = annual_figures(Y).year["new_clients_by_sex_and_age_band"]
    assert list(table) == SEXES and all(list(bands) == BANDS for bands in table.values())
    assert table["F"] == zeros(BANDS) | {"unknown": 1, "60+": 1}
    assert table["X"] == zeros(BANDS) | {"0-17": 1}
    assert table["M"] == zeros(BANDS)


def test_forced_labour_by_sector_counts_the_events_wherever_they_happened() -> None:
    application = client()
    event(application, "forced_labour", "FI", "restaurants")
    event(application, "forced_labour", "EE", "restaurants")
    event(application, "forced_labour", "SE")  # no sector: unknown
    event(application, "sexual_exploitation", "FI")
    figures = annual_figures(Y).year
    assert figures["new_clients_forced_labour_by_sector"] == zeros(SECTORS) | {"restaurants": 2, "unknown": 1}
    in_finland = figures["statistics"]["exploited_in_finland"]["forced_labour_by_sector"]
    assert in_finland == zeros(SECTORS) | {"restaurants": 1}, "the annual statistics has only those in Finland"
    assert figures["events_by_country"] == {"FI": 2, "EE": 1, "SE": 1}


def test_the_share_of_negative_decisions_is_rounded_half_up_and_null_without_decisions() -> None:
    assert annual_figures(Y).year["negative_share_percent"] is None
    client()
    apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    apply(victim(), date(Y, 1, 5), "withdrawn", date(Y, 2, 1))  # not a decision
    assert annual_figures(Y).year["negative_share_percent"] == 50
    for _extra in range(6):
        client()
    apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    assert annual_figures(Y).year["negative_share_percent"] == 22  # 2 / 9 = 22.2 %
    apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    for _extra in range(5):
        client()
    assert annual_figures(Y).year["negative_share_percent"] == 25  # 4 / 16 = 25 %
    for _extra in range(8):
        apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    assert annual_figures(Y).year["negative_share_percent"] == 50  # 12 / 24 = 50 %: exactly, and 0.5 rounds up
    apply(victim(), date(Y, 1, 5), "negative", date(Y, 2, 1))
    assert annual_figures(Y).year["negative_share_percent"] == 52  # 13 / 25 = 52 %


# One pass over the years


def test_the_series_is_each_year_as_computed_alone_in_one_pass(django_assert_max_num_queries: object) -> None:
    person = victim(born=date(2002, 7, 1))  # 16 at the first decision, 18 at the second
    first = client(person, date(2019, 3, 1), ended=date(2022, 6, 30))
    event(first, "forced_labour", "FI", "cleaning")
    again = client(person, date(2021, 4, 1))  # a second clienthood open alongside the first in 2021
    event(again, "forced_marriage", "TR")
    for year in (2019, 2020, 2023):
        event(client(victim(sex="M", nationality="SO"), date(year, 8, 1)), "forced_begging", "SO")
    apply(victim(), date(2020, 1, 2), "negative", date(2020, 2, 1))
    child(person, date(2020, 5, 1), date(2022, 1, 1))
    ReflectionPeriod.objects.create(application=again, granted_on=date(2021, 5, 1), months=3)
    together = yearly_figures(2018, 2024)
    for year in range(2018, 2025):
        assert together[year] == annual_figures(year), year
    at_end = {year: together[year].statistics["clients_at_year_end"] for year in range(2018, 2025)}
    assert [at_end[year]["victims"] for year in range(2018, 2025)] == [0, 2, 3, 3, 3, 4, 4], "persons, not clienthoods"
    # The current clienthood at the end of 2021 is the one decided last: entered at 18.
    assert [at_end[year]["victims_entered_as_minors"] for year in (2019, 2020, 2021)] == [1, 1, 0]
    assert [at_end[year]["victims_under_18"] for year in (2019, 2020)] == [1, 0], "18 on 31 December 2020"
    assert together[2021].statistics["clients_at_year_end"]["children_of_victims"] == 1
    assert together[2022].statistics["clients_at_year_end"]["children_of_victims"] == 0
    with CaptureQueriesContext(connection) as one_year:
        yearly_figures(2021, 2021)
    with CaptureQueriesContext(connection) as seven_years:
        yearly_figures(2018, 2024)
    assert len(seven_years) == len(one_year), "the years are group keys, not a loop of queries"


# The stored snapshot of a year


def computes(call: object) -> bool:
    """Whether `call()` ran the computation's grouped queries (a query of the exploitation events)."""
    with CaptureQueriesContext(connection) as queries:
        call()  # type: ignore[operator]
    return any("register_exploitationevent" in query["sql"] for query in queries)


def test_a_year_is_computed_once_and_answered_from_its_snapshot_until_the_register_changes() -> None:
    application = client(decided=date(2024, 5, 1))
    event(application, "forced_labour", "FI")
    client(decided=date(2023, 5, 1))
    assert computes(lambda: figures_of_years(2023, 2024))
    assert YearSnapshot.objects.count() == 2
    assert not computes(lambda: figures_of_years(2023, 2024)), "both stored"
    assert figures_of_year(2024) == annual_figures(2024)
    # A change to an application received in 2024 leaves 2023 as it is and makes 2024 out of date.
    Application.objects.filter(pk=application.pk).update(residence_status="work_permit")
    assert not computes(lambda: figures_of_year(2023))
    assert computes(lambda: figures_of_year(2024))
    assert not computes(lambda: figures_of_year(2024))


@pytest.mark.parametrize(
    "change",
    [
        "new event",
        "event deleted",
        "sex changed",
        "decision date changed",
        "clienthood ended",
        "reflection period",
        "child joined",
        "bulk created",
        "raw sql",
        "application deleted",
    ],
)
def test_every_kind_of_write_to_the_register_makes_the_years_it_touches_out_of_date(change: str) -> None:
    person = victim()
    application = client(person, date(2024, 5, 1))
    event(application, "forced_labour", "FI")
    stored = figures_of_years(2023, 2025)
    before = versions_of([2022, 2023, 2024, 2025])
    if change == "new event":
        event(application, "sexual_exploitation", "EE")
    elif change == "event deleted":
        ExploitationEvent.objects.filter(application=application).delete()
    elif change == "sex changed":
        Person.objects.filter(pk=person.pk).update(sex="M")
    elif change == "decision date changed":
        Application.objects.filter(pk=application.pk).update(decided_on=date(2025, 1, 10))
    elif change == "clienthood ended":
        Application.objects.filter(pk=application.pk).update(
            clienthood_ended_on=date(2025, 3, 1), end_reason="own_request"
        )
    elif change == "reflection period":
        ReflectionPeriod.objects.create(application=application, granted_on=date(2024, 6, 1), months=2)
    elif change == "child joined":
        child(person, date(2024, 7, 1))
    elif change == "bulk created":
        ExploitationEvent.objects.bulk_create(
            [ExploitationEvent(event_id="B1", application=application, exploitation_form="other", country="FI")]
        )
    elif change == "raw sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE register_exploitationevent SET country = 'SE' WHERE application_id = %s", [application.pk]
            )
    elif change == "application deleted":
        ExploitationEvent.objects.filter(application=application).delete()
        Application.objects.filter(pk=application.pk).delete()
    after = versions_of(list(before))
    assert after[2022] == before[2022], "a year before every date the change touches stays valid"
    assert after[2024] > before[2024] and after[2025] > before[2025]
    fresh = figures_of_years(2023, 2025)
    assert fresh == yearly_figures(2023, 2025), "recomputed, not the stored figures"
    assert fresh[2023] == stored[2023]


def test_a_change_while_a_year_is_computed_leaves_its_snapshot_out_of_date() -> None:
    """The snapshot keeps the version read with its figures: a write after that makes it stale at once."""
    application = client(decided=date(2024, 5, 1))
    figures_of_year(2024)
    snapshot = YearSnapshot.objects.get(year=2024)
    Application.objects.filter(pk=application.pk).update(source="self")
    assert versions_of([2024])[2024] > snapshot.version
    assert figures_of_year(2024).statistics["applications"]["by_source"]["self"] == 1


# The command


def printed(*arguments: str) -> str:
    output = io.StringIO()
    call_command("situational_picture", *arguments, stdout=output)
    return output.getvalue()


def test_the_command_prints_the_series_json_and_nothing_else() -> None:
    for year in (2022, 2023, 2024):
        event(client(victim(nationality="NP"), date(year, 5, 1)), "forced_labour", "FI")
    exact = json.loads(printed("--from", "2022", "--to", "2024"))
    assert (exact["from"], exact["to"], list(exact["years"])) == (2022, 2024, ["2022", "2023", "2024"])
    assert exact == series(2022, 2024, "exact")
    assert exact["years"]["2023"]["statistics"]["new_clients"]["by_nationality"] == {"NP": 1}
    public = json.loads(printed("--from", "2022", "--to", "2024", "--public", "--k", "3"))
    assert public["years"]["2023"]["statistics"]["new_clients"]["by_nationality"] == {"other": 1}
    assert public["years"]["2023"]["new_clients_by_sex_and_age_band"]["F"]["30-39"] is None


def test_the_command_refuses_the_public_form_of_the_year_in_progress_and_bad_ranges() -> None:
    current = timezone.localdate().year
    assert json.loads(printed("--from", str(current - 1), "--to", str(current)))["to"] == current
    with pytest.raises(CommandError, match="not published before the year has ended"):
        printed("--from", str(current - 1), "--to", str(current), "--public")
    for arguments, message in [
        (["--from", "2005", "--to", "2010"], "--from must be from 2006"),
        (["--from", "2010", "--to", str(current + 1)], f"--to must be from 2006 to {current}"),
        (["--from", "2012", "--to", "2010"], "after"),
        (["--from", "2010", "--to", "2012", "--public", "--k", "0"], "at least 1"),
    ]:
        with pytest.raises(CommandError, match=message):
            printed(*arguments)


def test_the_series_page_is_exact_for_the_analyst_and_public_without_the_current_year_for_the_coordinator(
    client_for: Callable[[Role], Client],
) -> None:
    current = timezone.localdate().year
    for year in (current - 2, current - 1, current):
        event(client(victim(nationality="IS"), date(year, 3, 1)), "forced_labour", "FI")
    analyst = client_for(Role.ANALYST).get(f"/statistics/series/?from={current - 2}&to={current}")
    assert analyst.status_code == 200
    page = analyst.content.decode()
    assert f'<th scope="row">{current}</th>' in page
    coordinator = client_for(Role.COORDINATOR).get(f"/statistics/series/?from={current - 2}&to={current}")
    public = coordinator.content.decode()
    assert coordinator.status_code == 200 and f'<th scope="row">{current}</th>' not in public
    assert f'<th scope="row">{current - 1}</th>' in public


def test_a_write_changes_one_row_of_versions_however_many_years_follow() -> None:
    """A bulk of single writes in one transaction must not rewrite every later year's row each time."""
    figures_of_years(2006, 2025)
    before = dict(RegisterVersion.objects.values_list("year", "version"))
    client(decided=date(2010, 5, 1))
    after = dict(RegisterVersion.objects.values_list("year", "version"))
    assert [year for year in before if before[year] != after[year]] == [2010]
