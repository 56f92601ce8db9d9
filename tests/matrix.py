"""Building blocks of the permission matrix (tests/web/test_permission_matrix.py).

Each app's URLs get their expected outcomes in a module of their own under
tests/<app>/, merged into the matrix there.
"""

from dataclasses import dataclass

from torju.accounts.models import Role

ANONYMOUS = "anonymous"
IDENTITIES = [ANONYMOUS, *[role.value for role in Role]]


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(status), ANONYMOUS: anonymous}


def only(*roles: Role, anonymous: int = 302) -> dict[str, int]:
    return {**signed_in(403, anonymous), **{role.value: 200 for role in roles}}


@dataclass(frozen=True)
class Expectation:
    """The status each identity gets; `path` overrides the sample path (e.g. to name an existing object)."""

    statuses: dict[str, int]
    method: str = "get"
    data: dict[str, str] | None = None
    path: str | None = None
