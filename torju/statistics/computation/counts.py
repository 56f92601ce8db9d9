"""The grouped queries of the computation, each over every year of a range at once, read into counters per year.

This module reads the register's models directly (aggregation only: every
query returns one row per year and combination of codes, never one per
person), as ARCHITECTURE.md allows statistics to. The year is a group key of
every query, so that the series of twenty years costs what one year does,
not twenty times it.

- New clients of Y: the applications with a positive decision in Y that no
  other positive decision of the same person in Y follows (a later
  `decided_on`, or on the same day a greater `application_id`, so that the
  choice does not depend on the order the rows were loaded in): one row per
  person and year.
- The year-end stock: a clienthood is open at the end of every year from the
  year of its decision to the year before it ended; of a person's clienthoods
  open at the end of Y, the one decided last is their current one. That is
  one SQL statement with the years as a recursive CTE (PostgreSQL and SQLite
  alike) and ROW_NUMBER() per person and year.
"""

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import LessThan

from torju.register.models import POSITIVE, Application, ExploitationEvent, Person, PersonRole
from torju.statistics.computation.ages import CompletedYears, YearOf, age_band
from torju.statistics.computation.queries import grouped
from torju.statistics.schema import ADULT_AGE, FINLAND, FORCED_LABOUR, UNKNOWN, UNKNOWN_COUNTRY

BIRTH_DATE = "person__birth_date"
SEX = "person__sex"
NATIONALITY = "person__nationality"


def new_clients_in(applications: QuerySet[Application], start: date, end: date) -> QuerySet[Application]:
    """Each person's last positive decision of each year from `start` to `end`: the new clients' applications."""
    positive = applications.filter(decision=POSITIVE, decided_on__range=(start, end))
    later_in_the_same_year = (
        positive.filter(person=OuterRef("person"))
        .annotate(year=YearOf("decided_on"))
        .filter(year=YearOf(OuterRef("decided_on")))
        .filter(
            Q(decided_on__gt=OuterRef("decided_on"))
            | Q(decided_on=OuterRef("decided_on"), application_id__gt=OuterRef("application_id"))
        )
    )
    return positive.filter(~Exists(later_in_the_same_year))


class NewClientCounts:
    """The new clients of each year per sex, nationality, age band, residence status, events in Finland, place of
    exploitation and primary form.

    One grouped query, which every person-level figure sums up: the groups
    are combinations of a few codes, not persons. The residence status is a
    group key only for those exploited in Finland, the one figure that uses it.
    """

    def __init__(self, new_clients: QuerySet[Application]) -> None:
        events = ExploitationEvent.objects.filter(application=OuterRef("pk")).order_by()
        in_finland = events.filter(country=FINLAND).values("application").annotate(events=Count("pk")).values("events")
        primary = events.filter(is_primary=True).values("form")[:1]
        rows = grouped(
            new_clients.annotate(
                year=YearOf("decided_on"),
                band=age_band(CompletedYears(BIRTH_DATE, "decided_on"), BIRTH_DATE),
                in_finland=Least(Coalesce(Subquery(in_finland, output_field=IntegerField()), 0), 2),
                elsewhere=Exists(events.exclude(country__in=(FINLAND, UNKNOWN_COUNTRY))),
                primary=Coalesce(Subquery(primary), Value(UNKNOWN)),
            ).annotate(
                status=Case(When(in_finland__gt=0, then=F("residence_status")), default=Value("")),
            ),
            ("year", SEX, NATIONALITY, "band", "status", "in_finland", "elsewhere", "primary"),
        )
        self.by_sex: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_nationality: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_band: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_sex_and_band: defaultdict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.by_primary_form: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_place: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.in_finland_by_sex: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.in_finland_by_nationality: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.in_finland_by_status: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.multiple_in_finland_by_sex: defaultdict[int, Counter[str]] = defaultdict(Counter)
        for year, sex, nationality, band, status, in_finland, elsewhere, primary, persons in rows:
            self.by_sex[year][sex] += persons
            self.by_nationality[year][nationality] += persons
            self.by_band[year][band] += persons
            self.by_sex_and_band[year][sex, band] += persons
            self.by_primary_form[year][primary] += persons
            self.by_place[year][_place(in_finland > 0, elsewhere)] += persons
            if in_finland:
                self.in_finland_by_sex[year][sex] += persons
                self.in_finland_by_nationality[year][nationality] += persons
                self.in_finland_by_status[year][status] += persons
            if in_finland > 1:
                self.multiple_in_finland_by_sex[year][sex] += persons


