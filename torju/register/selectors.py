"""Read queries of the assistance register: work lists, search, a case and its summary (its timeline: timeline.py).

Every list starts from torju.register.permissions.visible_applications, so a
user only ever gets rows they may see; every list is meant to be paginated.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser
from torju.actor import Actor
from torju.codes.selectors import label
from torju.register import crypto
from torju.register.hetu import parse_hetu
from torju.register.models import (
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    Application,
    DecisionDraft,
    OfficeCaseCount,
    Person,
    ReflectionPeriod,
    RegisterImportJob,
    ServiceProvided,
    WaitingForInformation,
)
from torju.register.permissions import (
    OPENED_APPLICATIONS,
    office_of,
    open_draft_of,
    own_import_jobs,
    user_of,
    visible_applications,
    visible_beyond_office,
    works_in_register,
)

REFLECTION_ENDING_DAYS = 14
NO_SERVICE_DAYS = 90
MAX_MATCHES = 20  # of a person search: an exact key matches one person, or a handful
# What a listed case shows besides its own row (the applicant, the assignee, why it waits): select_related(*).
LISTED_WITH = ("person", "assigned_to", "waiting_for_information")


class WorkList:
    """The work lists of the register's front page (the `list` URL parameter)."""

    MINE = "mine"
    UNDECIDED = "undecided"
    TO_CONFIRM = "to_confirm"
    REFLECTION_ENDING = "reflection_ending"
    NO_RECENT_SERVICE = "no_recent_service"
    ALL = "all"

    CHOICES = (MINE, UNDECIDED, TO_CONFIRM, REFLECTION_ENDING, NO_RECENT_SERVICE, ALL)


def _open_draft() -> Exists:
    return Exists(DecisionDraft.objects.filter(application=OuterRef("pk"), confirmed_at__isnull=True))


def reflection_period_end(period: ReflectionPeriod) -> date:
    return period.granted_on + relativedelta(months=period.months)


def _reflection_ending(today: date) -> Exists:
    """A reflection period whose end (granted_on + months) falls in the next REFLECTION_ENDING_DAYS days.

    The end is a month addition, which SQL engines spell differently; with
    only six possible lengths, it is six date ranges on granted_on instead.
    """
    last = today + timedelta(days=REFLECTION_ENDING_DAYS)
    ranges = Q()
    for months in range(MIN_REFLECTION_MONTHS, MAX_REFLECTION_MONTHS + 1):
        ranges |= Q(
            months=months,
            granted_on__gte=today - relativedelta(months=months),
            granted_on__lte=last - relativedelta(months=months),
        )
    return Exists(ReflectionPeriod.objects.filter(ranges, application=OuterRef("pk")))


def recent_service_condition(today: date) -> Q:
    """Of services: one that began, went on or ended in the last NO_SERVICE_DAYS days."""
    since = today - timedelta(days=NO_SERVICE_DAYS)
    return Q(started_on__gte=since) | Q(ended_on__isnull=True) | Q(ended_on__gte=since)


def _recent_service(today: date) -> Exists:
    return Exists(ServiceProvided.objects.filter(recent_service_condition(today), application=OuterRef("pk")))


def current_clienthoods() -> Q:
    return Q(decision=POSITIVE, clienthood_ended_on__isnull=True)


@dataclass(frozen=True)
class Sort:
    """A work list's order: a column of SORTS, ascending or descending (the `sort` URL parameter, `-` for down)."""

    column: str
    descending: bool = False

    @property
    def parameter(self) -> str:
        return f"-{self.column}" if self.descending else self.column

    def reversed(self) -> "Sort":
        return Sort(self.column, not self.descending)

    def order_by(self) -> list[str]:
        fields, inverted = SORTS[self.column]
        down = self.descending != inverted
        return [f"-{field}" if down else field for field in fields]


