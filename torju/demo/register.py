"""The demo register: the synthetic register of torju.demo.register_data, made workable for the demo users.

The exchange format carries no names, so the demo gives its persons
fictitious ones (from short lists of made-up names, with temporary identity
codes, numbers 900–999, which are never given to real people), assigns some
open Helsinki cases to the demo caseworker and leaves one decision waiting
for the demo decision maker. Everything is created once: a register that has
persons already is left as it is.
"""

import random
from datetime import date

from django.db import transaction

from torju.accounts.models import User
from torju.actor import Actor
from torju.demo.register_data import load_demo_register
from torju.demo.users import demo_user
from torju.legalpath.services import record_grounds
from torju.register.hetu import CHECK_CHARACTERS, FIRST_TEMPORARY_NUMBER
from torju.register.models import Application, DirectIdentifiers, Person
from torju.register.services import draft_decision, set_waiting_for_information

FIRST_NAMES = ["Demo", "Testi", "Malli", "Esimerkki", "Kuvitelma", "Harjoitus", "Keksitty", "Luonnos"]
LAST_NAMES = ["Demonen", "Testinen", "Mallinen", "Esimerkkinen", "Kuvitteellinen", "Harjoittelija", "Olematon"]
CENTURY_SIGNS = {1800: "+", 1900: "-", 2000: "A"}
ASSIGNED_TO_DEMO = 8
WAITING_FOR = (
    "Poliisin esitutkintapöytäkirja (Helsingin poliisilaitos)",
    "Maahanmuuttoviraston lausunto oleskelulupahakemuksen vaiheesta",
)
IDENTIFIER_COLUMNS = [
    "first_names_encrypted",
    "last_name_encrypted",
    "hetu_encrypted",
    "phone_encrypted",
    "address_encrypted",
    "hetu_hash",
    "name_birth_hash",
]


def temporary_hetu(born: date, number: int) -> str:
    """A valid temporary personal identity code (individual number 900–999) for the birth date."""
    individual = FIRST_TEMPORARY_NUMBER + number % 100
    digits = f"{born:%d%m%y}{individual:03d}"
    return f"{born:%d%m%y}{CENTURY_SIGNS[born.year // 100 * 100]}{individual:03d}{CHECK_CHARACTERS[int(digits) % 31]}"


def _fictitious_identifiers() -> int:
    """Names (and temporary identity codes where the birth date is known) for persons who have none."""
    rng = random.Random(2025)  # noqa: S311  (fictitious demo names, reproducible)
    people = list(Person.objects.filter(first_names_encrypted="", identifiers_erased_at__isnull=True).order_by("pk"))
    used_hetus: set[str] = set()
    for number, person in enumerate(people):
        hetu = ""
        if person.birth_date is not None and not person.birth_date_estimated:
            candidate = temporary_hetu(person.birth_date, number)
            if candidate not in used_hetus:
                hetu = candidate
                used_hetus.add(candidate)
        person.write_identifiers(
            DirectIdentifiers(
                first_names=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)}-{number + 1}",
                hetu=hetu,
                phone=f"+358 40 000 {number % 10000:04d}",
                address="Esimerkkikatu 1, 00100 Helsinki",
            )
        )
    for person in people:  # row by row: bulk_update's CASE expressions are far slower at this size
        person.save(update_fields=IDENTIFIER_COLUMNS)
    return len(people)


def _work_for_the_demo_users(caseworker: User) -> None:
    pending = list(
        Application.objects.filter(office="HEL", decision="", assigned_to__isnull=True).order_by("-received_on")[
            :ASSIGNED_TO_DEMO
        ]
    )
    Application.objects.filter(pk__in=[application.pk for application in pending]).update(assigned_to=caseworker)
    if pending:
        waiting = pending[-1]
        # A positive decision rests on recorded grounds (torju.legalpath): the demo's draft has them.
        record_grounds(
            actor=Actor.for_user(caseworker),
            application=waiting,
            is_child=False,
            act_assessed=True,
            means_assessed=True,
            purpose_assessed=True,
            indicators=["deception.conditions", "coercion.debt_bondage", "exploitation.low_or_no_pay"],
            preliminary_on=waiting.received_on,
            reasonable_grounds=True,
            final_on=waiting.received_on,
            final_grounds=True,
        )
        draft_decision(
            actor=Actor.for_user(caseworker), application=waiting, decision="positive", decided_on=waiting.received_on
        )
    # Two of the others wait for information (decision 0108): the work list and the backlog show why.
    for application, reason in zip(pending[1:-1], WAITING_FOR, strict=False):
        set_waiting_for_information(actor=Actor.for_user(caseworker), application=application, reason=reason)


def ensure_demo_register() -> list[str]:
    if Person.objects.exists():
        return ["Demo register: the register has persons already; nothing was added."]
    lines = [load_demo_register()]  # an all-or-nothing import of its own
    with transaction.atomic():
        named = _fictitious_identifiers()
        _work_for_the_demo_users(demo_user("demo-caseworker"))
    lines.append(f"Demo register: {named} persons got fictitious names; cases assigned to demo-caseworker.")
    return lines
