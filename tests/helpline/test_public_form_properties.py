"""Property tests of the helpline's public form: no count from 1 to k−1 is ever shown, none can be worked out.

Hypothesis draws a year of the info line's work (contacts with their coded
fields, some grouped into cases with indicators ticked, referrals in every
state) and a threshold k; the rows go to the database, the statistics are
read in the public form as the review, the API and the command give them,
and then:

- no count anywhere in the public form is from 1 to k−1;
- every count shown is the exact count;
- a breakdown whose total is shown has no withheld cell or at least two,
  so that no withheld cell is the total less the shown ones; one whose
  total is withheld shows no non-zero cell.

Each year is rolled back after its example.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tests.helpline.builders import adviser
from torju.accounts.models import User
from torju.helpline.disclosure import MULTI, OF_STATUS, SINGLE, public_breakdown, shows_small_counts
from torju.helpline.models import (
    CaseStatus,
    ConsultationCase,
    Contact,
    ContactAction,
    ContactExploitationForm,
    IndicatorTick,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from torju.helpline.statistics import helpline_statistics

pytestmark = pytest.mark.django_db
YEAR = 2025
CHANNELS = ("phone", "phone", "chat", "email", "letter")
TYPES = ("police", "potential_victim", "employer", "social_services", "ngo")
SUBJECTS = ("suspected_case", "suspected_case", "general_information", "media")
REGIONS = ("01", "01", "06", "19", "")
FORMS = ("forced_labour", "sexual_exploitation", "forced_marriage")
ACTIONS = ("advice_given", "referred_police", "information_sent")
INDICATORS = ("coercion.violence", "deception.conditions", "vulnerability.minor")
OUTCOMES = ("contact_lost", "advice_given", "referred_to_assistance_system")
# (status, decline reason, outcome) of a referral.
STATES = (
    ("sent", "", ""),
    ("accepted", "", ""),
    ("accepted", "", "not_reached"),
    ("accepted", "", "declined_help"),
    ("declined", "other_office", ""),
    ("declined", "insufficient_information", ""),
    ("withdrawn", "", ""),
    ("expired", "", ""),
)


@dataclass(frozen=True)
class DrawnContact:
    month: int
    channel: str
    contact_type: str
    subject: str
    region: str
    minor: bool | None
    forms: tuple[str, ...]
    actions: tuple[str, ...]
    case: int | None  # which of the drawn cases it belongs to


@dataclass(frozen=True)
class DrawnCase:
    closed_outcome: str  # "" open
    indicators: tuple[str, ...]


contacts_drawn = st.builds(
    DrawnContact,
    month=st.integers(1, 12),
    channel=st.sampled_from(CHANNELS),
    contact_type=st.sampled_from(TYPES),
    subject=st.sampled_from(SUBJECTS),
    region=st.sampled_from(REGIONS),
    minor=st.sampled_from((True, False, None)),
    forms=st.sets(st.sampled_from(FORMS), max_size=2).map(tuple),
    actions=st.sets(st.sampled_from(ACTIONS), max_size=2).map(tuple),
    case=st.one_of(st.none(), st.integers(0, 5)),
)
cases_drawn = st.builds(
    DrawnCase,
    closed_outcome=st.sampled_from(("", "", *OUTCOMES)),
    indicators=st.sets(st.sampled_from(INDICATORS), max_size=3).map(tuple),
)
referrals_drawn = st.lists(
    st.tuples(st.integers(1, 12), st.sampled_from(STATES), st.sampled_from(("HEL", "TRE"))), max_size=25
)


def at(month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(YEAR, month, day, 12))


def write_year(
    user: User,
    contacts: list[DrawnContact],
    cases: list[DrawnCase],
    referrals: list[tuple[int, tuple[str, str, str], str]],
) -> None:
    made_cases = []
    for number, drawn in enumerate(cases):
        closed = drawn.closed_outcome != ""
        made_cases.append(
            ConsultationCase.objects.create(
                case_number=f"INFO-{YEAR}-{number:06d}",
                opened_at=at(1, 1),
                created_by=user,
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                closed_at=at(12, 20) if closed else None,
                outcome=drawn.closed_outcome,
            )
        )
        IndicatorTick.objects.bulk_create(
            [IndicatorTick(case=made_cases[-1], indicator=code, ticked_by=user) for code in drawn.indicators]
        )
    for drawn_contact in contacts:
        case = (
            made_cases[drawn_contact.case]
            if drawn_contact.case is not None and drawn_contact.case < len(made_cases)
            else None
        )
        made = Contact.objects.create(
            contacted_at=at(drawn_contact.month),
            channel=drawn_contact.channel,
            contact_type=drawn_contact.contact_type,
            subject=drawn_contact.subject,
            region=drawn_contact.region,
            concerns_minor=drawn_contact.minor,
            case=case,
            recorded_by=user,
        )
        ContactExploitationForm.objects.bulk_create(
            [ContactExploitationForm(contact=made, exploitation_form=f) for f in drawn_contact.forms]
        )
        ContactAction.objects.bulk_create([ContactAction(contact=made, action=a) for a in drawn_contact.actions])
    for case in made_cases:
        earliest = case.contacts.order_by("contacted_at").first()
        if earliest is not None:
            ConsultationCase.objects.filter(pk=case.pk).update(opened_at=earliest.contacted_at)
    for month, (state, reason, outcome), office in referrals:
        sent = at(month, 3)
        answered = state in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)
        Referral.objects.create(
            kind=ReferralKind.HELPLINE,
            referring_party="police",
            office=office,
            status=state,
            sent_at=sent,
            sent_by=user,
            due_on=(sent + timedelta(days=14)).date(),
            answered_at=sent + timedelta(days=2) if answered else None,
            answered_by=user if answered else None,
            decline_reason=reason,
            closed_at=sent + timedelta(days=20) if state in ("withdrawn", "expired") else None,
            outcome=outcome,
            outcome_at=sent + timedelta(days=5) if outcome else None,
            outcome_by=user if outcome else None,
        )


def shown_values_are_exact(public: Any, exact: Any, path: str = "") -> list[str]:
    if isinstance(public, dict):
        return [
            problem
            for key, value in public.items()
            for problem in shown_values_are_exact(value, exact[key], f"{path}.{key}")
        ]
    if public is None or isinstance(public, float):
        return []
    return [] if public == exact else [f"{path}: {public} shown, {exact} exact"]


def secondary_suppression_holds(public: dict[str, Any]) -> list[str]:
    problems = []
    parents = [(section, total, breakdowns) for (section, total), breakdowns in {**SINGLE}.items()]
    parents += [(section, total, breakdowns) for (section, total), breakdowns in MULTI.items()]
    checks = [
        (public[section][total], public[section][breakdown], f"{section}.{breakdown}")
        for section, total, breakdowns in parents
        for breakdown in breakdowns
    ]
    checks += [
        (public["referrals"]["by_status"][status], public["referrals"][breakdown], f"referrals.{breakdown}")
        for breakdown, status in OF_STATUS
    ]
    for total, cells, name in checks:
        withheld = [key for key, value in cells.items() if value is None]
        if total is None and any(value for value in cells.values()):
            problems.append(f"{name}: a cell shown under a withheld total")
        if total is not None and len(withheld) == 1:
            problems.append(f"{name}: {withheld[0]} alone withheld, so it is the total less the rest")
    return problems


@examples(max_examples=40, deadline=None)
@given(
    contacts=st.lists(contacts_drawn, max_size=40),
    cases=st.lists(cases_drawn, max_size=6),
    referrals=referrals_drawn,
    k=st.integers(1, 8),
)
def test_the_public_form_never_shows_a_count_from_1_to_k_minus_1(
    contacts: list[DrawnContact], cases: list[DrawnCase], referrals: list[Any], k: int
) -> None:
    with transaction.atomic():
        write_year(adviser(), contacts, cases, referrals)
        exact = helpline_statistics(YEAR)
        public = helpline_statistics(YEAR, public=True, k=k)
        transaction.set_rollback(True)
    assert not shows_small_counts(public, k), public
    assert shown_values_are_exact(public, exact) == []
    assert secondary_suppression_holds(public) == []


@examples(max_examples=300, deadline=None)
@given(cells=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 30), min_size=1), k=st.integers(1, 10))
def test_a_breakdown_that_adds_up_to_its_total(cells: dict[str, int], k: int) -> None:
    """The total is shown as the public form shows it: when it is 0 or k or more."""
    total = sum(cells.values())
    total_shown = total == 0 or total >= k
    public = public_breakdown(cells, k, total_shown=total_shown)
    withheld = [key for key, value in public.items() if value is None]
    assert all(value is None or value == 0 or value >= k for value in public.values())
    assert all(public[key] == cells[key] for key in cells if public[key] is not None)
    assert len(withheld) != 1 or not total_shown
    # Two or more withheld cells: each could be one more or one less while another takes the difference.
    assert all(cells[key] >= 1 for key in withheld)


def test_a_small_total_withholds_everything_but_zeros() -> None:
    assert public_breakdown({"a": 2, "b": 0, "c": 1}, 5, total_shown=False) == {"a": None, "b": 0, "c": None}


def test_an_empty_year_is_all_zeros_in_both_forms() -> None:
    public = helpline_statistics(YEAR, public=True, k=5)
    assert public["contacts"]["total"] == 0 and public["consultation_cases"]["share_led_to_application"] is None
    assert date(YEAR, 1, 1).year == public["year"]
