"""Permission-matrix rows for the register's REST API (see tests/matrix.py).

The API answers 401 (not a login redirect) to anonymous callers, 403 to every
role but caseworkers and decision makers. Rows with `kwargs` name the sample
objects of tests/register/matrix_samples.py, which the workers reach (a POST
without data gets 400 from the validation) or are refused by the rules of
their role (a decision maker does no casework, a caseworker confirms no
decision); rows without name objects that do not exist (404).
"""

from collections.abc import Callable
from typing import Any

from tests.matrix import Expectation, Samples, only, signed_in
from tests.register.matrix_pages import case, child, draft, elsewhere, event, person, service
from torju.accounts.models import Role

WORKERS = (Role.CASEWORKER, Role.DECISION_MAKER)


def reached(
    kwargs: Callable[[Samples], dict[str, Any]],
    method: str = "get",
    *,
    caseworker: int = 200,
    decision_maker: int = 200,
    data: dict[str, Any] | None = None,
) -> Expectation:
    """403 for everyone (401 for anonymous callers) except the register's workers, who get the given statuses."""
    statuses = {
        **signed_in(403, anonymous=401),
        Role.CASEWORKER.value: caseworker,
        Role.DECISION_MAKER.value: decision_maker,
    }
    return Expectation(statuses, method=method, data=data if data is not None else {}, kwargs=kwargs)


def import_job(samples: Samples) -> dict[str, Any]:
    """The identity's own import job: only a decision maker follows one."""
    return {"pk": samples["register.import_job"].pk}


REGISTER_API: dict[str, Expectation] = {
    "register_api:application-list": Expectation(only(*WORKERS, anonymous=401)),
    "register_api:application-detail": reached(case),
    # Another office's case is "not found" until the session identified its applicant by a search
    # (tests/register/test_case_access.py opens it after one).
    "register_api:application-open": reached(
        elsewhere, "post", caseworker=404, decision_maker=404, data={"reason": "Asiakas muutti Helsinkiin."}
    ),
    "register_api:application-open-for-writing": reached(
        elsewhere, "post", caseworker=404, decision_maker=404, data={"reason": "Asiakas muutti Helsinkiin."}
    ),
    "register_api:application-assign": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:application-close": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:waiting-for-information": reached(case, "delete", caseworker=400, decision_maker=403),
    "register_api:event-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:event-detail": reached(event, "delete", caseworker=204, decision_maker=403),
    "register_api:decision-draft-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:decision-draft-confirm": reached(draft, "post", caseworker=403),
    "register_api:decision-draft-reject": reached(
        draft, "post", caseworker=403, data={"reason": "Päätöspäivä on väärin."}
    ),
    "register_api:reflection-period-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:service-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:service-end": reached(service, "post", caseworker=400, decision_maker=400),
    "register_api:child-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:child-left": reached(child, "post", caseworker=400, decision_maker=400),
    "register_api:assessment-list": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:clienthood-end": reached(case, "post", caseworker=400, decision_maker=400),
    "register_api:timeline": reached(case),
    # A search for an identifier that nobody has: an empty result.
    "register_api:person-search": Expectation(
        only(*WORKERS, anonymous=401), method="post", data={"person_id": "P-NOBODY"}
    ),
    "register_api:person-detail": reached(person),
    # Background jobs: imports for the register's coordinator (decision maker), extracts for analysts; another
    # user's job, like the sample one that does not exist, is "not found".
    "register_api:import-list": Expectation(only(Role.DECISION_MAKER, anonymous=401)),
    "register_api:import-detail": Expectation(only(Role.DECISION_MAKER, anonymous=401), kwargs=import_job),
    "register_api:import-problems": Expectation(only(Role.DECISION_MAKER, anonymous=401), kwargs=import_job),
    "register_api:extract-list": Expectation(only(Role.ANALYST, anonymous=401)),
    "register_api:extract-detail": Expectation({**only(Role.ANALYST, anonymous=401), "analyst": 404}),
}
