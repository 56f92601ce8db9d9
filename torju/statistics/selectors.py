"""Reading the annual statistics for the review: a year and the year before, in the form the reader may see.

The figures are computed from the register (torju.statistics.computation)
and, for every reader but the analyst at their screen, put through
disclosure control (torju.statistics.disclosure) before anything else sees
them: the review, documents and API only ever get the form chosen here.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Min
from django.utils import timezone

from torju.accounts.permissions import AnyUser
from torju.register.models import Application
from torju.statistics.computation import annual_statistics
from torju.statistics.disclosure import disclosure_threshold, public_form
from torju.statistics.permissions import EXACT, Form, form_for

# The assistance system began its work in 2006; there are no statistics before it.
FIRST_YEAR = 2006


@dataclass(frozen=True)
class ReviewStatistics:
    """The statistics of `year` and, when the register reaches back that far, of the year before."""

    year: int
    form: Form
    threshold: int
    current: dict[str, Any]
    previous: dict[str, Any] | None


def is_reviewable(year: int) -> bool:
    """A year from the assistance system's first to the current one (which is still in progress)."""
    return FIRST_YEAR <= year <= timezone.localdate().year


def is_complete(year: int) -> bool:
    return year < timezone.localdate().year


def first_year_with_data() -> int | None:
    """The year of the first application in the register, if any (an index serves the query)."""
    first = Application.objects.aggregate(first=Min("received_on"))["first"]
    return None if first is None else max(first.year, FIRST_YEAR)


def reviewable_years() -> list[int]:
    """The years that have a review, newest first: from the register's first year to the current one."""
    current = timezone.localdate().year
    first = first_year_with_data() or current
    return list(range(current, first - 1, -1))


def statistics_in_form(year: int, form: Form) -> dict[str, Any]:
    """The spec's JSON for `year`: exact counts, or the public form under disclosure control."""
    statistics = annual_statistics(year)
    return statistics if form == EXACT else public_form(statistics, disclosure_threshold())


def review_statistics(year: int, form: Form) -> ReviewStatistics:
    """The year's statistics and the previous year's for comparison, both in `form`.

    A previous year before the register's first year is left out (None):
    comparing with a year of no data would show every figure as a change from 0.
    """
    first = first_year_with_data()
    has_previous = first is not None and year - 1 >= first
    return ReviewStatistics(
        year=year,
        form=form,
        threshold=disclosure_threshold(),
        current=statistics_in_form(year, form),
        previous=statistics_in_form(year - 1, form) if has_previous else None,
    )


def review_statistics_for(user: AnyUser, year: int, requested_form: str | None) -> ReviewStatistics:
    """As `review_statistics`, in the form the user asked for and may see (see permissions.form_for)."""
    return review_statistics(year, form_for(user, requested_form))
