"""Who may do what in the assistance register: the one place for these rules.

Pages, the API and exports all ask these functions. The rules:

- Caseworkers and decision makers work in the register; analysts take only
  pseudonymous extracts; nobody else sees it.
- A caseworker or decision maker sees the cases of their own office and the
  cases assigned to them. A case of another office can be opened with a
  reason ("break-glass"): the access is granted for the rest of the session,
  and every such opening is flagged in the audit trail for the auditor.
- A person is visible through the cases that are visible (a child through
  the parent's cases).
- Decisions take four eyes: a caseworker drafts, a decision maker other than
  the drafter confirms.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser, has_role, roles
from torju.register.models import Application, Person, PersonRole

USE_REGISTER = roles(Role.CASEWORKER, Role.DECISION_MAKER)
EXTRACT_REGISTER = roles(Role.ANALYST)
BREAK_GLASS_SESSION_KEY = "register_break_glass"  # case numbers opened with a reason in this session
FOUND_SESSION_KEY = "register_found_persons"  # pseudonymous ids of persons found by an exact search in this session
FOUND_REMEMBERED = 100  # the latest ones: enough for a day's work, small in the session


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


def can_register_application(user: AnyUser, office: str) -> bool:
    return works_at_office(user, office)


def _own_cases(user: AnyUser) -> Q:
    """Cases of the user's office, or assigned to them."""
    if not works_in_register(user):
        return Q(pk__in=[])
    assert isinstance(user, User)
    office = office_of(user)
    own = Q(assigned_to=user)
    if office:
        own |= Q(office=office)
    return own


def visible_applications(user: AnyUser, request: HttpRequest | None = None) -> QuerySet[Application]:
    """The applications the user may open; with the request, also those opened with a reason this session."""
    condition = _own_cases(user)
    if request is not None and works_in_register(user):
        opened = broken_glass(request)
        if opened:
            condition |= Q(case_number__in=opened)
    return Application.objects.filter(condition)


def is_own_case(user: AnyUser, application: Application) -> bool:
    """Without a reason: of the user's office, or assigned to them."""
    if not works_in_register(user):
        return False
    office = office_of(user)
    return (bool(office) and application.office == office) or application.assigned_to_id == user.pk


def can_break_glass(user: AnyUser, application: Application) -> bool:
    """Another office's case may be opened with a reason by anyone working in the register."""
    return works_in_register(user) and not is_own_case(user, application)


def broken_glass(request: HttpRequest) -> list[str]:
    opened = request.session.get(BREAK_GLASS_SESSION_KEY, [])
    return [str(case) for case in opened] if isinstance(opened, list) else []


def remember_broken_glass(request: HttpRequest, application: Application) -> None:
    opened = broken_glass(request)
    if application.case_number not in opened:
        request.session[BREAK_GLASS_SESSION_KEY] = [*opened, application.case_number]


def can_see_application(user: AnyUser, application: Application, request: HttpRequest | None = None) -> bool:
    if is_own_case(user, application):
        return True
    return request is not None and works_in_register(user) and application.case_number in broken_glass(request)


def remember_found_persons(request: HttpRequest, persons: list[Person]) -> None:
    """Persons an exact search found: a new application may be registered for them (see can_apply_for)."""
    found = [person.person_id for person in persons]
    earlier = [person_id for person_id in request.session.get(FOUND_SESSION_KEY, []) if person_id not in found]
    request.session[FOUND_SESSION_KEY] = [*earlier, *found][-FOUND_REMEMBERED:]


def applicants_to_apply_for(user: AnyUser, request: HttpRequest | None = None) -> QuerySet[Person]:
    """Victims for whom the user may register a new application: visible ones, and those found by a search.

    A person registered only at other offices is reached through an exact
    search (by identity code, name and date of birth, or pseudonymous id),
    never by guessing database ids; registering for them takes a reason
    (services.register_application).
    """
    if not has_role(user, Role.CASEWORKER):
        return Person.objects.none()
    found = request.session.get(FOUND_SESSION_KEY, []) if request is not None else []
    reachable = Q(pk__in=visible_persons(user, request).values("pk"))
    if isinstance(found, list) and found:
        reachable |= Q(person_id__in=[str(person_id) for person_id in found])
    return Person.objects.filter(reachable, role=PersonRole.VICTIM)


def is_known_elsewhere(user: AnyUser, person: Person, request: HttpRequest | None = None) -> bool:
    """The person has applications, none of which the user may open without a reason."""
    return person.applications.exists() and not visible_applications(user, request).filter(person=person).exists()


def visible_persons(user: AnyUser, request: HttpRequest | None = None) -> QuerySet[Person]:
    """Applicants of visible applications, and the children of those applicants."""
    applicants = visible_applications(user, request).values("person_id")
    return Person.objects.filter(Q(pk__in=applicants) | Q(parent_id__in=applicants))


def can_work_on(user: AnyUser, application: Application, request: HttpRequest | None = None) -> bool:
    """Record events, services, reflection periods, children on a visible case (caseworkers)."""
    return has_role(user, Role.CASEWORKER) and can_see_application(user, application, request)


def can_draft_decision(user: AnyUser, application: Application, request: HttpRequest | None = None) -> bool:
    return can_work_on(user, application, request) and not application.decision


def can_confirm_decision(user: AnyUser, application: Application, drafted_by_id: int | None) -> bool:
    """A decision maker of the case's office, never the drafter."""
    if not has_role(user, Role.DECISION_MAKER) or drafted_by_id == user.pk:
        return False
    return is_own_case(user, application)


def sees_identifiers(user: AnyUser) -> bool:
    """Direct identifiers are for those who work on cases; analysts never see them."""
    return works_in_register(user)


def can_edit_person(user: AnyUser, person: Person, request: HttpRequest | None = None) -> bool:
    """A caseworker edits a person whose record they may open."""
    return has_role(user, Role.CASEWORKER) and visible_persons(user, request).filter(pk=person.pk).exists()


# Imports from the web: the register's coordinator, i.e. the assistance system's team lead
# (decision maker), docs/decisions/0006-register-retention.md.
IMPORT_REGISTER = roles(Role.DECISION_MAKER)


def own_import_jobs(user: AnyUser) -> Q:
    """An import's progress and error list are for the decision maker who started it; others get "not found"."""
    if not has_role(user, Role.DECISION_MAKER):
        return Q(pk__in=[])
    return Q(started_by_id=user.pk)
