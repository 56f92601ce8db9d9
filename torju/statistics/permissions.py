"""Who may see which statistics: the one place for these rules.

Analysts, coordinators and the national rapporteur read the annual statistics. Only the analyst sees
the exact counts, and only on their screen (and in the JSON command without
--public, run by an administrator on the server); everything that leaves
the system (the documents, the JSON download, the REST API) is in the
public form, under disclosure control, whoever asks.

The current year has no public form (`check_public_year`): its figures
change every day, and comparing the public figures of two days would single
out the persons added in between, their sex, age band, residence status,
forms of exploitation and nationality (a difference attack). So the year in
progress is only on the analyst's screen in the exact form; the API, the
JSON download, the documents, the coordinator's pages and the commands'
public output refuse it with a message that says why (docs/decisions/0021).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.accounts.models import Role
from torju.accounts.permissions import AnyUser, has_role, roles

# The publication of the statistics: exact counts, or the public form under disclosure control. (Pages and the
# API still call the parameter `form`, as in `?form=public`.)
Publication = Literal["exact", "public"]
EXACT: Publication = "exact"
PUBLIC: Publication = "public"
PUBLICATIONS: tuple[Publication, ...] = (EXACT, PUBLIC)

# Pages, downloads and API endpoints. The national rapporteur reads the statistics in the public form (they
# write nothing: accounts.middleware refuses a read-only role's every POST, asking for a document too).
READ_STATISTICS = roles(Role.ANALYST, Role.COORDINATOR, Role.RAPPORTEUR)
# Releases: analysts propose the annual review; another analyst or a coordinator approves it. The situational
# picture is drafted and approved by coordinators (torju.situation). Released statistics are public.
PROPOSE_RELEASE = roles(Role.ANALYST)
WORK_ON_RELEASES = roles(Role.ANALYST, Role.COORDINATOR)
APPROVERS = {"annual_review": (Role.ANALYST, Role.COORDINATOR), "situational_picture": (Role.COORDINATOR,)}


def may_propose_release(user: AnyUser) -> bool:
    return has_role(user, Role.ANALYST)


def may_approve_release(user: AnyUser, kind: str) -> bool:
    """Whether `user` holds a role that approves releases of `kind` (never their own: services check that)."""
    return has_role(user, *APPROVERS.get(kind, ()))


def may_see_exact(user: AnyUser) -> bool:
    return has_role(user, Role.ANALYST)


def publication_for(user: AnyUser, requested: str | None) -> Publication:
    """The publication `user` gets when asking for `requested` (None: the user's default).

    The analyst's default is the exact form, everyone else's the public one.
    Asking for the exact form without the right is refused (PermissionDenied);
    asking for a publication that does not exist is a ValueError.
    """
    if requested is None or requested == "":
        return EXACT if may_see_exact(user) else PUBLIC
    if requested not in PUBLICATIONS:
        raise ValueError(f"unknown publication {requested!r}")
    if requested == EXACT and not may_see_exact(user):
        raise PermissionDenied("the exact statistics are for analysts")
    return EXACT if requested == EXACT else PUBLIC


class YearNotEndedError(PermissionDenied):
    """The public form of a year that has not ended was asked for; `message` says why it is refused."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(year_not_ended_message(year))

    @property
    def message(self) -> str:
        return year_not_ended_message(self.year)


def year_not_ended_message(year: int, *, language: str | None = None) -> str:
    """Why the public figures of `year` are refused, in `language` (None: the active one)."""
    with translation.override(language or translation.get_language()):
        return _(
            "The statistics of %(year)s are not published before the year has ended. The figures of a year in "
            "progress change every day, and comparing the figures of two days would reveal the persons added in "
            "between. Until the year ends its figures are shown only to analysts, on their screen."
        ) % {"year": year}


def has_ended(year: int) -> bool:
    return year < timezone.localdate().year


def check_public_year(year: int) -> None:
    """Refuse (YearNotEndedError) the public form of the current year, or of a later one."""
    if not has_ended(year):
        raise YearNotEndedError(year)
