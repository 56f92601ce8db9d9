"""Permission-matrix rows for the register's pages (see tests/matrix.py).

Rows with `kwargs` open the sample objects of tests/register/matrix_samples.py
(cases of the matrix workers' own office, and one of another office): the
workers reach them, or are refused by the rules of their role (a decision
maker does not record casework; a caseworker does not confirm decisions).
A POST without data reaches the form (400) or is told why on the case page (302).
"""

from collections.abc import Callable
from typing import Any

from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role

WORKERS = (Role.CASEWORKER, Role.DECISION_MAKER)


def reached(
    kwargs: Callable[[Samples], dict[str, Any]],
    *,
    method: str = "get",
    caseworker: int = 200,
    decision_maker: int = 200,
    data: dict[str, Any] | None = None,
) -> Expectation:
    """The workers open the sample object with the given statuses; others get 403; anonymous users the login page."""
    statuses = {**only(*WORKERS), Role.CASEWORKER.value: caseworker, Role.DECISION_MAKER.value: decision_maker}
    return Expectation(statuses, method=method, data=data if data is not None else {}, kwargs=kwargs)


def person(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["register.person"].pk}


def case(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["register.case"].pk}


def elsewhere(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["register.elsewhere"].pk}


def event(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "event_pk": samples["register.event"].pk}


def service(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "service_pk": samples["register.service"].pk}


def child(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "child_pk": samples["register.child"].pk}


def pending(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["register.pending"].pk}


def draft(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["register.pending"].pk, "draft_pk": samples["register.draft"].pk}


REGISTER_PAGES: dict[str, Expectation] = {
    "register:home": Expectation(only(*WORKERS)),
    "register:extract": Expectation(only(Role.ANALYST)),
    "register:backlog": Expectation(only(Role.DECISION_MAKER)),
    "register:person_search": Expectation(only(*WORKERS)),
    "register:applicant_new": Expectation(only(*WORKERS)),
    "register:person": reached(person),
    "register:person_edit": reached(person),
    # A decision maker registers no applications: the person is not among those they may apply for.
    "register:application_new": reached(person, decision_maker=404),
    "register:application": reached(case),
    # Another office's case is "not found" until the session identified its applicant by a search
    # (tests/register/test_case_access.py opens it after one).
    "register:application_open": reached(
        elsewhere, method="post", caseworker=404, decision_maker=404, data={"reason": "Asiakas muutti Helsinkiin."}
    ),
    "register:application_open_for_writing": reached(
        elsewhere, method="post", caseworker=404, decision_maker=404, data={"reason": "Asiakas muutti Helsinkiin."}
    ),
    "register:application_edit": reached(case),
    "register:application_assign": reached(case, method="post", caseworker=302, decision_maker=302),
    "register:application_close": reached(case),
    # Whoever works on the undecided case marks it as waiting for information (a decision maker does no casework:
    # the form shows, the service refuses); clearing it when it is not waiting is told on the case page.
    "register:waiting_set": reached(pending),
    "register:waiting_clear": reached(pending, method="post", caseworker=302, decision_maker=403),
    "register:event_new": reached(case),
    "register:event_delete": reached(event, method="post", caseworker=302, decision_maker=403),
    "register:decision_draft": reached(case),
    "register:decision_confirm": reached(draft, method="post", caseworker=403, decision_maker=302),
    "register:decision_reject": reached(
        draft, method="post", caseworker=403, decision_maker=302, data={"reason": "Päätöspäivä on väärin."}
    ),
    "register:reflection_period_new": reached(case),
    "register:service_new": reached(case),
    "register:service_end": reached(service, method="post", caseworker=302, decision_maker=302),
    "register:child_new": reached(case),
    "register:child_left": reached(child, method="post", caseworker=302, decision_maker=302),
    "register:assessment_new": reached(case),
    "register:clienthood_end": reached(case),
}