def _place(in_finland: bool, elsewhere: bool) -> str:
    """spec/situational-picture.md § 1, over the events whose country is known (not ZZ)."""
    if in_finland:
        return "both" if elsewhere else "finland"
    return "abroad" if elsewhere else UNKNOWN


class EventCounts:
    """The exploitation events of the new clients' applications, per year, form, sector, country and sex.

    One grouped query; the sex is the review's cross-tabulation of the forms
    by sex, the country the series' events by country.
    """

    def __init__(self, new_clients: QuerySet[Application]) -> None:
        rows = grouped(
            ExploitationEvent.objects.using(new_clients.db)
            .filter(application__in=new_clients)
            .annotate(year=YearOf("application__decided_on")),
            ("year", "form", "sector", "country", f"application__{SEX}"),
        )
        self.by_form: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_form_and_sex: defaultdict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.by_country: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.in_finland_by_form: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.forced_labour_in_finland_by_sector: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.forced_labour_by_sector: defaultdict[int, Counter[str]] = defaultdict(Counter)
        for year, form, sector, country, sex, events in rows:
            self.by_form[year][form] += events
            self.by_form_and_sex[year][form, sex] += events
            self.by_country[year][country] += events
            if country == FINLAND:
                self.in_finland_by_form[year][form] += events
            if form == FORCED_LABOUR:
                self.forced_labour_by_sector[year][sector or UNKNOWN] += events
                if country == FINLAND:
                    self.forced_labour_in_finland_by_sector[year][sector or UNKNOWN] += events


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


class YearEndCounts:
    """Victims who were clients at the end of each year, by their current clienthood, per sex.

    `victims`, `entered_as_minors` (under 18 at the decision of the current
    clienthood) and `under_18` (at the year's end: a person is 18 on 31
    December of the year they were born + 18, so under 18 means born in the
    last 17 years) per year and sex.
    """

    def __init__(self, applications: QuerySet[Application], first: int, last: int) -> None:
        clienthoods = (
            applications.filter(decision=POSITIVE, decided_on__lte=date(last, 12, 31))
            .filter(Q(clienthood_ended_on__isnull=True) | Q(clienthood_ended_on__gt=date(first, 12, 31)))
            .annotate(
                who=F("person"),
                decided=F("decided_on"),
                identifier=F("application_id"),
                decided_year=YearOf("decided_on"),
                ended_year=YearOf("clienthood_ended_on"),
                entered_minor=Case(
                    When(LessThan(CompletedYears(BIRTH_DATE, "decided_on"), Value(ADULT_AGE)), then=Value(1)),
                    default=Value(0),
                ),
                birth_year=YearOf(BIRTH_DATE),
                sex=F(SEX),
            )
            .values("who", "decided", "identifier", "decided_year", "ended_year", "entered_minor", "birth_year", "sex")
            .order_by()
        )
        inner, params = clienthoods.query.sql_with_params()
        # The inner query is Django's own compilation; every value is a parameter.
        sql = f"""
            WITH RECURSIVE years (y) AS (SELECT %s UNION ALL SELECT y + 1 FROM years WHERE y < %s),
            clienthoods AS ({inner}),
            open_at_year_end AS (
                SELECT years.y, c.sex, c.entered_minor, c.birth_year,
                       ROW_NUMBER() OVER (
                           PARTITION BY c.who, years.y ORDER BY c.decided DESC, c.identifier DESC
                       ) AS latest
                FROM clienthoods c
                JOIN years ON years.y >= c.decided_year AND (c.ended_year IS NULL OR years.y < c.ended_year)
            )
            SELECT y, sex, COUNT(*), SUM(entered_minor),
                   SUM(CASE WHEN y - birth_year < %s THEN 1 ELSE 0 END)
            FROM open_at_year_end WHERE latest = 1 GROUP BY y, sex
        """  # noqa: S608
        self.victims: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.entered_as_minors: Counter[int] = Counter()
        self.under_18: Counter[int] = Counter()
        with connections[applications.db].cursor() as cursor:
            cursor.execute(sql, [first, last, *params, ADULT_AGE])
            for year, sex, victims, entered, minors in cursor.fetchall():
                self.victims[int(year)][sex] += victims
                self.entered_as_minors[int(year)] += int(entered or 0)
                self.under_18[int(year)] += int(minors or 0)
