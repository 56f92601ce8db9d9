"""The new clients of 2023 and 2024 as Annex 1 of the action plan 2026–2027 describes them.

Annex 1 ("Liite 1. Tilannekuva tilastotiedon valossa",
seeds/action-plan-2026-2027.md) states the assistance system's figures of
2023 and 2024, read with the definitions of spec/situational-picture.md § 1
(tests/statistics/test_demo_annex.py holds each with the plan's sentence).
Every new client of those two years gets a profile drawn from these exact
counts: sex, age, the form and place of the primary event, the sector of
forced labour, a second event for some. Where the plan rounds (61 % women,
the age bands, the shares of forms and sectors) the counts are ones that
round to it; where it is silent they are plausible.

The year-end stock of 2024 (1 331 victims of whom 12 minors, 77 entered as
minors, about 61 % women; 279 children) and that of 2025 (the published
review's 1 424) are both held: the 2025 review's figures imply that 1 331 +
271 − 169 = 1 433 is 9 more than 1 424, so nine clients of 2025 are persons
whose earlier clienthood was still open (`DOUBLE_CLIENTS`): the spec counts
clients per distinct person and allows several open clienthoods.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from torju.demo.register_figures import (
    ADULT,
    FINLAND,
    FORCED_LABOUR,
    FORM_WEIGHTS,
    NATIONALITY_WEIGHTS,
    NEGATIVE,
    POSITIVE,
    PREVIOUS_YEAR,
    YEAR,
)
from torju.demo.register_rows import DemoApplication, Draws, age_at, multiset

ABROAD = "abroad"
FORCED_MARRIAGE, SEXUAL_EXPLOITATION = "forced_marriage", "sexual_exploitation"
FORCED_CRIMINALITY, FORCED_BEGGING, OTHER = "forced_criminality", "forced_begging", "other"
WITHDRAWN, LAPSED = "withdrawn", "lapsed"
ANNEX_YEARS = (2023, 2024)
FORCED_MARRIAGE_2022 = 72  # "vuonna 2022 määrä oli vuotta 2024 suurempi (72)"
# Nine clients of 2025 whose clienthood of this year was still open (see the module's text).
DOUBLE_CLIENTS, DOUBLE_CLIENTS_FROM = 9, 2021
WOMEN_AT_PREVIOUS_YEAR_END = 812  # "Noin 61 % ihmiskaupan uhreista oli naisia." (of 1 331)


@dataclass(frozen=True)
class FormProfile:
    """The new clients of a year whose primary event is of one form: how many, in Finland, by sex."""

    persons: int
    in_finland: int
    sexes: dict[str, int]


@dataclass(frozen=True)
class AnnexYear:
    """What the plan says of a year, as exact counts (the comments quote the plan)."""

    year: int
    forms: dict[str, FormProfile]  # by primary form
    minors: dict[tuple[str, str], int]  # (form, sex): minors among them
    adult_ages: dict[tuple[int, int], int] | None  # age bands of the adults; None: drawn
    second_events: dict[str, int]  # forms of second events (never forced labour)
    second_events_in_finland: int
    sectors: dict[str, int]  # of the forced-labour events, those typical of Finland first
    refused: dict[str, int]  # negative decisions, withdrawn and lapsed applications
    still_clients_at_year_end_2024: int
    children_joined: int


YEAR_2023 = AnnexYear(
    year=2023,
    # "Pakkotyö (205 uutta asiakasta) … seksuaalinen hyväksikäyttö (57 uutta asiakasta) ja pakkoavioliitto
    # (50 uutta asiakasta)"; "hieman yli puolet oli naisia ja tyttöjä" (170 of 326).
    forms={
        FORCED_LABOUR: FormProfile(205, 180, {"F": 63, "M": 141, "X": 1}),
        SEXUAL_EXPLOITATION: FormProfile(57, 20, {"F": 50, "M": 7}),
        FORCED_MARRIAGE: FormProfile(50, 8, {"F": 50}),
        FORCED_CRIMINALITY: FormProfile(8, 4, {"F": 4, "M": 4}),
        FORCED_BEGGING: FormProfile(3, 1, {"F": 2, "M": 1}),
        OTHER: FormProfile(3, 1, {"F": 1, "M": 1, "X": 1}),
    },
    # "Asiakkaista noin 4 % oli alaikäisiä." (13 of 326)
    minors={(FORCED_MARRIAGE, "F"): 8, (SEXUAL_EXPLOITATION, "F"): 4, (FORCED_CRIMINALITY, "M"): 1},
    adult_ages=None,
    # "Pääosa eli 64 % kaikista vuoden 2023 hyväksikäyttötapauksista oli tapahtunut Suomessa." (228 of 356)
    second_events={SEXUAL_EXPLOITATION: 10, FORCED_CRIMINALITY: 8, FORCED_BEGGING: 4, OTHER: 4, FORCED_MARRIAGE: 4},
    second_events_in_finland=14,
    # "luonnon tuotteiden poiminta (32 %), marjatila (24 %), ravintola-ala (13 %), siivous (11 %),
    # hyvinvointi (4 %) sekä puutarha-ala (4 %). Hyväksikäyttöä oli myös monella muulla alalla."
    sectors={
        "wild_products_picking": 66,
        "berry_farms": 49,
        "restaurants": 27,
        "cleaning": 23,
        "wellness_and_beauty": 8,
        "agriculture_and_horticulture": 8,
        "construction": 7,
        "forestry_and_logging": 6,
        "domestic_work": 4,
        "transport_and_logistics": 3,
        "manufacturing": 2,
        "other": 2,
    },
    # "kirjattiin … uusia hakemuksia, yhteensä 510 kappaletta": 326 positive and these 184, all received in 2023.
    refused={NEGATIVE: 165, WITHDRAWN: 13, LAPSED: 6},
    still_clients_at_year_end_2024=255,
    children_joined=36,  # "sekä 36 asiakkaiden lasta"
)
YEAR_2024 = AnnexYear(
    year=2024,
    # "207 uutta asiakasta, joista 90 oli joutunut ihmiskaupan uhriksi Suomessa … 45 % oli joutunut pakkotyöhön
    # ja 32 % oli pakkoavioliiton uhreja. Loput olivat seksuaalisen hyväksikäytön uhreja (20 %) tai pakotettuja
    # rikolliseen toimintaan." "Pakkoavioliittojen määrä (66)". "Uhreista 61 % oli naisia ja tyttöjä." (126)
    # Of forced labour 54 in Finland: "Vuonna 2024 pakkotyön uhreja Suomessa oli 54." (the 2025 review)
    forms={
        FORCED_LABOUR: FormProfile(93, 54, {"F": 24, "M": 67, "X": 2}),
        FORCED_MARRIAGE: FormProfile(66, 10, {"F": 64, "M": 2}),
        SEXUAL_EXPLOITATION: FormProfile(41, 20, {"F": 36, "M": 5}),
        FORCED_CRIMINALITY: FormProfile(7, 4, {"F": 2, "M": 5}),
    },
    # "Uusista asiakkaista noin 5 % oli alaikäisiä, 41 % oli iältään 18–29-vuotiaita, 34 % 30–39-vuotiaita,
    # 13 % 40–49-vuotiaita ja 7 % 50–59-vuotiaita."
    minors={(FORCED_MARRIAGE, "F"): 5, (SEXUAL_EXPLOITATION, "F"): 4, (FORCED_CRIMINALITY, "M"): 1},
    adult_ages={(18, 29): 85, (30, 39): 70, (40, 49): 27, (50, 59): 14, (60, 66): 1},
    second_events={SEXUAL_EXPLOITATION: 8, FORCED_CRIMINALITY: 6, FORCED_MARRIAGE: 3, OTHER: 3},
    second_events_in_finland=2,  # of persons exploited abroad otherwise: 88 + 2 = 90 in Finland
    sectors={
        "berry_farms": 14,
        "restaurants": 12,
        "agriculture_and_horticulture": 9,
        "construction": 8,
        "cleaning": 6,
        "wild_products_picking": 5,
        "forestry_and_logging": 4,
        "domestic_work": 6,
        "transport_and_logistics": 8,
        "manufacturing": 9,
        "wellness_and_beauty": 4,
        "other": 8,
    },
    # "koko vuoden tilastoissa 41 % päätöksistä oli kielteisiä": 143 of 350.
    refused={NEGATIVE: 143, WITHDRAWN: 8, LAPSED: 4},
    still_clients_at_year_end_2024=193,
    children_joined=23,  # "sekä 23 heidän alaikäistä lastaan"
)
ANNEX = {annex.year: annex for annex in (YEAR_2023, YEAR_2024)}
FINNISH_SEASONAL_WORK = ("wild_products_picking", "berry_farms")


@dataclass
class Profile:
    """One new client of an annex year, before a person and an application are found for them."""

    form: str
    sex: str
    place: str  # FINLAND or ABROAD
    minor: bool = False
    sector: str = ""
    second: tuple[str, str] | None = None  # (form, place)


class AnnexYears(Draws):
    """Profiles of the new clients of 2023 and 2024, the persons made from them, and their events."""

    def profiles(self, annex: AnnexYear) -> list[Profile]:
        profiles: list[Profile] = []
        for form, counts in annex.forms.items():
            places = self.shuffled([FINLAND] * counts.in_finland + [ABROAD] * (counts.persons - counts.in_finland))
            for sex, place in zip(self.shuffled(multiset(counts.sexes)), places, strict=True):
                profiles.append(Profile(form, sex, place))
        for (form, sex), count in annex.minors.items():
            for profile in self.rng.sample([p for p in profiles if p.form == form and p.sex == sex], count):
                profile.minor = True
        # Sectors: those typical of Finland for the events in Finland.
        forced_labour = [profile for profile in profiles if profile.form == FORCED_LABOUR]
        ordered = sorted(forced_labour, key=lambda profile: profile.place != FINLAND)
        for profile, sector in zip(ordered, multiset(annex.sectors), strict=True):
            profile.sector = sector
        seconds = self.shuffled(multiset(annex.second_events))
        in_finland = annex.second_events_in_finland
        # A second event in Finland goes to someone exploited abroad otherwise (a person newly in Finland).
        abroad = self.rng.sample([p for p in profiles if p.place == ABROAD and not p.minor], in_finland)
        others = self.rng.sample([p for p in profiles if p not in abroad and not p.minor], len(seconds) - in_finland)
        for profile, form in zip(abroad + others, seconds, strict=True):
            profile.second = (form, FINLAND if profile in abroad else ABROAD)
        return self.shuffled(profiles)

    def nationality_for(self, profile: Profile) -> str:
        """Nationalities drawn; most of the wild-berry and berry-farm pickers in Finland were Thai (2023)."""
        if profile.place == FINLAND and profile.sector in FINNISH_SEASONAL_WORK and self.rng.random() < 0.85:
            return "TH"
        return self.weighted(NATIONALITY_WEIGHTS)

    def minor_birth(self, annex: AnnexYear, decided: date, index: int) -> date:
        """Minors of 2023: two under 18 at the end of 2024, the rest 18 by then; of 2024: four still under 18
        at the end of 2025, the rest 18 in 2025; all of them clients at the end of both years."""
        if annex.year == PREVIOUS_YEAR - 1:
            first, last = (date(2007, 1, 1), date(2007, 6, 30)) if index < 2 else (date(2006, 1, 1), date(2006, 12, 31))
        else:
            first, last = (date(2008, 1, 1), date(2009, 6, 30)) if index < 4 else (date(2007, 1, 1), date(2007, 12, 31))
        birth = self.day(first, min(last, decided))
        assert age_at(birth, decided) < ADULT
        return birth

    def annex_year(self, annex: AnnexYear) -> list[DemoApplication]:
        """Refusals, and the new clients of the year from their profiles; returns those still clients at the
        end of 2024 (every minor among them)."""
        for decision, count in annex.refused.items():
            for _ in range(count):
                self.random_events(self.decided_in(annex.year, decision, received_in_year=True))
        profiles = self.profiles(annex)
        minors = [index for index, profile in enumerate(profiles) if profile.minor]
        adults = [index for index, profile in enumerate(profiles) if not profile.minor]
        remaining = set(minors) | set(self.rng.sample(adults, annex.still_clients_at_year_end_2024 - len(minors)))
        ages = self.shuffled(
            self.rng.randint(low, high) for (low, high), count in (annex.adult_ages or {}).items() for _ in range(count)
        )
        still: list[DemoApplication] = []
        minor_index = 0
        for index, profile in enumerate(profiles):
            received, decided = self.decision_dates(annex.year, received_in_year=True)
            person = self.person() if index in remaining else self.applicant_again(received) or self.person()
            person.sex, person.nationality = profile.sex, self.nationality_for(profile)
            if profile.minor:
                person.birth = self.minor_birth(annex, decided, minor_index)
                minor_index += 1
            else:
                person.birth = self.birth(decided, ages.pop() if annex.adult_ages else self.adult_age())
            application = self.application(person, received, POSITIVE, decided)
            self.annex_events(application, profile)
            self.profiled.add(application)
            if index in remaining:
                still.append(application)
                if profile.minor:
                    self.stays_through_year.add(application)
            else:
                self.end(
                    application,
                    min(decided + timedelta(days=30), date(PREVIOUS_YEAR, 12, 31)),
                    date(PREVIOUS_YEAR, 12, 31),
                )
            self.history_clients.append(application)
        assert not ages
        return still

    def annex_events(self, application: DemoApplication, profile: Profile) -> None:
        nationality = application.person.nationality
        country = FINLAND if profile.place == FINLAND else self.abroad(nationality)
        self.event(application, profile.form, country, profile.sector)
        if profile.second is not None:
            form, place = profile.second
            self.event(application, form, FINLAND if place == FINLAND else self.abroad(nationality), "")

    def double_clients(self, still_clients: list[DemoApplication]) -> list[DemoApplication]:
        """Nine adult new clients of 2025 whose clienthood of 2021 was still open: their 2021 applications,
        taken out of `still_clients` (they stay open; the person is counted once)."""
        earlier = [
            application
            for application in still_clients
            if application.decided is not None
            and application.decided.year == DOUBLE_CLIENTS_FROM
            and application not in self.profiled
        ]
        candidates = [
            application
            for application in self.new_clients
            if application.person.birth is not None
            and application.decided is not None
            and age_at(application.person.birth, application.decided) >= 25
            and application.decided >= date(YEAR, 1, 20)
        ]
        doubles = self.rng.sample(earlier, DOUBLE_CLIENTS)
        for application, new in zip(doubles, self.rng.sample(candidates, DOUBLE_CLIENTS), strict=True):
            self.persons.remove(application.person)
            application.person = new.person
            self.double_new_clients.add(new)
            still_clients.remove(application)
        return doubles

    def forced_marriages_of_2022(self) -> None:
        """72 new clients of 2022 with forced marriage as the primary event, women first; none other."""
        clients = [
            application
            for application in self.history_clients
            if application.decided is not None and application.decided.year == 2022
        ]
        ranked = sorted(self.shuffled(clients), key=lambda application: application.person.sex != "F")
        chosen = set(ranked[:FORCED_MARRIAGE_2022])
        for application in clients:
            primary = application.events[0]
            if application in chosen:
                primary.form, primary.sector = FORCED_MARRIAGE, ""
            elif primary.form == FORCED_MARRIAGE:
                primary.form = self.weighted(FORM_WEIGHTS, leave_out=(FORCED_MARRIAGE, FORCED_LABOUR))
