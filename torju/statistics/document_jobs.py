"""The annual review's documents (PDF, DOCX, XLSX, CSV), rendered in the background (torju.documents.jobs).

Documents leave the system, so they are always in the public form, under
disclosure control, whoever asks for them.
"""

from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from torju.documents.jobs import DocumentError, DocumentKind, Exported, Progress, register
from torju.documents.models import DocumentJob, Stage
from torju.statistics import documents, selectors
from torju.statistics.permissions import PUBLIC, READ_STATISTICS, has_ended, year_not_ended_message

AUDIT_OBJECT_TYPE = "statistics.annual"


def render_review_document(job: DocumentJob, output: BinaryIO, progress: Progress) -> str:
    """The review of the job's year in the public form, in the job's language and format."""
    year = int(job.parameters["year"])
    progress(Stage.COLLECTING, 5)
    if not has_ended(year):
        raise DocumentError(year_not_ended_message(year))
    statistics = selectors.review_statistics(year, PUBLIC)
    progress(Stage.LAYING_OUT, 40)
    rendered = documents.render_review(statistics, language=job.language, fmt=job.fmt)
    progress(Stage.SAVING, 95)
    output.write(rendered)
    return documents.review_filename(year, language=job.language, fmt=job.fmt)


def review_document_exported(job: DocumentJob) -> Exported:
    """As the direct download recorded it: the year, with the format, language and form as the reason."""
    return Exported(
        object_type=AUDIT_OBJECT_TYPE,
        object_id=str(job.parameters["year"]),
        reason=f"{job.fmt} {job.language} {PUBLIC}",
    )


REVIEW_DOCUMENT = DocumentKind(
    name="statistics.review",
    title=_("Statistics of the assistance system"),
    access_rule=READ_STATISTICS,
    content_types=documents.CONTENT_TYPES,
    render=render_review_document,
    exported=review_document_exported,
)
register(REVIEW_DOCUMENT)
