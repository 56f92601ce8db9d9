"""Permission-matrix rows for the register's pages (see tests/matrix.py).

Sample ids name objects that do not exist, so whoever passes the access rule
gets 404: the same answer as for a record of another office they may not see.
"""

from tests.matrix import Expectation, only
from torju.accounts.models import Role

WORKERS = (Role.CASEWORKER, Role.DECISION_MAKER)


def not_found(*roles: Role, method: str = "get") -> Expectation:
    """Allowed roles get 404 for the sample object; others 403; anonymous users the login page."""
    statuses = only(*roles)
    return Expectation(
        {**statuses, **{role.value: 404 for role in roles}}, method=method, data={} if method == "post" else None
    )


REGISTER_PAGES: dict[str, Expectation] = {
    "register:home": Expectation(only(*WORKERS)),
    "register:extract": Expectation(only(Role.ANALYST)),
    "register:person_search": Expectation(only(*WORKERS)),
    "register:applicant_new": Expectation(only(*WORKERS)),
    "register:person": not_found(*WORKERS),
    "register:person_edit": not_found(*WORKERS),
    "register:application_new": not_found(*WORKERS),
    "register:case": not_found(*WORKERS),
    "register:case_open": not_found(*WORKERS, method="post"),
    "register:case_edit": not_found(*WORKERS),
    "register:case_assign": not_found(*WORKERS, method="post"),
    "register:case_close": not_found(*WORKERS),
    "register:event_new": not_found(*WORKERS),
    "register:event_delete": not_found(*WORKERS, method="post"),
    "register:decision_draft": not_found(*WORKERS),
    "register:decision_confirm": not_found(*WORKERS, method="post"),
    "register:decision_reject": not_found(*WORKERS, method="post"),
    "register:reflection_period_new": not_found(*WORKERS),
    "register:service_new": not_found(*WORKERS),
    "register:service_end": not_found(*WORKERS, method="post"),
    "register:child_new": not_found(*WORKERS),
    "register:child_left": not_found(*WORKERS, method="post"),
    "register:assessment_new": not_found(*WORKERS),
    "register:clienthood_end": not_found(*WORKERS),
}
