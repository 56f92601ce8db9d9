"""The demo register in memory: its rows, the seeded draws that make them, and the writing of the files."""

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from torju.demo.register_figures import (
    ABROAD_FOR_FINNS,
    ADULT,
    APPLYING_AGAIN_SHARE,
    END_REASON_WEIGHTS,
    FINLAND,
    FIRST_YEAR,
    FORCED_LABOUR,
    FORM_WEIGHTS,
    MINOR_SHARE,
    NATIONALITY_WEIGHTS,
    NEGATIVE,
    NEGATIVE_REASON_WEIGHTS,
    REFERENCE_DATE,
    SECTOR_WEIGHTS,
    SEED,
    SEX_WEIGHTS,
    UNKNOWN_BIRTH_SHARE,
    T,
)
from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, PERSONS, REFLECTION_PERIODS, SERVICES


@dataclass(eq=False)
class DemoPerson:
    person_id: str
    sex: str = ""
    birth: date | None = None
    nationality: str = ""
    parent: "DemoPerson | None" = None
    joined: date | None = None
    left: date | None = None


@dataclass
class DemoEvent:
    form: str
    country: str
    sector: str = ""
    began: date | None = None
    ended: date | None = None


@dataclass(eq=False)
class DemoApplication:
    application_id: str
    person: DemoPerson
    received: date
    decision: str = ""
    decided: date | None = None
    residence_status: str = ""
    negative_reason: str = ""
    ended: date | None = None
    end_reason: str = ""
    source: str = ""
    office: str = ""
    events: list[DemoEvent] = field(default_factory=list)
    reflection: tuple[date, int] | None = None
    services: list[tuple[str, date, date | None]] = field(default_factory=list)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    """The day someone born on `day` turns `years` (1 March for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_at(birth: date, day: date) -> int:
    """Completed years, counted as the statistics count them."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def multiset(counts: dict[str, int]) -> list[str]:
    return [value for value, count in counts.items() for _ in range(count)]


def half_up(value: float) -> int:
    return int(value + 0.5)


def iso(day: date | None) -> str:
    if day is not None and day > REFERENCE_DATE:
        raise ValueError(f"a demo date after {REFERENCE_DATE}: {day}")
    return "" if day is None else day.isoformat()


