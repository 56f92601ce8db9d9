"""The programme's documents: the implementation report and meeting minutes, as DOCX and PDF.

Each document's content is built once, in the document's language, as plain
data (`ImplementationReportContent`, `MinutesContent`); the DOCX writer and
the print template both lay out that same data, so the two formats never say
different things.
"""

from torju.programme.documents.common import CONTENT_TYPES, DATE, FORMATS, LANGUAGES, STATUS_COLOURS, Format
from torju.programme.documents.implementation_report import (
    ImplementationReportContent,
    implementation_report,
    implementation_report_content,
    implementation_report_filename,
    period_end,
    period_problems,
    period_start,
    write_implementation_report,
)
from torju.programme.documents.minutes import MinutesContent, meeting_minutes, minutes_content, minutes_filename

__all__ = [
    "CONTENT_TYPES",
    "DATE",
    "FORMATS",
    "LANGUAGES",
    "STATUS_COLOURS",
    "Format",
    "ImplementationReportContent",
    "MinutesContent",
    "implementation_report",
    "implementation_report_content",
    "implementation_report_filename",
    "meeting_minutes",
    "minutes_content",
    "minutes_filename",
    "period_end",
    "period_problems",
    "period_start",
    "write_implementation_report",
]
