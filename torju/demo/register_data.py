"""A fictitious demo register whose statistics are those of the published 2025 review.

Every person, case and date in it is invented: identifiers start with DEMO-,
there are no names, and the rows are drawn with a fixed seed, so the files
are the same on every run. What is not invented is the shape: the annual
statistics of 2025 (torju.statistics.computation) reproduce every figure
that the assistance system's statistics review 2025 states (467
applications, 271 new clients and 32 children, 61 % women, the age bands,
50 nationalities with Nepal and Somalia first, 314 trafficking events, 141
exploited in Finland of whom 86 men, 35 reflection periods, 169 ended
clienthoods, 1 634 clients at year end …), and those of 2024 the two
figures the review compares with (54 victims of forced labour in Finland;
the share of applications from wellbeing services counties, half of
2025's). tests/statistics/test_demo_register.py holds the figures with the
review's sentences.

The years 2006–2024 are a history that leads up to the year-end stock of
2025: new clients every year, clienthoods that last for years, children who
join and leave, applications refused, withdrawn or lapsed, some applicants
who apply again. 2026 has the work of a year in progress up to
REFERENCE_DATE: applications waiting for a decision, decisions, open
clienthoods, reflection periods and services, so that the caseworkers'
work lists have content. Figures the review does not state are drawn at
random from plausible distributions.

`write_demo_register(folder)` writes the five exchange-format files;
`load_demo_register()` imports them into an empty register.
"""

import tempfile
from datetime import date, timedelta
from pathlib import Path

from torju.actor import Actor
from torju.demo.register_annex import ANNEX, AnnexYears
from torju.demo.register_figures import (
    ADULT,
    CHILD_PARENT_MIN_AGE,
    CHILDREN_JOINED,
    CHILDREN_JOINING_NEXT_YEAR,
    CHILDREN_LEAVING_NEXT_YEAR,
    CHILDREN_LEFT_BEFORE_BY_YEAR,
    CHILDREN_LEFT_IN_YEAR_BY_YEAR,
    CHILDREN_OPEN_BY_YEAR,
    EU,
    FINLAND,
    HISTORY,
    LAPSED,
    LAPSED_PER_POSITIVE,
    NEGATIVE,
    NEGATIVE_PER_POSITIVE,
    NEGATIVE_REASONS_IN_YEAR,
    NEXT_YEAR,
    NEXT_YEAR_APPLYING_AGAIN,
    NEXT_YEAR_NEW_CLIENTS_ENDED,
    NO_LEGAL_RESIDENCE,
    OFFICE_WEIGHTS,
    POSITIVE,
    PREVIOUS_YEAR,
    RECEIVED_AND_DECIDED_IN_YEAR,
    RECEIVED_AND_DECIDED_NEXT_YEAR,
    RECEIVED_BEFORE_DECIDED_IN_YEAR,
    RECEIVED_IN_YEAR_DECIDED_NEXT,
    RECEIVED_IN_YEAR_PENDING,
    RECEIVED_NEXT_YEAR_PENDING,
    REFERENCE_DATE,
    REFLECTION_PERIODS_IN_YEAR,
    SERVICE_WEIGHTS,
    SOURCE_WEIGHTS,
    SOURCES_IN_YEAR,
    STATUS_WEIGHTS,
    WELLBEING_COUNTIES_SINCE,
    WELLBEING_COUNTY,
    WITHDRAWN,
    WITHDRAWN_PER_POSITIVE,
    YEAR,
    YEAR_END,
)
from torju.demo.register_review_year import ReviewYear
from torju.demo.register_rows import DemoApplication, DemoPerson, half_up, multiset, years_after, years_before
from torju.register.exchange import import_register
from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, PERSONS, REFLECTION_PERIODS, SERVICES
from torju.register.models import Person


