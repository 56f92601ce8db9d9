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
from functools import partial
from typing import Any

from torju.helpline.disclosure import public_statistics
from torju.helpline.reporting import FIRST_YEAR, current_year
from torju.helpline.statistics import helpline_statistics
from torju.statistics.models import HelplineSnapshot, Release, ReleaseStatus
from torju.statistics.release_content import content_of
from torju.statistics.snapshots import stored_figures

HelplineYears = dict[str, dict[str, Any]]  # year → the helpline's public statistics of that year


def published_helpline(year: int) -> dict[str, Any] | None:
    """The helpline figures of `year` as the latest published release has them, or None if none has."""
    releases = Release.objects.filter(status=ReleaseStatus.PUBLISHED, first_year__lte=year + 1, last_year__gte=year)
    for release in releases.order_by("-approved_at", "-pk"):
        found = content_of(release).get("helpline", {}).get(str(year))
        if found is not None:
            return dict(found)
    return None


def helpline_years(years: Iterable[int], k: int, *, on_screen: bool = False) -> HelplineYears:
    """The public form of each year's helpline figures (from 2006 to now): as published before, else of the day.

    The exact figures of the day are stored per year while the register version is current (the helpline's
    tables bump it: statistics migration 0006), so that a statistics page does not count the helpline's year
    again on every view; `on_screen` as for the register's figures (docs/decisions/0039).
    """
    found: HelplineYears = {}
    for year in years:
        if not FIRST_YEAR <= year <= current_year():
            continue
        published = published_helpline(year)
        if published is None:
            exact = stored_figures(HelplineSnapshot, year, partial(helpline_statistics, year), on_screen=on_screen)
            published = public_statistics(exact, k)
        found[str(year)] = published
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
