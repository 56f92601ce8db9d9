"""Generate a synthetic register of any size in the exchange format (spec/register-exchange.md).

Every row is fictitious: identifiers start with SYN-, and the values are
drawn at random, with a seed, from distributions shaped like those of the
assistance system's 2025 statistics review (about 1.3 applications per
victim, 1.2 exploitation events per application, six in ten decisions
positive, a child of a victim for one victim in eight). The same seed and
size always give the same files.

    python bench/generate_register.py OUT_FOLDER --victims 100000 [--seed 1] [--until 2026-11-01]

Rows are written as they are generated, so the size is limited by disk only.
"""

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

FIRST_DAY = date(2006, 1, 1)  # the assistance system began in 2006
MIN_CHILD_AGE_DAYS = 30

PERSON_COLUMNS = [
    "person_id",
    "role",
    "sex",
    "birth_date",
    "nationality",
    "parent_person_id",
    "child_joined_on",
    "child_left_on",
]
APPLICATION_COLUMNS = [
    "application_id",
    "person_id",
    "received_on",
    "office",
    "source",
    "residence_status",
    "decision",
    "decided_on",
    "negative_reason",
    "clienthood_ended_on",
    "end_reason",
]
EVENT_COLUMNS = ["event_id", "application_id", "form", "is_primary", "country", "sector", "began_on", "ended_on"]
REFLECTION_COLUMNS = ["application_id", "granted_on", "months"]
SERVICE_COLUMNS = ["application_id", "service", "started_on", "ended_on"]

SEXES = (("F", 55), ("M", 44), ("X", 1))
NATIONALITIES = (
    ("NP", 14),
    ("SO", 8),
    ("FI", 7),
    ("NG", 6),
    ("IQ", 5),
    ("AF", 5),
    ("TH", 5),
    ("VN", 4),
    ("UA", 4),
    ("RU", 3),
    ("CN", 3),
    ("PH", 3),
    ("IN", 3),
    ("BD", 3),
    ("LK", 2),
    ("ER", 2),
    ("ET", 2),
    ("SY", 2),
    ("TR", 2),
    ("MA", 2),
    ("GH", 1),
    ("CM", 1),
    ("KE", 1),
    ("UZ", 1),
    ("EE", 1),
    ("RO", 1),
    ("BG", 1),
    ("PK", 1),
    ("IR", 1),
    ("XX", 1),
    ("ZZ", 1),
)
OFFICES = (("HEL", 50), ("TRE", 25), ("LPR", 25))
SOURCES = (
    ("migri_or_reception_centre", 50),
    ("self", 20),
    ("wellbeing_services_county", 8),
    ("police", 6),
    ("ngo", 6),
    ("legal_counsel", 4),
    ("border_guard", 2),
    ("labour_protection", 2),
    ("other_authority", 1),
    ("other", 1),
)
RESIDENCE_STATUSES = (
    ("international_protection_applicant", 30),
    ("seasonal_work_permit", 15),
    ("work_permit", 10),
    ("family_ties_permit", 8),
    ("no_legal_residence", 8),
    ("finnish_citizen", 7),
    ("eu_citizen", 6),
    ("temporary_protection", 5),
    ("student_permit", 3),
    ("other_permit", 4),
    ("unknown", 4),
)
DECISIONS = (("positive", 58), ("negative", 32), ("withdrawn", 6), ("lapsed", 4))
NEGATIVE_REASONS = (("no_need_for_assistance", 49), ("not_trafficking", 40), ("other", 11))
END_REASONS = (
    ("no_longer_needs_assistance", 58),
    ("left_country_or_disappeared", 36),
    ("own_request", 4),
    ("other", 2),
)
FORMS = (
    ("forced_labour", 50),
    ("sexual_exploitation", 24),
    ("forced_marriage", 9),
    ("forced_criminality", 7),
    ("forced_begging", 3),
    ("surrogacy", 1),
    ("illegal_adoption", 1),
    ("organ_removal", 1),
    ("other", 4),
)
SECTORS = (
    ("", 20),
    ("forestry_and_logging", 14),
    ("restaurants", 14),
    ("agriculture_and_horticulture", 12),
    ("berry_farms", 10),
    ("construction", 10),
    ("cleaning", 6),
    ("wild_products_picking", 4),
    ("wellness_and_beauty", 3),
    ("domestic_work", 3),
    ("transport_and_logistics", 2),
    ("manufacturing", 1),
    ("other", 1),
)
SERVICES = (
    ("counselling", 30),
    ("social_services", 15),
    ("health_services", 15),
    ("reception_allowance", 8),
    ("social_assistance", 8),
    ("safe_accommodation", 7),
    ("interpretation", 10),
    ("legal_advice", 4),
    ("crisis_support", 2),
    ("assisted_voluntary_return", 1),
)


