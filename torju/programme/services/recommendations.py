"""The international recommendations the coordinator keeps, and the measures that answer each."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Measure, Programme, Recommendation, RecommendationSource
from torju.programme.permissions import require_coordinator
from torju.programme.rules import refuse


@dataclass(frozen=True)
class RecommendationData:
    source: str
    reference: str
    text_fi: str
    text_sv: str = ""
    text_en: str = ""


def _state(recommendation: Recommendation) -> dict[str, object]:
    return {
        "source": recommendation.source,
        "reference": recommendation.reference,
        "text_fi": recommendation.text_fi,
        "text_sv": recommendation.text_sv,
        "text_en": recommendation.text_en,
        "measures": sorted(
            f"{measure.programme.slug}/{measure.number}"
            for measure in recommendation.measures.select_related("programme")
        ),
    }


@transaction.atomic
def save_recommendation(
    *,
    actor: Actor,
    recommendation: Recommendation | None,
    data: RecommendationData,
    programme: Programme | None = None,
    measure_numbers: list[int] | None = None,
) -> Recommendation:
    """Add a recommendation to the list (`recommendation` None) or change one; with a programme, the measures of
    that programme (by number) that answer it replace those linked before (other plans' links are kept)."""
    require_coordinator(actor)
    problems = {}
    if data.source not in RecommendationSource.values:
        problems["source"] = _("Choose the source from the list.")
    if not data.reference.strip():
        problems["reference"] = _("Say where the recommendation is written.")
    if not data.text_fi.strip():
        problems["text_fi"] = _("The Finnish text is required.")
    measures: list[Measure] = []
    if programme is not None and measure_numbers is not None:
        measures = list(Measure.objects.filter(programme=programme, number__in=measure_numbers))
        unknown = sorted(set(measure_numbers) - {measure.number for measure in measures})
        if unknown:
            problems["measures"] = _("The programme has no measures %(numbers)s.") % {
                "numbers": ", ".join(map(str, unknown))
            }
    refuse(problems)
    before = _state(recommendation) if recommendation is not None else None
    saved = recommendation or Recommendation()
    for name in ("source", "reference", "text_fi", "text_sv", "text_en"):
        setattr(saved, name, getattr(data, name).strip())
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError as error:
        raise ValidationError({"reference": _("The list has this recommendation already.")}) from error
    if programme is not None and measure_numbers is not None:
        saved.measures.remove(*saved.measures.filter(programme=programme))
        saved.measures.add(*measures)
    record(
        Action.UPDATE if before else Action.CREATE, actor, obj=saved, changes={"before": before, "after": _state(saved)}
    )
    return saved