# The columns a work list may be sorted by (docs/decisions/0107): each is an index's order, read forwards or
# backwards, with the unique case number last so that every order is total and reverses exactly (the pager reads
# pages past the middle from the other end). Days waiting is the date received, the other way round. A column
# no index serves in order (person, office, assigned to) is not sortable: on a register of a million victims its
# first page would sort the office's every case.
SORTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "case_number": (("case_number",), False),
    "received_on": (("received_on", "case_number"), False),
    "days_waiting": (("received_on", "case_number"), True),
    "decided_on": (("decided_on", "case_number"), False),
}
BY_DATE_RECEIVED = ("received_on", "days_waiting")
# Which list sorts by which column, as measured on a million victims: the case number only where the list is
# small (walking the case numbers' index past every other office's cases took 0.4–2.3 s for the large lists);
# the clients without a recent service only by their decision date (the order of their index).
LIST_SORTS: dict[str, tuple[str, ...]] = {
    WorkList.MINE: ("case_number", *BY_DATE_RECEIVED),
    WorkList.UNDECIDED: BY_DATE_RECEIVED,
    WorkList.TO_CONFIRM: ("case_number", *BY_DATE_RECEIVED),
    WorkList.REFLECTION_ENDING: ("case_number", *BY_DATE_RECEIVED),
    WorkList.NO_RECENT_SERVICE: ("decided_on",),
    WorkList.ALL: BY_DATE_RECEIVED,
}
DEFAULT_SORTS = {name: Sort("received_on") for name in WorkList.CHOICES} | {
    WorkList.NO_RECENT_SERVICE: Sort("decided_on"),
    WorkList.ALL: Sort("received_on", descending=True),
}


def sort_of(name: str, parameter: str | None) -> Sort:
    """The list's order from the `sort` URL parameter if the list allows that column, else the list's own."""
    column = (parameter or "").removeprefix("-")
    if column in LIST_SORTS.get(name, ()):
        return Sort(column, descending=bool(parameter and parameter.startswith("-")))
    return DEFAULT_SORTS.get(name, DEFAULT_SORTS[WorkList.ALL])


def _work_list_rows(actor: Actor, name: str, today: date) -> QuerySet[Application]:
    user = actor.user
    applications = visible_applications(actor)
    if name == WorkList.MINE:
        return applications.filter(Q(assigned_to=user), Q(decision="") | current_clienthoods())
    if name == WorkList.UNDECIDED:
        return applications.filter(~_open_draft(), decision="")
    if name == WorkList.TO_CONFIRM:
        drafts = DecisionDraft.objects.filter(application=OuterRef("pk"), confirmed_at__isnull=True)
        if isinstance(user, User):
            drafts = drafts.exclude(drafted_by=user)
        return applications.filter(Exists(drafts), decision="")
    if name == WorkList.REFLECTION_ENDING:
        return applications.filter(_reflection_ending(today))
    if name == WorkList.NO_RECENT_SERVICE:
        return applications.filter(
            current_clienthoods(),
            ~_recent_service(today),
            decided_on__lte=today - timedelta(days=NO_SERVICE_DAYS),
        )
    return applications


def work_list(actor: Actor, name: str, *, today: date | None = None, sort: Sort | None = None) -> QuerySet[Application]:
    """The applications of one work list that the actor may see, most urgent first unless sorted otherwise."""
    rows = _work_list_rows(actor, name, today or timezone.localdate())
    order = sort if sort is not None and sort.column in LIST_SORTS.get(name, ()) else sort_of(name, None)
    return rows.select_related(*LISTED_WITH).order_by(*order.order_by())


# A tab shows its list's size up to this; beyond, "1 000+" (docs/decisions/0107): counting stops there, so that
# the tabs of a million-victim register cost what the first page of each list does.
TAB_COUNT_LIMIT = 1000


def all_cases_size(actor: Actor) -> int:
    """The size of the unfiltered "all cases" list: the office's count kept by the database, and the few cases of
    other offices the user sees counted (docs/decisions/0124)."""
    user = user_of(actor)
    office = office_of(user) if works_in_register(user) else ""
    own = OfficeCaseCount.objects.filter(office=office).values_list("applications", flat=True).first() if office else 0
    return (own or 0) + visible_beyond_office(actor).count()


