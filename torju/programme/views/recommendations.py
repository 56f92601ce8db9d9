"""International recommendations and the measures that answer them: per recommendation, the measures and
their status, so that a report to GRETA is one page away; the coordinator keeps the list."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import selectors, services
from torju.programme.forms.plans import RecommendationForm
from torju.programme.models import Recommendation, RecommendationSource
from torju.programme.permissions import MANAGE_PROGRAMME, READ_PROGRAMME, is_coordinator
from torju.programme.views.common import form_page, programme_or_404, user_of
from torju.programme.views.programmes import visible_programme

TEXTS = ("source", "reference", "text_fi", "text_sv", "text_en")


@access(READ_PROGRAMME)
def recommendation_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recommendation with this plan's measures that answer it and their status; `?source=greta` etc."""
    programme = visible_programme(request, slug)
    source = request.GET.get("source", "")
    recommendations = Recommendation.objects.prefetch_related("measures")
    if source in RecommendationSource.values:
        recommendations = recommendations.filter(source=source)
    status = {row.measure.pk: row for row in selectors.progress(programme)}
    rows = [
        (recommendation, [status[measure.pk] for measure in recommendation.measures.all() if measure.pk in status])
        for recommendation in recommendations
    ]
    return render(
        request,
        "programme/recommendation_list.html",
        {
            "programme": programme,
            "rows": rows,
            "sources": RecommendationSource.choices,
            "source": source,
            "coordinator": is_coordinator(user_of(request)),
        },
    )


@access(MANAGE_PROGRAMME)
def recommendation_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    programme = programme_or_404(slug)
    recommendation = get_object_or_404(Recommendation, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if recommendation is not None:
        initial = {name: getattr(recommendation, name) for name in TEXTS}
        initial["measures"] = list(recommendation.measures.filter(programme=programme).values_list("number", flat=True))
    form = RecommendationForm(programme, request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Recommendation:
        return services.save_recommendation(
            actor=Actor.from_request(request),
            recommendation=recommendation,
            data=services.RecommendationData(**{name: data[name] for name in TEXTS}),
            programme=programme,
            measure_numbers=data["measures"],
        )

    return form_page(
        request,
        form,
        "programme/recommendation_form.html",
        {"programme": programme, "recommendation": recommendation},
        save=save,
        done=_("The recommendation was saved."),
        then=lambda saved: reverse("programme:recommendations", args=[slug]),
    )
