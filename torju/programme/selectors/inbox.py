"""Each role's own work, for its home page: what is due, waiting, overdue or there to comment on."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, Q

from torju.accounts.models import Role, User
from torju.programme.models import Meeting, MinutesState, Programme, Publication, PublicationState, Stage, StatusReport
from torju.programme.permissions import member_programmes, visible_meetings, visible_publications
from torju.programme.selectors.follow_up import DecisionFollowUp, decisions_to_follow
from torju.programme.selectors.progress import OwedReport, owed_by

LIMIT = 20


@dataclass
class Inbox:
    reports_due: list[OwedReport] = field(default_factory=list)
    decisions_of_my_body: list[DecisionFollowUp] = field(default_factory=list)
    reports_to_review: list[StatusReport] = field(default_factory=list)
    overdue_decisions: list[DecisionFollowUp] = field(default_factory=list)
    minutes_to_comment: list[Meeting] = field(default_factory=list)
    publications_to_comment: list[Publication] = field(default_factory=list)
    plans_to_comment: list[Programme] = field(default_factory=list)
    publications_to_read: list[Publication] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def reports_to_review() -> list[StatusReport]:
    """Submitted reports the coordinator has not commented on since their latest version, oldest first."""
    return list(
        StatusReport.objects.filter(state="submitted")
        .annotate(submitted=Max("versions__submitted_at"), commented=Max("comments__created_at"))
        .filter(Q(commented__isnull=True) | Q(commented__lt=F("submitted")))
        .select_related("round", "measure", "organisation")
        .order_by("submitted")[:LIMIT]
    )


def inbox(user: User, today: date) -> Inbox:
    """The user's inbox: each of their roles adds its own work."""
    roles = user.roles
    found = Inbox()
    if Role.REPORTER in roles:
        found.reports_due = [item for item in owed_by(user) if item.state != "submitted"][:LIMIT]
        found.decisions_of_my_body = [
            item for item in decisions_to_follow(None, today) if item.decision.owner_id == user.organisation_id
        ][:LIMIT]
    if Role.COORDINATOR in roles:
        found.reports_to_review = reports_to_review()
        found.overdue_decisions = [item for item in decisions_to_follow(None, today) if item.overdue][:LIMIT]
    if Role.GROUP_MEMBER in roles:
        found.minutes_to_comment = list(
            visible_meetings(user, Meeting.objects.filter(minutes_state=MinutesState.CIRCULATED))
            .exclude(comments__author=user)
            .order_by("date")[:LIMIT]
        )
        found.publications_to_comment = list(
            visible_publications(user, Publication.objects.filter(state=PublicationState.CIRCULATED))
            .filter(programme__in=member_programmes(user))
            .exclude(comments__author=user)[:LIMIT]
        )
    if roles & {Role.REPORTER, Role.GROUP_MEMBER}:
        found.plans_to_comment = list(
            Programme.objects.filter(stage=Stage.CIRCULATED).exclude(comments__author=user).order_by("-start_year")
        )
        if Role.REPORTER not in roles:
            found.plans_to_comment = [plan for plan in found.plans_to_comment if plan in member_programmes(user)]
    if Role.RAPPORTEUR in roles:
        found.publications_to_read = list(
            visible_publications(user, Publication.objects.all()).order_by("-approved_at", "-id")[:LIMIT]
        )
    return found
