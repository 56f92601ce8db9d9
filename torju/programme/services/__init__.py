"""Every write of action-plan monitoring, one module per part of the work.

Each function takes the acting `Actor` (torju/actor.py) and plain data,
checks the permission and the rules (torju/programme/permissions.py,
rules.py), writes in one transaction and records the audit event in that
same transaction. Pages, the API, commands and tasks all call these.
"""

from torju.programme.services.attachments import attach_file, remove_attachment
from torju.programme.services.groups import GroupData, add_member, remove_member, save_group
from torju.programme.services.implementation_plan import (
    IndicatorData,
    MilestoneData,
    remove_indicator,
    remove_milestone,
    save_indicator,
    save_milestone,
)
from torju.programme.services.lifecycle import circulate_plan, comment_on_plan, publish_plan, record_approval
from torju.programme.services.meetings import (
    AgendaItemData,
    DecisionData,
    MeetingData,
    ParticipantData,
    meeting_snapshot,
    save_meeting,
)
from torju.programme.services.minutes import approve_minutes, circulate_minutes, comment_on_minutes, mark_decision_done
from torju.programme.services.programmes import ProgrammeImport, create_programme, import_programme_file
from torju.programme.services.publications import (
    PublicationData,
    approve_publication,
    circulate_publication,
    comment_on_publication,
    content_of,
    publish_publication,
    save_publication,
)
from torju.programme.services.recommendations import RecommendationData, save_recommendation
from torju.programme.services.reminders import REMIND_DAYS_BEFORE, ReminderResult, remind_body, send_reminders
from torju.programme.services.reports import REPORT_FIELDS, comment_on_report, save_status_report
from torju.programme.services.rounds import close_round, open_round, set_priority_areas
from torju.programme.services.texts import edit_measure_texts, edit_objective_texts

__all__ = [
    "REMIND_DAYS_BEFORE",
    "REPORT_FIELDS",
    "AgendaItemData",
    "DecisionData",
    "GroupData",
    "IndicatorData",
    "MeetingData",
    "MilestoneData",
    "ParticipantData",
    "ProgrammeImport",
    "PublicationData",
    "RecommendationData",
    "ReminderResult",
    "add_member",
    "approve_minutes",
    "approve_publication",
    "attach_file",
    "circulate_minutes",
    "circulate_plan",
    "circulate_publication",
    "close_round",
    "comment_on_minutes",
    "comment_on_plan",
    "comment_on_publication",
    "comment_on_report",
    "content_of",
    "create_programme",
    "edit_measure_texts",
    "edit_objective_texts",
    "import_programme_file",
    "mark_decision_done",
    "meeting_snapshot",
    "open_round",
    "publish_plan",
    "publish_publication",
    "record_approval",
    "remind_body",
    "remove_attachment",
    "remove_indicator",
    "remove_member",
    "remove_milestone",
    "save_group",
    "save_indicator",
    "save_meeting",
    "save_milestone",
    "save_publication",
    "save_recommendation",
    "save_status_report",
    "send_reminders",
    "set_priority_areas",
]
