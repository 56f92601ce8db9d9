"""The annual statistics of the assistance system, computed in the database (spec/annual-statistics.md).

Aggregation module: reads the register's models directly (persons,
applications, events, reflection periods), only to count them, never their
direct identifiers (docs/architecture.md, "Aggregation modules").

`annual_statistics(year)` gives the spec's machine-readable form with exact
counts. Every figure is an aggregate that the database computes: ten
grouped or conditional COUNT queries (and the code lists), each returning
one row per code or combination of codes, never one row per person; a
register of a million victims takes 2–3 s on PostgreSQL (docs/performance.md).

How the spec's definitions become SQL:

- "Their" application: the new clients of Y are the applications with a
  positive decision in Y that no other positive decision of the same person
  in Y follows (NOT EXISTS: a later `decided_on`, or on the same day a
  greater `application_id`, so that the choice does not depend on the order
  the rows were loaded in). That leaves one row per person, so counting rows
  counts distinct persons. The year-end stock picks each person's current
  clienthood the same way among those open at E.
- Age in completed years, in SQL on every backend: the difference of the
  years, less one when the later date's (month, day) precedes the birthday's
  (compared as month * 100 + day). A person is a year older on their
  birthday; someone born on 29 February is, in a common year, on 1 March.
  Without a birth date the age is NULL: `unknown`, and never a minor.
- Code-list breakdowns list every code of the code list, 0 where nothing
  falls in it, as the spec says: the codes of spec/codes.csv in its order,
  then those dropped from the file since (inactive: no longer offered for
  new records, but a code of the list that old records use) in their former
  order, so that a breakdown has the same keys whichever year it is of.
  Country breakdowns list only the countries that occur, the most frequent
  first (ties by code).
- Beyond the spec's JSON, the review's cross-tabulation of the new clients'
  events by form and sex (`AnnualFigures.events_by_form_and_sex`) comes
  from the same grouped query of the events as the spec's event figures:
  one more group key, no further query.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Least
from django.db.models.lookups import LessThan
from django.db.models.sql.compiler import SQLCompiler

from torju.codes.selectors import codes_of
from torju.register.countries import STATELESS, UNKNOWN
from torju.register.models import (
    FORCED_LABOUR,
    NEGATIVE,
    POSITIVE,
    Application,
    ExploitationEvent,
    Person,
    PersonRole,
    ReflectionPeriod,
)

FINLAND = "FI"
ADULT_AGE = 18
# The spec's age bands: (key, first age above the band); the last band has no upper bound.
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0-17", ADULT_AGE),
    ("18-29", 30),
    ("30-39", 40),
    ("40-49", 50),
    ("50-59", 60),
    ("60+", None),
)
UNKNOWN_AGE = "unknown"
UNKNOWN_SECTOR = "unknown"
WITH_RESIDENCE_PERMIT = ("seasonal_work_permit", "work_permit", "family_ties_permit", "student_permit", "other_permit")
NOT_NATIONALITIES = frozenset({STATELESS, UNKNOWN})  # listed in breakdowns, not counted as nationalities
BIRTH_DATE = "person__birth_date"
SEX = "person__sex"
NATIONALITY = "person__nationality"


def _month_day(field: Combinable) -> Combinable:
    """(month, day) of a date as one orderable number."""
    return ExtractMonth(field) * 100 + ExtractDay(field)


class CompletedYears(Func):
    """Completed years from the date in field `birth` to the date in field `day`; NULL without a birth date.

    The difference of the years, less one when the later date's (month, day)
    precedes the birthday's. On PostgreSQL it is written with date_part: its
    double precision is exact for these small integers and costs 0.5 µs a
    row, where EXTRACT, numeric since PostgreSQL 14, costs 1.9 µs (over a
    second on a register of a million victims). Elsewhere Django's Extract.
    """

    output_field = IntegerField()

    def __init__(self, birth: str, day: str) -> None:
        before_birthday = Case(
            When(LessThan(_month_day(F(day)), _month_day(F(birth))), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        portable = ExtractYear(F(day)) - ExtractYear(F(birth)) - before_birthday
        super().__init__(portable, F(birth), F(day))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, Any]:
        portable, _birth, _day = self.get_source_expressions()
        return compiler.compile(portable)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        _portable, birth, day = self.get_source_expressions()
        compiled = {"birth": compiler.compile(birth), "day": compiler.compile(day)}
        order = ("day", "birth", "day", "day", "birth", "birth")
        sql = (
            "(date_part('year', {}) - date_part('year', {}) - CASE WHEN date_part('month', {}) * 100 + "
            "date_part('day', {}) < date_part('month', {}) * 100 + date_part('day', {}) THEN 1 ELSE 0 END)::integer"
        ).format(*(compiled[name][0] for name in order))
        return sql, [param for name in order for param in compiled[name][1]]


def last_birth_date_of_age(day: date, years: int) -> date:
    """The latest birth date of someone who is `years` old on `day`: younger persons were born after it.

    The same rule as `CompletedYears`, on a fixed day, as a date to compare birth
    dates with (so that an index or a plain comparison serves): on 29
    February of a leap year, those born on 28 February `years` earlier are
    the youngest of that age.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, `years` before which is a common year
        return day.replace(year=day.year - years, day=day.day - 1)


