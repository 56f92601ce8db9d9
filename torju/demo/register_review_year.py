"""The year of the published review, 2025, and the year-end stock it describes: the figures held exactly."""

from datetime import date, timedelta

from torju.demo.register_annex import WOMEN_AT_PREVIOUS_YEAR_END
from torju.demo.register_figures import (
    ADULT,
    ADULTS_BY_YEAR_END_IF_TAKEN_IN_BEFORE,
    AGE_BANDS_IN_YEAR,
    END_REASONS_IN_YEAR,
    ENDING_NEXT_YEAR,
    ENTERED_AS_MINORS,
    EU,
    FINLAND,
    FORCED_LABOUR,
    FORMS_ABROAD_MEN,
    FORMS_ABROAD_OTHERS,
    FORMS_IN_FINLAND_MEN,
    FORMS_IN_FINLAND_WOMEN,
    HISTORY_ENDED_IN_YEAR,
    IN_FINLAND_ALSO_ABROAD,
    MINORS_IN_YEAR,
    NATIONALITIES_ABROAD,
    NATIONALITIES_IN_FINLAND,
    NATIONALITY_WEIGHTS,
    NEW_CLIENTS_ENDED_IN_YEAR,
    NEXT_YEAR,
    POSITIVE,
    PREVIOUS_YEAR,
    RECEIVED_BEFORE_DECIDED_IN_YEAR,
    REFERENCE_DATE,
    SECTORS_IN_FINLAND,
    SEX_OTHER_AT_YEAR_END,
    SEXES_ABROAD,
    SEXES_IN_FINLAND,
    STATUSES_ABROAD,
    STATUSES_IN_FINLAND,
    TEMPORARY_PROTECTION_IN_FINLAND,
    UNDER_18_AT_YEAR_END,
    UNKNOWN_BIRTH_SHARE,
    WOMEN_AT_YEAR_END,
    WOMEN_WITH_TWO_EVENTS_ABROAD,
    WOMEN_WITH_TWO_EVENTS_IN_FINLAND,
    YEAR,
    YEAR_END,
)
from torju.demo.register_rows import DemoApplication, DemoPerson, Draws, age_at, multiset, years_before

WOMEN_S_FORMS = frozenset({"forced_marriage", "sexual_exploitation", "surrogacy"})


