"""Meetings of the groups: the meeting, its participants, agenda items and decisions, saved as one.

The caller gives plain data (MeetingData), not forms: a page, the API or an
import build it alike. Rows that exist already carry their id and are
updated in place, so that what hangs on them (a decision's follow-up) is
kept; rows left out are deleted.
"""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from torju.accounts.models import Organisation, User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.programme.models import (
    AgendaItem,
    Measure,
    Meeting,
    MeetingDecision,
    MinutesState,
    Participant,
    Programme,
    ProgrammeGroup,
)
from torju.programme.permissions import require_coordinator
from torju.programme.rules import Problems, meeting_time_problems, refuse

# While agenda items are renumbered, each kept item first moves out of the way: (meeting, number) is unique.
RENUMBERING_OFFSET = 30000


@dataclass(frozen=True)
class ParticipantData:
    name: str
    role: str
    title: str = ""
    organisation: Organisation | None = None
    role_note: str = ""
    left_at: time | None = None
    user: User | None = None  # the member of the meeting's group, when the participant is one
    id: int | None = None  # a participant of this meeting, to keep


@dataclass(frozen=True)
class DecisionData:
    text: str
    measures: tuple[int, ...] = ()  # numbers of measures of the meeting's programme
    owner: Organisation | None = None  # the body that is to carry it out
    deadline: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class AgendaItemData:
    number: int
    title: str
    minutes: str = ""
    decisions: tuple[DecisionData, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class MeetingData:
    body: str
    date: date
    start_time: time
    place: str
    programme: Programme | None = None
    group: ProgrammeGroup | None = None
    body_name: str = ""
    number: int | None = None
    end_time: time | None = None
    participants: tuple[ParticipantData, ...] = ()
    agenda: tuple[AgendaItemData, ...] = ()

    def submitted(self) -> dict[str, Any]:
        """What the caller sent, JSON-ready (an edit conflict shows it)."""
        return {
            "programme": self.programme.slug if self.programme else None,
            "group": self.group.pk if self.group else None,
            "body": self.body,
            "body_name": self.body_name,
            "number": self.number,
            "date": self.date.isoformat(),
            "start_time": _time(self.start_time),
            "end_time": _time(self.end_time),
            "place": self.place,
            "participants": [_participant_state(given) for given in self.participants],
            "agenda": [
                {
                    "number": item.number,
                    "title": item.title,
                    "minutes": item.minutes,
                    "decisions": [_decision_state(decision) for decision in item.decisions],
                }
                for item in self.agenda
            ],
        }


def _problems(data: MeetingData, meeting: Meeting | None) -> Problems:
    """Every problem of the data; keys name the row as `participants.<index>.<field>` or `agenda.<index>.<field>`."""
    problems = meeting_time_problems(data.start_time, data.end_time)
    if meeting is not None and meeting.minutes_state == MinutesState.APPROVED:
        problems["body"] = _("The minutes are approved and final: the meeting can no longer be changed.")
    if data.group is not None and data.programme is not None and data.group.programme_id != data.programme.pk:
        problems["group"] = _("The group follows another programme.")
    members = set(data.group.memberships.values_list("user_id", flat=True)) if data.group else set()
    for index, participant in enumerate(data.participants):
        if participant.user is not None and participant.user.pk not in members:
            problems[f"participants.{index}.user"] = _("Only a member of the meeting's group can be chosen.")
    if not data.participants:
        problems["participants"] = _("Name at least one participant.")
    if not data.agenda:
        problems["agenda"] = _("Give at least one agenda item.")
    known_participants = set(meeting.participants.values_list("pk", flat=True)) if meeting else set()
    for index, participant in enumerate(data.participants):
        if participant.id is not None and participant.id not in known_participants:
            problems[f"participants.{index}.name"] = _("This participant is not of this meeting.")
    programme = data.group.programme if data.group is not None else data.programme  # the group decides
    numbers = set(Measure.objects.filter(programme=programme).values_list("number", flat=True)) if programme else set()
    known_items = set(meeting.agenda_items.values_list("pk", flat=True)) if meeting else set()
    known_decisions = set(
        MeetingDecision.objects.filter(agenda_item__meeting=meeting).values_list("pk", flat=True) if meeting else []
    )
    seen: dict[int, int] = {}
    for index, item in enumerate(data.agenda):
        if item.id is not None and item.id not in known_items:
            problems[f"agenda.{index}.title"] = _("This agenda item is not of this meeting.")
        if item.number in seen:
            problems[f"agenda.{index}.number"] = _("Agenda item %(number)s is given twice.") % {"number": item.number}
        seen[item.number] = index
        for decision in item.decisions:
            if decision.id is not None and decision.id not in known_decisions:
                problems[f"agenda.{index}.decision"] = _("This decision is not of this meeting.")
            unknown = sorted(set(decision.measures) - numbers)
            if unknown:
                problems[f"agenda.{index}.decision_measures"] = _("The programme has no measure %(number)s.") % {
                    "number": ", ".join(map(str, unknown))
                }
    return problems


@transaction.atomic
def save_meeting(*, actor: Actor, meeting: Meeting | None, data: MeetingData, revision: int | None) -> Meeting:
    """Create a meeting (`meeting` None) or save an existing one, with its rows, in one transaction.

    `revision` is the revision the form was opened with; a different current
    revision raises EditConflictError and writes nothing. Raises
    ValidationError keyed by field (rows as `agenda.<index>.<field>`).
    """
    require_coordinator(actor)
    before = None
    current = None
    if meeting is not None and meeting.pk:
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if revision != current.revision:
            raise EditConflictError(current, data.submitted())
        before = meeting_snapshot(current)
    refuse(_problems(data, current))
    saved = current or Meeting()
    for name in ("programme", "group", "body", "body_name", "number", "date", "start_time", "end_time", "place"):
        setattr(saved, name, getattr(data, name))
    if data.group is not None:  # the group decides the plan and the kind of body
        saved.programme, saved.body = data.group.programme, data.group.kind
    saved.revision = current.revision + 1 if current else 1
    saved.save()
    _save_participants(saved, data.participants)
    _save_agenda(saved, data.agenda)
    record(
        Action.UPDATE if before else Action.CREATE,
        actor,
        obj=saved,
        changes={"before": before, "after": meeting_snapshot(saved)},
    )
    return saved


def _save_participants(meeting: Meeting, participants: tuple[ParticipantData, ...]) -> None:
    kept = [participant.id for participant in participants if participant.id is not None]
    meeting.participants.exclude(pk__in=kept).delete()
    for position, given in enumerate(participants):
        values = {
            "position": position,
            "name": given.name,
            "title": given.title,
            "organisation": given.organisation,
            "role": given.role,
            "role_note": given.role_note,
            "left_at": given.left_at,
            "user": given.user,
        }
        if given.id is None:
            Participant.objects.create(meeting=meeting, **values)
        else:
            Participant.objects.filter(pk=given.id, meeting=meeting).update(**values)


def _save_agenda(meeting: Meeting, agenda: tuple[AgendaItemData, ...]) -> None:
    kept = [item.id for item in agenda if item.id is not None]
    meeting.agenda_items.exclude(pk__in=kept).delete()
    for item_id in kept:
        AgendaItem.objects.filter(pk=item_id).update(number=RENUMBERING_OFFSET + kept.index(item_id))
    measures = {measure.number: measure for measure in Measure.objects.filter(programme=meeting.programme)}
    for given in agenda:
        values = {"number": given.number, "title": given.title, "minutes": given.minutes}
        if given.id is None:
            item = AgendaItem.objects.create(meeting=meeting, **values)
        else:
            AgendaItem.objects.filter(pk=given.id, meeting=meeting).update(**values)
            item = AgendaItem.objects.get(pk=given.id)
        kept_decisions = [decision.id for decision in given.decisions if decision.id is not None]
        item.decisions.exclude(pk__in=kept_decisions).delete()
        for decision_data in given.decisions:
            values = {"text": decision_data.text, "owner": decision_data.owner, "deadline": decision_data.deadline}
            if decision_data.id is None:
                decision = MeetingDecision.objects.create(agenda_item=item, **values)
            else:  # the decision itself is kept, and with it whether it was done
                decision = MeetingDecision.objects.get(pk=decision_data.id, agenda_item__meeting=meeting)
                for name, value in values.items():
                    setattr(decision, name, value)
                decision.agenda_item = item
                decision.save(update_fields=[*values, "agenda_item"])
            decision.measures.set([measures[number] for number in decision_data.measures])


def _time(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _decision_state(decision: MeetingDecision | DecisionData) -> dict[str, Any]:
    numbers = (
        sorted(decision.measures)
        if isinstance(decision, DecisionData)
        else sorted(measure.number for measure in decision.measures.all())
    )
    return {
        "text": decision.text,
        "measures": numbers,
        "owner": decision.owner.code if decision.owner else None,
        "deadline": decision.deadline.isoformat() if decision.deadline else None,
    }


def _participant_state(participant: Participant | ParticipantData) -> dict[str, Any]:
    return {
        "user": participant.user.username if participant.user else None,
        "name": participant.name,
        "title": participant.title,
        "organisation": participant.organisation.code if participant.organisation else None,
        "role": participant.role,
        "role_note": participant.role_note,
        "left_at": _time(participant.left_at),
    }


def meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting form edits, JSON-ready: the audit trail shows what an edit changed."""
    return {
        "programme": meeting.programme.slug if meeting.programme else None,
        "group": meeting.group_id,
        "body": meeting.body,
        "body_name": meeting.body_name,
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "place": meeting.place,
        "participants": [
            _participant_state(participant)
            for participant in meeting.participants.select_related("organisation").order_by("position", "id")
        ],
        "agenda": [
            {
                "number": item.number,
                "title": item.title,
                "minutes": item.minutes,
                "decisions": [
                    _decision_state(decision)
                    for decision in item.decisions.select_related("owner").prefetch_related("measures").order_by("id")
                ],
            }
            for item in meeting.agenda_items.order_by("number")
        ],
    }