# The tabs' sizes are kept this long per user (docs/decisions/0124): the sizes of the lists the user is not looking
# at need not be exact to the second, and counting them was most of a work list's time on a million victims. The
# user's own writes that move a case between lists forget them at once (CHANGES_WORK_LISTS).
TAB_COUNT_SECONDS = 60


def _tab_counts_key(user: User) -> str:
    return f"register:tab-counts:{user.pk}"


def work_list_counts(actor: Actor, names: Iterable[str], *, today: date | None = None) -> dict[str, int]:
    """The lists' sizes, each counted up to TAB_COUNT_LIMIT + 1 (more means "over the limit").

    Counted in the lists' own filters, unordered: a count stops at the limit
    whatever plan the database takes, and the lists' indexes serve it. The
    counts are kept for TAB_COUNT_SECONDS per user, for the same day and the
    same cases opened with a reason (they widen "all cases").
    """
    today = today or timezone.localdate()
    names = list(names)
    user = actor.user
    if not isinstance(user, User):
        return _count_work_lists(actor, names, today)
    key = _tab_counts_key(user)
    scope = [today.isoformat(), sorted(actor.unlocked_of(OPENED_APPLICATIONS))]
    kept = cache.get(key)
    fresh = isinstance(kept, dict) and kept.get("scope") == scope
    counts: dict[str, int] = dict(kept["counts"]) if fresh else {}
    missing = [name for name in names if name not in counts]
    if missing:
        counts.update(_count_work_lists(actor, missing, today))
        # A tab counted later in the minute joins the others without extending their life.
        until = kept["until"] if fresh else time.time() + TAB_COUNT_SECONDS
        if until > time.time():
            cache.set(key, {"scope": scope, "counts": counts, "until": until}, until - time.time())
    return {name: counts[name] for name in names}


def _count_work_lists(actor: Actor, names: list[str], today: date) -> dict[str, int]:
    return {name: _work_list_rows(actor, name, today).order_by()[: TAB_COUNT_LIMIT + 1].count() for name in names}


# The writes of a case (services.common.audit_application's `what`) that can move it into or out of a work list:
# its dates, office, assignment, decision, drafts, reflection periods and services. An exploitation event, a
# needs assessment, a child or a note of waiting changes no list.
CHANGES_WORK_LISTS = frozenset(
    {
        "application",
        "application_closed",
        "assignment",
        "clienthood_ended",
        "decision",
        "decision_draft",
        "reflection_period",
        "service",
    }
)


def forget_work_list_counts(user: AnyUser | None) -> None:
    """The user changed what the work lists hold: their tabs are counted afresh on their next look."""
    if isinstance(user, User):
        cache.delete(_tab_counts_key(user))


@dataclass(frozen=True)
class ApplicationFilter:
    """Search and filters of a work list (all optional)."""

    case_number: str = ""
    office: str = ""
    received_from: date | None = None
    received_until: date | None = None
    decision: str = ""  # a decision code, or "pending"


PENDING = "pending"


def filter_applications(applications: QuerySet[Application], criteria: ApplicationFilter) -> QuerySet[Application]:
    if criteria.case_number:
        # Case numbers are upper case (HEL-2026-000123): an exact match uses the unique index, iexact would not.
        applications = applications.filter(case_number=criteria.case_number.strip().upper())
    if criteria.office:
        applications = applications.filter(office=criteria.office)
    if criteria.received_from:
        applications = applications.filter(received_on__gte=criteria.received_from)
    if criteria.received_until:
        applications = applications.filter(received_on__lte=criteria.received_until)
    if criteria.decision == PENDING:
        applications = applications.filter(decision="")
    elif criteria.decision:
        applications = applications.filter(decision=criteria.decision)
    return applications


@dataclass(frozen=True)
class PersonMatch:
    """A person found by an exact identifier; `visible` when the user may open their record."""

    person: Person
    visible: bool
    # Found by an identifying search: their cases the user may not open yet, each to open with a reason.
    cases_elsewhere: tuple[Application, ...] = ()