def age_band(age: Combinable, birth_field: str) -> Case:
    """The spec's age band of `age`; `unknown` without a birth date."""
    bands = [When(LessThan(age, Value(limit)), then=Value(key)) for key, limit in AGE_BANDS if limit is not None]
    return Case(
        When(**{f"{birth_field}__isnull": True}, then=Value(UNKNOWN_AGE)),
        *bands,
        default=Value(AGE_BANDS[-1][0]),
    )


def _decided_later(applications: QuerySet[Application]) -> Exists:
    """Whether `applications` hold one of the same person decided after the outer one (ties: greater id)."""
    return Exists(
        applications.filter(person=OuterRef("person")).filter(
            Q(decided_on__gt=OuterRef("decided_on"))
            | Q(decided_on=OuterRef("decided_on"), application_id__gt=OuterRef("application_id"))
        )
    )


def latest_per_person(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Of each person's applications in `applications`, the one decided last (ties: greatest application_id)."""
    return applications.filter(~_decided_later(applications))


def _grouped(queryset: QuerySet[Any], fields: tuple[str, ...], **aggregates: Any) -> list[tuple[Any, ...]]:
    """One row per distinct value of `fields`: the values, then the aggregates (COUNT(*) if none given)."""
    aggregates = aggregates or {"rows": Count("pk")}
    return list(queryset.order_by().values(*fields).annotate(**aggregates).values_list(*fields, *aggregates.keys()))


def _counts(queryset: QuerySet[Any], field: str) -> Counter[str]:
    """Rows of `queryset` per value of `field`."""
    return Counter(dict(_grouped(queryset, (field,))))


class _CodeLists:
    """Every code of each code list: the active ones in the list's order, then the inactive ones; read once."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.codes: dict[str, list[str]] = {}

    def of(self, code_list: str) -> list[str]:
        if code_list not in self.codes:
            codes = codes_of(code_list, include_inactive=True).using(self.using)
            self.codes[code_list] = list(codes.order_by("-active", "position", "code").values_list("code", flat=True))
        return self.codes[code_list]

    def breakdown(self, counts: Counter[str], code_list: str, *, last: Iterable[str] = ()) -> dict[str, int]:
        """Every code of the list (then `last`), 0 where none; then any code counted that the list lacks."""
        breakdown = {key: counts[key] for key in (*self.of(code_list), *last)}
        for key in sorted(set(counts) - set(breakdown)):
            breakdown[key] = counts[key]
        return breakdown


def _by_country(counts: Counter[str]) -> dict[str, int]:
    return {country: n for country, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n}


def _nationalities(counts: Counter[str]) -> int:
    return sum(1 for country, n in counts.items() if n and country not in NOT_NATIONALITIES)


CrossCounts = dict[str, dict[str, int]]  # row code → column code → count


@dataclass(frozen=True)
class AnnualFigures:
    """The figures of a year: the spec's JSON, and the review's cross-tabulation beyond it.

    `events_by_form_and_sex` is the 2025 review's chart of the forms of
    exploitation by sex: the new clients' trafficking events (as the spec's
    `new_clients.events_by_form`, whose counts are its row totals), per
    exploitation_form code and the sex of the person, every code of both
    lists. It is not part of the spec's JSON, whose form stays fixed.
    """

    statistics: dict[str, Any]
    events_by_form_and_sex: CrossCounts


def annual_statistics(year: int, *, using: str = "default") -> dict[str, Any]:
    """The spec's JSON for `year`, exact counts, in the spec's key order."""
    return annual_figures(year, using=using).statistics


def annual_figures(year: int, *, using: str = "default") -> AnnualFigures:
    """The spec's JSON for `year` and the review's cross-tabulation, exact counts, from one snapshot."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    with _one_snapshot(using):
        applications = Application.objects.using(using)
        new_clients = latest_per_person(applications.filter(decision=POSITIVE, decided_on__range=(start, end)))
        persons = _NewClientCounts(new_clients)
        events = _EventCounts(ExploitationEvent.objects.using(using).filter(application__in=new_clients))
        children = _children(start, end, using)
        codes = _CodeLists(using)
        statistics = {
            "year": year,
            "applications": _applications(applications.filter(received_on__range=(start, end)), codes),
            "decisions": _decisions(applications.filter(decided_on__range=(start, end)), codes),
            "new_clients": _new_clients(persons, children["new"], events, codes),
            "exploited_in_finland": _exploited_in_finland(persons, events, codes),
            "reflection_periods_granted": (
                ReflectionPeriod.objects.using(using).filter(granted_on__range=(start, end)).count()
            ),
            "clienthoods_ended": _clienthoods_ended(
                applications.filter(decision=POSITIVE, clienthood_ended_on__range=(start, end)), codes
            ),
            "clients_at_year_end": _clients_at(end, applications, children["at_end"], codes),
        }
        return AnnualFigures(statistics=statistics, events_by_form_and_sex=_events_by_form_and_sex(events, codes))


