"""Who may do what in the assistance register: the one place for these rules.

Pages, the API and exports all ask these functions. The rules:

- Caseworkers and decision makers work in the register; analysts take only
  pseudonymous extracts; nobody else sees it.
- A caseworker or decision maker sees the cases of their own office and the
  cases assigned to them. A case of another office answers exactly as a
  missing one until its applicant was found by an identifying search (the
  identity code, or the names with the date of birth) in the same session;
  then it can be opened with a reason ("break-glass"): read-only, for the
  rest of the session, flagged in the audit trail for the auditor.
- Writing on such a case takes a second reason, stated for writing (once
  per case per session); every write there is flagged, with that reason.
- A person is visible through the cases that are visible (a child through
  the parent's cases).
- Decisions take four eyes: a caseworker drafts, a decision maker other than
  the drafter confirms.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser, has_role, roles
from torju.actor import Actor
from torju.register.models import POSITIVE, Application, DecisionDraft, Person, PersonRole

USE_REGISTER = roles(Role.CASEWORKER, Role.DECISION_MAKER)
EXTRACT_REGISTER = roles(Role.ANALYST)
# What a session unlocks (torju.actor.unlock; the latest UNLOCKED_REMEMBERED of each kind are kept):
OPENED_APPLICATIONS = "register.opened_application"  # case numbers opened with a reason (break-glass)
FOUND_PERSONS = "register.found_person"  # pseudonymous ids of persons found by an exact search
# Pseudonymous ids of persons found by an identifying search (identity code, or names with the date of birth):
# only these open the way to their cases at other offices (a person id or a case number is no such search).
IDENTIFIED_PERSONS = "register.identified_person"
# "<case number>\n<reason>": another office's cases opened for writing, with the reason stated for writing.
WRITING_REASONS = "register.writing_reason"


def user_of(actor: Actor) -> AnyUser:
    """The actor's user; the system itself (no user) has no rights in the register."""
    return actor.user if actor.user is not None else AnonymousUser()


def office_of(user: AnyUser) -> str:
    """The assistance system office (code list `office`) the user works at, or ""."""
    if not isinstance(user, User) or user.organisation is None:
        return ""
    return user.organisation.office


def works_in_register(user: AnyUser) -> bool:
    return has_role(user, Role.CASEWORKER, Role.DECISION_MAKER)


def works_at_office(user: AnyUser, office: str) -> bool:
    """A caseworker works on the cases of their own office (the organisation's `office` code)."""
    if not has_role(user, Role.CASEWORKER):
        return False
    return bool(office_of(user)) and office_of(user) == office


def can_register_application(actor: Actor, office: str) -> bool:
    return works_at_office(user_of(actor), office)


def _own_applications(user: AnyUser) -> Q:
    """Cases of the user's office, or assigned to them."""
    if not works_in_register(user):
        return Q(pk__in=[])
    assert isinstance(user, User)
    office = office_of(user)
    own = Q(assigned_to=user)
    if office:
        own |= Q(office=office)
    return own


def _visible(actor: Actor) -> Q:
    user = user_of(actor)
    condition = _own_applications(user)
    opened = actor.unlocked_of(OPENED_APPLICATIONS)
    if opened and works_in_register(user):
        condition |= Q(case_number__in=opened)
    return condition


def visible_applications(actor: Actor) -> QuerySet[Application]:
    """The applications the actor may open: their own cases, and those their session opened with a reason."""
    return Application.objects.filter(_visible(actor))


def visible_beyond_office(actor: Actor) -> QuerySet[Application]:
    """Those of visible_applications not of the user's office: assigned to them, or opened with a reason.

    With the office's own count (models.OfficeCaseCount) they make the size of
    everything the user sees, without counting the office's every case.
    """
    user = user_of(actor)
    if not works_in_register(user):
        return Application.objects.none()
    condition = Q(assigned_to=user)
    opened = actor.unlocked_of(OPENED_APPLICATIONS)
    if opened:
        condition |= Q(case_number__in=opened)
    office = office_of(user)
    rows = Application.objects.filter(condition)
    return rows.exclude(office=office) if office else rows


def identifies_person(keys_given: list[str]) -> bool:
    """A search by these keys (selectors.PersonSearch.keys_given) identifies a person.

    The identity code, or the names with the date of birth: what the
    caseworker can only know from the person. A person id (P-…, or an
    imported system's sequential one) or a case number (sequential) can be
    guessed, so it never opens the way to another office's case.
    """
    keys = set(keys_given)
    if "person_id" in keys:  # the search goes by the person id when one is given (selectors.find_persons)
        return False
    return "hetu" in keys or ("birth_date" in keys and bool(keys & {"first_names", "last_name"}))


def _identified(actor: Actor) -> Q:
    return Q(person__person_id__in=actor.unlocked_of(IDENTIFIED_PERSONS))


