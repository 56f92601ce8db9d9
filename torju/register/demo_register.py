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

import csv
import random
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from torju.actor import Actor
from torju.register.exchange import import_register
from torju.register.exchange.format import APPLICATIONS, EXPLOITATION, PERSONS, REFLECTION_PERIODS, SERVICES
from torju.register.models import Person

T = TypeVar("T")
REFERENCE_DATE = date(2026, 11, 20)  # the latest date in the register
SEED = 2025
FIRST_YEAR = 2006  # the assistance system began in 2006
YEAR, PREVIOUS_YEAR, NEXT_YEAR = 2025, 2024, 2026  # the review's year, the one it compares with, the one in progress
YEAR_END = date(YEAR, 12, 31)
ADULT = 18

POSITIVE, NEGATIVE, WITHDRAWN, LAPSED = "positive", "negative", "withdrawn", "lapsed"
FINLAND = "FI"
FORCED_LABOUR = "forced_labour"
NO_LEGAL_RESIDENCE = "no_legal_residence"
WELLBEING_COUNTY = "wellbeing_services_county"
WELLBEING_COUNTIES_SINCE = 2023  # the wellbeing services counties began their work in 2023
EU = frozenset({"RO", "BG", "EE", "PL"})

# History: (year, new clients, of them still clients at the end of 2024).
HISTORY = (
    (2006, 10, 1),
    (2007, 14, 1),
    (2008, 16, 2),
    (2009, 20, 3),
    (2010, 26, 5),
    (2011, 30, 7),
    (2012, 40, 10),
    (2013, 48, 14),
    (2014, 60, 20),
    (2015, 80, 30),
    (2016, 150, 70),
    (2017, 170, 85),
    (2018, 185, 100),
    (2019, 195, 115),
    (2020, 170, 110),
    (2021, 200, 140),
    (2022, 235, 170),
    (2023, 265, 205),
    (2024, 280, 234),
)
HISTORY_ENDED_IN_YEAR = 129  # of those still clients at the end of 2024, ended in 2025
NEW_CLIENTS_ENDED_IN_YEAR = 40  # of the new clients of 2025, ended in 2025
ENDING_NEXT_YEAR = (120, 30)  # ended in 2026: of the history's clients, of 2025's new clients
FORCED_LABOUR_IN_FINLAND_PREVIOUS_YEAR = 54  # "Vuonna 2024 pakkotyön uhreja Suomessa oli 54."

# The year's applications, by when they were received and decided.
RECEIVED_BEFORE_DECIDED_IN_YEAR = {POSITIVE: 30, NEGATIVE: 15, WITHDRAWN: 2}
RECEIVED_AND_DECIDED_IN_YEAR = {NEGATIVE: 139, WITHDRAWN: 14, LAPSED: 6}  # and 271 - 30 positive
RECEIVED_IN_YEAR_DECIDED_NEXT = {POSITIVE: 40, NEGATIVE: 20, WITHDRAWN: 2, LAPSED: 1}
RECEIVED_IN_YEAR_PENDING = 4
RECEIVED_AND_DECIDED_NEXT_YEAR = {POSITIVE: 160, NEGATIVE: 95, WITHDRAWN: 7, LAPSED: 3}
RECEIVED_NEXT_YEAR_PENDING = 45
NEXT_YEAR_APPLYING_AGAIN = 6  # of 2026's new clients, refused in 2025
SOURCES_IN_YEAR = {
    "migri_or_reception_centre": 234,  # "Hakemuksista puolet tuli Maahanmuuttovirastosta ja vastaanottokeskuksista."
    "self": 93,  # "Joka viides hakemus oli uhrin itsensä tekemä."
    WELLBEING_COUNTY: 37,
    "police": 30,
    "ngo": 28,
    "legal_counsel": 15,
    "labour_protection": 12,
    "border_guard": 10,
    "other_authority": 5,
    "other": 3,
}
NEGATIVE_REASONS_IN_YEAR = {"no_need_for_assistance": 75, "not_trafficking": 62, "other": 17}
END_REASONS_IN_YEAR = {
    "no_longer_needs_assistance": 98,
    "left_country_or_disappeared": 61,
    "own_request": 7,
    "other": 3,
}
REFLECTION_PERIODS_IN_YEAR = 35