@dataclass(frozen=True)
class PersonSearch:
    """The keys of an exact person search; which of them make a search is services.search_persons' rule."""

    person_id: str = ""
    hetu: str = ""
    first_names: str = ""
    last_name: str = ""
    birth_date: date | None = None

    def keys_given(self) -> list[str]:
        """The names of the keys given: what the audit trail records of a search, never the values."""
        return sorted(name for name, value in vars(self).items() if value)


def find_persons(actor: Actor, search: PersonSearch) -> list[PersonMatch]:
    """Persons matching exactly one of: the pseudonymous id, the hetu, or full name and date of birth.

    Only exact matches, through the keyed hashes: nothing about persons who do
    not match is revealed, and no identifier is decrypted to search. A match
    the user may not open is still returned (without identifiers), so that a
    new application joins the existing person instead of creating a duplicate.
    """
    people = Person.objects.filter(role="victim")
    if search.person_id:
        people = people.filter(person_id=search.person_id.strip())
    elif search.hetu:
        people = people.filter(hetu_hash=crypto.hetu_hash(parse_hetu(search.hetu).value))
    elif (search.first_names or search.last_name) and search.birth_date is not None:
        name_hash = crypto.name_birth_hash(search.first_names, search.last_name, search.birth_date)
        people = people.filter(name_birth_hash=name_hash)
    else:
        return []
    found = list(people.order_by("person_id")[:MAX_MATCHES])
    # Visible through their own cases (victims have no parent): asked of the few found, not of every visible case.
    applications = visible_applications(actor).filter(person_id=OuterRef("pk"))
    visible = set(
        Person.objects.filter(Exists(applications), pk__in=[person.pk for person in found]).values_list("pk", flat=True)
    )
    return [PersonMatch(person=person, visible=person.pk in visible) for person in found]


# The case page's summary ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """What the case waits for, in words; `urgent` when it is due now (as the work lists count it)."""

    text: str
    urgent: bool = False


@dataclass(frozen=True)
class CaseFacts:
    """What the next step of a case follows from (read by case_facts; given directly in tests)."""

    decision: str
    received_on: date
    decided_on: date | None = None
    clienthood_ended_on: date | None = None
    draft_waiting: bool = False
    reflection_ends: tuple[date, ...] = ()
    recent_service: bool = False  # a service began, went on or ended in the last NO_SERVICE_DAYS days


