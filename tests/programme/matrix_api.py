"""Permission-matrix rows for the programme API (see tests/matrix.py).

The API answers 403 (not a login redirect) to anonymous callers. Paths with a
programme name one that does not exist, so the outcome does not depend on
whether the shipped programme is in the database: whoever passes the access
rule gets 404. Every other sample object (id or number 1) does not exist either.
"""

from tests.matrix import Expectation, only, signed_in
from torju.accounts.models import Role

MISSING_PROGRAMME = "/api/programme/programmes/no-such-programme"


def passes(status: int, *roles: Role) -> dict[str, int]:
    """403 for everyone (anonymous too) except the roles, who get `status`."""
    return {**signed_in(403, anonymous=403), **{role.value: status for role in roles}}


FOLLOWERS = (Role.COORDINATOR, Role.REPORTER)

PROGRAMME_API: dict[str, Expectation] = {
    "programme-api:programme-list": Expectation(only(*FOLLOWERS, anonymous=403)),
    "programme-api:programme-detail": Expectation(passes(404, *FOLLOWERS), path=f"{MISSING_PROGRAMME}/"),
    "programme-api:measure-list": Expectation(passes(404, *FOLLOWERS), path=f"{MISSING_PROGRAMME}/measures/"),
    "programme-api:measure-detail": Expectation(passes(404, *FOLLOWERS), path=f"{MISSING_PROGRAMME}/measures/1/"),
    "programme-api:round-list": Expectation(passes(404, *FOLLOWERS), path=f"{MISSING_PROGRAMME}/rounds/"),
    "programme-api:round-detail": Expectation(passes(404, *FOLLOWERS)),
    "programme-api:round-close": Expectation(passes(404, Role.COORDINATOR), method="post"),
    "programme-api:report-save": Expectation(
        passes(404, Role.REPORTER), method="post", data={"status": "on_track", "done": "x"}
    ),
    "programme-api:report-list": Expectation(only(*FOLLOWERS, anonymous=403)),
    "programme-api:report-detail": Expectation(passes(404, *FOLLOWERS)),
    "programme-api:report-comments": Expectation(passes(404, Role.COORDINATOR), method="post", data={"text": "x"}),
}
