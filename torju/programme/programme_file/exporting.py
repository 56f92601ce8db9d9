"""A programme as a programme file: the format the import reads (checking.py), every text in three languages.

Exporting a plan and importing the file gives the same plan; importing the
file into another identifier copies it.
"""

from typing import Any

from torju.programme.models import Measure, Objective, PriorityArea, Programme
from torju.programme.programme_file.checking import MEASURE_TEXT_FIELDS
from torju.programme.selectors import measures_of, objectives_of

OBJECTIVE_TEXT_FIELDS = ("title_fi", "title_sv", "title_en", "introduction_fi", "introduction_sv", "introduction_en")


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "number": measure.number,
        "text_fi": measure.text_fi,
        **{name: getattr(measure, name) for name in MEASURE_TEXT_FIELDS},
        "responsible_bodies": [responsibility.organisation.code for responsibility in measure.responsibilities.all()],
        "schedule_start": measure.schedule_start,
        "schedule_end": measure.schedule_end,
        "funding_dependent": measure.funding_dependent,
        "priority_areas": sorted(area.code for area in measure.priority_areas.all()),
    }


def _objective(objective: Objective, measures: list[Measure]) -> dict[str, Any]:
    return {
        "number": objective.number,
        **{name: getattr(objective, name) for name in OBJECTIVE_TEXT_FIELDS},
        "measures": [_measure(measure) for measure in measures if measure.objective_id == objective.pk],
    }


def programme_file_data(programme: Programme) -> dict[str, Any]:
    """The programme as the JSON object of a programme file, with the priority areas its measures use."""
    measures = list(measures_of(programme))
    used = {area.code for measure in measures for area in measure.priority_areas.all()}
    return {
        "slug": programme.slug,
        "name_fi": programme.name_fi,
        "name_sv": programme.name_sv,
        "name_en": programme.name_en,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "publication": programme.publication,
        "priority_areas": [
            {"code": area.code, "name_fi": area.name_fi, "name_sv": area.name_sv, "name_en": area.name_en}
            for area in PriorityArea.objects.filter(code__in=used).order_by("code")
        ],
        "objectives": [_objective(objective, measures) for objective in objectives_of(programme)],
    }
