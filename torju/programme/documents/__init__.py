"""The programme's documents: its reports (the implementation report, the progress report to the ministerial
working group) and meeting minutes, as DOCX and PDF.

Each document's content is built once, in the document's language, as plain
data (`PublicationContent`, `MinutesContent`); the DOCX writer and the print
template both lay out that same data, so the two formats never say
different things. Modules: `common`, `report_content`, `report_layout`,
`frozen` (a report's content kept as approved), `minutes`.
"""

from torju.programme.documents.common import CONTENT_TYPES, DATE, FORMATS, LANGUAGES, Format
from torju.programme.documents.minutes import MinutesContent, meeting_minutes, minutes_content, minutes_filename
from torju.programme.documents.report_content import (
    ImplementationReportContent,
    PublicationContent,
    implementation_report_content,
    period_end,
    period_problems,
    period_start,
    publication_content,
)
from torju.programme.documents.report_layout import (
    implementation_report,
    implementation_report_filename,
    write_implementation_report,
    write_publication,
)
from torju.programme.figures import STATUS_COLOURS

__all__ = [
    "CONTENT_TYPES",
    "DATE",
    "FORMATS",
    "LANGUAGES",
    "STATUS_COLOURS",
    "Format",
    "ImplementationReportContent",
    "MinutesContent",
    "PublicationContent",
    "implementation_report",
    "implementation_report_content",
    "implementation_report_filename",
    "meeting_minutes",
    "minutes_content",
    "minutes_filename",
    "period_end",
    "period_problems",
    "period_start",
    "publication_content",
    "write_implementation_report",
    "write_publication",
]
