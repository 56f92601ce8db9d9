"""International reporting's use cases: a template filled for a year, the CTDC-ready microdata, a CTDC import.

Each checks the permission (torju.international.permissions) and records
the export or import in the audit trail.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.international import permissions
from torju.international.definitions import template_for
from torju.international.render import render_csv, render_xlsx
from torju.international.reports import Report, fill
from torju.statistics.disclosure import disclosure_threshold
from torju.statistics.permissions import Publication
from torju.statistics.schema import FIRST_YEAR
from torju.statistics.selectors import current_year

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REPORT_OBJECT = "international.report"


@dataclass(frozen=True)
class Download:
    content: bytes
    file_name: str
    content_type: str


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= current_year():
        raise ValidationError({"year": f"the year must be from {FIRST_YEAR} to {current_year()}, not {year}"})


def report(actor: Actor, template: str, year: int, publication: Publication) -> Report:
    """The template's round for `year` filled in `publication` (TemplateError: a definition the analyst must fix)."""
    check_year(year)
    permissions.check_report(actor, publication, year)
    return fill(template_for(template, year), year, publication, disclosure_threshold())


def report_file(actor: Actor, template: str, year: int, publication: Publication, fmt: str) -> Download:
    """The filled template as a file (CSV or XLSX), recorded in the audit trail."""
    if fmt not in FORMATS:
        raise ValidationError({"format": f"the format must be one of {', '.join(FORMATS)}, not {fmt}"})
    filled = report(actor, template, year, publication)
    content = render_csv(filled) if fmt == "csv" else render_xlsx(filled)
    record(
        Action.EXPORT,
        actor,
        object_type=REPORT_OBJECT,
        object_id=f"{template}-{year}",
        changes={
            "template": template,
            "round": filled.template.round,
            "year": year,
            "publication": publication,
            "format": fmt,
        },
    )
    name = f"torju-{template}-{filled.template.round}-{year}-{publication}.{fmt}"
    return Download(content, name, FORMATS[fmt])
