"""Reading the audit trail."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.accounts.models import User
from torju.audit.models import Action, AuditEvent

AnyUser = User | AnonymousUser
# Sign-in events name the user name typed, with no user behind it when it was wrong: not the system's doing.
SIGN_IN_ACTIONS = frozenset({Action.LOGIN_FAILED, Action.LOCKED_OUT, Action.PERMISSION_DENIED})


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
    return events.select_related("actor").order_by("-at", "-id")


def object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .values_list("object_type", flat=True)
        .distinct()
        .order_by("object_type")
    )


# Where an audited object is shown, by object type: the auditor gets a link where the page's access rule lets
# them open it (the page itself still decides object by object). Types not named here get no link.
OBJECT_PAGES: dict[str, str] = {
    "register.person": "register:person",
    "register.application": "register:application",
    "register.registerimportjob": "register_import:job",
    "helpline.contact": "helpline:contact",
    "helpline.consultationcase": "helpline:case",
    "helpline.referral": "helpline:referral",
    "programme.programmegroup": "programme:group",
    "programme.meeting": "programme:meeting",
    "programme.attachment": "programme:attachment",
    "programme.publication": "programme:publication",
    "programme.reportinground": "programme:round",
    "programme.statusreport": "programme:report",
    "statistics.release": "statistics:release",
    "situation.justicefigure": "situation:history",
    "situation.situationalpicture": "situation:picture",
    "documents.documentjob": "documents:job",
}

# Object types that are no model: areas of the system named in the trail.
OTHER_OBJECT_TYPES: dict[str, Promise] = {
    "register": gettext_lazy("Register"),
    "helpline": gettext_lazy("Helpline"),
    "throttle": gettext_lazy("Rate limit"),
    "sign-in": gettext_lazy("Sign-in"),
}


@dataclass(frozen=True)
class AuditRow:
    """One event as the auditor reads it: words, full names and links rather than codes."""

    event: AuditEvent
    who: str
    system: bool
    action: str
    object_type: str
    object_name: str
    object_url: str
    history_url: str


def object_type_label(object_type: str) -> str:
    """ "register.person" as "Person" in the active language; an unknown type as it is."""
    if object_type in OTHER_OBJECT_TYPES:
        return str(OTHER_OBJECT_TYPES[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))


def object_type_choices() -> list[tuple[str, str]]:
    """The object types in the trail, by their labels, for the filter's list."""
    return sorted(((code, object_type_label(code)) for code in object_types()), key=lambda pair: pair[1].casefold())


def _names_of(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """str() of each event's object, one query per object type on the page (str() carries no identifiers)."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.object_type in OBJECT_PAGES and event.object_id.isdigit():
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    names = {}
    for object_type, ids in wanted.items():
        model = apps.get_model(object_type)
        for pk, obj in model._default_manager.in_bulk([int(pk) for pk in ids]).items():
            names[(object_type, str(pk))] = str(obj)
    return names


def _page_url(object_type: str, object_id: str, user: AnyUser) -> str:
    name = OBJECT_PAGES.get(object_type)
    if name is None or not object_id.isdigit():
        return ""
    url = reverse(name, args=[int(object_id)])
    rule = getattr(resolve(url).func, "access_rule", None)
    return url if rule is not None and rule.allows(user) else ""


def is_system_event(event: AuditEvent) -> bool:
    """Torju's own doing or an operator's command (an import): no user, and no sign-in naming a user name typed."""
    return event.actor_id is None and event.action not in SIGN_IN_ACTIONS


def person_of(event: AuditEvent) -> str:
    """Who did it, as people read it: the user's full name (their user name if they have none); the user name
    typed for a sign-in; "" for the system (is_system_event), which readers name in their own words."""
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor_username
    return "" if is_system_event(event) else event.actor_username


def audit_rows(events: Iterable[AuditEvent], user: AnyUser) -> list[AuditRow]:
    """The rows of a page of the trail for `user` (links only where `user` may open the page)."""
    events = list(events)
    names = _names_of(events)
    rows = []
    for event in events:
        system = is_system_event(event)
        if system:
            who = _("System") + (f" ({event.actor_username})" if event.actor_username else "")
        else:
            who = person_of(event) or "–"
        history = (
            f"{reverse('audit:trail')}?{urlencode({'object_type': event.object_type, 'object_id': event.object_id})}"
            if event.object_type and event.object_id
            else ""
        )
        rows.append(
            AuditRow(
                event=event,
                who=who,
                system=system,
                action=event.get_action_display(),
                object_type=object_type_label(event.object_type) if event.object_type else "",
                object_name=names.get((event.object_type, event.object_id), event.object_id),
                object_url=_page_url(event.object_type, event.object_id, user),
                history_url=history,
            )
        )
    return rows
