"""Permission-matrix rows for the register's REST API (see tests/matrix.py).

The API answers 403 (not a login redirect) to anonymous callers and to every
role but caseworkers and decision makers. Sample ids (1) name objects that do
not exist, so whoever passes the access rule gets 404: the same answer as for
a case of another office that was not opened with a reason.
"""

from tests.matrix import Expectation, only, signed_in
from torju.accounts.models import Role

WORKERS = (Role.CASEWORKER, Role.DECISION_MAKER)


def not_found(method: str = "get") -> Expectation:
    """403 for everyone (anonymous too) except the register's workers, who get 404 for the sample object."""
    statuses = {**signed_in(403, anonymous=403), **{role.value: 404 for role in WORKERS}}
    return Expectation(statuses, method=method, data=None if method == "get" else {})


REGISTER_API: dict[str, Expectation] = {
    "register_api:case-list": Expectation(only(*WORKERS, anonymous=403)),
    "register_api:case-detail": not_found(),
    "register_api:case-open": not_found("post"),
    "register_api:case-assign": not_found("post"),
    "register_api:case-close": not_found("post"),
    "register_api:event-list": not_found("post"),
    "register_api:event-detail": not_found("delete"),
    "register_api:decision-draft-list": not_found("post"),
    "register_api:decision-draft-confirm": not_found("post"),
    "register_api:decision-draft-reject": not_found("post"),
    "register_api:reflection-period-list": not_found("post"),
    "register_api:service-list": not_found("post"),
    "register_api:service-end": not_found("post"),
    "register_api:child-list": not_found("post"),
    "register_api:child-left": not_found("post"),
    "register_api:assessment-list": not_found("post"),
    "register_api:clienthood-end": not_found("post"),
    "register_api:timeline": not_found(),
    # A search for an identifier that nobody has: an empty result.
    "register_api:person-search": Expectation(only(*WORKERS, anonymous=403), data={"person_id": "P-NOBODY"}),
    "register_api:person-detail": not_found(),
}
