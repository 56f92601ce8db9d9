"""The statistics pages while others write to the register: stored figures shown with their time for a while,
one computation at a time (torju.statistics.snapshots.screen_figures_of_years; docs/decisions/0039)."""

from collections.abc import Callable
from datetime import date, timedelta

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.statistics.test_definitions import client, event
from tests.statistics.test_series import computes
from torju.accounts.models import Role
from torju.register.models import Application
from torju.statistics.models import YearSnapshot
from torju.statistics.snapshots import _COMPUTING_LOCK, figures_of_years, screen_figures_of_years

pytestmark = pytest.mark.django_db


def changed_after_storing() -> Application:
    """A register with 2023 and 2024 stored, then a change that makes 2024 out of date."""
    application = client(decided=date(2024, 5, 1))
    event(application, "forced_labour", "FI")
    client(decided=date(2023, 5, 1))
    figures_of_years(2023, 2024)
    event(application, "sexual_exploitation", "EE")
    return application


def test_a_page_shows_the_stored_figures_with_their_time_while_they_are_recent(settings: Settings) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 300
    changed_after_storing()
    stored_at = YearSnapshot.objects.get(year=2024).computed_at
    shown = screen_figures_of_years(2023, 2024)
    assert shown.as_of == stored_at
    assert sum(shown.figures[2024].statistics["new_clients"]["events_by_form"].values()) == 1, "as stored"
    assert not computes(lambda: screen_figures_of_years(2023, 2024)), "recent enough: not computed again"
    assert computes(lambda: figures_of_years(2024, 2024)), "publishing and exports never take stale figures"


def test_a_page_computes_the_figures_again_once_the_stored_ones_are_older_than_the_setting(
    settings: Settings,
) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 300
    changed_after_storing()
    YearSnapshot.objects.filter(year=2024).update(computed_at=timezone.now() - timedelta(seconds=301))
    assert computes(lambda: screen_figures_of_years(2023, 2024))
    shown = screen_figures_of_years(2023, 2024)
    assert shown.as_of is None
    assert shown.figures == figures_of_years(2023, 2024)


def test_with_the_setting_at_zero_a_page_is_always_current(settings: Settings) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 0
    changed_after_storing()
    shown = screen_figures_of_years(2024, 2024)
    assert shown.as_of is None
    assert sum(shown.figures[2024].statistics["new_clients"]["events_by_form"].values()) == 2


def test_a_year_never_computed_is_computed_whatever_the_setting(settings: Settings) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 300
    changed_after_storing()
    client(decided=date(2025, 2, 1))
    assert computes(lambda: screen_figures_of_years(2024, 2025))
    assert YearSnapshot.objects.filter(year=2025).exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_while_another_process_computes_a_page_shows_the_stored_figures_instead_of_computing_too(
    settings: Settings,
) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 0
    changed_after_storing()
    other = connection.settings_dict
    with psycopg.connect(
        dbname=other["NAME"], user=other["USER"], host=other["HOST"] or None, port=other["PORT"] or None
    ) as computing:
        computing.execute("SELECT pg_advisory_lock(%s)", [_COMPUTING_LOCK])
        stored_at = YearSnapshot.objects.get(year=2024).computed_at
        assert screen_figures_of_years(2023, 2024).as_of == stored_at
        assert YearSnapshot.objects.get(year=2024).computed_at == stored_at, "not computed again meanwhile"
        computing.execute("SELECT pg_advisory_unlock(%s)", [_COMPUTING_LOCK])
    # Computed now (on connections of its own too: the computation's transaction is its own here, decision 0121).
    assert screen_figures_of_years(2023, 2024).as_of is None
    assert YearSnapshot.objects.get(year=2024).computed_at > stored_at


def test_the_review_and_series_pages_say_when_their_figures_were_computed(
    settings: Settings, client_for: Callable[[Role], Client]
) -> None:
    settings.STATISTICS_REFRESH_SECONDS = 300
    changed_after_storing()
    analyst = client_for(Role.ANALYST)
    analyst.cookies["django_language"] = "en"  # Torju ignores Accept-Language (web.middleware)
    for address in ("/statistics/2024/", "/statistics/series/?from=2023&to=2024"):
        page = analyst.get(address).content.decode()
        assert "Figures as computed at" in page and "the register has changed since" in page
    settings.STATISTICS_REFRESH_SECONDS = 0
    page = analyst.get("/statistics/2024/").content.decode()
    assert "Figures as computed at" not in page