class Choice:
    """Weighted random choice with precomputed cumulative weights (fast for millions of draws)."""

    def __init__(self, weighted: Sequence[tuple[str, int]]) -> None:
        self.values = [value for value, _weight in weighted]
        total = 0
        self.cumulative = []
        for _value, weight in weighted:
            total += weight
            self.cumulative.append(total)

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


@dataclass
class Counts:
    persons: int = 0
    applications: int = 0
    events: int = 0
    reflection_periods: int = 0
    services: int = 0


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


class Generator:
    def __init__(self, folder: Path, seed: int, until: date) -> None:
        self.rng = random.Random(seed)
        self.until = until
        self.days = (until - FIRST_DAY).days
        self.folder = folder
        self.counts = Counts()
        self.sex = Choice(SEXES)
        self.nationality = Choice(NATIONALITIES)
        self.office = Choice(OFFICES)
        self.source = Choice(SOURCES)
        self.residence_status = Choice(RESIDENCE_STATUSES)
        self.decision = Choice(DECISIONS)
        self.negative_reason = Choice(NEGATIVE_REASONS)
        self.end_reason = Choice(END_REASONS)
        self.form = Choice(FORMS)
        self.sector = Choice(SECTORS)
        self.service = Choice(SERVICES)
        self.handles: list[IO[str]] = []

    def _writer(self, name: str, columns: list[str]) -> Any:
        handle = (self.folder / name).open("w", encoding="utf-8", newline="")
        self.handles.append(handle)
        writer = csv.writer(handle)
        writer.writerow(columns)
        return writer

    def _day(self, start: date, low: int, high: int) -> date | None:
        """A day `low` to `high` days after `start`, or None if that is after `until`."""
        day = start + timedelta(days=self.rng.randint(low, high))
        return day if day <= self.until else None

    def run(self, victims: int) -> Counts:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.persons = self._writer("persons.csv", PERSON_COLUMNS)
        self.applications = self._writer("applications.csv", APPLICATION_COLUMNS)
        self.events = self._writer("exploitation.csv", EVENT_COLUMNS)
        self.reflection_periods = self._writer("reflection_periods.csv", REFLECTION_COLUMNS)
        self.services = self._writer("services.csv", SERVICE_COLUMNS)
        try:
            for number in range(1, victims + 1):
                self._victim(number)
        finally:
            for handle in self.handles:
                handle.close()
        return self.counts

    def _victim(self, number: int) -> None:
        rng = self.rng
        person_id = f"SYN-P{number:08d}"
        nationality = self.nationality(rng)
        first_received = FIRST_DAY + timedelta(days=rng.randrange(self.days))
        age = rng.randint(14, 17) if rng.random() < 0.05 else min(int(rng.gammavariate(4.0, 4.0)) + 18, 75)
        birth = first_received - timedelta(days=age * 365 + rng.randrange(365))
        unknown_birth = rng.random() < 0.03
        self.persons.writerow(
            [person_id, "victim", self.sex(rng), "" if unknown_birth else _iso(birth), nationality, "", "", ""]
        )
        self.counts.persons += 1
        draw = rng.random()
        applications = 1 if draw < 0.76 else 2 if draw < 0.95 else 3 + int(rng.random() < 0.4)
        received: date | None = first_received
        positive_on: date | None = None
        for index in range(applications):
            if received is None:
                break
            positive_on = self._application(number, index, person_id, nationality, received) or positive_on
            received = self._day(received, 200, 1500)
        if positive_on is not None and rng.random() < 0.12:
            for child in range(1 + int(rng.random() < 0.3)):
                self._child(number, child, person_id, nationality, positive_on, birth)

    def _child(
        self, number: int, index: int, parent_id: str, nationality: str, joined: date, parent_birth: date
    ) -> None:
        """A minor child who joins the clienthood; born when the parent was at least 16."""
        rng = self.rng
        oldest = max((joined - parent_birth).days - 16 * 365, 0)
        if oldest < MIN_CHILD_AGE_DAYS:
            return
        birth = joined - timedelta(days=rng.randint(MIN_CHILD_AGE_DAYS, min(oldest, 17 * 365)))
        left = self._day(joined, 60, 1500) if rng.random() < 0.6 else None
        self.persons.writerow(
            [
                f"SYN-C{number:08d}{index}",
                "child_of_victim",
                self.sex(rng),
                birth.isoformat(),
                nationality,
                parent_id,
                joined.isoformat(),
                _iso(left),
            ]
        )
        self.counts.persons += 1

    def _application(self, number: int, index: int, person_id: str, nationality: str, received: date) -> date | None:
        """Write one application with its events, reflection period and services; the date of a positive decision."""
        rng = self.rng
        application_id = f"SYN-A{number:08d}{index}"
        decision = self.decision(rng)
        decided = self._day(received, 5, 150)
        if decided is None:
            decision = ""
        negative_reason = self.negative_reason(rng) if decision == "negative" else ""
        ended = end_reason = ""
        if decision == "positive" and decided is not None and rng.random() < 0.75:
            ended_on = self._day(decided, 30, 1800)
            if ended_on is not None:
                ended, end_reason = ended_on.isoformat(), self.end_reason(rng)
        residence_status = self.residence_status(rng)
        self.applications.writerow(
            [
                application_id,
                person_id,
                received.isoformat(),
                self.office(rng),
                self.source(rng),
                residence_status,
                decision,
                _iso(decided) if decision else "",
                negative_reason,
                ended,
                end_reason,
            ]
        )
        self.counts.applications += 1
        self._events(application_id, nationality, received)
        if residence_status == "no_legal_residence" or rng.random() < 0.02:
            granted = self._day(received, 0, 20)
            if granted is not None:
                self.reflection_periods.writerow([application_id, granted.isoformat(), rng.randint(1, 6)])
                self.counts.reflection_periods += 1
        if decision == "positive" and decided is not None:
            for _service in range(rng.choice((1, 1, 2, 2, 2, 3, 4))):
                started = self._day(decided, 0, 90)
                if started is not None and ended:  # a service begins within the clienthood
                    started = min(started, date.fromisoformat(ended))
                if started is not None:
                    stopped = self._day(started, 7, 720) if rng.random() < 0.6 else None
                    self.services.writerow([application_id, self.service(rng), started.isoformat(), _iso(stopped)])
                    self.counts.services += 1
            return decided
        return None

    def _events(self, application_id: str, nationality: str, received: date) -> None:
        rng = self.rng
        for index in range(1 + int(rng.random() < 0.2)):
            form = self.form(rng)
            country = "FI" if rng.random() < 0.55 else nationality if nationality not in ("XX", "ZZ") else "ZZ"
            began = received - timedelta(days=rng.randint(30, 1500)) if rng.random() < 0.8 else None
            ended = None
            if began is not None and rng.random() < 0.8:
                ended = min(received, began + timedelta(days=rng.randint(1, 1000)))
            self.events.writerow(
                [
                    f"SYN-E{application_id[5:]}{index}",
                    application_id,
                    form,
                    "true" if index == 0 else "false",
                    country,
                    self.sector(rng) if form == "forced_labour" else "",
                    _iso(began),
                    _iso(ended),
                ]
            )
            self.counts.events += 1


def generate_register(folder: Path, victims: int, *, seed: int = 1, until: date | None = None) -> Counts:
    """Write the five files of a register of `victims` victims into `folder`; no date is after `until`."""
    last_day = until or date.today() - timedelta(days=1)
    return Generator(folder, seed, last_day).run(victims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--victims", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", type=date.fromisoformat, default=None, help="last date used (default: yesterday)")
    arguments = parser.parse_args(argv)
    counts = generate_register(arguments.folder, arguments.victims, seed=arguments.seed, until=arguments.until)
    print(
        f"{arguments.folder}: {counts.persons} persons, {counts.applications} applications, "
        f"{counts.events} exploitation events, {counts.reflection_periods} reflection periods, "
        f"{counts.services} services"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
