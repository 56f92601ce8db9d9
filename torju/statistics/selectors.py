"""Reading the annual statistics for the review: a year and the year before, in the form the reader may see.

Aggregation module: reads the register's applications directly (the first
year with data), never a person's identifiers (docs/architecture.md,
"Aggregation modules").

The figures are computed from the register (torju.statistics.computation)
and, for every reader but the analyst at their screen, put through
disclosure control (torju.statistics.disclosure) before anything else sees
them: the review, documents and API only ever get the form chosen here.

Which years have statistics is one rule for the page, the downloads, the API
and both commands (`is_reviewable`): from the assistance system's first
year, 2006, to the current one.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Min
from django.utils import timezone

from torju.accounts.permissions import AnyUser
from torju.register.models import Application
from torju.statistics.computation import annual_figures, annual_statistics
from torju.statistics.disclosure import PublishedTable, disclosure_threshold, exact_table, public_form, public_table
from torju.statistics.permissions import EXACT, PUBLIC, Form, form_for

# The assistance system began its work in 2006; there are no statistics before it.
FIRST_YEAR = 2006


@dataclass(frozen=True)
class ReviewStatistics:
    """The statistics of `year` and, when the register reaches back that far, of the year before.

    `events_by_form_and_sex` is the review's cross-tabulation of the year
    (beyond the spec's JSON), in the same form as the rest.
    """

    year: int
    form: Form
    threshold: int
    current: dict[str, Any]
    previous: dict[str, Any] | None
    events_by_form_and_sex: PublishedTable


def current_year() -> int:
    return timezone.localdate().year


def is_reviewable(year: int) -> bool:
    """A year from the assistance system's first to the current one (which is still in progress).

    Earlier years have no assistance system, later ones no register yet:
    their statistics would be zeros that look like figures.
    """
    return FIRST_YEAR <= year <= current_year()


def is_complete(year: int) -> bool:
    return year < current_year()


def first_year_with_data() -> int | None:
    """The year of the first application in the register, if any (an index serves the query)."""
    first = Application.objects.aggregate(first=Min("received_on"))["first"]
    return None if first is None else max(first.year, FIRST_YEAR)


def reviewable_years() -> list[int]:
    """The years that have a review, newest first: from the register's first year to the current one."""
    current = current_year()
    first = first_year_with_data() or current
    return list(range(current, first - 1, -1))


def statistics_in_form(year: int, form: Form) -> dict[str, Any]:
    """The spec's JSON for `year`: exact counts, or the public form under disclosure control."""
    statistics = annual_statistics(year)
    return statistics if form == EXACT else public_form(statistics, disclosure_threshold())


def public_statistics(year: int) -> dict[str, Any]:
    """The spec's JSON for `year` in the public form: what the API and the web's JSON download give."""
    return statistics_in_form(year, PUBLIC)


def review_statistics(year: int, form: Form) -> ReviewStatistics:
    """The year's statistics and the previous year's for comparison, both in `form`.

    A previous year before the register's first year is left out (None):
    comparing with a year of no data would show every figure as a change from 0.
    """
    first = first_year_with_data()
    has_previous = first is not None and year - 1 >= first
    k = disclosure_threshold()
    figures = annual_figures(year)
    if form == EXACT:
        current, cross_table = figures.statistics, exact_table(figures.events_by_form_and_sex)
    else:
        current, cross_table = public_form(figures.statistics, k), public_table(figures.events_by_form_and_sex, k)
    return ReviewStatistics(
        year=year,
        form=form,
        threshold=k,
        current=current,
        previous=statistics_in_form(year - 1, form) if has_previous else None,
        events_by_form_and_sex=cross_table,
    )


def review_statistics_for(user: AnyUser, year: int, requested_form: str | None) -> ReviewStatistics:
    """As `review_statistics`, in the form the user asked for and may see (see permissions.form_for)."""
    return review_statistics(year, form_for(user, requested_form))
