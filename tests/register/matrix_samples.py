"""The register's sample objects for the permission matrix (see tests/matrix.py).

Two cases of the Helsinki office (where the matrix's caseworker and decision
maker work), registered by another Helsinki caseworker: a clienthood (a
confirmed positive decision) with an exploitation event, a service and a
client's child, and an undecided application whose decision draft waits for
a decision maker's confirmation. A case of the Tampere office, which the
Helsinki workers open only with a reason. An import job started by the
identity itself (only a decision maker may import, and sees only their own jobs).
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.register import services
from torju.register.jobs import ImportStatus, RegisterImportJob
from torju.register.models import Application, DirectIdentifiers
from torju.register.services import PersonDetails


def _applicant(first_names: str) -> PersonDetails:
    return PersonDetails(
        identifiers=DirectIdentifiers(first_names=first_names, last_name="Matriisi", phone="+358 40 000 0000"),
        sex="F",
        nationality="NP",
        birth_date=timezone.localdate() - timedelta(days=30 * 365),
        languages="ne,en",
    )


def _new_case(caseworker: User, first_names: str) -> Application:
    return services.register_new_applicant(
        actor=Actor.for_user(caseworker),
        details=_applicant(first_names),
        received_on=timezone.localdate() - timedelta(days=60),
        source="police",
        residence_status="work_permit",
    )


def register_samples(user: User | None) -> dict[str, Any]:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    today = timezone.localdate()
    case = _new_case(caseworker, "Aino")
    draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=case, decision="positive", decided_on=today - timedelta(days=30)
    )
    case = services.confirm_decision(actor=Actor.for_user(decision_maker), application=case, draft_id=draft.pk)
    event = services.add_exploitation_event(
        actor=Actor.for_user(caseworker),
        application=case,
        exploitation_form="forced_labour",
        is_primary=True,
        country="FI",
    )
    service = services.add_service(
        actor=Actor.for_user(caseworker), application=case, service="counselling", started_on=today - timedelta(days=20)
    )
    child = services.add_child(
        actor=Actor.for_user(caseworker),
        application=case,
        details=PersonDetails(identifiers=DirectIdentifiers(first_names="Lapsi"), sex="M", nationality="NP"),
        joined_on=today - timedelta(days=10),
    )
    pending = _new_case(caseworker, "Beata")
    pending_draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=pending, decision="positive", decided_on=today
    )
    tampere = user_with_role(Role.CASEWORKER, organisation=Organisation.objects.get(code="AUTTAMISJARJESTELMA-TRE"))
    elsewhere = _new_case(tampere, "Cecilia")
    import_job = RegisterImportJob.objects.create(
        started_by=user or caseworker, file_names="persons.csv", status=ImportStatus.SUCCEEDED
    )
    case.refresh_from_db()
    return {
        "register.case": case,
        "register.person": case.person,
        "register.event": event,
        "register.service": service,
        "register.child": child,
        "register.pending": pending,
        "register.draft": pending_draft,
        "register.elsewhere": elsewhere,
        "register.import_job": import_job,
    }
