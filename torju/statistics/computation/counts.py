"""The light grouped queries of the computation, each over every year of a range at once, read into counters.

Aggregation module: reads the register's models directly (persons,
applications, events, reflection periods), only to count them, never their
direct identifiers (docs/architecture.md, "Aggregation modules").

This module reads the register's models directly (aggregation only: every
query returns one row per year and combination of codes, never one per
person), as ARCHITECTURE.md allows statistics to. The year is a group key of
every query, so that the series of twenty years costs what one year does,
not twenty times it. The heavy ones (new clients, their events, the
year-end stock) are in computation.person_counts.
"""

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db.models import (
    QuerySet,
)

from torju.register.models import Person, PersonRole
from torju.statistics.computation.queries import grouped
from torju.statistics.computation.years import YearOf

BIRTH_DATE = "person__birth_date"
SEX = "person__sex"
NATIONALITY = "person__nationality"


def counts_by_year(queryset: QuerySet[Any], day: str, field: str) -> defaultdict[int, Counter[str]]:
    """Rows of `queryset` per year of the date `day` and value of `field`."""
    found: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for year, value, rows in grouped(queryset.annotate(year=YearOf(day)), ("year", field)):
        found[year][value] += rows
    return found


class ChildCounts:
    """Children of victims who became clients in each year, and those who were clients at each year's end."""

    def __init__(self, persons: QuerySet[Person], first: int, last: int) -> None:
        rows = grouped(
            persons.filter(role=PersonRole.CHILD_OF_VICTIM, child_joined_on__lte=date(last, 12, 31)).annotate(
                joined=YearOf("child_joined_on"), left=YearOf("child_left_on")
            ),
            ("joined", "left"),
        )
        self.new: Counter[int] = Counter()
        self.at_year_end: Counter[int] = Counter()
        for joined, left, children in rows:
            self.new[joined] += children
            for year in range(max(joined, first), last + 1):
                if left is None or left > year:  # left after the year's end: still a client at it
                    self.at_year_end[year] += children
