"""Storing a programme file's programme (objectives, measures, bodies) in the database.

Used by the data migration that ships the 2026–2027 programme, and by the
programme import (services.import_programme_file: the web page and
`import_programme`) for other plans, which checks the file first
(checking.py). Takes an app registry so that migrations can pass
their historical models. Idempotent: objectives and measures are matched by
number and updated, never duplicated, never deleted. Priority areas are
shared by every programme: a file adds the missing ones and leaves the names
of existing ones as they are.
"""

import json
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROGRAMME_2026_2027 = DATA_DIR / "programme-2026-2027.json"


class ProgrammeDataError(ValueError):
    pass


def read_programme_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


# A file's text fields and the model fields that hold them. Older databases (the historical models of a
# migration) name the Finnish texts without the `_fi`, and have no Swedish or English ones: fields the model
# lacks are left out.
OBJECTIVE_TEXTS: dict[str, tuple[str, ...]] = {
    "title_fi": ("title_fi",),
    "title_sv": ("title_sv",),
    "title_en": ("title_en",),
    "introduction_fi": ("introduction_fi",),
    "introduction_sv": ("introduction_sv",),
    "introduction_en": ("introduction_en",),
}
MEASURE_TEXTS: dict[str, tuple[str, ...]] = {
    "text_fi": ("text_fi",),
    "text_sv": ("text_sv",),
    "text_en": ("text_en",),
    "responsible_bodies_text_fi": ("responsible_bodies_text_fi", "responsible_bodies_text"),
    "responsible_bodies_text_sv": ("responsible_bodies_text_sv",),
    "responsible_bodies_text_en": ("responsible_bodies_text_en",),
    "funding_note_fi": ("funding_note_fi", "funding_note"),
    "funding_note_sv": ("funding_note_sv",),
    "funding_note_en": ("funding_note_en",),
}
REQUIRED_TEXTS = frozenset({"title_fi", "text_fi"})


def _texts(model: Any, data: dict[str, Any], fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The texts the file gives, under the model's names for them. A text the file leaves out is kept as it is
    (an older file without translations does not erase those entered in Torju); one it gives empty is emptied."""
    present = {field.name for field in model._meta.get_fields()}
    values = {}
    for key, candidates in fields.items():
        if key not in data and key not in REQUIRED_TEXTS:
            continue
        name = next((candidate for candidate in candidates if candidate in present), None)
        if name is not None:
            values[name] = data.get(key) or ""
    return values


def store_programme(data: dict[str, Any], apps: Any = global_apps) -> Any:
    """Create or update the programme described by `data`; returns it."""
    programme_model = apps.get_model("programme", "Programme")
    objective_model = apps.get_model("programme", "Objective")
    measure_model = apps.get_model("programme", "Measure")
    responsibility_model = apps.get_model("programme", "Responsibility")
    priority_model = apps.get_model("programme", "PriorityArea")
    organisation_model = apps.get_model("accounts", "Organisation")

    organisations = {org.code: org for org in organisation_model.objects.all()}
    for area in data.get("priority_areas") or []:
        priority_model.objects.get_or_create(
            code=area["code"],
            defaults={
                "name_fi": area["name_fi"],
                "name_sv": area.get("name_sv") or "",
                "name_en": area.get("name_en") or "",
            },
        )
    programme, _created = programme_model.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name_fi": data["name_fi"],
            "name_sv": data.get("name_sv") or "",
            "name_en": data.get("name_en") or "",
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "publication": data.get("publication") or "",
        },
    )
    for objective_data in data["objectives"]:
        objective, _created = objective_model.objects.update_or_create(
            programme=programme,
            number=objective_data["number"],
            defaults=_texts(objective_model, objective_data, OBJECTIVE_TEXTS),
        )
        for measure_data in objective_data["measures"]:
            measure, _created = measure_model.objects.update_or_create(
                programme=programme,
                number=measure_data["number"],
                defaults={
                    "objective": objective,
                    **_texts(measure_model, measure_data, MEASURE_TEXTS),
                    "schedule_start": measure_data["schedule_start"],
                    "schedule_end": measure_data["schedule_end"],
                    "funding_dependent": bool(measure_data.get("funding_dependent")),
                },
            )
            unknown = [code for code in measure_data["responsible_bodies"] if code not in organisations]
            if unknown:
                raise ProgrammeDataError(f"measure {measure_data['number']}: unknown organisations {unknown}")
            responsibility_model.objects.filter(measure=measure).delete()
            responsibility_model.objects.bulk_create(
                responsibility_model(measure=measure, organisation=organisations[code], position=position)
                for position, code in enumerate(measure_data["responsible_bodies"])
            )
            if measure_data.get("priority_areas") is not None:
                measure.priority_areas.set(priority_model.objects.filter(code__in=measure_data["priority_areas"]))
    return programme
