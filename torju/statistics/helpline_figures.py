"""The helpline's figures in the annual review and the situational picture (issue #12, docs/decisions/0044).

The helpline computes its own statistics and their public form
(torju.helpline.statistics, torju.helpline.disclosure: no count from 1 to
k−1, secondary suppression, docs/helpline-statistics.md); the review and
the picture show that public form only, in every publication.

A release freezes them as it freezes the register's figures: its content
holds `"helpline": {"<year>": <the public form>}`. A year's helpline figures
published once are the same in every later release (the latest release that
has them gives them): a reader who compares two releases learns nothing
from a difference. A correction of the register's figures of a year does
not reopen its helpline figures.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from torju.helpline.reporting import FIRST_YEAR, current_year
from torju.helpline.statistics import helpline_statistics
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.release_content import content_of

HelplineYears = dict[str, dict[str, Any]]  # year → the helpline's public statistics of that year


def published_helpline(year: int) -> dict[str, Any] | None:
    """The helpline figures of `year` as the latest published release has them, or None if none has."""
    releases = Release.objects.filter(status=ReleaseStatus.PUBLISHED, first_year__lte=year + 1, last_year__gte=year)
    for release in releases.order_by("-approved_at", "-pk"):
        found = content_of(release).get("helpline", {}).get(str(year))
        if found is not None:
            return dict(found)
    return None


def helpline_years(years: Iterable[int], k: int) -> HelplineYears:
    """The public form of each year's helpline figures (from 2006 to now): as published before, else of the day."""
    found: HelplineYears = {}
    for year in years:
        if not FIRST_YEAR <= year <= current_year():
            continue
        published = published_helpline(year)
        found[str(year)] = published if published is not None else helpline_statistics(year, public=True, k=k)
    return found


def has_work(statistics: Mapping[str, Any] | None) -> bool:
    """Whether a year's public figures show any recorded work (a withheld total counts: there was some)."""
    if statistics is None:
        return False
    totals = (
        statistics["contacts"]["total"],
        statistics["consultation_cases"]["opened"],
        statistics["referrals"]["sent"],
    )
    return any(total is None or total > 0 for total in totals)
