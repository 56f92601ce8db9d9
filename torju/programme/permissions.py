"""Who may do what in action-plan monitoring: the one place for these rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser, has_role, roles
from torju.actor import Actor
from torju.programme.models import Measure, ReportingRound, StatusReport

# Pages and API endpoints.
MANAGE_PROGRAMME = roles(Role.COORDINATOR)
REPORT_STATUS = roles(Role.REPORTER)
FOLLOW_PROGRAMME = roles(Role.COORDINATOR, Role.REPORTER)


def is_coordinator(user: AnyUser) -> bool:
    return has_role(user, Role.COORDINATOR)


def is_operator(actor: Actor) -> bool:
    """Someone at the server's command line, running a management command without naming a user."""
    return actor.user is None and actor.channel == "command"


def require_coordinator(actor: Actor) -> User:
    """The coordinator acting, or PermissionDenied."""
    if actor.user is None or not is_coordinator(actor.user):
        raise PermissionDenied("coordinator only")
    return actor.user


def require_coordinator_or_operator(actor: Actor) -> User | None:
    """The coordinator acting (their user), an operator at the command line (None), or PermissionDenied."""
    if is_operator(actor):
        return None
    return require_coordinator(actor)


def require_user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied("a signed-in user only")
    return actor.user


def can_report_on(user: AnyUser, measure: Measure) -> bool:
    """A reporter reports only for their own body's measures."""
    if not has_role(user, Role.REPORTER):
        return False
    assert isinstance(user, User)
    return (
        user.organisation_id is not None
        and measure.responsibilities.filter(organisation_id=user.organisation_id).exists()
    )


def visible_reports(user: AnyUser, reports: QuerySet[StatusReport]) -> QuerySet[StatusReport]:
    """The coordinator sees every report; a reporter those of their own body."""
    if is_coordinator(user):
        return reports
    if has_role(user, Role.REPORTER):
        assert isinstance(user, User)
        return reports.filter(Q(organisation_id=user.organisation_id) & Q(organisation_id__isnull=False))
    return reports.none()


def can_see_report(user: AnyUser, report: StatusReport) -> bool:
    return visible_reports(user, StatusReport.objects.filter(pk=report.pk)).exists()


def can_see_round(user: AnyUser, reporting_round: ReportingRound) -> bool:
    return visible_rounds(user, ReportingRound.objects.filter(pk=reporting_round.pk)).exists()


def visible_rounds(user: AnyUser, rounds: QuerySet[ReportingRound]) -> QuerySet[ReportingRound]:
    """The coordinator sees every round; a reporter the rounds that ask for their body's reports."""
    if is_coordinator(user):
        return rounds
    if has_role(user, Role.REPORTER):
        assert isinstance(user, User)
        if user.organisation_id is None:
            return rounds.none()
        asking = ReportingRound.objects.filter(measures__responsibilities__organisation_id=user.organisation_id)
        return rounds.filter(pk__in=asking.values("pk"))
    return rounds.none()
