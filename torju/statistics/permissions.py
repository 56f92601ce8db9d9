"""Who may see which statistics: the one place for these rules.

Analysts, coordinators and the national rapporteur read the annual statistics. Only the analyst sees
the exact counts, and only on their screen (and in the JSON command without
--public, run by an administrator on the server); everything that leaves
the system (the documents, the JSON download, the REST API) is in the
public form, under disclosure control, whoever asks.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied

from torju.accounts.models import Role
from torju.accounts.permissions import AnyUser, has_role, roles

Form = Literal["exact", "public"]
EXACT: Form = "exact"
PUBLIC: Form = "public"
FORMS: tuple[Form, ...] = (EXACT, PUBLIC)

# Pages, downloads and API endpoints. The national rapporteur reads the statistics in the public form (they
# write nothing: accounts.middleware refuses a read-only role's every POST, asking for a document too).
READ_STATISTICS = roles(Role.ANALYST, Role.COORDINATOR, Role.RAPPORTEUR)


def may_see_exact(user: AnyUser) -> bool:
    return has_role(user, Role.ANALYST)


def form_for(user: AnyUser, requested: str | None) -> Form:
    """The form `user` gets when asking for `requested` (None: the user's default).

    The analyst's default is the exact form, everyone else's the public one.
    Asking for the exact form without the right is refused (PermissionDenied);
    asking for a form that does not exist is a ValueError.
    """
    if requested is None or requested == "":
        return EXACT if may_see_exact(user) else PUBLIC
    if requested not in FORMS:
        raise ValueError(f"unknown form {requested!r}")
    if requested == EXACT and not may_see_exact(user):
        raise PermissionDenied("the exact statistics are for analysts")
    return EXACT if requested == EXACT else PUBLIC