class Draws:
    """The register in memory and the draws that add to it; every draw from one seeded generator."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)  # noqa: S311  (a reproducible demo, not a secret)
        self.persons: list[DemoPerson] = []
        self.persons_made = 0
        self.children_of_victims: list[DemoPerson] = []
        self.applications: list[DemoApplication] = []
        self.refused: list[DemoApplication] = []  # negative decisions: applicants who may apply again
        self.applied_again: set[str] = set()  # person_id of those who did
        self.history_clients: list[DemoApplication] = []  # new clients of 2006-2024
        self.new_clients: list[DemoApplication] = []  # of 2025
        self.next_year_clients: list[DemoApplication] = []  # of 2026
        self.clients_at_year_end: list[DemoApplication] = []  # each client's clienthood open at 2025-12-31
        self.minors_ending: list[DemoApplication] = []  # new clients of 2025 who were minors, ending in 2025
        # The new clients of 2023 and 2024 made from Annex 1's profiles (torju.demo.register_annex): their
        # persons are set once; those of them who stay clients through 2025; and the applications of 2025 of
        # persons whose earlier clienthood is still open.
        self.profiled: set[DemoApplication] = set()
        self.stays_through_year: set[DemoApplication] = set()
        self.double_new_clients: set[DemoApplication] = set()

    def applicant_again(self, received: date) -> DemoPerson | None:
        """Someone refused before `received` who applies again, if the draw says so and there is one."""
        if self.rng.random() >= APPLYING_AGAIN_SHARE:
            return None
        candidates = [
            refused
            for refused in self.refused
            if refused.decided is not None
            and refused.decided < received
            and refused.person.person_id not in self.applied_again
        ]
        if not candidates:
            return None
        person = self.rng.choice(candidates).person
        self.applied_again.add(person.person_id)
        return person

    def weighted(self, weights: dict[str, int], *, leave_out: Sequence[str] = ()) -> str:
        keys = [key for key in weights if key not in leave_out]
        return self.rng.choices(keys, weights=[weights[key] for key in keys])[0]

    def shuffled(self, values: Iterable[T]) -> list[T]:
        result = list(values)
        self.rng.shuffle(result)
        return result

    def day(self, first: date, last: date) -> date:
        """A day from `first` to `last` (`first` if `last` is before it)."""
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def birth(self, on: date, age: int) -> date:
        """A birth date of someone who is `age` years old on `on`."""
        return self.day(years_before(on, age + 1) + timedelta(days=1), years_before(on, age))

    def adult_age(self) -> int:
        return min(ADULT + int(self.rng.gammavariate(2.2, 6.0)), 70)

    def abroad(self, nationality: str) -> str:
        """Where someone of `nationality` was exploited outside Finland."""
        if nationality == FINLAND:
            return self.rng.choice(ABROAD_FOR_FINNS)
        return "RU" if nationality == "XX" else nationality

    def person(self, sex: str = "", birth: date | None = None, nationality: str = "") -> DemoPerson:
        self.persons_made += 1  # never reused: a person made and then left out keeps its number
        person = DemoPerson(f"DEMO-P{self.persons_made:05d}", sex, birth, nationality)
        self.persons.append(person)
        return person

    def random_person(self, on: date) -> DemoPerson:
        return self.draw(self.person(), on)

    def draw(self, person: DemoPerson, on: date) -> DemoPerson:
        """Sex, age on `on` and nationality drawn for someone applying on that day."""
        person.birth = None
        if self.rng.random() >= UNKNOWN_BIRTH_SHARE:
            age = self.rng.randint(14, 17) if self.rng.random() < MINOR_SHARE else self.adult_age()
            person.birth = self.birth(on, age)
        person.sex, person.nationality = self.weighted(SEX_WEIGHTS), self.weighted(NATIONALITY_WEIGHTS)
        return person

    def application(
        self, person: DemoPerson | None, received: date, decision: str = "", decided: date | None = None
    ) -> DemoApplication:
        """An application (of a new person drawn at random unless `person` is given)."""
        application = DemoApplication(
            f"DEMO-A{len(self.applications) + 1:05d}", person or self.random_person(received), received, decision
        )
        application.decided = decided
        if decision == NEGATIVE:
            application.negative_reason = self.weighted(NEGATIVE_REASON_WEIGHTS)
            self.refused.append(application)
        self.applications.append(application)
        return application

    def decision_dates(self, year: int, *, received_in_year: bool = False) -> tuple[date, date]:
        """(received, decided) of an application decided in `year`, received up to 120 days before."""
        first = date(year, 1, 1)
        decided = self.day(first + timedelta(days=14), min(date(year, 12, 31), REFERENCE_DATE))
        earliest = decided - timedelta(days=120)
        if received_in_year or year == FIRST_YEAR:
            earliest = max(earliest, first)
        return self.day(earliest, decided - timedelta(days=5)), decided

    def decided_in(self, year: int, decision: str, *, received_in_year: bool = False) -> DemoApplication:
        received, decided = self.decision_dates(year, received_in_year=received_in_year)
        return self.application(None, received, decision, decided)

    def received_then_decided(
        self, received: tuple[date, date], decided: tuple[date, date], decision: str
    ) -> DemoApplication:
        """An application received in one period and decided in another."""
        received_on = self.day(*received)
        return self.application(None, received_on, decision, max(self.day(*decided), received_on))

    def end(self, application: DemoApplication, first: date, last: date, reason: str = "") -> None:
        """End the clienthood on a day from `first` (or `last`, if earlier) to `last`, not before the decision."""
        assert application.decided is not None
        application.ended = max(self.day(min(first, last), last), application.decided)
        application.end_reason = reason or self.weighted(END_REASON_WEIGHTS)

    def event(self, application: DemoApplication, form: str, country: str, sector: str | None = None) -> None:
        """An event; forced labour without a sector given gets one drawn."""
        if sector is None:
            sector = self.weighted(SECTOR_WEIGHTS) if form == FORCED_LABOUR else ""
        began = ended = None
        if self.rng.random() < 0.8:
            began = application.received - timedelta(days=self.rng.randint(60, 1200))
            if self.rng.random() < 0.7:
                ended = min(application.received, began + timedelta(days=self.rng.randint(10, 700)))
        application.events.append(DemoEvent(form, country, sector, began, ended))

    def random_events(self, application: DemoApplication, *, forced_labour_in_finland: bool | None = None) -> None:
        """One or two events. True: the first is forced labour in Finland, and no other is; False: none is."""
        nationality = application.person.nationality
        for index in range(1 + int(self.rng.random() < 0.2)):
            if index == 0 and forced_labour_in_finland:
                self.event(application, FORCED_LABOUR, FINLAND)
                continue
            form = self.weighted(FORM_WEIGHTS)
            country = FINLAND if self.rng.random() < 0.5 else self.abroad(nationality)
            if forced_labour_in_finland is not None and form == FORCED_LABOUR and country == FINLAND:
                country = self.abroad(nationality)
            self.event(application, form, country)

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        rows: dict[str, list[list[str]]] = {
            PERSONS.name: [
                [person.person_id, "victim", person.sex, iso(person.birth), person.nationality, "", "", ""]
                for person in self.persons
            ]
            + [
                [
                    child.person_id,
                    "child_of_victim",
                    child.sex,
                    iso(child.birth),
                    child.nationality,
                    child.parent.person_id if child.parent else "",
                    iso(child.joined),
                    iso(child.left),
                ]
                for child in self.children_of_victims
            ],
            APPLICATIONS.name: [
                [
                    application.application_id,
                    application.person.person_id,
                    iso(application.received),
                    application.office,
                    application.source,
                    application.residence_status,
                    application.decision,
                    iso(application.decided),
                    application.negative_reason,
                    iso(application.ended),
                    application.end_reason,
                ]
                for application in self.applications
            ],
            EXPLOITATION.name: [],
            REFLECTION_PERIODS.name: [],
            SERVICES.name: [],
        }
        for application in self.applications:
            for index, event in enumerate(application.events):
                rows[EXPLOITATION.name].append(
                    [
                        f"DEMO-E{len(rows[EXPLOITATION.name]) + 1:05d}",
                        application.application_id,
                        event.form,
                        "true" if index == 0 else "false",
                        event.country,
                        event.sector,
                        iso(event.began),
                        iso(event.ended),
                    ]
                )
            if application.reflection is not None:
                granted, months = application.reflection
                rows[REFLECTION_PERIODS.name].append([application.application_id, iso(granted), str(months)])
            for service, started, stopped in application.services:
                rows[SERVICES.name].append([application.application_id, service, iso(started), iso(stopped)])
        for file in (PERSONS, APPLICATIONS, EXPLOITATION, REFLECTION_PERIODS, SERVICES):
            with (folder / file.name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(file.columns)
                writer.writerows(rows[file.name])
