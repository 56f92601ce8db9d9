"""Permission-matrix rows for the helpline's pages (see tests/matrix.py).

Contacts and consultation cases are the advisers' only. A referral's pages
serve both ends: the advisers, and the caseworkers and decision makers of the
office it was sent to; taking it up, declining it, its application and its
outcome are the caseworkers'. The statistics are for analysts, advisers and
coordinators. Rows with `kwargs` open the sample objects of
tests/helpline/matrix_samples.py; a POST without data is told why on the page
it returns to (302).
"""

from collections.abc import Callable
from typing import Any

from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role

ADVISER = Role.HELPLINE_ADVISER
BOTH_ENDS = (Role.HELPLINE_ADVISER, Role.CASEWORKER, Role.DECISION_MAKER)


def sample(name: str) -> Callable[[Samples], dict[str, Any]]:
    return lambda samples: {"pk": samples[f"helpline.{name}"].pk}


def reached(
    name: str, *roles: Role, method: str = "get", status: int = 200, data: dict[str, Any] | None = None
) -> Expectation:
    """The roles reach the sample with `status`; other signed-in users are refused, anonymous ones sent to sign in."""
    statuses = {**only(*roles), **{role.value: status for role in roles}}
    return Expectation(statuses, method=method, data=data or {}, kwargs=sample(name))


HELPLINE_PAGES: dict[str, Expectation] = {
    "helpline:home": Expectation(only(ADVISER)),
    "helpline:contacts": Expectation(only(ADVISER)),
    "helpline:contact_new": Expectation(only(ADVISER)),
    "helpline:group": Expectation({**only(ADVISER), ADVISER.value: 302}, method="post"),
    "helpline:contact": reached("contact", ADVISER),
    "helpline:contact_edit": reached("contact", ADVISER),
    "helpline:cases": Expectation(only(ADVISER)),
    "helpline:case": reached("case", ADVISER),
    "helpline:case_edit": reached("case", ADVISER),
    "helpline:case_close": reached("case", ADVISER),
    "helpline:case_reopen": reached("closed_case", ADVISER, method="post", status=302),
    "helpline:case_indicators": reached(
        "case", ADVISER, method="post", status=302, data={"indicators": ["coercion.violence"]}
    ),
    "helpline:referral_new": reached("case", ADVISER),
    "helpline:referrals": Expectation(only(*BOTH_ENDS)),
    "helpline:first_responder_new": Expectation(only(ADVISER)),
    "helpline:referral": reached("waiting", *BOTH_ENDS),
    "helpline:referral_withdraw": reached("waiting", ADVISER, method="post", status=302),
    "helpline:referral_accept": reached("waiting", Role.CASEWORKER, method="post", status=302),
    "helpline:referral_decline": reached("waiting", Role.CASEWORKER),
    "helpline:referral_outcome": reached("taken_up", Role.CASEWORKER),
    "helpline:referral_application": reached("waiting", Role.CASEWORKER),
    "helpline:statistics": Expectation(only(Role.ANALYST, ADVISER, Role.COORDINATOR)),
}
