"""The demo helpline: the info line's work from 2025 to the demo register's reference date, invented.

Several hundred anonymous contacts of every channel, contact type and
subject in plausible proportions (more in the berry and tourist seasons),
about a third of those about a suspected case grouped into consultation
cases worked on by the demo advisers, screening indicators ticked, and
referrals in every state. The referrals whose outcome is "application
registered" are linked to applications of the demo register (torju.
demo.register_data) received at the same office a few days to a month
after the referral, their referring party one that maps to the
application's source (docs/helpline.md), so the statistics' share that led
to an application is real. A few referrals sent in the last days wait on
the offices' work lists. Drawn with a fixed seed; created once (an info
line with contacts already is left as it is). Rows are written directly,
as the register's demo import does: no audit rows for invented history.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from torju.accounts.models import User
from torju.demo.helpline_data import (
    ABROAD,
    CHANNELS,
    CONTACT_TYPES,
    FIRST_RESPONDERS,
    FORMS,
    GENERAL_NOTES,
    INDICATORS_BY_FORM,
    LANGUAGES,
    MONTH_WEIGHT,
    NOT_TRAFFICKING,
    NOTES,
    OUTCOMES,
    PEOPLE,
    REGIONS,
    SECTORS,
    SUBJECTS,
    WHERE,
    WHO,
)
from torju.demo.register_figures import REFERENCE_DATE
from torju.demo.users import demo_user
from torju.helpline.models import (
    APPLICATION_REGISTERED,
    CaseStatus,
    ConsultationCase,
    ConsultationNumberCounter,
    Contact,
    ContactAction,
    ContactExploitationForm,
    IndicatorTick,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from torju.helpline.services.applications import REFERRING_PARTY_SOURCE
from torju.helpline.services.common import CASE_NUMBER_DIGITS, CASE_NUMBER_PREFIX
from torju.register.models import Application

T = TypeVar("T")
SEED = 12
FIRST_DAY = date(2025, 1, 1)
CONTACTS_PER_DAY = 1.25
ADVISERS = ("demo-adviser", "demo-adviser-2")
CASEWORKERS = {"HEL": "demo-caseworker", "TRE": "demo-caseworker-tre"}  # the offices with a demo caseworker


@dataclass
class Drawn:
    """What the demo has made so far, written at the end in bulk."""

    contacts: list[Contact] = field(default_factory=list)
    forms: dict[int, tuple[str, ...]] = field(default_factory=dict)  # index of the contact → its forms
    actions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # index of a case's last contact → the application its referral led to
    applications: dict[int, Application] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoCase:
    case: ConsultationCase
    contacts: list[Contact]
    forms: tuple[str, ...]
    application: Application | None


def _pick(rng: random.Random, weights: dict[str, int] | dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _choice(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def _at(day: date, rng: random.Random) -> datetime:
    """A time of the day in Finnish time; the line answers round the clock, mostly in office hours."""
    hour = rng.choice((8, 9, 9, 10, 10, 11, 12, 13, 13, 14, 15, 16, 18, 21, 23))
    return timezone.make_aware(datetime.combine(day, time(hour, rng.randrange(60))))


def _contact(
    rng: random.Random, when: datetime, recorded_by: User, contact_type: str = ""
) -> tuple[Contact, tuple[str, ...], tuple[str, ...]]:
    contact_type = contact_type or _pick(rng, CONTACT_TYPES)
    subject = _pick(rng, SUBJECTS)
    forms: tuple[str, ...] = ()
    if subject in ("suspected_case", "referral"):
        forms = tuple(dict.fromkeys(_pick(rng, FORMS) for _ in range(2 if rng.random() < 0.15 else 1)))
    sector = ""
    if "forced_labour" in forms:
        summer = when.month in (6, 7, 8, 9)
        sector = "berry_farms" if summer and rng.random() < 0.5 else _pick(rng, SECTORS)
    region = _pick(rng, REGIONS) if rng.random() > 0.05 else ""
    country = _choice(rng, ABROAD) if not region and rng.random() < 0.4 else ""
    minor = rng.choices((True, False, None), weights=(8, 60, 32))[0] if forms else None
    actions = ["advice_given"] if rng.random() < 0.7 else []
    if forms and rng.random() < 0.3:
        actions.append(
            _choice(rng, ("referred_police", "referred_social_services", "referred_ngo", "referred_other_authority"))
        )
    if rng.random() < 0.2:
        actions.append("information_sent")
    person = ""
    if forms and rng.random() < 0.6:
        person = _choice(rng, PEOPLE).format(
            age=rng.randrange(17, 55), who=_choice(rng, WHO), where=_choice(rng, WHERE)
        )
    notes = _choice(rng, NOTES[forms[0]]) if forms else _choice(rng, GENERAL_NOTES)
    contact = Contact(
        contacted_at=when,
        channel=_pick(rng, CHANNELS),
        contact_type=contact_type,
        primary_language=_pick(rng, LANGUAGES),
        subject=subject,
        sector=sector,
        region=region,
        country=country,
        concerns_minor=minor,
        person_description=person,
        notes=notes,
        recorded_by=recorded_by,
    )
    return contact, forms, tuple(dict.fromkeys(actions))


def _days(rng: random.Random, first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        expected = CONTACTS_PER_DAY * MONTH_WEIGHT[day.month] * (0.6 if day.weekday() >= 5 else 1.1)
        days += [day] * (int(expected) + (1 if rng.random() < expected % 1 else 0))
        day += timedelta(days=1)
    return days


def _applications_to_link(rng: random.Random) -> list[Application]:
    """Applications of the demo register that a referral may have led to: received in the helpline's period."""
    applications = list(
        Application.objects.filter(
            received_on__gte=FIRST_DAY + timedelta(days=14), received_on__lte=REFERENCE_DATE, office__in=CASEWORKERS
        )
        .exclude(source="legal_counsel")
        .order_by("received_on", "pk")
    )
    rng.shuffle(applications)
    return applications[: len(applications) // 12]


def _party_for(rng: random.Random, source: str) -> str:
    parties = [party for party, mapped in REFERRING_PARTY_SOURCE.items() if mapped == source]
    return _choice(rng, parties) if parties else "other"


@transaction.atomic
def ensure_demo_helpline() -> list[str]:
    if Contact.objects.exists():
        return ["Demo helpline: the info line has contacts already; nothing was added."]
    rng = random.Random(SEED)  # noqa: S311  (invented demo data, reproducible)
    advisers = [demo_user(username) for username in ADVISERS]
    caseworkers = {office: demo_user(username) for office, username in CASEWORKERS.items()}
    drawn = Drawn()
    loose: list[int] = []
    for day in _days(rng, FIRST_DAY, REFERENCE_DATE):
        contact, forms, actions = _contact(rng, _at(day, rng), _choice(rng, advisers))
        index = len(drawn.contacts)
        drawn.contacts.append(contact)
        drawn.forms[index], drawn.actions[index] = forms, actions
        if forms:
            loose.append(index)
    groups = _groups(rng, drawn, loose, advisers)
    linked = _linked_cases(rng, drawn, advisers)
    _write(drawn)
    cases = _write_cases(rng, drawn, groups + linked, advisers)
    referrals = _referrals(rng, cases, caseworkers)
    referrals += _first_responders(rng, advisers, caseworkers)
    referrals += _waiting_now(rng, cases, advisers)
    return [
        f"Demo helpline: {len(drawn.contacts)} contacts, {len(cases)} consultation cases and {referrals} referrals; "
        f"{len(linked)} led to applications of the demo register."
    ]


def _groups(rng: random.Random, drawn: Drawn, candidates: list[int], advisers: list[User]) -> list[list[int]]:
    """About a third of the contacts about a suspected case start a case; later calls about it join it."""
    groups = []
    for index in candidates:
        if rng.random() > 0.33:
            continue
        first = drawn.contacts[index]
        group = [index]
        for step in range(rng.choice((0, 0, 1, 1, 2, 3))):
            when = first.contacted_at + timedelta(days=rng.randrange(1, 20) * (step + 1), hours=rng.randrange(8))
            if when.date() > REFERENCE_DATE:
                break
            follow_up, _forms, actions = _contact(rng, when, _choice(rng, advisers), first.contact_type)
            follow_up.subject, follow_up.sector, follow_up.region = first.subject, first.sector, first.region
            follow_up.country, follow_up.concerns_minor = first.country, first.concerns_minor
            drawn.contacts.append(follow_up)
            drawn.forms[len(drawn.contacts) - 1] = drawn.forms[index]
            drawn.actions[len(drawn.contacts) - 1] = actions
            group.append(len(drawn.contacts) - 1)
        groups.append(group)
    return groups


def _linked_cases(rng: random.Random, drawn: Drawn, advisers: list[User]) -> list[list[int]]:
    """Cases that end in a referral whose application is in the demo register: first a contact, then the rest."""
    groups = []
    for application in _applications_to_link(rng):
        sent = application.received_on - timedelta(days=rng.randrange(3, 30))
        party = _party_for(rng, application.source)
        group = []
        for step in range(rng.choice((1, 2, 2, 3))):
            when = _at(sent - timedelta(days=(2 - step) * rng.randrange(1, 6)), rng)
            contact, forms, actions = _contact(rng, when, _choice(rng, advisers), party)
            contact.subject = "suspected_case"
            forms = forms or (_pick(rng, FORMS),)
            if "forced_labour" not in forms:
                contact.sector = ""
            drawn.contacts.append(contact)
            drawn.forms[len(drawn.contacts) - 1] = forms
            drawn.actions[len(drawn.contacts) - 1] = tuple(dict.fromkeys((*actions, "referred_assistance_system")))
            group.append(len(drawn.contacts) - 1)
        drawn.applications[group[-1]] = application
        groups.append(group)
    return groups


def _write(drawn: Drawn) -> None:
    Contact.objects.bulk_create(drawn.contacts)
    ContactExploitationForm.objects.bulk_create(
        [
            ContactExploitationForm(contact=contact, exploitation_form=form)
            for index, contact in enumerate(drawn.contacts)
            for form in drawn.forms[index]
        ]
    )
    ContactAction.objects.bulk_create(
        [
            ContactAction(contact=contact, action=action)
            for index, contact in enumerate(drawn.contacts)
            for action in drawn.actions[index]
        ]
    )


def _write_cases(rng: random.Random, drawn: Drawn, groups: list[list[int]], advisers: list[User]) -> list["DemoCase"]:
    """The cases in the order they opened, numbered per year, closed when their last call is a month old."""
    groups.sort(key=lambda group: min(drawn.contacts[index].contacted_at for index in group))
    numbers: dict[int, int] = {}
    made = []
    for group in groups:
        contacts = sorted((drawn.contacts[index] for index in group), key=lambda contact: contact.contacted_at)
        application = next((drawn.applications[index] for index in group if index in drawn.applications), None)
        opened, last = contacts[0].contacted_at, contacts[-1].contacted_at
        year = timezone.localtime(opened).year
        numbers[year] = numbers.get(year, 0) + 1
        closed = last.date() < REFERENCE_DATE - timedelta(days=30) and rng.random() < 0.9
        outcome = ""
        if closed:
            outcome = "referred_to_assistance_system" if application else _pick(rng, {**OUTCOMES, **NOT_TRAFFICKING})
        case = ConsultationCase.objects.create(
            case_number=f"{CASE_NUMBER_PREFIX}-{year}-{numbers[year]:0{CASE_NUMBER_DIGITS}d}",
            status=CaseStatus.CLOSED if closed else _choice(rng, (CaseStatus.OPEN, CaseStatus.WAITING)),
            summary=contacts[0].notes,
            opened_at=opened,
            closed_at=last + timedelta(days=rng.randrange(1, 20)) if closed else None,
            outcome=outcome,
            reason_for_case_closure="Konsultaatio päättyi; ei uusia yhteydenottoja." if closed else "",
            created_by=contacts[0].recorded_by,
        )
        case.advisers.set({contact.recorded_by for contact in contacts})
        Contact.objects.filter(pk__in=[contact.pk for contact in contacts]).update(case=case)
        forms = tuple(dict.fromkeys(form for index in group for form in drawn.forms[index]))
        if rng.random() < 0.6 or application is not None:
            pool = [code for form in forms for code in INDICATORS_BY_FORM[form]]
            chosen = set(rng.sample(pool, min(len(pool), rng.randrange(1, 6))))
            IndicatorTick.objects.bulk_create(
                [IndicatorTick(case=case, indicator=code, ticked_by=_choice(rng, advisers)) for code in sorted(chosen)]
            )
        made.append(DemoCase(case, contacts, forms, application))
    ConsultationNumberCounter.objects.bulk_create(
        [ConsultationNumberCounter(year=year, last_number=last) for year, last in numbers.items()]
    )
    return made


def _referrals(rng: random.Random, cases: list["DemoCase"], caseworkers: dict[str, User]) -> int:
    """The linked cases' referrals led to their applications; some other cases' in every other state."""
    made = []
    for demo_case in cases:
        case, contacts, application = demo_case.case, demo_case.contacts, demo_case.application
        if application is None and (case.outcome != "referred_to_assistance_system" or rng.random() < 0.3):
            continue
        sent_at = contacts[-1].contacted_at + timedelta(hours=rng.randrange(1, 6))
        office = application.office if application else _pick(rng, {"HEL": 2, "TRE": 1})
        referral = Referral(
            kind=ReferralKind.HELPLINE,
            case=case,
            referring_party=contacts[0].contact_type,
            office=office,
            referral_details="Henkilö haluaa hakea apua; tapaamisesta on sovittu.",
            sent_at=sent_at,
            sent_by=contacts[-1].recorded_by,
            due_on=(timezone.localtime(sent_at) + timedelta(days=14)).date(),
        )
        _close_loop(rng, referral, caseworkers, application)
        made.append(referral)
    Referral.objects.bulk_create(made)
    return len(made)


def _close_loop(
    rng: random.Random, referral: Referral, caseworkers: dict[str, User], application: Application | None
) -> None:
    """Where the loop stands now: the application registered, or another state drawn."""
    worker = caseworkers[referral.office]
    answered = referral.sent_at + timedelta(days=rng.randrange(0, 4), hours=rng.randrange(1, 8))
    if application is not None:
        registered = timezone.make_aware(datetime.combine(application.received_on, time(15)))
        referral.status, referral.answered_at, referral.answered_by = (
            ReferralStatus.ACCEPTED,
            min(answered, registered),
            worker,
        )
        referral.outcome, referral.outcome_at, referral.outcome_by = APPLICATION_REGISTERED, registered, worker
        referral.application = application
        return
    state = _pick(rng, {"not_reached": 30, "declined_help": 20, "declined": 20, "withdrawn": 15, "expired": 15})
    if state in ("not_reached", "declined_help"):
        referral.status, referral.answered_at, referral.answered_by = ReferralStatus.ACCEPTED, answered, worker
        referral.outcome, referral.outcome_at, referral.outcome_by = (
            state,
            answered + timedelta(days=rng.randrange(3, 20)),
            worker,
        )
    elif state == "declined":
        referral.status, referral.answered_at, referral.answered_by = ReferralStatus.DECLINED, answered, worker
        referral.decline_reason = _pick(
            rng, {"other_office": 4, "no_trafficking_indication": 3, "insufficient_information": 3}
        )
    else:
        referral.status = ReferralStatus.WITHDRAWN if state == "withdrawn" else ReferralStatus.EXPIRED
        referral.closed_at = referral.sent_at + timedelta(days=15 if state == "expired" else rng.randrange(1, 10))


def _first_responders(rng: random.Random, advisers: list[User], caseworkers: dict[str, User]) -> int:
    made = []
    day = FIRST_DAY + timedelta(days=rng.randrange(5, 20))
    while day < REFERENCE_DATE - timedelta(days=20):
        party, organisation, office = _choice(rng, FIRST_RESPONDERS)
        sent_at = _at(day, rng)
        referral = Referral(
            kind=ReferralKind.FIRST_RESPONDER,
            referring_party=party,
            referring_organisation=organisation,
            office=office,
            referral_details="Viranomainen ohjaa henkilön auttamisjärjestelmään; yhteystiedot sovitaan puhelimitse.",
            sent_at=sent_at,
            sent_by=_choice(rng, advisers),
            due_on=(sent_at + timedelta(days=14)).date(),
        )
        _close_loop(rng, referral, caseworkers, None)
        made.append(referral)
        day += timedelta(days=rng.randrange(10, 30))
    Referral.objects.bulk_create(made)
    return len(made)


def _waiting_now(rng: random.Random, cases: list["DemoCase"], advisers: list[User]) -> int:
    """Referrals of open cases sent in the last days, on the offices' work lists when the demo is set up."""
    today = timezone.localdate()
    open_cases = [made.case for made in cases if made.case.status != CaseStatus.CLOSED]
    made = []
    for number, case in enumerate(open_cases[-4:]):
        sent_at = timezone.now() - timedelta(days=number + 1, hours=rng.randrange(1, 8))
        made.append(
            Referral(
                kind=ReferralKind.HELPLINE,
                case=case,
                referring_party=case.contacts.order_by("contacted_at").values_list("contact_type", flat=True)[0],
                office="HEL" if number % 2 == 0 else "TRE",
                referral_details="Henkilö haluaa hakea apua; hänet tavoittaa yhteistyöjärjestön kautta.",
                sent_at=sent_at,
                sent_by=_choice(rng, advisers),
                due_on=today + timedelta(days=14 - number),
            )
        )
    Referral.objects.bulk_create(made)
    return len(made)
