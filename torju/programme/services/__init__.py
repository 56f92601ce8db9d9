"""Every write of action-plan monitoring, one module per part of the work.

Each function takes the acting `Actor` (torju/actor.py) and plain data,
checks the permission and the rules (torju/programme/permissions.py,
rules.py), writes in one transaction and records the audit event in that
same transaction. Pages, the API, commands and tasks all call these.
"""

from torju.programme.services.meetings import (
    AgendaItemData,
    DecisionData,
    MeetingData,
    ParticipantData,
    meeting_snapshot,
    save_meeting,
)
from torju.programme.services.programmes import ProgrammeImport, create_programme, import_programme_file
from torju.programme.services.reminders import REMIND_DAYS_BEFORE, ReminderResult, send_reminders
from torju.programme.services.reports import REPORT_FIELDS, comment_on_report, save_status_report
from torju.programme.services.rounds import close_round, open_round, set_priority_areas

__all__ = [
    "REMIND_DAYS_BEFORE",
    "REPORT_FIELDS",
    "AgendaItemData",
    "DecisionData",
    "MeetingData",
    "ParticipantData",
    "ProgrammeImport",
    "ReminderResult",
    "close_round",
    "comment_on_report",
    "create_programme",
    "import_programme_file",
    "meeting_snapshot",
    "open_round",
    "save_meeting",
    "save_status_report",
    "send_reminders",
    "set_priority_areas",
]
