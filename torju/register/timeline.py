"""The case's timeline in words: its audit events as sentences ("Decision confirmed by Paula Päättäjä").

Split from torju.register.selectors (a read of the case page). Other apps add what they record to
TIMELINE_SUBJECTS and TIMELINE_SENTENCES from their AppConfig.ready (torju.legalpath.apps).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from torju.accounts.models import User
from torju.audit.models import Action, AuditEvent
from torju.audit.selectors import person_of
from torju.register.models import Application

# What a timeline entry concerns: the `what` of the audit event's changes.
TIMELINE_SUBJECTS = {
    "application": _("application"),
    "assignment": _("assignment"),
    "application_closed": _("withdrawn or lapsed"),
    "decision_draft": _("decision draft"),
    "decision": _("decision"),
    "exploitation_event": _("exploitation event"),
    "reflection_period": _("reflection period"),
    "service": _("service"),
    "child": _("child added as a client"),
    "child_left": _("child's clienthood ended"),
    "needs_assessment": _("service needs assessment"),
    "clienthood_ended": _("clienthood ended"),
    "break_glass": _("opened by another office"),
    "break_glass_write": _("opened for writing by another office"),
    "import_update": _("changed by an update import"),
    "waiting_for_information": _("waiting for information"),
}

# The timeline in words: what happened, by whom (`%(who)s`), by the audit event's action and `what`.
TIMELINE_SENTENCES: dict[tuple[str, str], Promise] = {
    (Action.CREATE, "application"): _("Application registered by %(who)s"),
    (Action.IMPORT, "application"): _("Application imported by %(who)s"),
    (Action.UPDATE, "application"): _("Application details changed by %(who)s"),
    (Action.VIEW, "application"): _("Case viewed by %(who)s"),
    (Action.UPDATE, "application_closed"): _("Application recorded as withdrawn or lapsed by %(who)s"),
    (Action.CREATE, "decision_draft"): _("Decision drafted by %(who)s"),
    (Action.RETURN, "decision_draft"): _("Decision draft returned to the drafter by %(who)s"),
    (Action.UPDATE, "decision"): _("Decision confirmed by %(who)s"),
    (Action.CREATE, "exploitation_event"): _("Exploitation event added by %(who)s"),
    (Action.DELETE, "exploitation_event"): _("Exploitation event deleted by %(who)s"),
    (Action.CREATE, "reflection_period"): _("Reflection period recorded by %(who)s"),
    (Action.CREATE, "service"): _("Service added by %(who)s"),
    (Action.UPDATE, "service"): _("Service ended by %(who)s"),
    (Action.CREATE, "child"): _("Child added as a client by %(who)s"),
    (Action.UPDATE, "child_left"): _("Child's clienthood ended by %(who)s"),
    (Action.CREATE, "needs_assessment"): _("Service needs assessed by %(who)s"),
    (Action.UPDATE, "clienthood_ended"): _("Clienthood ended by %(who)s"),
    (Action.VIEW, "break_glass"): _("Opened with a reason by %(who)s of another office"),
    (Action.UPDATE, "break_glass_write"): _("Opened for writing with a reason by %(who)s of another office"),
    (Action.UPDATE, "import_update"): _("Changed by an update import of %(who)s"),
    (Action.CREATE, "waiting_for_information"): _("Marked as waiting for information by %(who)s"),
    (Action.UPDATE, "waiting_for_information"): _("What the case waits for changed by %(who)s"),
    (Action.DELETE, "waiting_for_information"): _("Waiting for information ended by %(who)s"),
}
ASSIGNED = _("Case assigned to %(assignee)s by %(who)s")
UNASSIGNED = _("Responsible person removed by %(who)s")
# What the register does not name itself (e.g. the legal path's entries): the subject, the action and who.
OTHER_SENTENCE = _("%(subject)s: %(action)s by %(who)s")


@dataclass(frozen=True)
class TimelineEntry:
    at: Any
    actor: str  # the user name, as the API reports it
    action: str
    what: str
    changes: dict[str, Any] | None
    flagged: bool
    reason: str = ""
    action_code: str = ""
    who: str = ""  # the full name; "" for the system (an import, a command)
    assignee: str = ""  # the full name of whom an assignment names

    @property
    def subject(self) -> str:
        return str(TIMELINE_SUBJECTS.get(self.what, self.what))

    @property
    def system(self) -> bool:
        return not self.who

    @property
    def sentence(self) -> str:
        """What happened, in words: "Decision confirmed by Paula Päättäjä"."""
        who = self.who or (pgettext("timeline", "the system") + (f" ({self.actor})" if self.actor else ""))
        if self.what == "assignment" and self.action_code == Action.UPDATE:
            if self.assignee:
                return str(ASSIGNED) % {"assignee": self.assignee, "who": who}
            return str(UNASSIGNED) % {"who": who}
        sentence = TIMELINE_SENTENCES.get((self.action_code, self.what))
        if sentence is not None:
            return str(sentence) % {"who": who}
        return str(OTHER_SENTENCE) % {"subject": capfirst(self.subject), "action": self.action.lower(), "who": who}

    @property
    def imported_values(self) -> list[tuple[str, str, str]]:
        """(column, before, after) of a row an update import changed, as the exchange format writes them."""
        if self.what != "import_update" or not self.changes:
            return []
        before, after = self.changes.get("before", {}), self.changes.get("after", {})
        return [(column, str(before.get(column, "")), str(value)) for column, value in after.items()]


def _assignees(events: list[AuditEvent]) -> dict[str, str]:
    """The full names of the users assignments name (the trail keeps user names), in one query."""
    usernames = {
        str(((event.changes or {}).get("after") or {}).get("assigned_to") or "")
        for event in events
        if (event.changes or {}).get("what") == "assignment"
    } - {""}
    users = User.objects.filter(username__in=usernames) if usernames else User.objects.none()
    return {user.username: user.get_full_name() or user.username for user in users}


def timeline(application: Application) -> list[TimelineEntry]:
    """Everything recorded about one case, oldest first: registration, events, decisions, services, openings.

    Every write of the register records its audit event against the case's
    application (the object that changed is named in `changes`), so the audit
    trail is the case history; imports that created the case are its first entry.
    People are named as the audit trail names them (torju.audit.selectors.person_of).
    """
    events = list(
        AuditEvent.objects.filter(object_type=Application._meta.label_lower, object_id=str(application.pk))
        .exclude(action__in=[Action.VIEW, Action.SEARCH], flagged=False)
        .select_related("actor")
        .order_by("at", "pk")
    )
    assignees = _assignees(events)
    entries = [
        TimelineEntry(
            at=event.at,
            actor=event.actor_username,
            action=str(Action(event.action).label) if event.action in Action.values else event.action,
            action_code=event.action,
            what=str((event.changes or {}).get("what", "")),
            reason=event.reason,
            changes=event.changes,
            flagged=event.flagged,
            who=person_of(event),
            assignee=assignees.get(str(((event.changes or {}).get("after") or {}).get("assigned_to") or ""), ""),
        )
        for event in events
    ]
    if not entries or entries[0].what != "application":
        entries.insert(
            0,
            TimelineEntry(
                at=application.created_at,
                actor="",
                action=str(Action.IMPORT.label),  # registered elsewhere and imported in the exchange format
                action_code=Action.IMPORT,
                what="application",
                changes=None,
                flagged=False,
            ),
        )
    return entries
