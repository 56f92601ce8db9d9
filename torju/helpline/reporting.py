"""The helpline's statistics as readers get them: the year, the form each user may see, labelled tables.

One rule for the page, the API and the command: the years from the
assistance system's first (2006) to the current one; analysts and advisers
see the exact form by default, coordinators and every document only the
public form (torju.helpline.disclosure). `figures_for_review` is what the
annual review's section and the situational picture call.
"""

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import label
from torju.helpline.disclosure import disclosure_threshold
from torju.helpline.models import ReferralKind, ReferralStatus
from torju.helpline.permissions import Who, sees_exact_statistics
from torju.helpline.statistics import ABROAD, ADULT, MINOR, NONE, PENDING, UNKNOWN, helpline_statistics

Publication = Literal["exact", "public"]
EXACT: Publication = "exact"
PUBLIC: Publication = "public"
FIRST_YEAR = 2006  # the assistance system, and its info line, began in 2006
AUDIT_OBJECT_TYPE = "helpline.statistics"


def current_year() -> int:
    return timezone.localdate().year


def is_reportable(year: int) -> bool:
    return FIRST_YEAR <= year <= current_year()


def publication_for(user: Who, requested: str | None) -> Publication:
    """The form `user` gets when asking for `requested` (None or "": their default); exact only for those who may."""
    if not requested:
        return EXACT if sees_exact_statistics(user) else PUBLIC
    if requested not in (EXACT, PUBLIC):
        raise ValueError(f"unknown form {requested!r}")
    if requested == EXACT and not sees_exact_statistics(user):
        raise PermissionDenied("the exact helpline statistics are for analysts and advisers")
    return EXACT if requested == EXACT else PUBLIC


def statistics_for(actor: Actor, year: int, publication: Publication) -> dict[str, Any]:
    """The year's statistics in the given form; the read is in the audit trail."""
    statistics = helpline_statistics(year, public=publication == PUBLIC)
    record(
        Action.VIEW,
        actor,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=year,
        reason=f"{publication}, k={disclosure_threshold()}" if publication == PUBLIC else publication,
    )
    return statistics


@dataclass(frozen=True)
class ReviewFigures:
    """The helpline's figures of a year for a document: always the public form, with the threshold it used."""

    year: int
    threshold: int
    statistics: dict[str, Any]
    previous: dict[str, Any] | None


def figures_for_review(year: int, *, with_previous: bool = True) -> ReviewFigures:
    """For the annual review's helpline section and the situational picture: the public form only.

    The caller (a document job) records its own export; this reads no
    personal data, only counts under disclosure control.
    """
    k = disclosure_threshold()
    previous = helpline_statistics(year - 1, public=True, k=k) if with_previous and year - 1 >= FIRST_YEAR else None
    return ReviewFigures(
        year=year, threshold=k, statistics=helpline_statistics(year, public=True, k=k), previous=previous
    )


def series_for_situation(first_year: int, last_year: int) -> dict[int, dict[str, Any]]:
    """The public form of each year of a range, for the situational picture's series (from 2006 to now only)."""
    k = disclosure_threshold()
    years = range(max(first_year, FIRST_YEAR), min(last_year, current_year()) + 1)
    return {year: helpline_statistics(year, public=True, k=k) for year in years}


# Labels of the keys that are not codes of a code list.
SPECIAL_KEYS = {
    ABROAD: _("abroad"),
    UNKNOWN: _("not known"),
    MINOR: _("minor"),
    ADULT: _("adult"),
    NONE: _("none"),
    PENDING: _("no outcome yet"),
}
BREAKDOWN_LISTS = {
    "by_channel": "contact_channel",
    "by_contact_type": "contact_type",
    "by_referring_party": "contact_type",
    "by_subject": "contact_subject",
    "by_region": "region",
    "by_exploitation_form": "exploitation_form",
    "by_action": "contact_action",
    "by_indicator": "screening_indicator",
    "by_office": "office",
    "by_decline_reason": "referral_decline_reason",
}
OUTCOME_LISTS = {"consultation_cases": "consultation_outcome", "referrals": "referral_outcome"}


def key_label(section: str, breakdown: str, key: str) -> str:
    if key in SPECIAL_KEYS and breakdown != "by_month":
        return str(SPECIAL_KEYS[key])
    if breakdown == "by_month":
        return key
    if breakdown == "by_kind":
        return str(ReferralKind(key).label)
    if breakdown == "by_status":
        return str(ReferralStatus(key).label)
    if breakdown == "by_outcome":
        return label(OUTCOME_LISTS[section], key)
    return label(BREAKDOWN_LISTS.get(breakdown, ""), key)
