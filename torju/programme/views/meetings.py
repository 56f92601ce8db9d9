"""Pages of meetings: the list, a meeting and its minutes, and the form that edits the meeting with its
participants, agenda items and decisions."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju import formsets
from torju.accounts.permissions import access
from torju.actor import Actor
from torju.concurrency import EditConflictError
from torju.programme import selectors, services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.meetings import (
    AgendaItemFormSet,
    AttachmentForm,
    DecisionDoneForm,
    MeetingForm,
    MinutesCommentForm,
    ParticipantFormSet,
)
from torju.programme.models import Meeting
from torju.programme.permissions import (
    MANAGE_PROGRAMME,
    READ_MEETINGS,
    can_comment_on_minutes,
    is_coordinator,
    visible_meetings,
)
from torju.programme.views.common import user_of

MEETING_FIELDS = ["group", "programme", "body", "body_name", "number", "date", "start_time", "end_time", "place"]


@access(READ_MEETINGS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The coordinator's every meeting; a member's the meetings of their groups whose minutes are circulated."""
    meetings = visible_meetings(user_of(request), selectors.meetings())
    return render(request, "programme/meeting_list.html", {"meetings": meetings})


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(visible_meetings(user_of(request), selectors.meetings()), pk=pk)


@access(READ_MEETINGS)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    user = user_of(request)
    coordinator = is_coordinator(user)
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "meeting": meeting,
            "coordinator": coordinator,
            "comments": meeting.comments.select_related("author"),
            "comment_form": MinutesCommentForm() if can_comment_on_minutes(user, meeting) else None,
            "attachments": meeting.attachments.filter(removed_at__isnull=True),
            "attachment_form": AttachmentForm() if coordinator and meeting.minutes_state != "approved" else None,
            "done_form": DecisionDoneForm(initial={"done_on": timezone.localdate()}) if coordinator else None,
            "today": timezone.localdate(),
        },
    )


def _kept(formset: Any) -> list[forms.ModelForm[Any]]:
    """The formset's forms that hold a row to save: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _decisions(form: forms.ModelForm[Any]) -> tuple[services.DecisionData, ...]:
    """The agenda item's one decision of the form; editing it keeps the decision (and its follow-up)."""
    text = form.cleaned_data.get("decision", "").strip()
    if not text:
        return ()
    existing = form.instance.decisions.order_by("id").first() if form.instance.pk else None
    return (
        services.DecisionData(
            text=text,
            measures=tuple(form.cleaned_data.get("decision_measures", [])),
            owner=form.cleaned_data.get("decision_owner"),
            deadline=form.cleaned_data.get("decision_deadline"),
            id=existing.pk if existing else None,
        ),
    )


def _meeting_data(
    form: MeetingForm, participant_forms: list[forms.ModelForm[Any]], agenda_forms: list[forms.ModelForm[Any]]
) -> services.MeetingData:
    given = form.cleaned_data
    return services.MeetingData(
        **{name: given[name] for name in MEETING_FIELDS},
        participants=tuple(
            services.ParticipantData(
                id=participant.instance.pk,
                name=participant.cleaned_data["name"],
                role=participant.cleaned_data["role"],
                title=participant.cleaned_data.get("title", ""),
                organisation=participant.cleaned_data.get("organisation"),
                role_note=participant.cleaned_data.get("role_note", ""),
                left_at=participant.cleaned_data.get("left_at"),
                user=participant.cleaned_data.get("user"),
            )
            for participant in participant_forms
        ),
        agenda=tuple(
            services.AgendaItemData(
                id=item.instance.pk,
                number=item.cleaned_data["number"],
                title=item.cleaned_data["title"],
                minutes=item.cleaned_data.get("minutes", ""),
                decisions=_decisions(item),
            )
            for item in agenda_forms
        ),
    )


