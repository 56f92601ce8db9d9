"""Reading the audit trail."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from torju.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None
    flagged_only: bool = False


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(criteria: AuditFilter) -> QuerySet[AuditEvent]:
    """Events matching the criteria, newest first. Dates are inclusive, in Finnish time."""
    events = AuditEvent.objects.all()
    if criteria.user:
        events = events.filter(actor_username__iexact=criteria.user)
    if criteria.action:
        events = events.filter(action=criteria.action)
    if criteria.object_type:
        events = events.filter(object_type=criteria.object_type)
    if criteria.object_id:
        events = events.filter(object_id=criteria.object_id)
    if criteria.since:
        events = events.filter(at__gte=_start_of(criteria.since))
    if criteria.until:
        events = events.filter(at__lt=_start_of(criteria.until + timedelta(days=1)))
    if criteria.flagged_only:
        events = events.filter(flagged=True)
    return events.order_by("-at", "-id")


def object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .values_list("object_type", flat=True)
        .distinct()
        .order_by("object_type")
    )
