"""The persons the international templates and the CTDC-ready microdata count, one record per person and year.

Aggregation module: reads the register's models directly (persons,
applications, exploitation events), only to count and export pseudonymous
values (sex, age in completed years, nationality, forms and countries of
exploitation), never a direct identifier (docs/architecture.md, "Aggregation
modules").

- Identified victims of year Y: the new clients of Y, exactly as the annual
  statistics define them (torju.statistics.computation.person_counts'
  `new_clients` CTE, the one definition): each person's positive decision in
  Y decided last. Age in completed years at the decision.
- Presumed victims of Y: persons with an application received in Y on which
  nothing had been decided by the end of Y (no decision, or one of a later
  year), who are not new clients of Y; their latest such application; age at
  its receipt (docs/decisions/0080).

Derived values (`Victim.value(source, ...)`) are the "register codes" that the
template definitions map: sex codes, the statistics' age bands, citizenship
groups (own country, other EU, non-EU, stateless, unknown; EU membership on
31 December of the year, data/eu-members.csv), the primary form of
exploitation, internal or transnational trafficking.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections

from torju.register.models import POSITIVE, Application, ExploitationEvent
from torju.statistics.computation.person_counts import Dialect, new_clients_cte
from torju.statistics.schema import AGE_BAND_LIMITS, FINLAND, STATELESS, UNKNOWN, UNKNOWN_COUNTRY

IDENTIFIED, PRESUMED = "identified", "presumed"
STATUSES = (IDENTIFIED, PRESUMED)
OWN, EU, NON_EU = "own", "eu", "non_eu"
CITIZENSHIP_GROUPS = (OWN, EU, NON_EU, "stateless", UNKNOWN)
INTERNAL, TRANSNATIONAL = "internal", "transnational"
TRAFFICKING_TYPES = (INTERNAL, TRANSNATIONAL, UNKNOWN)
EU_MEMBERS_FILE = Path(__file__).resolve().parent / "data" / "eu-members.csv"


@cache
def _eu_membership() -> dict[str, tuple[date, date | None]]:
    with EU_MEMBERS_FILE.open(encoding="utf-8") as handle:
        return {
            row["country"]: (
                date.fromisoformat(row["joined"]),
                date.fromisoformat(row["left"]) if row["left"] else None,
            )
            for row in csv.DictReader(handle)
        }


def is_eu_member(country: str, year: int) -> bool:
    """Whether `country` was a member of the EU on 31 December of `year` (the UK is not in 2020, Croatia is in 2013)."""
    membership = _eu_membership().get(country)
    if membership is None:
        return False
    joined, left = membership
    end = date(year, 12, 31)
    return joined <= end and (left is None or left >= end)


def citizenship_group(nationality: str, year: int) -> str:
    if nationality == FINLAND:
        return OWN
    if nationality == STATELESS:
        return "stateless"
    if nationality == UNKNOWN_COUNTRY or not nationality:
        return UNKNOWN
    return EU if is_eu_member(nationality, year) else NON_EU


def age_in_years(birth: date | None, day: date) -> int | None:
    """Completed years; a year older on the birthday (29 February: on 1 March in a common year)."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for band, limit in AGE_BAND_LIMITS:
        if limit is None or age < limit:
            return band
    return AGE_BAND_LIMITS[-1][0]


def trafficking_type(nationality: str, countries: tuple[str, ...]) -> str:
    """Internal: every known event in Finland and a Finnish citizen; transnational: an event abroad, or a foreign
    national (stateless included) exploited in Finland; unknown otherwise (no known country, or no known
    nationality with events only in Finland) (docs/decisions/0080)."""
    known = [country for country in countries if country != UNKNOWN_COUNTRY]
    if not known:
        return UNKNOWN
    if any(country != FINLAND for country in known):
        return TRANSNATIONAL
    if nationality == FINLAND:
        return INTERNAL
    return UNKNOWN if nationality in ("", UNKNOWN_COUNTRY) else TRANSNATIONAL


