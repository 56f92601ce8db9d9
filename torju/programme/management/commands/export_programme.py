"""Print a programme as JSON: objectives, measures with their bodies, and the latest statuses."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Measure, Programme, StatusReportVersion
from torju.programme.selectors import MeasureProgress, objectives_of, progress


def _version(version: StatusReportVersion) -> dict[str, Any]:
    return {
        "organisation": version.report.organisation.code,
        "round": version.report.round.name,
        "version": version.number,
        "status": version.status,
        "done": version.done,
        "next_steps": version.next_steps,
        "funding": version.funding,
        "links": version.links,
        "submitted_at": version.submitted_at.isoformat(),
    }


def _measure(row: MeasureProgress) -> dict[str, Any]:
    measure: Measure = row.measure
    return {
        "number": measure.number,
        "text_fi": measure.text_fi,
        "responsible_bodies": [
            {
                "code": responsibility.organisation.code,
                "name_fi": responsibility.organisation.name_fi,
                "name_sv": responsibility.organisation.name_sv,
                "name_en": responsibility.organisation.name_en,
                "lead": responsibility.is_lead,
            }
            for responsibility in measure.responsibilities.all()
        ],
        "responsible_bodies_text": measure.responsible_bodies_text_fi,
        "schedule_start": measure.schedule_start,
        "schedule_end": measure.schedule_end,
        "funding_dependent": measure.funding_dependent,
        "funding_note": measure.funding_note_fi,
        "priority_areas": sorted(area.code for area in measure.priority_areas.all()),
        "status": row.status,
        "latest_reports": [_version(version) for version in row.versions],
    }


def programme_document(programme: Programme) -> dict[str, Any]:
    """The programme as one JSON-ready dict; statuses as selectors.progress gives them (lead body first)."""
    rows = progress(programme)
    return {
        "slug": programme.slug,
        "name_fi": programme.name_fi,
        "name_sv": programme.name_sv,
        "name_en": programme.name_en,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "publication": programme.publication,
        "published": programme.published,
        "objectives": [
            {
                "number": objective.number,
                "title_fi": objective.title_fi,
                "title_sv": objective.title_sv,
                "title_en": objective.title_en,
                "introduction_fi": objective.introduction_fi,
                "measures": [_measure(row) for row in rows if row.measure.objective_id == objective.pk],
            }
            for objective in objectives_of(programme)
        ],
    }


class Command(BaseCommand):
    help = "Print a programme (objectives, measures, responsible bodies, latest statuses) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="identifier (slug) of the programme")
        parser.add_argument("--format", dest="fmt", choices=["json"], default="json")

    def handle(self, *args: Any, programme: str, fmt: str, **options: Any) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"no programme {programme!r}")
        with transaction.atomic():
            document = programme_document(found)
            record(Action.EXPORT, Actor.system(), obj=found, reason=f"export_programme --format {fmt}")
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
