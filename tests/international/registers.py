"""Random registers for the international tests: persons, applications and events written straight to the tables
(no identifiers, no audit), drawn from a seeded generator."""

import random
from datetime import date, timedelta

from torju.register.models import Application, ExploitationEvent, Person

FORMS = [
    "forced_labour",
    "sexual_exploitation",
    "forced_marriage",
    "forced_criminality",
    "forced_begging",
    "organ_removal",
    "illegal_adoption",
    "surrogacy",
    "other",
]
COUNTRIES = ["FI", "FI", "FI", "EE", "SE", "NP", "TH", "UA", "VN", "NG", "IN", "RO", "GB", "XX", "ZZ"]
SECTORS = ["forestry_and_logging", "restaurants"]


def random_register(seed: int, persons: int, years: tuple[int, int] = (2023, 2025)) -> None:
    """`persons` victims with one or two applications each in `years`, most decided, with one to three events."""
    rng = random.Random(seed)
    people = [
        Person(
            person_id=f"R{seed}P{index}",
            role="victim",
            sex=rng.choice("FFFMMMX"),
            nationality=rng.choice(COUNTRIES),
            birth_date=None if rng.random() < 0.05 else date(rng.randint(1950, 2012), rng.randint(1, 12), 1),
        )
        for index in range(persons)
    ]
    Person.objects.bulk_create(people)
    applications, pending_events = [], []
    for index, person in enumerate(Person.objects.filter(person_id__startswith=f"R{seed}P").order_by("pk")):
        for number in range(rng.choice((1, 1, 1, 2))):
            received = date(rng.randint(*years), rng.randint(1, 12), rng.randint(1, 28))
            decided = received + timedelta(days=rng.randint(5, 200))
            decision = rng.choice(("positive", "positive", "positive", "negative", ""))
            application = Application(
                application_id=f"R{seed}A{index}-{number}",
                case_number=f"R{seed}C{index}-{number}",
                person=person,
                received_on=received,
                office="HEL",
                source="police",
                residence_status="unknown",
                decision=decision,
                decided_on=decided if decision else None,
                negative_reason="not_trafficking" if decision == "negative" else "",
            )
            applications.append(application)
            pending_events.append(rng.randint(0, 3))
    Application.objects.bulk_create(applications)
    saved = Application.objects.filter(application_id__startswith=f"R{seed}A").order_by("application_id")
    by_id = {application.application_id: application for application in saved}
    events = []
    for application, count in zip(applications, pending_events, strict=True):
        stored = by_id[application.application_id]
        for number in range(count):
            form = rng.choice(FORMS)
            events.append(
                ExploitationEvent(
                    event_id=f"{application.application_id}E{number}",
                    application=stored,
                    exploitation_form=form,
                    is_primary=number == 0,
                    country=rng.choice(COUNTRIES[:-2]),
                    sector=rng.choice(SECTORS) if form == "forced_labour" else "",
                )
            )
    ExploitationEvent.objects.bulk_create(events)