@dataclass(frozen=True)
class Victim:
    """One person counted in one year: identified (a new client) or presumed."""

    year: int
    status: str
    sex: str
    age: int | None
    nationality: str
    primary_form: str  # the primary event's form, `unknown` without one
    forms: tuple[str, ...]  # every event's form, sorted, each once
    countries: tuple[str, ...]  # every event's country, sorted, each once

    def value(self, source: str) -> str:
        """The register value of the dimension source `source` (definitions.SOURCES)."""
        if source == "sex":
            return self.sex
        if source == "age_band":
            return age_band(self.age)
        if source == "citizenship_group":
            return citizenship_group(self.nationality, self.year)
        if source == "exploitation_form":
            return self.primary_form
        if source == "trafficking_type":
            return trafficking_type(self.nationality, self.countries)
        if source == "victim_status":
            return self.status
        if source == "year":
            return str(self.year)
        raise KeyError(source)


def _rows(using: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class _Events:
    def __init__(self) -> None:
        self.primary: dict[int, str] = {}
        self.forms: defaultdict[int, set[str]] = defaultdict(set)
        self.countries: defaultdict[int, set[str]] = defaultdict(set)

    def add(self, application: int, form: str, is_primary: bool, country: str) -> None:
        self.forms[application].add(form)
        self.countries[application].add(country)
        if is_primary:
            self.primary[application] = form


def victims(first: int, last: int, *, using: str = "default") -> list[Victim]:
    """The identified and presumed victims of every year from `first` to `last`, ordered by year."""
    dialect = Dialect(connections[using].vendor)
    start, end = date(first, 1, 1), date(last, 12, 31)
    cte = new_clients_cte(dialect)
    identified = _rows(
        using,
        f"""WITH {cte}
            SELECT n.id, n.person_id, n.year, n.decided_on, p.sex, p.birth_date, p.nationality
            FROM new_clients n JOIN register_person p ON p.id = n.person_id""",  # noqa: S608
        [POSITIVE, start, end],
    )
    events = _Events()
    for application, form, is_primary, country in _rows(
        using,
        f"""WITH {cte}
            SELECT e.application_id, e.exploitation_form, e.is_primary, e.country
            FROM register_exploitationevent e JOIN new_clients n ON n.id = e.application_id""",  # noqa: S608
        [POSITIVE, start, end],
    ):
        events.add(application, form, bool(is_primary), country)
    clients = {(person, int(year)) for _id, person, year, *_rest in identified}
    pending = _pending(using, first, last, clients, events)
    result = [
        _victim(events, application, int(year), IDENTIFIED, sex, birth, nationality, _as_date(decided))
        for application, _person, year, decided, sex, birth, nationality in identified
    ]
    result += pending
    result.sort(key=lambda victim: (victim.year, victim.status))
    return result


def _victim(
    events: _Events, application: int, year: int, status: str, sex: str, birth: Any, nationality: str, day: date | None
) -> Victim:
    assert day is not None
    return Victim(
        year=year,
        status=status,
        sex=sex,
        age=age_in_years(_as_date(birth), day),
        nationality=nationality,
        primary_form=events.primary.get(application, UNKNOWN),
        forms=tuple(sorted(events.forms[application])),
        countries=tuple(sorted(events.countries[application])),
    )


def _pending(using: str, first: int, last: int, clients: set[tuple[int, int]], events: _Events) -> list[Victim]:
    """The presumed victims: applications received in a year with nothing decided by its end, one per person."""
    applications = (
        Application.objects.using(using)
        .filter(received_on__range=(date(first, 1, 1), date(last, 12, 31)))
        .values_list(
            "id",
            "person_id",
            "received_on",
            "decided_on",
            "application_id",
            "person__sex",
            "person__birth_date",
            "person__nationality",
        )
    )
    latest: dict[tuple[int, int], tuple[Any, ...]] = {}
    for row in applications:
        _pk, person, received, decided, identifier, *_rest = row
        year = received.year
        if decided is not None and decided.year <= year:
            continue
        if (person, year) in clients:
            continue
        kept = latest.get((person, year))
        if kept is None or (received, identifier) > (kept[2], kept[4]):
            latest[person, year] = row
    if not latest:
        return []
    ids = [row[0] for row in latest.values()]
    for index in range(0, len(ids), 500):
        chunk = ids[index : index + 500]
        rows = (
            ExploitationEvent.objects.using(using)
            .filter(application_id__in=chunk)
            .values_list("application_id", "exploitation_form", "is_primary", "country")
        )
        for application, form, is_primary, country in rows:
            events.add(application, form, bool(is_primary), country)
    return [
        _victim(events, pk, received.year, PRESUMED, sex, birth, nationality, received)
        for pk, _person, received, _decided, _identifier, sex, birth, nationality in latest.values()
    ]
