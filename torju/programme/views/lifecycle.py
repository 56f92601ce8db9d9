"""The buttons of a plan's life cycle on its page: circulate it for comments, record an approval step,
publish it, and comment on it while it is circulated."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import services
from torju.programme.forms.plans import ApprovalForm, PlanCommentForm
from torju.programme.permissions import COMMENT_ON_PLANS, MANAGE_PROGRAMME
from torju.programme.views.common import act, programme_or_404, say_form_errors
from torju.programme.views.programmes import visible_programme


def _plan_page(slug: str) -> str:
    return reverse("programme:detail", args=[slug]) + "#life-cycle"


@access(MANAGE_PROGRAMME)
@require_POST
def plan_circulate(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
    return act(
        request,
        lambda: services.circulate_plan(actor=Actor.from_request(request), programme=programme),
        done=_("The plan was circulated to the bodies and the groups for comments."),
        back=_plan_page(slug),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def plan_approval(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
    form = ApprovalForm(programme, request.POST)
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(_plan_page(slug))
    return act(
        request,
        lambda: services.record_approval(actor=Actor.from_request(request), programme=programme, **form.cleaned_data),
        done=_("The approval step was recorded."),
        back=_plan_page(slug),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def plan_publish(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
    return act(
        request,
        lambda: services.publish_plan(actor=Actor.from_request(request), programme=programme),
        done=_("The plan was published: its progress is on the public pages."),
        back=_plan_page(slug),
    )


@access(COMMENT_ON_PLANS)
@require_POST
def plan_comment(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    form = PlanCommentForm(request.POST)
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(_plan_page(slug))
    return act(
        request,
        lambda: services.comment_on_plan(
            actor=Actor.from_request(request), programme=programme, text=form.cleaned_data["text"]
        ),
        done=_("Your comment was saved."),
        back=_plan_page(slug),
    )
