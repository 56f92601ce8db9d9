"""Permission-matrix rows for the helpline's REST API (see tests/matrix.py).

The API answers 401 (not a login redirect) to anonymous callers. Contacts and
cases are the advisers'; referrals the advisers' and the receiving office's
(whose decision maker reads but does not answer them; a service's refusal is
403 too); statistics are for analysts, advisers and coordinators. A POST
without data reaches the validation (400).
"""

from typing import Any

from tests.helpline.matrix_pages import ADVISER, BOTH_ENDS, sample
from tests.matrix import Expectation, signed_in
from torju.accounts.models import Role


def api(
    *roles: Role,
    name: str = "",
    method: str = "get",
    status: int = 200,
    data: dict[str, Any] | None = None,
    **others: int,
) -> Expectation:
    """403 for everyone (401 anonymous) but `roles`, who get `status`; `others` overrides one role's status."""
    statuses = {**signed_in(403, anonymous=401), **{role.value: status for role in roles}, **others}
    return Expectation(statuses, method=method, data=data or {}, kwargs=sample(name) if name else None)


HELPLINE_API: dict[str, Expectation] = {
    "helpline_api:contact-list": api(ADVISER),
    "helpline_api:contact-detail": api(ADVISER, name="contact"),
    "helpline_api:case-list": api(ADVISER),
    "helpline_api:case-detail": api(ADVISER, name="case"),
    "helpline_api:case-contacts": api(ADVISER, name="case", method="post", status=400),
    "helpline_api:case-close": api(ADVISER, name="case", method="post", status=400),
    "helpline_api:case-reopen": api(ADVISER, name="closed_case", method="post"),
    "helpline_api:case-indicators": api(ADVISER, name="case", method="post", status=400),
    "helpline_api:referral-list": api(*BOTH_ENDS),
    "helpline_api:referral-detail": api(*BOTH_ENDS, name="waiting"),
    "helpline_api:referral-withdraw": api(*BOTH_ENDS, name="waiting", method="post", status=403, helpline_adviser=200),
    "helpline_api:referral-accept": api(*BOTH_ENDS, name="waiting", method="post", status=403, caseworker=200),
    "helpline_api:referral-decline": api(
        *BOTH_ENDS, name="waiting", method="post", status=403, caseworker=200, data={"decline_reason": "other_office"}
    ),
    "helpline_api:referral-outcome": api(
        *BOTH_ENDS, name="taken_up", method="post", status=403, caseworker=200, data={"outcome": "not_reached"}
    ),
    "helpline_api:statistics": Expectation(
        {**signed_in(403, anonymous=401), **{role.value: 200 for role in (Role.ANALYST, ADVISER, Role.COORDINATOR)}},
        path="/api/helpline/statistics/2025/",
    ),
}
