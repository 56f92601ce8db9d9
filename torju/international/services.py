"""International reporting's use cases: a template filled for a year, the CTDC-ready microdata, a CTDC import.

Each checks the permission (torju.international.permissions) and records
the export or import in the audit trail.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.international import ctdc, permissions
from torju.international.ctdc_import import NoHeaderError, read_ctdc
from torju.international.definitions import template_for
from torju.international.models import CtdcDataset
from torju.international.render import render_csv, render_xlsx
from torju.international.reports import Report, fill
from torju.statistics.disclosure import disclosure_threshold
from torju.statistics.permissions import Publication, check_public_year
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


CTDC_OBJECT = "international.ctdc_export"


def ctdc_export(actor: Actor, first: int, last: int, k: int | None = None, *, preview: bool = False) -> ctdc.Export:
    """The CTDC-ready microdata of the years `first`..`last` (analysts; years that have ended), with its check and
    data-quality note; recorded in the audit trail whether or not it passed the check, unless it is only the
    page's preview of the check (`preview`: the file does not leave the system)."""
    permissions.check_analyst(actor)
    for year in (first, last):
        check_year(year)
        check_public_year(year)
    if first > last:
        raise ValidationError({"first": f"the first year {first} is after the last {last}"})
    if k is not None and k < 2:
        raise ValidationError({"k": f"k must be at least 2, not {k}"})
    result = ctdc.export(first, last, k)
    if preview:
        return result
    record(
        Action.EXPORT,
        actor,
        object_type=CTDC_OBJECT,
        object_id=f"{first}-{last}",
        changes={
            "first": first,
            "last": last,
            "k": result.check.required,
            "k_found": result.check.found,
            "passed": result.check.passed,
            "rows": len(result.anonymised.rows),
            "suppressed": result.anonymised.suppressed,
        },
    )
    return result


IMPORT_MAX = 200 * 1024 * 1024


def import_ctdc(actor: Actor, data: bytes, *, file_name: str, name: str = "") -> CtdcDataset:
    """Read a CTDC dataset as published and keep its counts (analysts); recorded in the audit trail.

    ValidationError when the file has no CTDC header or no row with a year.
    """
    permissions.check_analyst(actor)
    if len(data) > IMPORT_MAX:
        raise ValidationError({"file": f"the file is larger than {IMPORT_MAX // 2**20} MB"})
    try:
        reading = read_ctdc(data, current_year=current_year())
    except NoHeaderError as error:
        raise ValidationError({"file": str(error)}) from error
    if not reading.rows_kept:
        raise ValidationError({"file": f"no row with a year of registration among {reading.rows_read} rows read"})
    with transaction.atomic():
        dataset = CtdcDataset.objects.create(
            name=name or file_name,
            file_name=file_name,
            imported_by=actor.user,
            rows_read=reading.rows_read,
            rows_kept=reading.rows_kept,
            skipped=reading.skipped,
            notes=reading.notes,
            first_year=reading.first_year,
            last_year=reading.last_year,
            summary=reading.summary,
        )
        record(
            Action.IMPORT,
            actor,
            obj=dataset,
            changes={"rows_read": reading.rows_read, "rows_kept": reading.rows_kept, "skipped": reading.skipped},
        )
    return dataset
