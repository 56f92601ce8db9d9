"""The computation's two heavy queries, in SQL written for PostgreSQL and SQLite alike: the new clients with
their events, and the clients at every year's end.

Aggregation module: reads the register's models directly (persons,
applications, events, reflection periods), only to count them, never their
direct identifiers (docs/architecture.md, "Aggregation modules").

This module reads the register's tables directly (aggregation only: every
query returns one row per year and combination of codes, never one row per
person, except the persons with two clienthoods open at some year's end), as
ARCHITECTURE.md allows statistics to. They are SQL rather than the ORM
because a series of twenty years needs what the ORM does not write well:
DISTINCT ON or a window function to pick each person's last positive
decision of each year (`new_clients`), those applications joined once to
their persons and events and grouped both by person and by event, and the
clienthoods open at the end of each year counted from their first and last
year in Python rather than by expanding every clienthood to every year
(docs/performance.md).

The definitions (spec/annual-statistics.md):

- New clients of Y: each person's positive decision in Y decided last
  (ties: the greater `application_id`, so the choice does not depend on the
  order rows were loaded in).
- Age in completed years at the decision; a person is a year older on
  their birthday (someone born on 29 February, in a common year on 1
  March). No birth date: `unknown`, never a minor.
- Clients at the end of Y: a clienthood is open at the end of every year
  from the year of its decision to the year before it ended; of a person's
  clienthoods open at the end of Y the one decided last is their current one.
- Victims only: an application whose applicant is a person assisting in the
  investigation of a trafficking offence (torju.legalpath, `ApplicantCategory`)
  is a client's but not a victim's, so neither query counts it
  (`VICTIMS_APPLICATION`, docs/decisions/0094).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections

from torju.legalpath.models import ApplicantCategory, ClientCategory
from torju.register.models import POSITIVE
from torju.statistics.schema import ADULT_AGE, AGE_BAND_LIMITS, FINLAND, FORCED_LABOUR, UNKNOWN, UNKNOWN_COUNTRY

# The condition on an application `a` that its applicant is counted as a victim: every application but an
# assisting person's (a constant: no value of a user's in it). An anti-join with the few category rows.
VICTIMS_APPLICATION = (
    f"NOT EXISTS (SELECT 1 FROM {ApplicantCategory._meta.db_table} category "  # noqa: S608  (constants only)
    f"WHERE category.application_id = a.id AND category.category = '{ClientCategory.ASSISTING_PERSON.value}')"
)


@dataclass(frozen=True)
class Dialect:
    """The few expressions that PostgreSQL and SQLite write differently (% doubled: the queries have parameters)."""

    vendor: str

    def year(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"date_part('year', {column})::integer"
        return f"CAST(strftime('%%Y', {column}) AS INTEGER)"

    def month_day(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"(date_part('month', {column}) * 100 + date_part('day', {column}))"
        return f"CAST(strftime('%%m%%d', {column}) AS INTEGER)"

    def age(self, birth: str, day: str) -> str:
        """Completed years from `birth` to `day`; NULL without a birth date."""
        before_birthday = f"CASE WHEN {self.month_day(day)} < {self.month_day(birth)} THEN 1 ELSE 0 END"
        return f"({self.year(day)} - {self.year(birth)} - {before_birthday})"

    def younger_than(self, birth: str, day: str, years: int) -> str:
        """Whether someone born on `birth` is under `years` on `day` (false without a birth date).

        On PostgreSQL a comparison with `day` less `years` years, which date
        arithmetic gets right on 29 February (2020-02-29 less 18 years is
        2002-02-28: someone born on 2002-03-01 is then 17), at one operation
        instead of a dozen date_part calls a row; SQLite's date modifiers
        would move 29 February to 1 March, so there the completed years.
        """
        if self.vendor == "postgresql":
            return f"({birth} > {day} - interval '{int(years)} years')"
        return f"({self.age(birth, day)} < {int(years)})"

    def age_band(self, birth: str, day: str) -> str:
        bands = " ".join(
            f"WHEN {self.younger_than(birth, day, limit)} THEN '{band}'"
            for band, limit in AGE_BAND_LIMITS
            if limit is not None
        )
        return f"CASE WHEN {birth} IS NULL THEN '{UNKNOWN}' {bands} ELSE '{AGE_BAND_LIMITS[-1][0]}' END"


def _new_clients(dialect: Dialect) -> str:
    """The CTE `new_clients` (id, person_id, decided_on, residence_status, year); parameters: decision, start, end.

    On PostgreSQL DISTINCT ON, whose row count the planner estimates well
    (it then hashes the joins and the grouping; with ROW_NUMBER() = 1 it
    expected a few thousand rows of seven hundred thousand and sorted them,
    twice as slow); elsewhere ROW_NUMBER().
    """
    year = dialect.year("a.decided_on")
    if dialect.vendor == "postgresql":
        return f"""
        new_clients AS (
            SELECT DISTINCT ON (a.person_id, {year})
                   a.id, a.person_id, a.decided_on, a.residence_status, {year} AS year
            FROM register_application a
            WHERE a.decision = %s AND a.decided_on BETWEEN %s AND %s AND {VICTIMS_APPLICATION}
            ORDER BY a.person_id, {year}, a.decided_on DESC, a.application_id DESC
        )"""  # noqa: S608
    return f"""
        positive AS (
            SELECT a.id, a.person_id, a.decided_on, a.residence_status, {year} AS year,
                   ROW_NUMBER() OVER (
                       PARTITION BY a.person_id, {year} ORDER BY a.decided_on DESC, a.application_id DESC
                   ) AS latest
            FROM register_application a
            WHERE a.decision = %s AND a.decided_on BETWEEN %s AND %s AND {VICTIMS_APPLICATION}
        ),
        new_clients AS (SELECT id, person_id, decided_on, residence_status, year FROM positive WHERE latest = 1)"""  # noqa: S608


def new_clients_cte(dialect: Dialect) -> str:
    """The CTE `new_clients` for the other aggregation modules (torju.international): the one definition of a new
    client, so that the international templates count the same persons as the annual statistics."""
    return _new_clients(dialect)


def _rows(using: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _place(in_finland: bool, elsewhere: bool) -> str:
    """spec/situational-picture.md § 1, over the events whose country is known (not ZZ)."""
    if in_finland:
        return "both" if elsewhere else "finland"
    return "abroad" if elsewhere else UNKNOWN


# The rows of NewClientCounts' query: a row of persons counted, or a row of events counted.
PERSONS_ROW, EVENTS_ROW = 0, 1


class NewClientCounts:
    """The new clients of each year per sex, nationality, age band, residence status, events in Finland, place of
    exploitation and primary form, which every person-level figure sums up; and their events (`events`).

    One statement: the new clients joined once to their person and their
    events (`joined`, materialised), then grouped twice: by application and
    then by the persons' keys, and by the events' keys. Joining the
    application, person and event tables once instead of in two queries
    took a third off the time of the two on a million victims
    (docs/performance.md). The residence status is a group key only for
    those exploited in Finland, the one figure that uses it.
    """

    def __init__(self, using: str, start: date, end: date) -> None:
        dialect = Dialect(connections[using].vendor)
        sql = f"""
            WITH {_new_clients(dialect)},
            joined AS MATERIALIZED (
                SELECT n.id, n.year, n.residence_status, p.sex, p.nationality,
                       {dialect.age_band("p.birth_date", "n.decided_on")} AS band,
                       e.exploitation_form AS form, e.sector, e.country, e.is_primary
                FROM new_clients n
                JOIN register_person p ON p.id = n.person_id
                LEFT JOIN register_exploitationevent e ON e.application_id = n.id
            ),
            persons AS (
                SELECT year, sex, nationality, band, residence_status,
                       SUM(CASE WHEN country = %s THEN 1 ELSE 0 END) AS in_finland,
                       MAX(CASE WHEN country NOT IN (%s, %s) THEN 1 ELSE 0 END) AS elsewhere,
                       MAX(CASE WHEN is_primary THEN form END) AS primary_form
                FROM joined
                GROUP BY id, year, sex, nationality, band, residence_status
            )
            SELECT {PERSONS_ROW}, year, sex, nationality, band,
                   CASE WHEN in_finland > 0 THEN residence_status ELSE '' END,
                   CASE WHEN in_finland > 2 THEN 2 ELSE in_finland END,
                   elsewhere, COALESCE(primary_form, %s), NULL, NULL, COUNT(*)
            FROM persons
            GROUP BY 2, 3, 4, 5, 6, 7, 8, 9
            UNION ALL
            SELECT {EVENTS_ROW}, year, sex, NULL, NULL, NULL, NULL, NULL, form, sector, country, COUNT(*)
            FROM joined
            WHERE form IS NOT NULL
            GROUP BY 2, 3, 9, 10, 11
        """  # noqa: S608  (no value in the text: every value is a parameter)
        rows = _rows(using, sql, [POSITIVE, start, end, FINLAND, FINLAND, UNKNOWN_COUNTRY, UNKNOWN])
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
        self.events = EventCounts()
        for kind, year, sex, nationality, band, status, in_finland, elsewhere, form, sector, country, count in rows:
            year = int(year)
            if kind == EVENTS_ROW:
                self.events.add(year, form, sector, country, sex, count)
                continue
            self.by_sex[year][sex] += count
            self.by_nationality[year][nationality] += count
            self.by_band[year][band] += count
            self.by_sex_and_band[year][sex, band] += count
            self.by_primary_form[year][form] += count
            self.by_place[year][_place(in_finland > 0, bool(elsewhere))] += count
            if in_finland:
                self.in_finland_by_sex[year][sex] += count
                self.in_finland_by_nationality[year][nationality] += count
                self.in_finland_by_status[year][status] += count
            if in_finland > 1:
                self.multiple_in_finland_by_sex[year][sex] += count


class EventCounts:
    """The exploitation events of the new clients' applications, per year, form, sector, country and sex.

    The sex is the review's cross-tabulation of the forms by sex, the country
    the series' events by country. Filled by NewClientCounts' query.
    """

    def __init__(self) -> None:
        self.by_form: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.by_form_and_sex: defaultdict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.by_country: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.in_finland_by_form: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.forced_labour_in_finland_by_sector: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.forced_labour_by_sector: defaultdict[int, Counter[str]] = defaultdict(Counter)

    def add(self, year: int, form: str, sector: str | None, country: str, sex: str, events: int) -> None:
        self.by_form[year][form] += events
        self.by_form_and_sex[year][form, sex] += events
        self.by_country[year][country] += events
        if country == FINLAND:
            self.in_finland_by_form[year][form] += events
        if form == FORCED_LABOUR:
            self.forced_labour_by_sector[year][sector or UNKNOWN] += events
            if country == FINLAND:
                self.forced_labour_in_finland_by_sector[year][sector or UNKNOWN] += events


# The year a clienthood still open is open until, for comparing years (none of the register's comes near it).
NEVER_ENDED = 9999


class YearEndCounts:
    """Victims who were clients at the end of each year, by their current clienthood, per sex.

    `victims`, `entered_as_minors` (under 18 at the decision of the current
    clienthood) and `under_18` (at the year's end: 18 on 31 December of the
    year of birth + 18, so under 18 means born in the last 17 years) per year.

    One query over the clienthoods open at the end of some year of the range:
    those of persons with one such clienthood grouped by their first and last
    year open, sex, birth year and minority at entry, and counted into every
    year they span here; the few persons with several are read one by one
    and their current clienthood chosen for each year.
    """

    def __init__(self, using: str, first: int, last: int) -> None:
        dialect = Dialect(connections[using].vendor)
        minor = f"CASE WHEN {dialect.younger_than('p.birth_date', 'a.decided_on', ADULT_AGE)} THEN 1 ELSE 0 END"
        sql = f"""
            WITH clienthoods AS (
                SELECT a.person_id, a.decided_on, a.application_id,
                       {dialect.year("a.decided_on")} AS decided_year,
                       {dialect.year("a.clienthood_ended_on")} AS ended_year,
                       {minor} AS entered_minor, {dialect.year("p.birth_date")} AS birth_year, p.sex,
                       COUNT(*) OVER (PARTITION BY a.person_id) AS clienthoods
                FROM register_application a JOIN register_person p ON p.id = a.person_id
                WHERE a.decision = %s AND a.decided_on <= %s
                  AND (a.clienthood_ended_on IS NULL OR a.clienthood_ended_on > %s) AND {VICTIMS_APPLICATION}
            )
            SELECT CASE WHEN clienthoods > 1 THEN person_id END,
                   CASE WHEN clienthoods > 1 THEN decided_on END,
                   CASE WHEN clienthoods > 1 THEN application_id END,
                   decided_year, ended_year, sex, entered_minor, birth_year, COUNT(*)
            FROM clienthoods
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        """  # noqa: S608  (no value in the text: every value is a parameter)
        self.first, self.last = first, last
        # Counts added at the first year of a span and taken off after its last: a running sum over the years
        # then gives each year's count, whatever the number of years a clienthood spans.
        self._victims: defaultdict[str, Counter[int]] = defaultdict(Counter)
        self._entered: Counter[int] = Counter()
        self._minors: Counter[int] = Counter()
        several: defaultdict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        rows = _rows(using, sql, [POSITIVE, date(last, 12, 31), date(first, 12, 31)])
        for person, decided, identifier, decided_year, ended_year, sex, minor_at_entry, birth_year, count in rows:
            clienthood = (int(decided_year), None if ended_year is None else int(ended_year), sex, minor_at_entry)
            if person is None:
                years = self._open_years(clienthood[0], clienthood[1])
                self._span(years, sex, minor_at_entry, birth_year, count)
            else:
                several[person].append((str(decided), str(identifier), *clienthood, birth_year))
        for clienthoods in several.values():
            self._current_spans(clienthoods)
        self.victims: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self.entered_as_minors: Counter[int] = Counter()
        self.under_18: Counter[int] = Counter()
        running_victims: Counter[str] = Counter()
        running_entered = running_minors = 0
        for year in range(first, last + 1):
            for sex, changes in self._victims.items():
                running_victims[sex] += changes[year]
                if running_victims[sex]:
                    self.victims[year][sex] = running_victims[sex]
            running_entered += self._entered[year]
            running_minors += self._minors[year]
            self.entered_as_minors[year] = running_entered
            self.under_18[year] = running_minors

    def _span(self, years: range, sex: str, minor_at_entry: int, birth_year: int | None, count: int) -> None:
        """`count` clients at the end of each of `years`."""
        if not years:
            return
        start, stop = years.start, years.stop
        self._victims[sex][start] += count
        self._victims[sex][stop] -= count
        if minor_at_entry:
            self._entered[start] += count
            self._entered[stop] -= count
        if birth_year is not None:
            last_minor_year = int(birth_year) + ADULT_AGE - 1  # under 18 at the end of the years up to this one
            minor_stop = min(stop, last_minor_year + 1)
            if minor_stop > start:
                self._minors[start] += count
                self._minors[minor_stop] -= count

    def _current_spans(self, clienthoods: list[tuple[Any, ...]]) -> None:
        """Count one person with several clienthoods into each year by the clienthood current at its end.

        The current one is the latest decided (then the highest case number)
        of those open: taken in that order, each overwrites the years it was
        open; the years are then counted in runs of the same clienthood.
        """
        current: dict[int, tuple[Any, ...]] = {}
        for clienthood in sorted(clienthoods):  # (decided on, case number, ...): unique, so never compared further
            for year in self._open_years(clienthood[2], clienthood[3]):
                current[year] = clienthood
        run_start = previous = None
        for year in sorted(current):
            if previous is not None and (year != previous + 1 or current[year] is not current[previous]):
                self._count_run(current[previous], run_start, previous)  # type: ignore[arg-type]
                run_start = None
            if run_start is None:
                run_start = year
            previous = year
        if previous is not None:
            self._count_run(current[previous], run_start, previous)  # type: ignore[arg-type]

    def _count_run(self, clienthood: tuple[Any, ...], first_year: int, last_year: int) -> None:
        self._span(range(first_year, last_year + 1), clienthood[4], clienthood[5], clienthood[6], 1)

    def _open_years(self, decided_year: int, ended_year: int | None) -> range:
        """The years of the range at whose end a clienthood was open."""
        return range(max(decided_year, self.first), min(self.last, ended_year - 1 if ended_year else self.last) + 1)