# The new clients of 2025: 141 exploited in Finland, 130 only abroad.
NATIONALITIES_IN_FINLAND = {
    "NP": 59, "FI": 17, "TH": 12, "VN": 6, "UA": 6, "IN": 5, "PH": 4, "NG": 3, "RU": 3, "CN": 3, "SO": 2, "IQ": 2,
    "AF": 1, "RO": 1, "BG": 1, "EE": 1, "MA": 1, "GH": 1, "KE": 1, "CM": 1, "UZ": 1, "BD": 1, "LK": 1, "PK": 1,
    "SY": 1, "TR": 1, "ER": 1, "ET": 1, "MN": 1, "KG": 1, "ID": 1,
}  # fmt: skip
NATIONALITIES_ABROAD = {
    "SO": 28, "NG": 8, "IQ": 7, "AF": 7, "VN": 6, "PH": 4, "UA": 4, "RU": 4, "CN": 4, "TH": 2, "IN": 2, "NP": 1,
    "FI": 1, "BD": 3, "SY": 3, "ER": 3, "RO": 2, "MA": 2, "CM": 2, "PK": 2, "ET": 2, "IR": 3, "BG": 1, "GH": 1,
    "KE": 1, "UZ": 1, "LK": 1, "TR": 1, "ID": 1, "SD": 2, "CD": 2, "MM": 2, "UG": 1, "ZW": 1, "SN": 1, "KH": 1,
    "AL": 1, "GE": 1, "AM": 1, "AZ": 1, "BY": 1, "MD": 1, "CO": 1, "BR": 1, "VE": 1, "DO": 1, "PL": 1, "XX": 1,
    "ZZ": 1,
}  # fmt: skip
SEXES_IN_FINLAND = {"M": 86, "F": 55}
SEXES_ABROAD = {"F": 110, "M": 20}
AGE_BANDS_IN_YEAR = {(18, 29): 114, (30, 39): 95, (40, 49): 41, (50, 59): 8, (60, 68): 3}  # and 10 minors, abroad
MINORS_IN_YEAR = 10
# Residence statuses of those exploited in Finland other than Finnish and EU citizens and Ukrainians under
# temporary protection ("kausityölupa (50 henkilöä), työntekoon oikeuttava lupa (21) tai perhesidelupa (13)").
STATUSES_IN_FINLAND = {
    "seasonal_work_permit": 50, "work_permit": 21, "family_ties_permit": 13, "student_permit": 5, "other_permit": 7,
    "international_protection_applicant": 9, NO_LEGAL_RESIDENCE: 14,
}  # fmt: skip
TEMPORARY_PROTECTION_IN_FINLAND = 2
STATUSES_ABROAD = {
    "international_protection_applicant": 78, "temporary_protection": 6, NO_LEGAL_RESIDENCE: 8, "unknown": 6,
    "family_ties_permit": 8, "other_permit": 5, "work_permit": 5, "seasonal_work_permit": 5,
}  # fmt: skip
# Events in Finland: the men's one each, the women's 63 (eight women with two).
FORMS_IN_FINLAND_MEN = {FORCED_LABOUR: 80, "forced_criminality": 5, "forced_begging": 1}
FORMS_IN_FINLAND_WOMEN = {
    FORCED_LABOUR: 21, "sexual_exploitation": 25, "forced_marriage": 8, "forced_criminality": 4, "forced_begging": 2,
    "other": 3,
}  # fmt: skip
WOMEN_WITH_TWO_EVENTS_IN_FINLAND = 8
SECTORS_IN_FINLAND = {
    "forestry_and_logging": 22, "restaurants": 20, "agriculture_and_horticulture": 16, "construction": 12,
    "berry_farms": 9, "cleaning": 7, "wild_products_picking": 4, "wellness_and_beauty": 3, "domestic_work": 3,
    "transport_and_logistics": 2, "manufacturing": 1, "other": 1, "": 1,
}  # fmt: skip
# Events abroad: the men's one each; the women's and 15 second events of those exploited in Finland.
FORMS_ABROAD_MEN = {FORCED_LABOUR: 14, "forced_criminality": 3, "organ_removal": 1, "other": 2}
FORMS_ABROAD_OTHERS = {
    FORCED_LABOUR: 6, "sexual_exploitation": 75, "forced_marriage": 35, "forced_criminality": 9,
    "forced_begging": 8, "surrogacy": 2, "illegal_adoption": 1, "other": 9,
}  # fmt: skip
WOMEN_WITH_TWO_EVENTS_ABROAD = 20
IN_FINLAND_ALSO_ABROAD = 15

