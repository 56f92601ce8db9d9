"""The buttons of a meeting's page: circulate and approve the minutes, comment on them, follow up decisions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import services
from torju.programme.forms.meetings import DecisionDoneForm, MinutesCommentForm
from torju.programme.models import Meeting, MeetingDecision
from torju.programme.permissions import COMMENT_ON_DRAFTS, MANAGE_PROGRAMME
from torju.programme.views.common import act, say_form_errors
from torju.programme.views.meetings import visible_meeting


def _meeting_page(meeting: Meeting) -> str:
    return reverse("programme:meeting", args=[meeting.pk])


@access(MANAGE_PROGRAMME)
@require_POST
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return act(
        request,
        lambda: services.circulate_minutes(actor=Actor.from_request(request), meeting=meeting),
        done=_("The minutes were circulated to the group's members for comments."),
        back=_meeting_page(meeting),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return act(
        request,
        lambda: services.approve_minutes(actor=Actor.from_request(request), meeting=meeting),
        done=_("The minutes were approved: they are final."),
        back=_meeting_page(meeting),
    )


@access(COMMENT_ON_DRAFTS)
@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A member comments on circulated minutes of their group (the service refuses anyone else)."""
    meeting = visible_meeting(request, pk)
    form = MinutesCommentForm(request.POST)
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(_meeting_page(meeting))
    return act(
        request,
        lambda: services.comment_on_minutes(
            actor=Actor.from_request(request), meeting=meeting, text=form.cleaned_data["text"]
        ),
        done=_("Your comment was saved."),
        back=_meeting_page(meeting),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def decision_done(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(MeetingDecision.objects.select_related("agenda_item__meeting__programme"), pk=pk)
    meeting = decision.agenda_item.meeting
    page = (
        reverse("programme:dashboard", args=[meeting.programme.slug])
        if request.POST.get("back") == "dashboard" and meeting.programme is not None
        else _meeting_page(meeting)
    )
    form = DecisionDoneForm(request.POST)
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(page)
    return act(
        request,
        lambda: services.mark_decision_done(
            actor=Actor.from_request(request),
            decision=decision,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        ),
        done=_("The decision was marked done."),
        back=page,
    )
