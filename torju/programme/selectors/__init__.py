"""Read queries of action-plan monitoring, used by pages, API, exports and reports: `progress` (where the
measures stand), `dashboard`, `follow_up` (what is owed, decisions), `implementation` (indicators and
milestones) and `inbox` (each role's own work)."""

from torju.programme.selectors.dashboard import Dashboard, DashboardFilter, dashboard
from torju.programme.selectors.follow_up import (
    OWING_ORDERS,
    DecisionFollowUp,
    OwingBody,
    decisions_to_follow,
    open_decisions,
    owing_bodies,
)
from torju.programme.selectors.implementation import IndicatorProgress, indicator_progress, milestones_of
from torju.programme.selectors.inbox import Inbox, inbox, reports_to_review
from torju.programme.selectors.progress import (
    MeasureProgress,
    OwedReport,
    by_objective,
    current_round,
    latest_versions,
    measure_status,
    measures_of,
    meetings,
    objectives_of,
    outstanding_reports,
    owed_by,
    programmes,
    progress,
    published_programmes,
    reports_in_round,
    rounds_of,
    status_columns,
    status_counts,
    submission_count,
)

__all__ = [
    "OWING_ORDERS",
    "Dashboard",
    "DashboardFilter",
    "DecisionFollowUp",
    "Inbox",
    "IndicatorProgress",
    "MeasureProgress",
    "OwedReport",
    "OwingBody",
    "by_objective",
    "current_round",
    "dashboard",
    "decisions_to_follow",
    "inbox",
    "indicator_progress",
    "latest_versions",
    "measure_status",
    "measures_of",
    "meetings",
    "milestones_of",
    "objectives_of",
    "open_decisions",
    "outstanding_reports",
    "owed_by",
    "owing_bodies",
    "programmes",
    "progress",
    "published_programmes",
    "reports_in_round",
    "reports_to_review",
    "rounds_of",
    "status_columns",
    "status_counts",
    "submission_count",
]
