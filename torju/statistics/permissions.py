"""Who may see which statistics: the one place for these rules.

Analysts and coordinators read the annual statistics. Only the analyst sees
the exact counts, and only on their screen (and in the JSON command without
--public, run by an administrator on the server); everything that leaves
the system (the documents, the JSON download, the REST API) is in the
public form, under disclosure control, whoever asks.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied

from torju.accounts.models import Role
from torju.accounts.permissions import AnyUser, has_role, roles

# The publication of the statistics: exact counts, or the public form under disclosure control. (Pages and the
# API still call the parameter `form`, as in `?form=public`.)
Publication = Literal["exact", "public"]
EXACT: Publication = "exact"
PUBLIC: Publication = "public"
PUBLICATIONS: tuple[Publication, ...] = (EXACT, PUBLIC)

# Pages, downloads and API endpoints.
READ_STATISTICS = roles(Role.ANALYST, Role.COORDINATOR)


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
