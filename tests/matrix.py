"""Building blocks of the permission matrix (tests/web/test_permission_matrix.py).

Each app's URLs get their expected outcomes in a module of their own under
tests/<app>/, merged into the matrix there.

A row's URL parameters come from one of three places. By default each
parameter gets the matrix's sample value (usually "1", an object that does
not exist). `path` gives the whole path instead. `kwargs` takes them from the
app's sample objects: each app has one sample maker (a `SampleMaker`, listed
in the matrix's SAMPLE_MAKERS) that creates real objects for the identity
being tested (a case of the caseworker's office, a report of the reporter's
body, a document job of the user's own), so that allowed identities reach a
real page and everyone else is refused or told "not found".
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from torju.accounts.models import Role, User

ANONYMOUS = "anonymous"
# An administrator: staff (and superuser) without any role, as the demo's demo-admin.
STAFF = "staff"
IDENTITIES = [ANONYMOUS, *[role.value for role in Role], STAFF]

# Sample objects by name, made for one identity by the apps' sample makers.
Samples = Mapping[str, Any]
# Makes an app's sample objects for the identity's user (None: anonymous); names are the app's own, e.g.
# "register.case", and unique across the apps.
SampleMaker = Callable[[User | None], dict[str, Any]]


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(status), ANONYMOUS: anonymous}


def only(*roles: Role, anonymous: int = 302) -> dict[str, int]:
    return {**signed_in(403, anonymous), **{role.value: 200 for role in roles}}


@dataclass(frozen=True)
class Expectation:
    """The status each identity gets, and how to make the request.

    `path` overrides the sample path (e.g. to name an existing object), or
    makes it from the sample objects when the URL has no name. `kwargs`
    gives the URL parameters from the sample objects (the URL is reversed
    with them), e.g. `kwargs=lambda s: {"pk": s["register.case"].pk}`;
    `data` may likewise be a function of the sample objects.
    """

    statuses: dict[str, int]
    method: str = "get"
    data: dict[str, Any] | Callable[[Samples], dict[str, Any]] | None = None
    path: str | Callable[[Samples], str] | None = None
    kwargs: Callable[[Samples], dict[str, Any]] | None = None

    def request_data(self, samples: Samples) -> dict[str, Any]:
        return (self.data(samples) if callable(self.data) else self.data) or {}
