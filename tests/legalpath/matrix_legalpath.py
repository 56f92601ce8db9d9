"""Permission-matrix rows and sample objects of the legal path (see tests/matrix.py).

The samples: a clienthood of the Helsinki office (where the matrix's workers
work) with a consent, a residence permit, a criminal matter and a data
subject request. The case's workers reach every page (a decision maker sees
the forms, and the services refuse what they send); analysts and everyone
else are refused: no new personal data for them. The register of
disclosures is the auditor's alone.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.factories import decided_application, user_with_role
from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.legalpath import services

WORKERS = (Role.CASEWORKER, Role.DECISION_MAKER)


def legalpath_samples(user: User | None) -> dict[str, Any]:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    today = timezone.localdate()
    case = decided_application(
        caseworker,
        decision_maker,
        first_names="Laura",
        last_name="Oikeus",
        received_on=today - timedelta(days=60),
        decided_on=today - timedelta(days=30),
    )
    actor = Actor.for_user(caseworker)
    consent = services.record_consent(
        actor=actor, application=case, purpose="disclosure_police", given_on=today - timedelta(days=20), form="signed"
    )
    permit = services.record_permit(
        actor=actor, application=case, permit_type="victim_temporary", status="applied", applied_on=today
    )
    matter = services.record_criminal_matter(
        actor=actor, application=case, client_role="complainant", reported_on=today, reported_by="client"
    )
    request = services.record_data_request(actor=actor, application=case, kind="access", received_on=today)
    return {
        "legalpath.case": case,
        "legalpath.consent": consent,
        "legalpath.permit": permit,
        "legalpath.matter": matter,
        "legalpath.request": request,
    }


def reached(
    kwargs: Callable[[Samples], dict[str, Any]],
    *,
    method: str = "get",
    caseworker: int = 200,
    decision_maker: int = 200,
) -> Expectation:
    statuses = {**only(*WORKERS), Role.CASEWORKER.value: caseworker, Role.DECISION_MAKER.value: decision_maker}
    return Expectation(statuses, method=method, data={}, kwargs=kwargs)


def case(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["legalpath.case"].pk}


def consent(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "consent_pk": samples["legalpath.consent"].pk}


def permit(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "permit_pk": samples["legalpath.permit"].pk}


def matter(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "matter_pk": samples["legalpath.matter"].pk}


def request(samples: Samples) -> dict[str, Any]:
    return {**case(samples), "request_pk": samples["legalpath.request"].pk}


LEGALPATH: dict[str, Expectation] = {
    "legalpath:permits_ending": Expectation(only(*WORKERS)),
    "legalpath:disclosure_register": Expectation(only(Role.AUDITOR)),
    "legalpath:duplicates": Expectation(only(Role.DECISION_MAKER)),
    # Without a reason: back to the list, the form's error as a message.
    "legalpath:merge": Expectation(
        {**only(Role.DECISION_MAKER), Role.DECISION_MAKER.value: 302}, method="post", data={}
    ),
    "legalpath:merge_undo": Expectation(
        {**only(Role.DECISION_MAKER), Role.DECISION_MAKER.value: 302}, method="post", data={}
    ),
    "legalpath:category": reached(case),
    "legalpath:consent_new": reached(case),
    "legalpath:consent_withdraw": reached(consent),
    "legalpath:grounds": reached(case),
    "legalpath:permit_new": reached(case),
    "legalpath:permit_edit": reached(permit),
    "legalpath:matter_new": reached(case),
    "legalpath:matter_edit": reached(matter),
    "legalpath:child_service_new": reached(case),
    "legalpath:safeguards": reached(case),
    "legalpath:disclosure_new": reached(case),
    "legalpath:request_new": reached(case),
    "legalpath:request_respond": reached(request),
    # A POST without data: the form comes back with its errors.
    "legalpath:access_copy": reached(case, method="post", caseworker=400, decision_maker=400),
}
