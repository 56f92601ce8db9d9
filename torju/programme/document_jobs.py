"""The implementation report, rendered in the background (torju.documents.jobs): it takes seconds.

Meeting minutes are quick and stay a direct download (document_views.py).
"""

from datetime import date
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from torju.documents.jobs import DocumentError, DocumentKind, Exported, Progress, register
from torju.documents.models import DocumentJob, Stage
from torju.programme import documents
from torju.programme.models import Programme
from torju.programme.permissions import MANAGE_PROGRAMME


def implementation_report_parameters(
    programme: Programme, since: date | None, until: date | None
) -> dict[str, int | str | None]:
    return {
        "programme": programme.pk,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def _day(parameters: dict[str, Any], name: str) -> date | None:
    raw = parameters.get(name)  # jobs queued before the period could start later have no "since"
    return date.fromisoformat(raw) if raw else None


def render_implementation_report(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
    """The report of the job's programme and period, in the job's language (the task has made it active)."""
    programme = Programme.objects.get(pk=job.parameters["programme"])
    since, until = _day(job.parameters, "since"), _day(job.parameters, "until")
    progress(Stage.COLLECTING, 5)
    try:
        content = documents.implementation_report_content(programme, since=since, until=until)
    except ValueError as error:  # the plan's start moved after the period's end meanwhile
        raise DocumentError(str(error)) from error
    progress(Stage.LAYING_OUT, 30)
    rendered = documents.write_implementation_report(content, job.fmt)
    progress(Stage.SAVING, 95)
    output.write(rendered)
    return documents.implementation_report_filename(
        programme, language=job.language, since=since, until=until, fmt=job.fmt
    )


def implementation_report_exported(job: DocumentJob) -> Exported:
    """As the direct download recorded it: the programme, and the format as the reason."""
    return Exported(object_type=Programme._meta.label_lower, object_id=str(job.parameters["programme"]), reason=job.fmt)


IMPLEMENTATION_REPORT = DocumentKind(
    name="programme.implementation_report",
    title=_("Implementation report"),
    access_rule=MANAGE_PROGRAMME,
    content_types=documents.CONTENT_TYPES,
    render=render_implementation_report,
    exported=implementation_report_exported,
)
register(IMPLEMENTATION_REPORT)
