"""Who may do what in action-plan monitoring: the one place for these rules.

Page and API rules (AccessRule) say which roles may open a view at all; the
functions below say which objects a user may see or act on. A record the user
may not see answers "not found", the same as a missing one.

- The coordinator (the secretariat) manages everything in the module.
- A reporter reports for their own body's measures and sees their body's
  reports; they read every plan that is no longer a draft, and comment on a
  plan circulated for comments.
- A group member reads the dashboard of the plans their groups follow, the
  minutes of their own groups once circulated, and the programme's reports
  once circulated; they comment on circulated minutes and reports (and on a
  circulated plan). They write nothing else.
- The national rapporteur reads the plans, their dashboards and the reports
  once approved; they write nothing (accounts.middleware refuses every write
  of a read-only role).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser, has_role, roles
from torju.actor import Actor
from torju.programme.models import (
    Attachment,
    Measure,
    Meeting,
    MinutesState,
    Programme,
    Publication,
    PublicationState,
    ReportingRound,
    Stage,
    StatusReport,
)

# Pages and API endpoints.
MANAGE_PROGRAMME = roles(Role.COORDINATOR)
REPORT_STATUS = roles(Role.REPORTER)
FOLLOW_PROGRAMME = roles(Role.COORDINATOR, Role.REPORTER)
READ_PROGRAMME = roles(Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER, Role.RAPPORTEUR)
READ_DASHBOARD = roles(Role.COORDINATOR, Role.GROUP_MEMBER, Role.RAPPORTEUR)
READ_MEETINGS = roles(Role.COORDINATOR, Role.GROUP_MEMBER)
READ_PUBLICATIONS = roles(Role.COORDINATOR, Role.GROUP_MEMBER, Role.RAPPORTEUR)
COMMENT_ON_DRAFTS = roles(Role.COORDINATOR, Role.GROUP_MEMBER)
COMMENT_ON_PLANS = roles(Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER)
READ_ATTACHMENTS = roles(Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER)
ATTACH_FILES = roles(Role.COORDINATOR, Role.REPORTER)


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


# Plans.


def visible_programmes(user: AnyUser, programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """The coordinator sees every plan; the other roles of the module every plan that is no longer a draft."""
    if is_coordinator(user):
        return programmes
    if has_role(user, Role.REPORTER, Role.GROUP_MEMBER, Role.RAPPORTEUR):
        return programmes.exclude(stage=Stage.DRAFT)
    return programmes.none()


def member_programmes(user: AnyUser) -> QuerySet[Programme]:
    """The plans that a group member's groups follow."""
    if not has_role(user, Role.GROUP_MEMBER):
        return Programme.objects.none()
    assert isinstance(user, User)
    return Programme.objects.filter(groups__memberships__user=user).distinct()


def can_read_dashboard(user: AnyUser, programme: Programme) -> bool:
    """The coordinator; the rapporteur for a plan that is no longer a draft; members for their groups' plans."""
    if is_coordinator(user):
        return True
    if has_role(user, Role.RAPPORTEUR) and programme.stage != Stage.DRAFT:
        return True
    return member_programmes(user).filter(pk=programme.pk).exists()


def can_comment_on_plan(user: AnyUser, programme: Programme) -> bool:
    """While a plan is circulated for comments: its responsible bodies' reporters, the members of its groups,
    and the coordinator."""
    if programme.stage != Stage.CIRCULATED:
        return False
    if is_coordinator(user) or has_role(user, Role.REPORTER):
        return True
    return member_programmes(user).filter(pk=programme.pk).exists()


# Status reports.


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


# Meetings and their minutes.


def visible_meetings(user: AnyUser, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The coordinator sees every meeting; a group member the meetings of their own groups, once the minutes
    are circulated (a draft is the secretariat's own)."""
    if is_coordinator(user):
        return meetings
    if has_role(user, Role.GROUP_MEMBER):
        assert isinstance(user, User)
        return meetings.filter(
            group__memberships__user=user, minutes_state__in=[MinutesState.CIRCULATED, MinutesState.APPROVED]
        ).distinct()
    return meetings.none()


def can_see_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return visible_meetings(user, Meeting.objects.filter(pk=meeting.pk)).exists()


def can_comment_on_minutes(user: AnyUser, meeting: Meeting) -> bool:
    """Members of the meeting's group comment on circulated minutes; the coordinator too."""
    if meeting.minutes_state != MinutesState.CIRCULATED:
        return False
    if is_coordinator(user):
        return True
    if not has_role(user, Role.GROUP_MEMBER) or meeting.group_id is None:
        return False
    assert isinstance(user, User)
    return meeting.group.memberships.filter(user=user).exists() if meeting.group else False


# Publications (the implementation report, progress reports).

MEMBER_SEES = (PublicationState.CIRCULATED, PublicationState.APPROVED, PublicationState.PUBLISHED)
RAPPORTEUR_SEES = (PublicationState.APPROVED, PublicationState.PUBLISHED)


def visible_publications(user: AnyUser, publications: QuerySet[Publication]) -> QuerySet[Publication]:
    """The coordinator sees every report; members those of their groups' plans once circulated; the rapporteur
    every approved one; anyone else (and the public) those published."""
    if is_coordinator(user):
        return publications
    seen = Q(state=PublicationState.PUBLISHED)
    if has_role(user, Role.RAPPORTEUR):
        seen |= Q(state__in=RAPPORTEUR_SEES)
    if has_role(user, Role.GROUP_MEMBER):
        seen |= Q(state__in=MEMBER_SEES, programme__in=member_programmes(user))
    return publications.filter(seen)


def can_see_publication(user: AnyUser, publication: Publication) -> bool:
    return visible_publications(user, Publication.objects.filter(pk=publication.pk)).exists()


def can_comment_on_publication(user: AnyUser, publication: Publication) -> bool:
    if publication.state != PublicationState.CIRCULATED:
        return False
    return is_coordinator(user) or member_programmes(user).filter(pk=publication.programme_id).exists()


# Attachments.


def can_read_attachment(user: AnyUser, attachment: Attachment) -> bool:
    """Whoever may read the meeting or the status report it is attached to."""
    if attachment.removed_at is not None:
        return False
    if attachment.meeting is not None:
        return can_see_meeting(user, attachment.meeting)
    return attachment.report is not None and can_see_report(user, attachment.report)


def can_attach_to_report(user: AnyUser, report: StatusReport) -> bool:
    """The coordinator, and the reporters of the report's body while its round is open."""
    if is_coordinator(user):
        return True
    return not report.round.closed and can_see_report(user, report) and can_report_on(user, report.measure)