class ReviewYear(Draws):
    """The new clients of 2025 by every breakdown of the review, and the clients at the end of 2025."""

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

    def group(self, nationalities: dict[str, int], sexes: dict[str, int]) -> list[DemoPerson]:
        return [
            self.person(sex, None, nationality)
            for sex, nationality in zip(
                self.shuffled(multiset(sexes)), self.shuffled(multiset(nationalities)), strict=True
            )
        ]

    def new_minors(self, minors: list[DemoPerson]) -> None:
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
                person.birth = years_before(self.day(decided + timedelta(days=1), YEAR_END - timedelta(days=1)), ADULT)
            received = self.day(max(date(YEAR, 1, 1), decided - timedelta(days=120)), decided - timedelta(days=5))
            application = self.application(person, received, POSITIVE, decided)
            if index < 2:
                self.minors_ending.append(application)
            self.new_clients.append(application)

    def new_clients_statuses(
        self, in_finland: list[DemoPerson], abroad: list[DemoPerson], minors: list[DemoPerson]
    ) -> None:
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
            remaining = self.shuffled(multiset(statuses))
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

    def new_clients_events(self, in_finland: list[DemoPerson], abroad: list[DemoPerson]) -> None:
        of_person = {application.person.person_id: application for application in self.new_clients}
        men = [of_person[person.person_id] for person in in_finland if person.sex == "M"]
        women = [of_person[person.person_id] for person in in_finland if person.sex == "F"]
        sectors = self.shuffled(multiset(SECTORS_IN_FINLAND))
        forms_of_men = self.shuffled(multiset(FORMS_IN_FINLAND_MEN))
        forms_of_women = self.shuffled(multiset(FORMS_IN_FINLAND_WOMEN))
        for application, form in zip(men, forms_of_men, strict=True):
            self.event(application, form, FINLAND, sectors.pop() if form == FORCED_LABOUR else "")
        for index, application in enumerate(women):
            for _ in range(2 if index < WOMEN_WITH_TWO_EVENTS_IN_FINLAND else 1):
                form = forms_of_women.pop()
                self.event(application, form, FINLAND, sectors.pop() if form == FORCED_LABOUR else "")
        assert not sectors and not forms_of_women
        abroad_men = [of_person[person.person_id] for person in abroad if person.sex == "M"]
        abroad_women = [of_person[person.person_id] for person in abroad if person.sex == "F"]
        for application, form in zip(abroad_men, self.shuffled(multiset(FORMS_ABROAD_MEN)), strict=True):
            self.event(application, form, self.abroad(application.person.nationality))
        others = self.shuffled(multiset(FORMS_ABROAD_OTHERS))
        for index, application in enumerate(abroad_women):
            for _ in range(2 if index < WOMEN_WITH_TWO_EVENTS_ABROAD else 1):
                self.event(application, others.pop(), self.abroad(application.person.nationality))
        # The rest are second events abroad of those exploited in Finland; forced marriage, sexual exploitation
        # and surrogacy of women (the review: "Pakkoavioliitto ja seksuaalinen hyväksikäyttö kohdistuvat
        # useimmiten naisiin"), so that no one man is alone in such a cell of the forms × sex table.
        assert len(others) == IN_FINLAND_ALSO_ABROAD
        of_women, of_anyone = self.shuffled(women), self.shuffled(men + women)
        chosen: set[str] = set()
        while others:
            form = others.pop()
            pool = of_women if form in WOMEN_S_FORMS else of_anyone
            application = next(each for each in pool if each.application_id not in chosen)
            chosen.add(application.application_id)
            self.event(application, form, self.abroad(application.person.nationality))

    def year_end(self, still_clients: list[DemoApplication], doubles: list[DemoApplication]) -> None:
        """Who ends their clienthood in 2025 (169) and in 2026, and the persons of the history's clients.

        `still_clients`: the history's clients at the end of 2024 but `doubles`, whose persons are new
        clients of 2025 too (torju.demo.register_annex); both make the stock of the end of 2024."""
        minors = self.minors_ending
        candidates = [
            application
            for application in self.new_clients
            if application not in self.double_new_clients
            and application.decided is not None
            and application.decided <= date(YEAR, 11, 15)
            and application.person.birth is not None
            and age_at(application.person.birth, application.decided) >= ADULT
        ]
        ending = minors + self.rng.sample(candidates, NEW_CLIENTS_ENDED_IN_YEAR - len(minors))
        history_ending = self.rng.sample(
            [application for application in still_clients if application not in self.stays_through_year],
            HISTORY_ENDED_IN_YEAR,
        )
        reasons = self.shuffled(multiset(END_REASONS_IN_YEAR))
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
        self.stock_persons(at_year_end_history, at_year_end_new)
        self.ending_persons(history_ending, still_clients + doubles)

    def ending_persons(self, ending: list[DemoApplication], stock: list[DemoApplication]) -> None:
        """The persons of the history's clients whose clienthood ends in 2025: adults, so many women that about
        61 % of the victims at the end of 2024 (`stock`) were women (812 of 1 331)."""
        drawn = [application for application in ending if application not in self.profiled]
        known = [application for application in stock if application not in drawn]
        women = WOMEN_AT_PREVIOUS_YEAR_END - sum(1 for application in known if application.person.sex == "F")
        assert 0 <= women <= len(drawn), women
        sexes = self.shuffled(multiset({"F": women, "M": len(drawn) - women}))
        for application, sex in zip(drawn, sexes, strict=True):
            person = application.person
            person.sex, person.nationality = sex, self.weighted(NATIONALITY_WEIGHTS)
            person.birth = (
                None if self.rng.random() < UNKNOWN_BIRTH_SHARE else self.birth(application.received, self.adult_age())
            )

    def stock_persons(self, history: list[DemoApplication], new: list[DemoApplication]) -> None:
        """The persons of the history's clients at the end of 2025: sexes, ages and nationalities that give
        the stock its figures together with 2025's new clients and those of 2023 and 2024 (already drawn)."""
        profiled = [application for application in history if application in self.profiled]
        history = [application for application in history if application not in self.profiled]
        women_new = sum(1 for application in new + profiled if application.person.sex == "F")
        women = WOMEN_AT_YEAR_END - women_new
        sexes = self.shuffled(
            multiset({"F": women, "X": SEX_OTHER_AT_YEAR_END, "M": len(history) - women - SEX_OTHER_AT_YEAR_END})
        )

        def entered_as_minor(application: DemoApplication) -> bool:
            birth, decided = application.person.birth, application.decided
            return birth is not None and decided is not None and age_at(birth, decided) < ADULT

        def under_18(application: DemoApplication) -> bool:
            birth = application.person.birth
            return birth is not None and age_at(birth, YEAR_END) < ADULT

        minors_new = [application for application in new + profiled if entered_as_minor(application)]
        under_18_new = [application for application in minors_new if under_18(application)]
        # Taken in at 15 from February 2024 on: still under 18 at the end of 2025 (2024's are profiled: none
        # here). Taken in as a minor before 2022: an adult by then, and by the end of 2024.
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
        young = self.rng.sample(recent, UNDER_18_AT_YEAR_END - len(under_18_new))
        adult_now = self.rng.sample(earlier, ENTERED_AS_MINORS - len(minors_new) - len(young))
        for application, sex in zip(history, sexes, strict=True):
            person, decided = application.person, application.decided
            assert decided is not None
            person.sex, person.nationality = sex, self.weighted(NATIONALITY_WEIGHTS)
            if application in young:
                person.birth = self.birth(decided, 15)
            elif application in adult_now:
                person.birth = self.birth(decided, self.rng.randint(15, 17))
            elif self.rng.random() < UNKNOWN_BIRTH_SHARE:
                person.birth = None
            else:
                person.birth = self.birth(decided, self.adult_age())

    def history_events(self) -> None:
        """Events of the history's clients (those of 2023 and 2024 have theirs from their profiles)."""
        for application in self.history_clients:
            if application not in self.profiled:
                self.random_events(application)