# The year-end stock of 2025.
WOMEN_AT_YEAR_END = 869  # "Noin 61 % ihmiskaupan uhreista oli naisia." (of 1 424)
ENTERED_AS_MINORS = 85
UNDER_18_AT_YEAR_END = 10
CHILDREN_JOINED = {"open at year end": 30, "left in the year": 2}  # joined in 2025
CHILDREN_EARLIER = {"open at year end": 180, "left by year end": 150}  # joined before 2025
CHILDREN_JOINING_NEXT_YEAR = 20

# Random draws for what the review does not state.
SEX_WEIGHTS = {"F": 55, "M": 44, "X": 1}
NATIONALITY_WEIGHTS = {
    "NP": 24, "SO": 18, "FI": 14, "NG": 12, "IQ": 10, "AF": 10, "TH": 10, "VN": 8, "UA": 8, "RU": 6, "CN": 6,
    "PH": 6, "IN": 6, "BD": 4, "ER": 4, "SY": 4, "TR": 4, "MA": 4, "GH": 2, "CM": 2, "KE": 2, "RO": 2, "BG": 2,
    "EE": 2, "IR": 2, "PK": 2, "ET": 2, "UZ": 1, "LK": 1, "MN": 1, "KG": 1, "ID": 1, "SD": 1, "CD": 1, "UG": 1,
    "ZW": 1, "SN": 1, "MM": 1, "KH": 1, "AL": 1, "GE": 1, "AM": 1, "AZ": 1, "BY": 1, "MD": 1, "CO": 1, "BR": 1,
    "VE": 1, "DO": 1, "PL": 1, "XX": 2, "ZZ": 2,
}  # fmt: skip
OFFICE_WEIGHTS = {"HEL": 50, "TRE": 25, "LPR": 25}
SOURCE_WEIGHTS = {
    "migri_or_reception_centre": 52, "self": 20, WELLBEING_COUNTY: 4, "police": 7, "ngo": 6, "legal_counsel": 4,
    "labour_protection": 3, "border_guard": 2, "other_authority": 1, "other": 1,
}  # fmt: skip
STATUS_WEIGHTS = {
    "international_protection_applicant": 32, "seasonal_work_permit": 12, "work_permit": 10,
    "family_ties_permit": 7, NO_LEGAL_RESIDENCE: 8, "finnish_citizen": 6, "eu_citizen": 5,
    "temporary_protection": 5, "student_permit": 3, "other_permit": 4, "unknown": 4,
}  # fmt: skip
FORM_WEIGHTS = {
    FORCED_LABOUR: 45, "sexual_exploitation": 28, "forced_marriage": 10, "forced_criminality": 8,
    "forced_begging": 3, "surrogacy": 1, "illegal_adoption": 1, "organ_removal": 1, "other": 3,
}  # fmt: skip
SECTOR_WEIGHTS = {
    "forestry_and_logging": 12, "restaurants": 14, "agriculture_and_horticulture": 12, "berry_farms": 10,
    "construction": 10, "cleaning": 7, "wild_products_picking": 5, "wellness_and_beauty": 4, "domestic_work": 3,
    "transport_and_logistics": 2, "manufacturing": 1, "other": 2, "": 10,
}  # fmt: skip
NEGATIVE_REASON_WEIGHTS = {"no_need_for_assistance": 48, "not_trafficking": 40, "other": 12}
END_REASON_WEIGHTS = {"no_longer_needs_assistance": 58, "left_country_or_disappeared": 34, "own_request": 5, "other": 3}
SERVICE_WEIGHTS = {
    "counselling": 30, "social_services": 14, "health_services": 16, "reception_allowance": 8,
    "social_assistance": 8, "safe_accommodation": 6, "interpretation": 10, "legal_advice": 5, "crisis_support": 3,
}  # fmt: skip
ABROAD_FOR_FINNS = ("SE", "ES", "DE", "EE")
NEGATIVE_PER_POSITIVE, WITHDRAWN_PER_POSITIVE, LAPSED_PER_POSITIVE = 0.55, 0.04, 0.02
MINOR_SHARE, UNKNOWN_BIRTH_SHARE = 0.04, 0.02
APPLYING_AGAIN_SHARE = 0.06  # of the history's new clients who are no longer clients: refused once before


NEXT_YEAR_NEW_CLIENTS_ENDED = 10
CHILDREN_LEAVING_NEXT_YEAR = 10
SEX_OTHER_AT_YEAR_END = 8  # of the history's clients at the end of 2025, sex X
CHILD_PARENT_MIN_AGE = 16
ADULTS_BY_YEAR_END_IF_TAKEN_IN_BEFORE = 2022  # a minor (15-17) taken in before 2022 is an adult at the end of 2025
CHILDREN_SINCE, CHILDREN_OPEN_SINCE = 2010, 2016  # the first years of children who had left, who had not, by 2025