def reachable_applications(actor: Actor) -> QuerySet[Application]:
    """The cases the actor may ask for by id: those they may open, and another office's cases of a person their
    session identified (these answer with the break-glass reason page).

    Any other id, of another office's case or of no case at all, answers
    "not found", the same way (torju.register.by_id).
    """
    if not works_in_register(user_of(actor)):
        return Application.objects.none()
    condition = _visible(actor)
    if actor.unlocked_of(IDENTIFIED_PERSONS):
        condition |= _identified(actor)
    return Application.objects.filter(condition)


def is_own_application(actor: Actor, application: Application) -> bool:
    """Without a reason: of the user's office, or assigned to them."""
    user = user_of(actor)
    if not works_in_register(user):
        return False
    office = office_of(user)
    return (bool(office) and application.office == office) or application.assigned_to_id == user.pk


def can_break_glass(actor: Actor, application: Application) -> bool:
    """Another office's case may be opened with a reason by anyone working in the register who identified its
    applicant by a search in this session."""
    return (
        works_in_register(user_of(actor))
        and not is_own_application(actor, application)
        and actor.has_unlocked(IDENTIFIED_PERSONS, application.person.person_id)
    )


def can_see_application(actor: Actor, application: Application) -> bool:
    if is_own_application(actor, application):
        return True
    return works_in_register(user_of(actor)) and actor.has_unlocked(OPENED_APPLICATIONS, application.case_number)


def writing_key(application: Application, reason: str) -> str:
    """What the session keeps (WRITING_REASONS) once a reason for writing on the case was given."""
    return f"{application.case_number}\n{reason}"


def writing_reason(actor: Actor, application: Application) -> str:
    """The reason the actor's session gave for writing on this case of another office (the latest), or ""."""
    prefix = f"{application.case_number}\n"
    for entry in reversed(actor.unlocked_of(WRITING_REASONS)):
        if entry.startswith(prefix):
            return entry.removeprefix(prefix)
    return ""


def _write_opened_case_numbers(actor: Actor) -> list[str]:
    opened = set(actor.unlocked_of(OPENED_APPLICATIONS))
    numbers = {entry.partition("\n")[0] for entry in actor.unlocked_of(WRITING_REASONS)}
    return sorted(numbers & opened)


def can_open_for_writing(actor: Actor, application: Application) -> bool:
    """A caseworker who opened another office's case with a reason may give a second one, for writing on it."""
    return (
        has_role(user_of(actor), Role.CASEWORKER)
        and not is_own_application(actor, application)
        and can_see_application(actor, application)
    )


def break_glass_writing(actor: Actor, application: Application) -> str | None:
    """How a write of the actor on the case is recorded: None for their own case; else the reason they gave for
    writing, and the write is flagged for the auditor."""
    if is_own_application(actor, application) or not works_in_register(user_of(actor)):
        return None
    return writing_reason(actor, application)


def applicants_to_apply_for(actor: Actor) -> QuerySet[Person]:
    """Victims for whom the actor may register a new application: visible ones, and those found by a search.

    A person registered only at other offices is reached through an exact
    search (by identity code, name and date of birth, or pseudonymous id),
    never by guessing database ids; registering for them takes a reason
    (services.register_application).
    """
    if not has_role(user_of(actor), Role.CASEWORKER):
        return Person.objects.none()
    reachable = Q(pk__in=visible_persons(actor).values("pk"))
    found = actor.unlocked_of(FOUND_PERSONS)
    if found:
        reachable |= Q(person_id__in=found)
    return Person.objects.filter(reachable, role=PersonRole.VICTIM)


def is_known_elsewhere(actor: Actor, person: Person) -> bool:
    """The person has applications, none of which is the actor's own (one opened with a reason is not)."""
    own = Application.objects.filter(_own_applications(user_of(actor)), person=person)
    return person.applications.exists() and not own.exists()


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """Applicants of visible applications, and the children of those applicants."""
    applicants = visible_applications(actor).values("person_id")
    return Person.objects.filter(Q(pk__in=applicants) | Q(parent_id__in=applicants))


def can_work_on(actor: Actor, application: Application) -> bool:
    """Record events, services, reflection periods, children (caseworkers): on their own cases, and on another
    office's case opened with a reason and then given a reason for writing (break-glass alone is read-only)."""
    if not has_role(user_of(actor), Role.CASEWORKER):
        return False
    if is_own_application(actor, application):
        return True
    return can_see_application(actor, application) and bool(writing_reason(actor, application))


def can_mark_waiting(actor: Actor, application: Application) -> bool:
    """Say that an undecided case waits for information, or no longer does: whoever works on the case.

    `application_abilities` gives the same answer from the `can_work` it has already found.
    """
    return can_work_on(actor, application) and not application.decision


def can_draft_decision(actor: Actor, application: Application) -> bool:
    return can_work_on(actor, application) and not application.decision


def can_confirm_decision(actor: Actor, application: Application, drafted_by_id: int | None) -> bool:
    """A decision maker of the case's office, never the drafter."""
    user = user_of(actor)
    if not has_role(user, Role.DECISION_MAKER) or drafted_by_id == user.pk:
        return False
    return is_own_application(actor, application)


