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
            defaults={
                "title_fi": objective_data["title_fi"],
                "title_sv": objective_data.get("title_sv") or "",
                "title_en": objective_data.get("title_en") or "",
                "introduction_fi": objective_data.get("introduction_fi") or "",
            },
        )
        for measure_data in objective_data["measures"]:
            measure, _created = measure_model.objects.update_or_create(
                programme=programme,
                number=measure_data["number"],
                defaults={
                    "objective": objective,
                    "text_fi": measure_data["text_fi"],
                    "responsible_bodies_text": measure_data.get("responsible_bodies_text_fi") or "",
                    "schedule_start": measure_data["schedule_start"],
                    "schedule_end": measure_data["schedule_end"],
                    "funding_dependent": bool(measure_data.get("funding_dependent")),
                    "funding_note": measure_data.get("funding_note_fi") or "",
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
