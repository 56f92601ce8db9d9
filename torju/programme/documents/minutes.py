"""Meeting minutes, laid out as the steering group's minutes are."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from torju.documents import docx
from torju.documents.pdf import render_pdf
from torju.programme.documents.common import DATE, OFFICERS, TEXT_WIDTH_CM, check_language_and_format, day
from torju.programme.models import Meeting, Participant, ParticipantRole


@dataclass(frozen=True)
class AgendaEntry:
    heading: str
    minutes: str
    decisions: list[str]


@dataclass(frozen=True)
class MinutesContent:
    language: str
    body: str
    meeting: str
    title: str
    time: str
    place: str
    participant_groups: list[list[str]]
    invited: list[str]
    items: list[AgendaEntry]
    labels: dict[str, str]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _participant_line(participant: Participant) -> str:
    role = participant.role_note or _lower_first(str(participant.get_role_display()))
    name = " ".join(part for part in (participant.title, participant.name) if part)
    line = f"{name} ({role})" if participant.role != ParticipantRole.INVITED else name
    if participant.organisation is not None:
        line += f", {participant.organisation.name}"
    if participant.left_at is not None:
        line += " " + _("(left at %(time)s)") % {"time": participant.left_at.strftime("%H:%M")}
    return line


def _decision_line(text: str, numbers: list[int]) -> str:
    if not numbers:
        return text
    measures = ngettext("measure %(numbers)s", "measures %(numbers)s", len(numbers)) % {
        "numbers": ", ".join(str(number) for number in numbers)
    }
    return f"{text} ({measures})"


def minutes_content(meeting: Meeting) -> MinutesContent:
    """The minutes' content in the active language, laid out as the steering group's minutes are."""
    body = meeting.body_name or str(meeting.get_body_display())
    number = _("Meeting %(number)s") % {"number": meeting.number} if meeting.number else ""
    weekday_and_date = capfirst(date_format(meeting.date, f"l {DATE}"))
    times = {"date": weekday_and_date, "start": meeting.start_time.strftime("%H:%M")}
    if meeting.end_time:
        when = _("%(date)s at %(start)s–%(end)s") % {**times, "end": meeting.end_time.strftime("%H:%M")}
    else:
        when = _("%(date)s at %(start)s") % times
    participants = list(meeting.participants.all())
    attending = [participant for participant in participants if participant.role != ParticipantRole.INVITED]
    groups = [
        [_participant_line(participant) for participant in attending if participant.role in OFFICERS],
        [_participant_line(participant) for participant in attending if participant.role not in OFFICERS],
    ]
    items = [
        AgendaEntry(
            heading=f"{item.number}) {item.title}",
            minutes=item.minutes,
            decisions=[
                _decision_line(decision.text, sorted(measure.number for measure in decision.measures.all()))
                for decision in item.decisions.all()
            ],
        )
        for item in meeting.agenda_items.all()
    ]
    return MinutesContent(
        language=translation.get_language() or settings.LANGUAGE_CODE,
        body=body,
        meeting=number,
        title=f"{body} – " + _("minutes %(date)s") % {"date": day(meeting.date)},
        time=when,
        place=meeting.place,
        participant_groups=[group for group in groups if group],
        invited=[
            _participant_line(participant)
            for participant in participants
            if participant.role == ParticipantRole.INVITED
        ],
        items=items,
        labels={
            "time": _("Time"),
            "place": _("Place"),
            "participants": _("Participants"),
            "invited": _("Invited"),
            "minutes": _("Minutes").upper(),
            "decision": _("Decision"),
        },
    )


def _minutes_docx(content: MinutesContent) -> bytes:
    labels = content.labels
    document = docx.new_document(title=content.title, language=content.language)
    docx.heading(document, content.body, 1)
    if content.meeting:
        docx.heading(document, content.meeting, 2)
    facts: list[tuple[str, list[str]]] = [(labels["time"], [content.time]), (labels["place"], [content.place])]
    participant_lines: list[str] = []
    for group in content.participant_groups:
        if participant_lines:
            participant_lines.append("")
        participant_lines.extend(group)
    if participant_lines:
        facts.append((labels["participants"], participant_lines))
    if content.invited:
        facts.append((labels["invited"], content.invited))
    docx.facts_table(document, facts, widths_cm=(3.5, TEXT_WIDTH_CM - 3.5))
    docx.heading(document, labels["minutes"], 2)
    for item in content.items:
        docx.heading(document, item.heading, 3)
        if item.minutes:
            docx.paragraphs(document, item.minutes)
        for decision in item.decisions:
            docx.paragraphs(document, decision, label=labels["decision"])
    return docx.to_bytes(document)


def _minutes_pdf(content: MinutesContent) -> bytes:
    html = render_to_string("programme/documents/minutes.html", {"content": content, "labels": content.labels})
    return render_pdf(html)


def meeting_minutes(meeting: Meeting, *, language: str = "fi", fmt: str) -> bytes:
    """The meeting's minutes as DOCX or PDF bytes, in `language` (ValueError for an unknown one or format)."""
    check_language_and_format(language, fmt)
    with translation.override(language):
        content = minutes_content(meeting)
        return _minutes_docx(content) if fmt == "docx" else _minutes_pdf(content)


def minutes_filename(meeting: Meeting, *, language: str, fmt: str) -> str:
    with translation.override(language):
        stem = slugify(_("minutes"))
    return f"{stem}-{meeting.date.isoformat()}.{fmt}"