class DemoRegister(ReviewYear, AnnexYears):
    """The whole register, built step by step (see build): history, the review year, the year in progress."""

    def build(self) -> None:
        still_clients = self.history()
        self.new_clients_of_the_year()
        doubles = self.double_clients(still_clients)
        self.year_end(still_clients, doubles)
        self.history_events()
        self.forced_marriages_of_2022()
        self.applications_of_the_year()
        self.next_year()
        self.children()
        self.residence_statuses_and_reflection_periods()
        self.sources_and_offices()
        self.services()

    def refused_and_withdrawn(self, year: int, new_clients: int) -> None:
        for decision, share in (
            (NEGATIVE, NEGATIVE_PER_POSITIVE),
            (WITHDRAWN, WITHDRAWN_PER_POSITIVE),
            (LAPSED, LAPSED_PER_POSITIVE),
        ):
            for _ in range(half_up(new_clients * share)):
                self.random_events(self.decided_in(year, decision))

    def history(self) -> list[DemoApplication]:
        """2006–2024: each year's refusals and new clients. Returns those still clients at the end of 2024,
        whose persons are drawn later (year_end) to give the year-end stock of 2025 its figures."""
        still_clients: list[DemoApplication] = []
        for year, new_clients, still in HISTORY:
            if year in ANNEX:
                assert (
                    len(ANNEX[year].forms) and sum(form.persons for form in ANNEX[year].forms.values()) == new_clients
                )
                still_clients.extend(self.annex_year(ANNEX[year]))
                continue
            self.refused_and_withdrawn(year, new_clients)
            remaining = set(self.rng.sample(range(new_clients), still))
            for index in range(new_clients):
                received, decided = self.decision_dates(year)
                if index in remaining:
                    application = self.application(self.person(), received, POSITIVE, decided)
                    still_clients.append(application)
                else:
                    person = self.applicant_again(received) or self.random_person(received)
                    application = self.application(person, received, POSITIVE, decided)
                    self.end(application, decided + timedelta(days=30), date(PREVIOUS_YEAR, 12, 31))
                self.history_clients.append(application)
        return still_clients

    def applications_of_the_year(self) -> None:
        """2025's other applications: 467 received in all, 154 negative decisions, some decided in 2026."""
        last_year_end = date(PREVIOUS_YEAR, 12, 31)
        for decision, count in RECEIVED_BEFORE_DECIDED_IN_YEAR.items():
            if decision != POSITIVE:
                for _ in range(count):
                    self.received_then_decided(
                        (date(PREVIOUS_YEAR, 10, 1), last_year_end), (date(YEAR, 1, 2), date(YEAR, 3, 31)), decision
                    )
        for decision, count in RECEIVED_AND_DECIDED_IN_YEAR.items():
            for _ in range(count):
                self.decided_in(YEAR, decision, received_in_year=True)
        for decision, count in RECEIVED_IN_YEAR_DECIDED_NEXT.items():
            for _ in range(count):
                application = self.received_then_decided(
                    (date(YEAR, 10, 1), YEAR_END), (date(NEXT_YEAR, 1, 2), date(NEXT_YEAR, 4, 30)), decision
                )
                if decision == POSITIVE:
                    self.next_year_clients.append(application)
        for _ in range(RECEIVED_IN_YEAR_PENDING):
            self.application(None, self.day(date(YEAR, 11, 15), YEAR_END))
        negatives = [
            application
            for application in self.applications
            if application.decision == NEGATIVE and application.decided is not None and application.decided.year == YEAR
        ]
        for application, reason in zip(negatives, self.shuffled(multiset(NEGATIVE_REASONS_IN_YEAR)), strict=True):
            application.negative_reason = reason
        for application in self.applications:
            if not application.events and application not in self.new_clients:
                self.random_events(application)

    def next_year(self) -> None:
        """2026 up to REFERENCE_DATE: decisions, some on applicants refused in 2025, and applications pending."""
        refused_last_year = [
            application
            for application in self.refused
            if application.decided is not None and application.decided.year == YEAR
        ]
        again = self.rng.sample(refused_last_year, NEXT_YEAR_APPLYING_AGAIN)
        for decision, count in RECEIVED_AND_DECIDED_NEXT_YEAR.items():
            for index in range(count):
                received, decided = self.decision_dates(NEXT_YEAR, received_in_year=True)
                person = again[index].person if decision == POSITIVE and index < len(again) else None
                application = self.application(person, received, decision, decided)
                if decision == POSITIVE:
                    self.next_year_clients.append(application)
                self.random_events(application)
        for _ in range(RECEIVED_NEXT_YEAR_PENDING):
            self.random_events(self.application(None, self.day(date(NEXT_YEAR, 8, 1), REFERENCE_DATE)))
        for application in self.rng.sample(self.next_year_clients, NEXT_YEAR_NEW_CLIENTS_ENDED):
            assert application.decided is not None
            self.end(application, application.decided + timedelta(days=20), REFERENCE_DATE)

    def children(self) -> None:
        """Children of victims: 210 clients at the end of 2025 and 279 at the end of 2024, 32 who joined in 2025,
        36 in 2023 and 23 in 2024, and those before and after."""
        at_year_end = self.clients_at_year_end
        history_at_year_end = [application for application in at_year_end if application not in self.new_clients]
        for year, count in CHILDREN_OPEN_BY_YEAR.items():
            for _ in range(count):
                self.child(history_at_year_end, date(year, 1, 1), date(year, 12, 31), open_at_year_end=True)
        for _ in range(CHILDREN_JOINED["open at year end"]):
            self.child(at_year_end, date(YEAR, 1, 1), YEAR_END, open_at_year_end=True)
        for index in range(CHILDREN_JOINED["left in the year"]):
            # The first leaves on 31 December, and so is not a client at the end of the year.
            child = self.child(at_year_end, date(YEAR, 1, 1), date(YEAR, 11, 30), open_at_year_end=index == 0)
            assert child.joined is not None and child.birth is not None
            child.left = YEAR_END
            if index:
                child.left = min(self.day(child.joined + timedelta(days=10), YEAR_END), years_after(child.birth, ADULT))
        # Clients at the end of 2024 who left in 2025 (under 18 then, so born in 2007 or later).
        last_year_end = date(PREVIOUS_YEAR, 12, 31)
        for year, count in CHILDREN_LEFT_IN_YEAR_BY_YEAR.items():
            for _ in range(count):
                child = self.child(
                    self.history_clients,
                    date(year, 1, 1),
                    date(year, 12, 31),
                    open_at_year_end=False,
                    born_after=date(PREVIOUS_YEAR - ADULT, 12, 31),
                )
                assert child.birth is not None
                child.left = min(self.day(date(YEAR, 1, 1), YEAR_END), years_after(child.birth, ADULT))
                assert child.left.year == YEAR
        for year, count in CHILDREN_LEFT_BEFORE_BY_YEAR.items():
            for _ in range(count):
                child = self.child(self.history_clients, date(year, 1, 1), date(year, 12, 31), open_at_year_end=False)
                assert child.joined is not None and child.birth is not None
                child.left = min(
                    self.day(
                        child.joined + timedelta(days=30), min(child.joined + timedelta(days=1500), last_year_end)
                    ),
                    years_after(child.birth, ADULT),
                )
                assert child.left <= last_year_end
        open_children = [child for child in self.children_of_victims if child.left is None]
        for child in self.rng.sample(open_children, CHILDREN_LEAVING_NEXT_YEAR):
            child.left = self.day(date(NEXT_YEAR, 1, 1), REFERENCE_DATE)
        in_next_year = [application for application in at_year_end if application.ended is None] + [
            application for application in self.next_year_clients if application.ended is None
        ]
        for _ in range(CHILDREN_JOINING_NEXT_YEAR):
            self.child(in_next_year, date(NEXT_YEAR, 1, 1), REFERENCE_DATE, open_at_year_end=False)

    def child(
        self,
        parents: list[DemoApplication],
        first: date,
        last: date,
        *,
        open_at_year_end: bool,
        born_after: date | None = None,
    ) -> DemoPerson:
        """A child who joins a parent's clienthood from `first` to `last`; under 18 when joining (and at the
        end of 2025 if `open_at_year_end`; born after `born_after` if given), and leaving on their 18th
        birthday if that comes before the end."""
        parents = [
            parent
            for parent in parents
            if parent.decided is not None and parent.decided <= last and (parent.ended is None or parent.ended >= first)
        ]
        while True:
            parent = self.rng.choice(parents)
            assert parent.decided is not None
            latest = min(last, parent.ended) if parent.ended is not None else last
            joined = self.day(max(parent.decided, first), latest)
            if joined > latest:
                continue
            earliest = years_before(joined, ADULT) + timedelta(days=1)
            if open_at_year_end:
                earliest = max(earliest, date(YEAR - ADULT + 1, 1, 1))
            if born_after is not None:
                earliest = max(earliest, born_after + timedelta(days=1))
            if parent.person.birth is not None:
                earliest = max(earliest, years_after(parent.person.birth, CHILD_PARENT_MIN_AGE))
            if earliest > joined:
                continue
            birth = self.day(earliest, joined)
            break
        child = DemoPerson(
            f"DEMO-C{len(self.children_of_victims) + 1:04d}",
            self.rng.choice(("F", "M")),
            birth,
            parent.person.nationality,
            parent.person,
            joined,
        )
        adult_on = years_after(birth, ADULT)
        if adult_on <= REFERENCE_DATE and (not open_at_year_end or adult_on > YEAR_END):
            child.left = adult_on
        self.children_of_victims.append(child)
        return child

    def residence_statuses_and_reflection_periods(self) -> None:
        """Statuses drawn where not set; a reflection period for everyone without a legal right of residence,
        granted in the year of the application: 35 in 2025."""
        in_year = [
            application
            for application in self.applications
            if application.received.year == YEAR
            and not application.residence_status
            and application.person.nationality not in EU | {FINLAND}
        ]
        without_right = sum(
            1
            for application in self.applications
            if application.received.year == YEAR and application.residence_status == NO_LEGAL_RESIDENCE
        )
        for application in self.rng.sample(in_year, REFLECTION_PERIODS_IN_YEAR - without_right):
            application.residence_status = NO_LEGAL_RESIDENCE
        for application in self.applications:
            if not application.residence_status:
                application.residence_status = self.random_status(application)
            if application.residence_status == NO_LEGAL_RESIDENCE:
                last = min(application.received + timedelta(days=20), date(application.received.year, 12, 31))
                application.reflection = (
                    self.day(application.received, min(last, REFERENCE_DATE)),
                    self.rng.randint(1, 6),
                )

    def random_status(self, application: DemoApplication) -> str:
        """Finnish and EU citizens by nationality; for others a status drawn (in 2025 with a legal right of
        residence: those without one are the 35 with a reflection period)."""
        nationality = application.person.nationality
        if nationality == FINLAND:
            return "finnish_citizen"
        if nationality in EU:
            return "eu_citizen"
        leave_out = ["finnish_citizen", "eu_citizen"]
        if application.received.year == YEAR:
            leave_out.append(NO_LEGAL_RESIDENCE)
        return self.weighted(STATUS_WEIGHTS, leave_out=leave_out)

    def sources_and_offices(self) -> None:
        """Who sent the applications: 2025's as the review says, 2024's with half 2025's share from wellbeing
        services counties, which began in 2023."""
        by_year: dict[int, list[DemoApplication]] = {}
        for application in self.applications:
            by_year.setdefault(application.received.year, []).append(application)
            application.office = self.weighted(OFFICE_WEIGHTS)
        for year, applications in sorted(by_year.items()):
            if year == YEAR:
                sources = self.shuffled(multiset(SOURCES_IN_YEAR))
            elif year == PREVIOUS_YEAR:
                share = SOURCES_IN_YEAR[WELLBEING_COUNTY] / sum(SOURCES_IN_YEAR.values()) / 2
                wellbeing = half_up(len(applications) * share)
                sources = self.shuffled(
                    [WELLBEING_COUNTY] * wellbeing
                    + [
                        self.weighted(SOURCE_WEIGHTS, leave_out=(WELLBEING_COUNTY,))
                        for _ in range(len(applications) - wellbeing)
                    ]
                )
            else:
                leave_out = (WELLBEING_COUNTY,) if year < WELLBEING_COUNTIES_SINCE else ()
                sources = [self.weighted(SOURCE_WEIGHTS, leave_out=leave_out) for _ in applications]
            for application, source in zip(applications, sources, strict=True):
                application.source = source

    def services(self) -> None:
        """One to three services per clienthood, within it; some still going on."""
        for application in self.applications:
            if application.decision != POSITIVE or application.decided is None:
                continue
            last = application.ended or REFERENCE_DATE
            for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
                service = self.weighted(SERVICE_WEIGHTS)
                started = self.day(application.decided, min(application.decided + timedelta(days=60), last))
                stopped: date | None = None
                if application.ended is not None or self.rng.random() < 0.6:
                    stopped = self.day(started, min(started + timedelta(days=400), last))
                application.services.append((service, started, stopped))
            if application.end_reason == "left_country_or_disappeared" and self.rng.random() < 0.3:
                assert application.ended is not None
                application.services.append(("assisted_voluntary_return", application.ended, application.ended))


def write_demo_register(folder: Path) -> None:
    """Write the demo register's five files (the exchange format) into `folder`; the same files every time."""
    register = DemoRegister()
    register.build()
    register.write(folder)


def load_demo_register() -> str:
    """Import the demo register into an empty register; a line that says what was done.

    Does nothing when the register has persons already: the demo is never
    mixed with other data, and running the demo set-up again keeps the data.
    """
    if Person.objects.exists():
        return "Demo register: the register has persons already; nothing was loaded."
    with tempfile.TemporaryDirectory(prefix="torju-demo-register-") as folder:
        write_demo_register(Path(folder))
        result = import_register(Path(folder), actor=Actor.system("demo register"))
    created = result.created
    return (
        f"Demo register (fictitious): {created[PERSONS.name]} persons, {created[APPLICATIONS.name]} applications, "
        f"{created[EXPLOITATION.name]} exploitation events, {created[REFLECTION_PERIODS.name]} reflection periods, "
        f"{created[SERVICES.name]} services."
    )