@dataclass(eq=False)
class _Person:
    person_id: str
    sex: str = ""
    birth: date | None = None
    nationality: str = ""
    parent: "_Person | None" = None
    joined: date | None = None
    left: date | None = None


@dataclass
class _Event:
    form: str
    country: str
    sector: str = ""
    began: date | None = None
    ended: date | None = None


@dataclass(eq=False)
class _Application:
    application_id: str
    person: _Person
    received: date
    decision: str = ""
    decided: date | None = None
    residence_status: str = ""
    negative_reason: str = ""
    ended: date | None = None
    end_reason: str = ""
    source: str = ""
    office: str = ""
    events: list[_Event] = field(default_factory=list)
    reflection: tuple[date, int] | None = None
    services: list[tuple[str, date, date | None]] = field(default_factory=list)


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _years_after(day: date, years: int) -> date:
    """The day someone born on `day` turns `years` (1 March for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _age(birth: date, day: date) -> int:
    """Completed years, counted as the statistics count them."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _multiset(counts: dict[str, int]) -> list[str]:
    return [value for value, count in counts.items() for _ in range(count)]


def _half_up(value: float) -> int:
    return int(value + 0.5)


class _DemoRegister:
    """The register in memory, built step by step (see build); every draw from one seeded generator."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)  # noqa: S311  (a reproducible demo, not a secret)
        self.persons: list[_Person] = []
        self.children_of_victims: list[_Person] = []
        self.applications: list[_Application] = []
        self.refused: list[_Application] = []  # negative decisions: applicants who may apply again
        self.applied_again: set[str] = set()  # person_id of those who did
        self.history_clients: list[_Application] = []  # new clients of 2006-2024
        self.new_clients: list[_Application] = []  # of 2025
        self.next_year_clients: list[_Application] = []  # of 2026
        self.clients_at_year_end: list[_Application] = []  # each client's clienthood open at 2025-12-31
        self.minors_ending: list[_Application] = []  # new clients of 2025 who were minors, ending in 2025

    # Drawing.

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
        return self.day(_years_before(on, age + 1) + timedelta(days=1), _years_before(on, age))

    def adult_age(self) -> int:
        return min(ADULT + int(self.rng.gammavariate(2.2, 6.0)), 70)

    def abroad(self, nationality: str) -> str:
        """Where someone of `nationality` was exploited outside Finland."""
        if nationality == FINLAND:
            return self.rng.choice(ABROAD_FOR_FINNS)
        return "RU" if nationality == "XX" else nationality

    # Rows.

    def person(self, sex: str = "", birth: date | None = None, nationality: str = "") -> _Person:
        person = _Person(f"DEMO-P{len(self.persons) + 1:05d}", sex, birth, nationality)
        self.persons.append(person)
        return person

    def random_person(self, on: date) -> _Person:
        return self.draw(self.person(), on)

    def draw(self, person: _Person, on: date) -> _Person:
        """Sex, age on `on` and nationality drawn for someone applying on that day."""
        person.birth = None
        if self.rng.random() >= UNKNOWN_BIRTH_SHARE:
            age = self.rng.randint(14, 17) if self.rng.random() < MINOR_SHARE else self.adult_age()
            person.birth = self.birth(on, age)
        person.sex, person.nationality = self.weighted(SEX_WEIGHTS), self.weighted(NATIONALITY_WEIGHTS)
        return person

    def application(
        self, person: _Person | None, received: date, decision: str = "", decided: date | None = None
    ) -> _Application:
        """An application (of a new person drawn at random unless `person` is given)."""
        application = _Application(
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

    def decided_in(self, year: int, decision: str, *, received_in_year: bool = False) -> _Application:
        received, decided = self.decision_dates(year, received_in_year=received_in_year)
        return self.application(None, received, decision, decided)

    def received_then_decided(
        self, received: tuple[date, date], decided: tuple[date, date], decision: str
    ) -> _Application:
        """An application received in one period and decided in another."""
        received_on = self.day(*received)
        return self.application(None, received_on, decision, max(self.day(*decided), received_on))

    def end(self, application: _Application, first: date, last: date, reason: str = "") -> None:
        """End the clienthood on a day from `first` (or `last`, if earlier) to `last`, not before the decision."""
        assert application.decided is not None
        application.ended = max(self.day(min(first, last), last), application.decided)
        application.end_reason = reason or self.weighted(END_REASON_WEIGHTS)

    def event(self, application: _Application, form: str, country: str, sector: str | None = None) -> None:
        """An event; forced labour without a sector given gets one drawn."""
        if sector is None:
            sector = self.weighted(SECTOR_WEIGHTS) if form == FORCED_LABOUR else ""
        began = ended = None
        if self.rng.random() < 0.8:
            began = application.received - timedelta(days=self.rng.randint(60, 1200))
            if self.rng.random() < 0.7:
                ended = min(application.received, began + timedelta(days=self.rng.randint(10, 700)))
        application.events.append(_Event(form, country, sector, began, ended))

    def random_events(self, application: _Application, *, forced_labour_in_finland: bool | None = None) -> None:
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

    # The register, step by step.

    def build(self) -> None:
        still_clients = self.history()
        self.new_clients_of_the_year()
        self.year_end(still_clients)
        self.history_events()
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
            for _ in range(_half_up(new_clients * share)):
                self.random_events(self.decided_in(year, decision))

    def applicant_again(self, received: date) -> _Person | None:
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

    def history(self) -> list[_Application]:
        """2006–2024: each year's refusals and new clients. Returns those still clients at the end of 2024,
        whose persons are drawn later (year_end) to give the year-end stock of 2025 its figures."""
        still_clients: list[_Application] = []
        for year, new_clients, still in HISTORY:
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

    def new_clients_of_the_year(self) -> None:
        """The 271 new clients of 2025, every attribute the review states exact."""
        in_finland = self.group(NATIONALITIES_IN_FINLAND, SEXES_IN_FINLAND)
        abroad = self.group(NATIONALITIES_ABROAD, SEXES_ABROAD)
        minors = self.rng.sample(abroad, MINORS_IN_YEAR)
        adults = [person for person in in_finland + abroad if person not in minors]
        ages = self.shuffled(
            self.rng.randint(low, high) for (low, high), count in AGE_BANDS_IN_YEAR.items() for _ in range(count)
        )
        received_before = set(self.rng.sample(range(len(adults)), RECEIVED_BEFORE_DECIDED_IN_YEAR[POSITIVE]))
        for index, (person, age) in enumerate(zip(adults, ages, strict=True)):
            if index in received_before:
                received = self.day(date(PREVIOUS_YEAR, 11, 1), date(PREVIOUS_YEAR, 12, 31))
                decided = self.day(date(YEAR, 1, 8), date(YEAR, 3, 31))
            else:
                decided = self.day(date(YEAR, 1, 20), YEAR_END)
                received = self.day(max(date(YEAR, 1, 1), decided - timedelta(days=120)), decided - timedelta(days=5))
            person.birth = self.birth(decided, age)
            self.new_clients.append(self.application(person, received, POSITIVE, decided))
        self.new_minors(minors)
        self.new_clients_statuses(in_finland, abroad, minors)
        self.new_clients_events(in_finland, abroad)

    def group(self, nationalities: dict[str, int], sexes: dict[str, int]) -> list[_Person]:
        return [
            self.person(sex, None, nationality)
            for sex, nationality in zip(
                self.shuffled(_multiset(sexes)), self.shuffled(_multiset(nationalities)), strict=True
            )
        ]

    def new_minors(self, minors: list[_Person]) -> None:
        """Ten minors: two whose clienthood ends in 2025, six under 18 at its end, two 18 by then (one on 31.12.)."""
        for index, person in enumerate(minors):
            if index < 8:
                decided = self.day(date(YEAR, 1, 20), date(YEAR, 10, 31))
                person.birth = self.birth(decided, self.rng.randint(14, 16))
            elif index == 8:
                person.birth = date(YEAR - ADULT, 12, 31)
                decided = self.day(date(YEAR, 1, 20), date(YEAR, 12, 30))
            else:
                decided = self.day(date(YEAR, 1, 20), date(YEAR, 9, 30))
                person.birth = _years_before(self.day(decided + timedelta(days=1), YEAR_END - timedelta(days=1)), ADULT)
            received = self.day(max(date(YEAR, 1, 1), decided - timedelta(days=120)), decided - timedelta(days=5))
            application = self.application(person, received, POSITIVE, decided)
            if index < 2:
                self.minors_ending.append(application)
            self.new_clients.append(application)

    def new_clients_statuses(self, in_finland: list[_Person], abroad: list[_Person], minors: list[_Person]) -> None:
        """Finns are Finnish citizens, EU nationals EU citizens, some Ukrainians under temporary protection."""
        of_person = {application.person.person_id: application for application in self.new_clients}
        for group, statuses, temporary_protection in (
            (in_finland, STATUSES_IN_FINLAND, TEMPORARY_PROTECTION_IN_FINLAND),
            (abroad, STATUSES_ABROAD, len(abroad)),
        ):
            others = []
            for person in group:
                application = of_person[person.person_id]
                if person.nationality == FINLAND:
                    application.residence_status = "finnish_citizen"
                elif person.nationality in EU:
                    application.residence_status = "eu_citizen"
                elif person.nationality == "UA" and temporary_protection > 0:
                    application.residence_status = "temporary_protection"
                    temporary_protection -= 1
                else:
                    others.append(application)
            remaining = self.shuffled(_multiset(statuses))
            assert len(remaining) == len(others), (len(remaining), len(others))
            # Minors are applicants for protection or here with their families, never on a work permit.
            for application in sorted(others, key=lambda application: application.person not in minors):
                if application.person in minors:
                    status = next(
                        status
                        for status in remaining
                        if status in ("international_protection_applicant", "family_ties_permit")
                    )
                    remaining.remove(status)
                else:
                    status = remaining.pop()
                application.residence_status = status

    def new_clients_events(self, in_finland: list[_Person], abroad: list[_Person]) -> None:
        of_person = {application.person.person_id: application for application in self.new_clients}
        men = [of_person[person.person_id] for person in in_finland if person.sex == "M"]
        women = [of_person[person.person_id] for person in in_finland if person.sex == "F"]
        sectors = self.shuffled(_multiset(SECTORS_IN_FINLAND))
        forms_of_men = self.shuffled(_multiset(FORMS_IN_FINLAND_MEN))
        forms_of_women = self.shuffled(_multiset(FORMS_IN_FINLAND_WOMEN))
        for application, form in zip(men, forms_of_men, strict=True):
            self.event(application, form, FINLAND, sectors.pop() if form == FORCED_LABOUR else "")
        for index, application in enumerate(women):
            for _ in range(2 if index < WOMEN_WITH_TWO_EVENTS_IN_FINLAND else 1):
                form = forms_of_women.pop()
                self.event(application, form, FINLAND, sectors.pop() if form == FORCED_LABOUR else "")
        assert not sectors and not forms_of_women
        abroad_men = [of_person[person.person_id] for person in abroad if person.sex == "M"]
        abroad_women = [of_person[person.person_id] for person in abroad if person.sex == "F"]
        for application, form in zip(abroad_men, self.shuffled(_multiset(FORMS_ABROAD_MEN)), strict=True):
            self.event(application, form, self.abroad(application.person.nationality))
        others = self.shuffled(_multiset(FORMS_ABROAD_OTHERS))
        for index, application in enumerate(abroad_women):
            for _ in range(2 if index < WOMEN_WITH_TWO_EVENTS_ABROAD else 1):
                self.event(application, others.pop(), self.abroad(application.person.nationality))
        for application in self.rng.sample(men + women, IN_FINLAND_ALSO_ABROAD):
            self.event(application, others.pop(), self.abroad(application.person.nationality))
        assert not others

    def year_end(self, still_clients: list[_Application]) -> None:
        """Who ends their clienthood in 2025 (169) and in 2026, and the persons of the history's clients."""
        minors = self.minors_ending
        candidates = [
            application
            for application in self.new_clients
            if application.decided is not None
            and application.decided <= date(YEAR, 11, 15)
            and application.person.birth is not None
            and _age(application.person.birth, application.decided) >= ADULT
        ]
        ending = minors + self.rng.sample(candidates, NEW_CLIENTS_ENDED_IN_YEAR - len(minors))
        history_ending = self.rng.sample(still_clients, HISTORY_ENDED_IN_YEAR)
        reasons = self.shuffled(_multiset(END_REASONS_IN_YEAR))
        for index, application in enumerate(history_ending + ending):
            assert application.decided is not None
            # The first ends on 31 December: ended in 2025, and not a client at its end.
            first = YEAR_END if index == 0 else max(date(YEAR, 1, 1), application.decided + timedelta(days=20))
            self.end(application, first, YEAR_END, reasons.pop())
        ended = {application.application_id for application in history_ending + ending}
        at_year_end_history = [application for application in still_clients if application.application_id not in ended]
        at_year_end_new = [application for application in self.new_clients if application.application_id not in ended]
        self.clients_at_year_end = at_year_end_history + at_year_end_new
        for count, group in zip(ENDING_NEXT_YEAR, (at_year_end_history, at_year_end_new), strict=True):
            for application in self.rng.sample(group, count):
                self.end(application, date(NEXT_YEAR, 1, 1), REFERENCE_DATE)
        for application in history_ending:
            self.draw(application.person, application.received)
        self.stock_persons(at_year_end_history, at_year_end_new)

    def stock_persons(self, history: list[_Application], new: list[_Application]) -> None:
        """The persons of the history's clients at the end of 2025: sexes, ages and nationalities that give
        the stock its figures together with 2025's new clients."""
        women_new = sum(1 for application in new if application.person.sex == "F")
        women = WOMEN_AT_YEAR_END - women_new
        sexes = self.shuffled(
            _multiset({"F": women, "X": SEX_OTHER_AT_YEAR_END, "M": len(history) - women - SEX_OTHER_AT_YEAR_END})
        )
        minors_new = [
            application
            for application in new
            if application.person.birth is not None
            and application.decided is not None
            and _age(application.person.birth, application.decided) < ADULT
        ]
        under_18_new = [
            application
            for application in minors_new
            if application.person.birth is not None and _age(application.person.birth, YEAR_END) < ADULT
        ]
        # Taken in at 15 from February 2024 on: still under 18 at the end of 2025. Taken in as a minor before
        # 2022: an adult by then.
        recent = [
            application
            for application in history
            if application.decided is not None and application.decided >= date(PREVIOUS_YEAR, 2, 1)
        ]
        earlier = [
            application
            for application in history
            if application.decided is not None and application.decided.year < ADULTS_BY_YEAR_END_IF_TAKEN_IN_BEFORE
        ]
        under_18 = self.rng.sample(recent, UNDER_18_AT_YEAR_END - len(under_18_new))
        adult_now = self.rng.sample(earlier, ENTERED_AS_MINORS - len(minors_new) - len(under_18))
        for application, sex in zip(history, sexes, strict=True):
            person, decided = application.person, application.decided
            assert decided is not None
            person.sex, person.nationality = sex, self.weighted(NATIONALITY_WEIGHTS)
            if application in under_18:
                person.birth = self.birth(decided, 15)
            elif application in adult_now:
                person.birth = self.birth(decided, self.rng.randint(15, 17))
            elif self.rng.random() < UNKNOWN_BIRTH_SHARE:
                person.birth = None
            else:
                person.birth = self.birth(decided, self.adult_age())

    def history_events(self) -> None:
        """Events of the history's clients; of 2024's new clients exactly 54 were in forced labour in Finland."""
        previous_year = [
            application
            for application in self.history_clients
            if application.decided is not None and application.decided.year == PREVIOUS_YEAR
        ]
        in_forced_labour = self.rng.sample(previous_year, FORCED_LABOUR_IN_FINLAND_PREVIOUS_YEAR)
        for application in self.history_clients:
            if application in previous_year:
                self.random_events(application, forced_labour_in_finland=application in in_forced_labour)
            else:
                self.random_events(application)

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
        for application, reason in zip(negatives, self.shuffled(_multiset(NEGATIVE_REASONS_IN_YEAR)), strict=True):
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
        """Children of victims: 210 clients at the end of 2025, 32 who joined in 2025, and those before and after."""
        at_year_end = self.clients_at_year_end
        history_at_year_end = [application for application in at_year_end if application not in self.new_clients]
        # Those who joined before 2025 joined evenly over the years: about thirty children a year.
        for index in range(CHILDREN_EARLIER["open at year end"]):
            year = CHILDREN_OPEN_SINCE + index % (PREVIOUS_YEAR - CHILDREN_OPEN_SINCE + 1)
            self.child(history_at_year_end, date(year, 1, 1), date(year, 12, 31), open_at_year_end=True)
        for _ in range(CHILDREN_JOINED["open at year end"]):
            self.child(at_year_end, date(YEAR, 1, 1), YEAR_END, open_at_year_end=True)
        for index in range(CHILDREN_JOINED["left in the year"]):
            # The first leaves on 31 December, and so is not a client at the end of the year.
            child = self.child(at_year_end, date(YEAR, 1, 1), date(YEAR, 11, 30), open_at_year_end=index == 0)
            assert child.joined is not None and child.birth is not None
            child.left = YEAR_END
            if index:
                child.left = min(
                    self.day(child.joined + timedelta(days=10), YEAR_END), _years_after(child.birth, ADULT)
                )
        for index in range(CHILDREN_EARLIER["left by year end"]):
            year = CHILDREN_SINCE + index % (PREVIOUS_YEAR - CHILDREN_SINCE + 1)
            child = self.child(self.history_clients, date(year, 1, 1), date(year, 12, 31), open_at_year_end=False)
            assert child.joined is not None and child.birth is not None
            child.left = min(
                self.day(child.joined + timedelta(days=30), min(child.joined + timedelta(days=1500), YEAR_END)),
                _years_after(child.birth, ADULT),
            )
        open_children = [child for child in self.children_of_victims if child.left is None]
        for child in self.rng.sample(open_children, CHILDREN_LEAVING_NEXT_YEAR):
            child.left = self.day(date(NEXT_YEAR, 1, 1), REFERENCE_DATE)
        in_next_year = [application for application in at_year_end if application.ended is None] + [
            application for application in self.next_year_clients if application.ended is None
        ]
        for _ in range(CHILDREN_JOINING_NEXT_YEAR):
            self.child(in_next_year, date(NEXT_YEAR, 1, 1), REFERENCE_DATE, open_at_year_end=False)

    def child(self, parents: list[_Application], first: date, last: date, *, open_at_year_end: bool) -> _Person:
        """A child who joins a parent's clienthood from `first` to `last`; under 18 when joining (and at the
        end of 2025 if `open_at_year_end`), and leaving on their 18th birthday if that comes before the end."""
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
            earliest = _years_before(joined, ADULT) + timedelta(days=1)
            if open_at_year_end:
                earliest = max(earliest, date(YEAR - ADULT + 1, 1, 1))
            if parent.person.birth is not None:
                earliest = max(earliest, _years_after(parent.person.birth, CHILD_PARENT_MIN_AGE))
            if earliest > joined:
                continue
            birth = self.day(earliest, joined)
            break
        child = _Person(
            f"DEMO-C{len(self.children_of_victims) + 1:04d}",
            self.rng.choice(("F", "M")),
            birth,
            parent.person.nationality,
            parent.person,
            joined,
        )
        adult_on = _years_after(birth, ADULT)
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

    def random_status(self, application: _Application) -> str:
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
        by_year: dict[int, list[_Application]] = {}
        for application in self.applications:
            by_year.setdefault(application.received.year, []).append(application)
            application.office = self.weighted(OFFICE_WEIGHTS)
        for year, applications in sorted(by_year.items()):
            if year == YEAR:
                sources = self.shuffled(_multiset(SOURCES_IN_YEAR))
            elif year == PREVIOUS_YEAR:
                share = SOURCES_IN_YEAR[WELLBEING_COUNTY] / sum(SOURCES_IN_YEAR.values()) / 2
                wellbeing = _half_up(len(applications) * share)
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

    # Writing.

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        rows: dict[str, list[list[str]]] = {
            PERSONS.name: [
                [person.person_id, "victim", person.sex, _iso(person.birth), person.nationality, "", "", ""]
                for person in self.persons
            ]
            + [
                [
                    child.person_id,
                    "child_of_victim",
                    child.sex,
                    _iso(child.birth),
                    child.nationality,
                    child.parent.person_id if child.parent else "",
                    _iso(child.joined),
                    _iso(child.left),
                ]
                for child in self.children_of_victims
            ],
            APPLICATIONS.name: [
                [
                    application.application_id,
                    application.person.person_id,
                    _iso(application.received),
                    application.office,
                    application.source,
                    application.residence_status,
                    application.decision,
                    _iso(application.decided),
                    application.negative_reason,
                    _iso(application.ended),
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
                        _iso(event.began),
                        _iso(event.ended),
                    ]
                )
            if application.reflection is not None:
                granted, months = application.reflection
                rows[REFLECTION_PERIODS.name].append([application.application_id, _iso(granted), str(months)])
            for service, started, stopped in application.services:
                rows[SERVICES.name].append([application.application_id, service, _iso(started), _iso(stopped)])
        for file in (PERSONS, APPLICATIONS, EXPLOITATION, REFLECTION_PERIODS, SERVICES):
            with (folder / file.name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(file.columns)
                writer.writerows(rows[file.name])


def _iso(day: date | None) -> str:
    if day is not None and day > REFERENCE_DATE:
        raise ValueError(f"a demo date after {REFERENCE_DATE}: {day}")
    return "" if day is None else day.isoformat()


def write_demo_register(folder: Path) -> None:
    """Write the demo register's five files (the exchange format) into `folder`; the same files every time."""
    register = _DemoRegister()
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
