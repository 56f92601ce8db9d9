"""The review's section on reflection periods."""

from django.utils.translation import gettext as _

from torju.statistics.review.builder import ReviewBuilder
from torju.statistics.review.model import Section


def reflection(review: ReviewBuilder) -> Section:
    return Section(
        key="reflection",
        heading=_("Reflection periods"),
        paragraphs=[
            _(
                "A victim of human trafficking staying in Finland without a legal right of residence can be "
                "given a reflection period of 1–6 months. The reflection period is a temporary right of "
                "residence during which staying in Finland is lawful."
            ),
            _("The number of reflection periods the assistance system granted in %(year)s was %(count)s.")
            % {"year": review.year, "count": review.with_previous(lambda s: s["reflection_periods_granted"])},
        ],
        tables=[],
        charts=[],
    )