def can_assign(actor: Actor, application: Application) -> bool:
    """Anyone working on the case, and the decision makers of its office, give it to a caseworker (or nobody)."""
    return can_work_on(actor, application) or is_own_application(actor, application)


def can_be_assigned(assignee: User, application: Application) -> bool:
    """A case is given to an active caseworker of its own office."""
    return assignee.is_active and works_at_office(assignee, application.office)


def open_draft_of(application: Application) -> DecisionDraft | None:
    """The decision draft waiting for confirmation, if any (from prefetched drafts when they are there)."""
    return next((draft for draft in application.decision_drafts.all() if draft.confirmed_at is None), None)


@dataclass(frozen=True)
class ApplicationAbilities:
    """What the actor may do on a case now: the case page shows its buttons and the API reports these.

    Each is the rule the service itself applies (with the case's state), so
    that the page never offers what the service would refuse.
    """

    can_work: bool  # edit the application, record exploitation events and reflection periods
    can_draft: bool  # draft a decision
    can_confirm: bool  # confirm or reject the draft waiting for confirmation
    can_assign: bool  # give the case to a caseworker of its office, or to nobody
    can_close: bool  # record a withdrawn or lapsed application
    can_record_clienthood: bool  # services and needs assessments, also late ones dated inside an ended clienthood
    can_change_clienthood: bool  # add the client's child, end the clienthood: while it is current
    can_open_for_writing: bool  # another office's case opened with a reason: give a reason for writing
    can_mark_waiting: bool  # say that the undecided case waits for information, or no longer does


def application_abilities(actor: Actor, application: Application) -> ApplicationAbilities:
    """The one answer to "what may this actor do on this case", for the case page and the API alike."""
    open_draft = open_draft_of(application)
    can_work = can_work_on(actor, application)
    undecided = not application.decision
    return ApplicationAbilities(
        can_work=can_work,
        can_draft=can_draft_decision(actor, application) and open_draft is None,
        can_confirm=open_draft is not None
        and undecided
        and can_confirm_decision(actor, application, open_draft.drafted_by_id),
        can_assign=can_assign(actor, application),
        can_close=can_work and undecided and open_draft is None,
        can_record_clienthood=can_work and application.decision == POSITIVE,
        can_change_clienthood=can_work and application.decision == POSITIVE and application.clienthood_ended_on is None,
        can_open_for_writing=not can_work and can_open_for_writing(actor, application),
        can_mark_waiting=can_work and undecided,
    )


def sees_identifiers(actor: Actor) -> bool:
    """Direct identifiers are for those who work on cases; analysts never see them."""
    return works_in_register(user_of(actor))


def _workable_applicants(actor: Actor) -> QuerySet[Application]:
    """The applications whose applicant (and their children) the actor may change: their own, and another
    office's opened with a reason and a reason for writing."""
    condition = _own_applications(user_of(actor))
    writable = _write_opened_case_numbers(actor)
    if writable:
        condition |= Q(case_number__in=writable)
    return Application.objects.filter(condition)


def _person_of(applications: QuerySet[Application], person: Person) -> QuerySet[Application]:
    return applications.filter(Q(person_id=person.pk) | Q(person_id=person.parent_id))


def can_edit_person(actor: Actor, person: Person) -> bool:
    """A caseworker edits a person of their own cases, or of another office's case opened for writing."""
    if not has_role(user_of(actor), Role.CASEWORKER):
        return False
    return _person_of(_workable_applicants(actor), person).exists()


def person_writing(actor: Actor, person: Person) -> str | None:
    """How a change of the person is recorded: None when they are of the actor's own cases; else the reason given
    for writing on their case of another office, and the change is flagged for the auditor."""
    if _person_of(Application.objects.filter(_own_applications(user_of(actor))), person).exists():
        return None
    writable = _person_of(_workable_applicants(actor), person).order_by("case_number").first()
    return writing_reason(actor, writable) if writable is not None else ""


def offers_person_edit(actor: Actor, person: Person) -> bool:
    """Whether the person's record offers editing (page and API): an editor, and identifiers not erased."""
    return person.identifiers_erased_at is None and can_edit_person(actor, person)


def registers_applications(actor: Actor) -> bool:
    """Registers applications (of new applicants or of persons found): a caseworker with an office."""
    return can_register_application(actor, office_of(user_of(actor)))


# The backlog of undecided applications, by age and against the decision target: the decision makers'
# (docs/decisions/0108); like their work lists, of their own office's cases.
SEE_BACKLOG = roles(Role.DECISION_MAKER)


# Imports from the web: the register's coordinator, i.e. the assistance system's team lead
# (decision maker), docs/decisions/0006-register-retention.md.
IMPORT_REGISTER = roles(Role.DECISION_MAKER)


def own_import_jobs(user: AnyUser) -> Q:
    """An import's progress and error list are for the decision maker who started it; others get "not found"."""
    if not has_role(user, Role.DECISION_MAKER):
        return Q(pk__in=[])
    return Q(started_by_id=user.pk)
