"""Read queries of the decision makers' backlog: undecided applications by age, past the target, time to decide.

All of the office's cases (visible_applications, as in the work lists). Ages
are whole days since the application was received; "waiting for
information" is counted and listed beside the ages, never subtracted from
them: it pauses nothing (docs/decisions/0108). Median days to a decision are
taken in Python from the year's decisions (a few tens of thousands of pairs
of dates for a large office), as SQLite has no percentile function.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Q, QuerySet

from torju.actor import Actor
from torju.register.models import Application
from torju.register.permissions import visible_applications
from torju.register.selectors import LISTED_WITH
from torju.register.services import LAPSED, WITHDRAWN

# Days since received: 0–30, 31–60, 61–90, 91–180, 181–365, over 365.
AGE_BAND_STARTS = (0, 31, 61, 91, 181, 366)
MONTHS_OF_MEDIANS = 12
PAST_TARGET_SHOWN = 20  # the oldest, on the page; all of them through the work list it links to


def decision_target_days() -> int:
    """Days from receipt within which an application should be decided (TORJU_DECISION_TARGET_DAYS)."""
    return int(settings.DECISION_TARGET_DAYS)


@dataclass(frozen=True)
class AgeBand:
    first_day: int
    last_day: int | None  # None: and older
    applications: int
    waiting: int  # of them waiting for information


@dataclass(frozen=True)
class MonthMedian:
    month: date  # its first day
    decisions: int
    median_days: float | None  # None: no decisions that month


def undecided(actor: Actor) -> QuerySet[Application]:
    """The actor's undecided applications (drafts waiting for confirmation included)."""
    return visible_applications(actor).filter(decision="")


def _received_between(today: date, first_day: int, last_day: int | None) -> Q:
    band = Q(received_on__lte=today - timedelta(days=first_day))
    if last_day is not None:
        band &= Q(received_on__gte=today - timedelta(days=last_day))
    return band


def by_age(actor: Actor, today: date) -> list[AgeBand]:
    """The undecided applications in bands of days since received, each with how many wait for information."""
    bounds = [
        (first, (AGE_BAND_STARTS[index + 1] - 1) if index + 1 < len(AGE_BAND_STARTS) else None)
        for index, first in enumerate(AGE_BAND_STARTS)
    ]
    waiting = Q(waiting_for_information__isnull=False)
    counts = undecided(actor).aggregate(
        **{
            f"band{index}": Count("pk", filter=_received_between(today, first, last))
            for index, (first, last) in enumerate(bounds)
        },
        **{
            f"waiting{index}": Count("pk", filter=_received_between(today, first, last) & waiting)
            for index, (first, last) in enumerate(bounds)
        },
    )
    return [
        AgeBand(first_day=first, last_day=last, applications=counts[f"band{index}"], waiting=counts[f"waiting{index}"])
        for index, (first, last) in enumerate(bounds)
    ]


def past_target(actor: Actor, today: date, target_days: int) -> QuerySet[Application]:
    """Undecided applications received more than `target_days` ago, the oldest first."""
    return (
        undecided(actor)
        .filter(received_on__lt=today - timedelta(days=target_days))
        .select_related(*LISTED_WITH)
        .order_by("received_on", "case_number")
    )


def waiting_for_information(actor: Actor) -> QuerySet[Application]:
    """Undecided applications waiting for information, the longest waiting first."""
    return (
        undecided(actor)
        .filter(waiting_for_information__isnull=False)
        .select_related("person", "assigned_to", "waiting_for_information__set_by")
        .order_by("waiting_for_information__since", "case_number")
    )


def median_days_to_decision(actor: Actor, today: date, months: int = MONTHS_OF_MEDIANS) -> list[MonthMedian]:
    """Per month of decision, the last `months` months up to today's: the median days from receipt to decision.

    Decisions only (positive and negative): a withdrawn or lapsed application
    was not decided.
    """
    first_month = today.replace(day=1) - relativedelta(months=months - 1)
    days: dict[date, list[int]] = defaultdict(list)
    # Unordered and fetched at once: through a cursor, PostgreSQL planned for the model's order and walked the
    # whole table by the date received (3.7 s instead of 0.14 s on a million victims).
    pairs = (
        visible_applications(actor)
        .filter(decided_on__gte=first_month, decided_on__lte=today)
        .exclude(decision__in=(WITHDRAWN, LAPSED))
        .order_by()
        .values_list("decided_on", "received_on")
    )
    for decided_on, received_on in list(pairs):
        if decided_on is not None:  # always, by the filter
            days[decided_on.replace(day=1)].append((decided_on - received_on).days)
    result = []
    for offset in range(months):
        month = first_month + relativedelta(months=offset)
        of_month = days.get(month, [])
        middle = median(of_month) if of_month else None
        result.append(MonthMedian(month=month, decisions=len(of_month), median_days=middle))
    return result
