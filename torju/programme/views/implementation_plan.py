"""The coordinator's pages for a measure's indicators and milestones (the implementation plan)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import services
from torju.programme.forms.plans import IndicatorForm, MilestoneForm
from torju.programme.models import Indicator, Measure, Milestone
from torju.programme.permissions import MANAGE_PROGRAMME
from torju.programme.views.common import act, form_page, programme_or_404

INDICATOR_FIELDS = ("name_fi", "name_sv", "name_en", "unit", "baseline", "target")
MILESTONE_FIELDS = ("description_fi", "description_sv", "description_en", "due", "reached_on")


def _measure(slug: str, number: int) -> Measure:
    return get_object_or_404(Measure, programme=programme_or_404(slug), number=number)


def _measure_page(measure: Measure) -> str:
    return reverse("programme:measure", args=[measure.programme.slug, measure.number])


@access(MANAGE_PROGRAMME)
def indicator_edit(request: HttpRequest, slug: str, number: int, pk: int | None = None) -> HttpResponse:
    measure = _measure(slug, number)
    indicator = get_object_or_404(Indicator, pk=pk, measure=measure) if pk else None
    initial = {name: getattr(indicator, name) for name in INDICATOR_FIELDS} if indicator else {}
    form = IndicatorForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Indicator:
        return services.save_indicator(
            actor=Actor.from_request(request),
            measure=measure,
            indicator=indicator,
            data=services.IndicatorData(**{name: data[name] for name in INDICATOR_FIELDS}),
        )

    return form_page(
        request,
        form,
        "programme/plan_item_form.html",
        {"measure": measure, "item": indicator, "heading": _("Indicator")},
        save=save,
        done=_("The indicator was saved."),
        then=lambda saved: _measure_page(measure),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def indicator_remove(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    measure = _measure(slug, number)
    indicator = get_object_or_404(Indicator, pk=pk, measure=measure)
    return act(
        request,
        lambda: services.remove_indicator(actor=Actor.from_request(request), indicator=indicator),
        done=_("The indicator was removed."),
        back=_measure_page(measure),
    )


@access(MANAGE_PROGRAMME)
def milestone_edit(request: HttpRequest, slug: str, number: int, pk: int | None = None) -> HttpResponse:
    measure = _measure(slug, number)
    milestone = get_object_or_404(Milestone, pk=pk, measure=measure) if pk else None
    initial = {name: getattr(milestone, name) for name in MILESTONE_FIELDS} if milestone else {}
    form = MilestoneForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Milestone:
        return services.save_milestone(
            actor=Actor.from_request(request),
            measure=measure,
            milestone=milestone,
            data=services.MilestoneData(**{name: data[name] for name in MILESTONE_FIELDS}),
        )

    return form_page(
        request,
        form,
        "programme/plan_item_form.html",
        {"measure": measure, "item": milestone, "heading": _("Milestone")},
        save=save,
        done=_("The milestone was saved."),
        then=lambda saved: _measure_page(measure),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def milestone_remove(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    measure = _measure(slug, number)
    milestone = get_object_or_404(Milestone, pk=pk, measure=measure)
    return act(
        request,
        lambda: services.remove_milestone(actor=Actor.from_request(request), milestone=milestone),
        done=_("The milestone was removed."),
        back=_measure_page(measure),
    )