def _day(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def next_steps(facts: CaseFacts, today: date) -> list[NextStep]:
    """The case's next steps, most pressing first; the same thresholds as the work lists.

    - Undecided: a draft waits for a decision maker's confirmation, or the case waits for a decision.
    - Undecided or a current clienthood: a reflection period that has not ended ends on its day
      (urgent within REFLECTION_ENDING_DAYS).
    - A current clienthood decided at least NO_SERVICE_DAYS ago with no service in that time (urgent);
      with nothing due, the clienthood simply goes on.
    - Anything else (negative, withdrawn, lapsed, clienthood ended) has no next step.
    """
    undecided = not facts.decision
    client = facts.decision == POSITIVE and facts.clienthood_ended_on is None
    steps = []
    if undecided:
        if facts.draft_waiting:
            steps.append(NextStep(str(_("Decision draft waiting for confirmation"))))
        else:
            steps.append(NextStep(str(_("Waiting for a decision"))))
    if undecided or client:
        running = [end for end in facts.reflection_ends if end >= today]
        if running:
            end = max(running)
            steps.append(
                NextStep(
                    str(_("Reflection period ends %(date)s")) % {"date": _day(end)},
                    urgent=end <= today + timedelta(days=REFLECTION_ENDING_DAYS),
                )
            )
    if client:
        decided_long_ago = facts.decided_on is not None and facts.decided_on <= today - timedelta(days=NO_SERVICE_DAYS)
        if decided_long_ago and not facts.recent_service:
            steps.append(NextStep(str(_("No service in %(days)s days")) % {"days": NO_SERVICE_DAYS}, urgent=True))
        if not steps:
            steps.append(NextStep(str(_("Nothing due: the clienthood goes on"))))
    if not steps:
        steps.append(NextStep(str(_("None: the case is closed"))))
    return steps


def case_facts(application: Application, today: date) -> CaseFacts:
    return CaseFacts(
        decision=application.decision,
        received_on=application.received_on,
        decided_on=application.decided_on,
        clienthood_ended_on=application.clienthood_ended_on,
        draft_waiting=open_draft_of(application) is not None,
        reflection_ends=tuple(reflection_period_end(period) for period in application.reflection_periods.all()),
        recent_service=application.services_provided.filter(recent_service_condition(today)).exists(),
    )


def waiting_of(application: Application) -> WaitingForInformation | None:
    """Why the case waits for information, while it is undecided (decision 0108); None otherwise.

    Read from the application's related row: select_related("waiting_for_information") spares the query.
    """
    if application.decision:
        return None
    return getattr(application, "waiting_for_information", None)


def case_status(application: Application) -> str:
    """The case's state in a word or two, for its summary."""
    if not application.decision:
        return pgettext("case status", "Pending")
    if application.decision == POSITIVE:
        if application.clienthood_ended_on is not None:
            return pgettext("case status", "Clienthood ended")
        return pgettext("case status", "Client")
    if application.decision == NEGATIVE:
        return pgettext("case status", "Negative decision")
    return capfirst(label("decision", application.decision))  # withdrawn or lapsed: not a decision


@dataclass(frozen=True)
class CaseSummary:
    status: str
    responsible: str  # the assigned caseworker's full name; "" when nobody is
    days_since_received: int
    days_to_decision: int | None
    next_steps: list[NextStep]


def read_case_rows(application: Application) -> None:
    """The case's drafts (with who drafted and confirmed), reflection periods, services and events, each read once.

    The case page's summary, abilities and sections all use them; prefetched,
    `application.<relation>.all()` reads the rows from memory.
    """
    prefetch_related_objects(
        [application],
        Prefetch("decision_drafts", DecisionDraft.objects.select_related("drafted_by", "confirmed_by")),
        "reflection_periods",
        "services_provided",
        "exploitation_events",
    )


def case_summary(application: Application, *, today: date | None = None) -> CaseSummary:
    """The head of the case page: its state, who answers for it, how long it has taken, what it waits for."""
    today = today or timezone.localdate()
    assignee = application.assigned_to
    return CaseSummary(
        status=case_status(application),
        responsible=(assignee.get_full_name() or assignee.username) if assignee else "",
        days_since_received=(today - application.received_on).days,
        days_to_decision=(application.decided_on - application.received_on).days if application.decided_on else None,
        next_steps=next_steps(case_facts(application, today), today),
    )


def has_exploitation_events(application: Application) -> bool:
    """Whether any event is recorded: drafting a decision without one asks the caseworker first."""
    return application.exploitation_events.exists()


def assessable_persons(application: Application) -> QuerySet[Person]:
    """Whose service needs a clienthood's assessment is about: the client and their children who are clients now."""
    return Person.objects.filter(
        Q(pk=application.person_id) | Q(parent_id=application.person_id, child_left_on__isnull=True)
    ).order_by(F("child_joined_on").asc(nulls_first=True), "person_id")  # the client first


def children_of(person: Person) -> QuerySet[Person]:
    return Person.objects.filter(parent=person).order_by("child_joined_on", "person_id")


def caseworkers_of(office: str) -> list[tuple[int, str]]:
    """(pk, name) of the active caseworkers of an office: whom a case can be assigned to."""
    people = User.objects.filter(
        is_active=True, organisation__office=office, role_grants__role=Role.CASEWORKER
    ).order_by("last_name", "first_name")
    return [(person.pk, person.get_full_name() or person.username) for person in people]


def import_jobs_of(user: AnyUser) -> QuerySet[RegisterImportJob]:
    """The register imports the user started (their progress and errors are nobody else's), newest first."""
    return RegisterImportJob.objects.filter(own_import_jobs(user))
