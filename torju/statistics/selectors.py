"""Reading the annual statistics for the review: a year and the year before, in the form the reader may see.

Aggregation module: reads the register's applications directly (the first
year with data), never a person's identifiers (docs/architecture.md,
"Aggregation modules").

The figures are computed from the register (torju.statistics.computation),
kept per year until the register's data of that year changes
(torju.statistics.snapshots), and, for every reader but the analyst at their
screen, put through
disclosure control (torju.statistics.disclosure) before anything else sees
them: the review, documents and API only ever get the form chosen here.

Which years have statistics is one rule for the page, the downloads, the API
and the commands (`is_reviewable`): from the assistance system's first
year, 2006, to the current one; the current one in the exact form only
(permissions.check_public_year).

The series (spec/situational-picture.md § 1) is the same figures for a range
of years, computed in one pass for the years not stored yet.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Min
from django.utils import timezone

from torju.accounts.permissions import AnyUser
from torju.register.models import Application
from torju.statistics.disclosure import (
    PublishedTable,
    disclosure_threshold,
    exact_table,
    public_form,
    public_table,
    public_year,
)
from torju.statistics.helpline_figures import helpline_years
from torju.statistics.legal_path import legal_path_years
from torju.statistics.permissions import EXACT, PUBLIC, Publication, check_public_year, has_ended, publication_for
from torju.statistics.release_content import published_year
from torju.statistics.schema import FIRST_YEAR, AnnualStatistics, Series, SeriesYear
from torju.statistics.snapshots import ScreenFigures, figures_of_year, figures_of_years, screen_figures_of_years


@dataclass(frozen=True)
class ReviewStatistics:
    """The statistics of `year` and, when the register reaches back that far, of the year before.

    `events_by_form_and_sex` is the review's cross-tabulation of the year
    (beyond the spec's JSON), in the same form as the rest.
    """

    year: int
    publication: Publication
    threshold: int
    current: AnnualStatistics
    previous: AnnualStatistics | None
    events_by_form_and_sex: PublishedTable
    # Of a release (torju.statistics.services.review_statistics_of): figures released with a reason
    # (key, reason), what its correction changed, and the day it was published.
    released: tuple[tuple[str, str], ...] = ()
    correction: str = ""
    published_on: date | None = None
    # The helpline's public figures of the year and the year before (torju.statistics.helpline_figures).
    helpline: Mapping[str, Mapping[str, Any]] | None = None
    # The legal path of the year's clients and the year before's (torju.statistics.legal_path), in `publication`.
    legal_path: Mapping[str, Mapping[str, Any]] | None = None
    # On a page: when the figures were computed, if the register has changed since (snapshots.ScreenFigures).
    as_of: datetime | None = None


def current_year() -> int:
    return timezone.localdate().year


def is_reviewable(year: int) -> bool:
    """A year from the assistance system's first to the current one (which is still in progress).

    Earlier years have no assistance system, later ones no register yet:
    their statistics would be zeros that look like figures.
    """
    return FIRST_YEAR <= year <= current_year()


def is_complete(year: int) -> bool:
    return has_ended(year)


def first_year_with_data() -> int | None:
    """The year of the first application in the register, if any (an index serves the query)."""
    first = Application.objects.aggregate(first=Min("received_on"))["first"]
    return None if first is None else max(first.year, FIRST_YEAR)


def reviewable_years() -> list[int]:
    """The years that have a review, newest first: from the register's first year to the current one."""
    current = current_year()
    first = first_year_with_data() or current
    return list(range(current, first - 1, -1))


def published_statistics(year: int, publication: Publication) -> AnnualStatistics:
    """The spec's JSON for `year`: exact counts, or the public form under disclosure control.

    The public form of a year that has not ended is refused (permissions.YearNotEndedError).
    """
    if publication == PUBLIC:
        check_public_year(year)
    statistics = figures_of_year(year).statistics
    return statistics if publication == EXACT else public_form(statistics, disclosure_threshold())


def public_statistics(year: int) -> AnnualStatistics:
    """The spec's JSON for `year` in the public form: what the API and the web's JSON download give."""
    return published_statistics(year, PUBLIC)


def review_statistics(year: int, publication: Publication, *, on_screen: bool = False) -> ReviewStatistics:
    """The year's statistics and the previous year's for comparison, both in `publication`.

    A previous year before the register's first year is left out (None):
    comparing with a year of no data would show every figure as a change from 0.
    The public form of a year that has not ended is refused (permissions.YearNotEndedError).
    `on_screen`: for a page, which may show figures computed a moment before the register's latest change,
    with their time (snapshots.screen_figures_of_years).
    """
    if publication == PUBLIC:
        check_public_year(year)
    first = first_year_with_data()
    has_previous = first is not None and year - 1 >= first
    k = disclosure_threshold()
    first_needed = year - 1 if has_previous else year
    years = (
        screen_figures_of_years(first_needed, year)
        if on_screen
        else ScreenFigures(figures_of_years(first_needed, year))
    )
    figures = years.figures[year]
    if publication == EXACT:
        current, cross_table = figures.statistics, exact_table(figures.events_by_form_and_sex)
    else:
        current, cross_table = public_form(figures.statistics, k), public_table(figures.events_by_form_and_sex, k)
    previous = None
    if has_previous:
        if publication == PUBLIC:
            check_public_year(year - 1)
        previous = years.figures[year - 1].statistics
        previous = previous if publication == EXACT else public_form(previous, k)
    return ReviewStatistics(
        year=year,
        publication=publication,
        threshold=k,
        current=current,
        previous=previous,
        events_by_form_and_sex=cross_table,
        helpline=helpline_years((year - 1, year), k, on_screen=on_screen),
        legal_path=legal_path_years((year - 1, year) if has_previous else (year,), publication, k, on_screen=on_screen),
        as_of=years.as_of,
    )


def review_statistics_for(user: AnyUser, year: int, requested: str | None) -> ReviewStatistics:
    """As `review_statistics` on a page, in the publication the user asked for and may see
    (permissions.publication_for)."""
    return review_statistics(year, publication_for(user, requested), on_screen=True)


def series(first: int, last: int, publication: Publication, *, k: int | None = None) -> Series:
    """The series of spec/situational-picture.md § 1 from `first` to `last`: exact, or the public form.

    The public form of a range that reaches the current year is refused
    (permissions.YearNotEndedError). In the public form a year published
    before is as its latest release has it (spec/situational-picture.md § 4):
    a figure of a year is the same in every release, unless a release says it
    replaced it. `k`: the threshold of the years not published yet (default
    the setting).
    """
    return _series_and_time(first, last, publication, k=k, on_screen=False)[0]


def screen_series(
    first: int, last: int, publication: Publication, *, k: int | None = None
) -> tuple[Series, datetime | None]:
    """As `series`, for a page: with figures that may be of a moment before the register's latest change, and
    when they were computed if so (snapshots.screen_figures_of_years)."""
    return _series_and_time(first, last, publication, k=k, on_screen=True)


def _series_and_time(
    first: int, last: int, publication: Publication, *, k: int | None, on_screen: bool
) -> tuple[Series, datetime | None]:
    if not (is_reviewable(first) and is_reviewable(last)) or first > last:
        raise ValueError(f"give years from {FIRST_YEAR} to {current_year()}, the first not after the last")
    if publication == PUBLIC:
        check_public_year(last)
    threshold = disclosure_threshold() if k is None else k
    stored = screen_figures_of_years(first, last) if on_screen else ScreenFigures(figures_of_years(first, last))
    years: dict[str, SeriesYear] = {}
    for year, figures in stored.figures.items():
        if publication == EXACT:
            years[str(year)] = figures.year
            continue
        released = published_year(year)
        years[str(year)] = released.year if released else public_year(figures.year, threshold)[0]
    return {"from": first, "to": last, "years": years}, stored.as_of