def _show_meeting_refusal(
    error: ValidationError,
    form: MeetingForm,
    participant_forms: list[forms.ModelForm[Any]],
    agenda_forms: list[forms.ModelForm[Any]],
) -> None:
    """The service's refusal on the form: `agenda.<index>.<field>` on that agenda item's form, and so on."""
    rows = {"participants": participant_forms, "agenda": agenda_forms}
    rest: dict[str, list[str]] = {}
    for key, problems in error.message_dict.items():
        part, _dot, place = key.partition(".")
        index, _dot, field = place.partition(".")
        if part in rows and index.isdigit() and int(index) < len(rows[part]):
            row = rows[part][int(index)]
            for problem in problems:
                row.add_error(field if field in row.fields else None, problem)
        else:
            rest[key] = problems
    if rest:
        show_refusal(form, ValidationError(rest))


FORMSETS = ("participants", "agenda")


def _meeting_forms(meeting: Meeting, data: QueryDict | None, initial: dict[str, Any]) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "form": MeetingForm(data, initial=initial),
        "participants": ParticipantFormSet(data, instance=meeting, prefix="participants"),
        "agenda_items": AgendaItemFormSet(data, instance=meeting, prefix="agenda"),
    }


def _shown(context: dict[str, Any], focus: formsets.RowAction | None = None) -> dict[str, Any]:
    """The context with each formset's rows, titled and numbered, for web/forms/formset_rows.html."""
    return {
        **context,
        "participant_rows": formsets.rows(context["participants"], _("Participant %(number)s"), focus),
        "agenda_rows": formsets.rows(context["agenda_items"], _("Agenda item %(number)s"), focus),
    }


def _row_changed(request: HttpRequest, context: dict[str, Any], action: formsets.RowAction) -> HttpResponse:
    """The form again with a row added, removed or restored, nothing saved; for htmx only that formset's part."""
    formsets.unjudged(context["form"], context["participants"], context["agenda_items"])
    shown = _shown(context, action)
    if request.headers.get("HX-Request") != "true":
        return render(request, "programme/meeting_form.html", shown)
    part = "participants" if action.prefix == "participants" else "agenda"
    return render(request, f"programme/_meeting_{part}.html", shown)


@access(MANAGE_PROGRAMME)
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The meeting with its participants and agenda items; a row button adds or removes a row without saving."""
    meeting = get_object_or_404(Meeting, pk=pk) if pk else Meeting()
    data = request.POST if request.method == "POST" else None
    initial = {**model_to_dict(meeting, fields=MEETING_FIELDS), "revision": meeting.revision} if pk else {}
    action = formsets.row_action(data, FORMSETS) if data is not None else None
    if data is not None and action is not None:
        return _row_changed(request, _meeting_forms(meeting, formsets.apply_row_action(data, action), initial), action)
    context = _meeting_forms(meeting, data, initial)
    form, participants, agenda_items = context["form"], context["participants"], context["agenda_items"]
    if data is None:
        return render(request, "programme/meeting_form.html", _shown(context))
    if form.is_valid() and participants.is_valid() and agenda_items.is_valid():
        participant_forms, agenda_forms = _kept(participants), _kept(agenda_items)
        try:
            saved = services.save_meeting(
                actor=Actor.from_request(request),
                meeting=meeting if pk else None,
                data=_meeting_data(form, participant_forms, agenda_forms),
                revision=form.cleaned_data["revision"],
            )
        except EditConflictError as conflict:
            return _meeting_conflict(request, meeting, conflict.current)
        except ValidationError as error:
            _show_meeting_refusal(error, form, participant_forms, agenda_forms)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("programme:meeting", pk=saved.pk)
    return render(request, "programme/meeting_form.html", _shown(context), status=400)


def _meeting_conflict(request: HttpRequest, meeting: Meeting, current: Meeting) -> HttpResponse:
    """The form again with the user's values, beside the version saved meanwhile; saving again is a choice."""
    data = request.POST.copy()
    data["revision"] = str(current.revision)
    context = {
        **_meeting_forms(current, data, {}),
        "meeting": meeting,
        "conflict": current,
        "conflict_participants": current.participants.order_by("position", "id"),
        "conflict_agenda": current.agenda_items.order_by("number"),
    }
    return render(request, "programme/meeting_form.html", _shown(context), status=409)