@contextmanager
def _one_snapshot(using: str) -> Iterator[None]:
    """Run the queries in one read-only transaction, so that every figure is of the same register.

    On PostgreSQL the transaction is REPEATABLE READ (one snapshot for all
    queries; SQLite's read transaction is one already) and without JIT
    compilation, which for these sub-second queries costs more than it
    saves: 0.2-0.9 s a query on a register of a million victims. Called
    inside a transaction, the caller's transaction is used as it is.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SET LOCAL jit = off")
        yield


def _applications(received: QuerySet[Application], codes: _CodeLists) -> dict[str, Any]:
    by_source = _counts(received, "source")
    return {"received": by_source.total(), "by_source": codes.breakdown(by_source, "application_source")}


def _decisions(decided: QuerySet[Application], codes: _CodeLists) -> dict[str, Any]:
    rows = _grouped(decided.filter(decision__in=(POSITIVE, NEGATIVE)), ("decision", "negative_reason"))
    negative_by_reason = Counter({reason: count for decision, reason, count in rows if decision == NEGATIVE})
    return {
        "positive": sum(count for decision, _reason, count in rows if decision == POSITIVE),
        "negative": negative_by_reason.total(),
        "negative_by_reason": codes.breakdown(negative_by_reason, "negative_reason"),
    }


class _EventCounts:
    """The exploitation events of the new clients' applications, per form, sector and the person's sex.

    One grouped query: all events, and those in Finland. The sex is the
    review's cross-tabulation; grouping by it too costs a join to the
    persons, not another read of the new clients.
    """

    def __init__(self, events: QuerySet[ExploitationEvent]) -> None:
        rows = _grouped(
            events,
            ("exploitation_form", "sector", f"application__{SEX}"),
            all=Count("pk"),
            in_finland=Count("pk", filter=Q(country=FINLAND)),
        )
        self.by_form: Counter[str] = Counter()
        self.by_form_and_sex: Counter[tuple[str, str]] = Counter()
        self.in_finland_by_form: Counter[str] = Counter()
        self.forced_labour_in_finland_by_sector: Counter[str] = Counter()
        for form, sector, sex, all_events, in_finland in rows:
            self.by_form[form] += all_events
            self.by_form_and_sex[form, sex] += all_events
            self.in_finland_by_form[form] += in_finland
            if form == FORCED_LABOUR:
                self.forced_labour_in_finland_by_sector[sector or UNKNOWN_SECTOR] += in_finland


def _events_by_form_and_sex(events: _EventCounts, codes: _CodeLists) -> CrossCounts:
    """Every form (the rows, in the breakdown's order) by every sex code (the columns)."""
    forms = codes.breakdown(events.by_form, "exploitation_form")
    sexes = codes.breakdown(Counter(sex for _form, sex in events.by_form_and_sex), "sex")
    return {form: {sex: events.by_form_and_sex[form, sex] for sex in sexes} for form in forms}


class _NewClientCounts:
    """The new clients per sex, nationality, age band, residence status and events in Finland (0, 1, 2 or more).

    One grouped query, which every person-level figure of `new_clients` and
    `exploited_in_finland` sums up: the groups are combinations of a few
    codes, not persons, and the database reads the new clients once.
    """

    def __init__(self, new_clients: QuerySet[Application]) -> None:
        events_in_finland = (
            ExploitationEvent.objects.filter(application=OuterRef("pk"), country=FINLAND)
            .order_by()
            .values("application")
            .annotate(events=Count("pk"))
            .values("events")
        )
        rows = _grouped(
            new_clients.annotate(
                band=age_band(CompletedYears(BIRTH_DATE, "decided_on"), BIRTH_DATE),
                in_finland=Least(Coalesce(Subquery(events_in_finland, output_field=IntegerField()), 0), 2),
            ),
            (SEX, NATIONALITY, "band", "residence_status", "in_finland"),
        )
        self.by_sex, self.by_nationality, self.by_band = Counter[str](), Counter[str](), Counter[str]()
        self.in_finland_by_sex, self.in_finland_by_nationality = Counter[str](), Counter[str]()
        self.in_finland_by_status, self.multiple_in_finland_by_sex = Counter[str](), Counter[str]()
        for sex, nationality, band, status, in_finland, persons in rows:
            self.by_sex[sex] += persons
            self.by_nationality[nationality] += persons
            self.by_band[band] += persons
            if in_finland:
                self.in_finland_by_sex[sex] += persons
                self.in_finland_by_nationality[nationality] += persons
                self.in_finland_by_status[status] += persons
            if in_finland > 1:
                self.multiple_in_finland_by_sex[sex] += persons


def _new_clients(persons: _NewClientCounts, children: int, events: _EventCounts, codes: _CodeLists) -> dict[str, Any]:
    return {
        "victims": persons.by_sex.total(),
        "children_of_victims": children,
        "by_sex": codes.breakdown(persons.by_sex, "sex"),
        "by_age_band": {band: persons.by_band[band] for band in (*(key for key, _limit in AGE_BANDS), UNKNOWN_AGE)},
        "minors": persons.by_band[AGE_BANDS[0][0]],
        "nationalities": _nationalities(persons.by_nationality),
        "by_nationality": _by_country(persons.by_nationality),
        "events": events.by_form.total(),
        "events_by_form": codes.breakdown(events.by_form, "exploitation_form"),
    }


def _exploited_in_finland(persons: _NewClientCounts, events: _EventCounts, codes: _CodeLists) -> dict[str, Any]:
    by_status = persons.in_finland_by_status
    return {
        "victims": persons.in_finland_by_sex.total(),
        "by_sex": codes.breakdown(persons.in_finland_by_sex, "sex"),
        "nationalities": _nationalities(persons.in_finland_by_nationality),
        "by_nationality": _by_country(persons.in_finland_by_nationality),
        "events": events.in_finland_by_form.total(),
        "events_by_form": codes.breakdown(events.in_finland_by_form, "exploitation_form"),
        "forced_labour_by_sector": codes.breakdown(
            events.forced_labour_in_finland_by_sector, "sector", last=(UNKNOWN_SECTOR,)
        ),
        "multiple_events": {
            "victims": persons.multiple_in_finland_by_sex.total(),
            "by_sex": codes.breakdown(persons.multiple_in_finland_by_sex, "sex"),
        },
        "by_residence_status": codes.breakdown(by_status, "residence_status"),
        "with_residence_permit": sum(by_status[status] for status in WITH_RESIDENCE_PERMIT),
    }


def _clienthoods_ended(ended: QuerySet[Application], codes: _CodeLists) -> dict[str, Any]:
    by_reason = _counts(ended, "end_reason")
    return {"total": by_reason.total(), "by_reason": codes.breakdown(by_reason, "end_reason")}


def _children(start: date, end: date, using: str) -> dict[str, int]:
    """Children of victims who became clients from `start` to `end`, and those who were clients at `end`."""
    return (
        Person.objects.using(using)
        .filter(role=PersonRole.CHILD_OF_VICTIM, child_joined_on__lte=end)
        .aggregate(
            new=Count("pk", filter=Q(child_joined_on__gte=start)),
            at_end=Count("pk", filter=Q(child_left_on__isnull=True) | Q(child_left_on__gt=end)),
        )
    )


def _clients_at(day: date, applications: QuerySet[Application], children: int, codes: _CodeLists) -> dict[str, Any]:
    """Clients at `day`: victims by their current clienthood (the open one decided last), and children."""
    open_on_day = applications.filter(decision=POSITIVE, decided_on__lte=day).filter(
        Q(clienthood_ended_on__isnull=True) | Q(clienthood_ended_on__gt=day)
    )
    rows = _grouped(
        latest_per_person(open_on_day).annotate(age_at_entry=CompletedYears(BIRTH_DATE, "decided_on")),
        (SEX,),
        victims=Count("pk"),
        entered_as_minors=Count("pk", filter=Q(age_at_entry__lt=ADULT_AGE)),
        minors=Count("pk", filter=Q(**{f"{BIRTH_DATE}__gt": last_birth_date_of_age(day, ADULT_AGE)})),
    )
    by_sex = Counter({sex: victims for sex, victims, _entered, _minors in rows})
    return {
        "total": by_sex.total() + children,
        "victims": by_sex.total(),
        "children_of_victims": children,
        "victims_by_sex": codes.breakdown(by_sex, "sex"),
        "victims_entered_as_minors": sum(entered for _sex, _victims, entered, _minors in rows),
        "victims_under_18": sum(minors for _sex, _victims, _entered, minors in rows),
    }
