"""Disclosure control of the helpline's statistics: the public form (docs/helpline-statistics.md, "Public form").

Helpline figures are small and one rare attribute can point at a person (a
small municipality's region, a rare sector), so k applies to every count,
to whichever is counted (contacts, cases, referrals): the public form shows
no count from 1 to k−1 anywhere. A withheld count is None.

- A single count (a total, the cases open at year end) from 1 to k−1 is withheld.
- A breakdown whose cells add up to a published total: the cells from 1
  to k−1 are withheld (primary suppression); when exactly one is, the
  smallest other non-zero cell is withheld too (secondary suppression), so
  that no withheld cell is the total less the shown cells. With two or more
  withheld cells each can be one more or one less while another takes the
  difference, so none can be derived (a withheld primary cell is at least
  1, a secondary one at least k).
- A breakdown whose total is withheld (under k, or withheld itself as a
  cell of its parent breakdown: the outcomes of the accepted referrals,
  the reasons of the declined ones) withholds every non-zero cell.
- A breakdown of a multi-valued attribute (suspected forms, actions,
  screening indicators: one contact may count under several) has no sum;
  it takes the same rule, so a single small cell is never the only one
  withheld (e.g. the contacts with a suspected form, total less `none`).
- Shares and medians are published only when the counts they are computed
  from are, and a median only of k or more values.
- The month-by-month cross-tables (`monthly`) are the exact form's only.

The threshold k is the setting STATISTICS_DISCLOSURE_K (default 5), the
annual statistics' k: one rule for everything the assistance system
publishes.
"""

import copy
from typing import Any

from django.conf import settings

DEFAULT_THRESHOLD = 5
Cells = dict[str, int]
PublicCells = dict[str, int | None]

# (section, total) → the single-valued breakdowns that add up to it, and the multi-valued ones under it.
SINGLE = {
    ("contacts", "total"): ("by_month", "by_channel", "by_contact_type", "by_subject", "by_region", "by_age_group"),
    ("consultation_cases", "opened"): (
        "by_month",
        "by_channel",
        "by_contact_type",
        "by_subject",
        "by_region",
        "by_age_group",
    ),
    ("consultation_cases", "closed"): ("by_outcome",),
    ("referrals", "sent"): (
        "by_month",
        "by_kind",
        "by_referring_party",
        "by_office",
        "by_status",
    ),
}
# Breakdowns of the referrals of one status, a cell of `by_status`: their total is that cell.
OF_STATUS = (("by_outcome", "accepted"), ("by_decline_reason", "declined"))
MULTI = {
    ("contacts", "total"): ("by_exploitation_form", "by_action"),
    ("consultation_cases", "opened"): ("by_exploitation_form",),
    ("consultation_cases", "with_indicators"): ("by_indicator",),
}
COUNTS = (
    ("contacts", "total"),
    ("consultation_cases", "opened"),
    ("consultation_cases", "closed"),
    ("consultation_cases", "open_at_year_end"),
    ("consultation_cases", "with_indicators"),
    ("consultation_cases", "led_to_application"),
    ("referrals", "sent"),
)


def disclosure_threshold() -> int:
    """k: the smallest count published as it is (STATISTICS_DISCLOSURE_K, default 5)."""
    return int(getattr(settings, "STATISTICS_DISCLOSURE_K", DEFAULT_THRESHOLD))


def _check_threshold(k: int) -> None:
    if k < 1:
        raise ValueError(f"the disclosure threshold must be at least 1, not {k}")


def public_count(count: int, k: int) -> int | None:
    return None if 0 < count < k else count


def public_breakdown(cells: Cells, k: int, *, total_shown: bool) -> PublicCells:
    """The cells as they may be published (see the module's docstring)."""
    _check_threshold(k)
    if not total_shown:
        return {key: None if value else 0 for key, value in cells.items()}
    withheld = {key for key, value in cells.items() if 0 < value < k}
    if len(withheld) == 1:
        others = [
            (value, position, key)
            for position, (key, value) in enumerate(cells.items())
            if value and key not in withheld
        ]
        if others:
            withheld.add(min(others)[2])
    return {key: None if key in withheld else value for key, value in cells.items()}


def _share(part: int | None, whole: int | None) -> float | None:
    return round(part / whole, 3) if part is not None and whole else None


def _median(median: float | None, values: int | None, k: int) -> float | None:
    return median if values is not None and values >= k else None


def _sum(*counts: int | None) -> int | None:
    return None if any(count is None for count in counts) else sum(count for count in counts if count is not None)


def public_statistics(statistics: dict[str, Any], k: int) -> dict[str, Any]:
    """The statistics of torju.helpline.statistics in their public form under threshold k."""
    _check_threshold(k)
    exact = statistics
    public = copy.deepcopy({key: value for key, value in exact.items() if key != "monthly"})
    for section, field in COUNTS:
        public[section][field] = public_count(exact[section][field], k)
    for (section, total), breakdowns in SINGLE.items():
        for breakdown in breakdowns:
            shown = public[section][total] is not None
            public[section][breakdown] = public_breakdown(exact[section][breakdown], k, total_shown=shown)
    for (section, total), breakdowns in MULTI.items():
        for breakdown in breakdowns:
            shown = public[section][total] is not None
            public[section][breakdown] = public_breakdown(exact[section][breakdown], k, total_shown=shown)
    cases, referrals = public["consultation_cases"], public["referrals"]
    cases["share_led_to_application"] = _share(cases["led_to_application"], cases["opened"])
    # The outcomes add up to the accepted referrals, the decline reasons to the declined: cells of the statuses.
    for breakdown, status in OF_STATUS:
        shown = referrals["by_status"][status] is not None
        referrals[breakdown] = public_breakdown(exact["referrals"][breakdown], k, total_shown=shown)
    # Referrals that led to an application are exactly those with that outcome: the same cell.
    referrals["led_to_application"] = referrals["by_outcome"]["application_registered"]
    referrals["share_led_to_application"] = _share(referrals["led_to_application"], referrals["sent"])
    # Those answered are the accepted and the declined: shown when both cells are.
    answered = _sum(referrals["by_status"]["accepted"], referrals["by_status"]["declined"])
    referrals["days_to_answer"] = {
        "answered": answered,
        "median": _median(exact["referrals"]["days_to_answer"]["median"], answered, k),
    }
    waiting = public_count(exact["referrals"]["waiting_at_year_end"]["waiting"], k)
    referrals["waiting_at_year_end"] = {
        "waiting": waiting,
        "median_days": _median(exact["referrals"]["waiting_at_year_end"]["median_days"], waiting, k),
    }
    return public


def shows_small_counts(statistics: Any, k: int) -> bool:
    """Whether any count anywhere in the statistics is from 1 to k−1 (what the public form never shows)."""
    if isinstance(statistics, dict):
        return any(shows_small_counts(value, k) for key, value in statistics.items() if key != "year")
    if isinstance(statistics, list):
        return any(shows_small_counts(value, k) for value in statistics)
    return isinstance(statistics, int) and not isinstance(statistics, bool) and 0 < statistics < k
