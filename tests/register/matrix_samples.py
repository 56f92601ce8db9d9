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

from tests.factories import caseworker_at, decided_application, identification_grounds, new_application, user_with_role
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.register import services
from torju.register.models import DirectIdentifiers, ImportStatus, RegisterImportJob
from torju.register.services import PersonDetails


def register_samples(user: User | None) -> dict[str, Any]:
    caseworker = user_with_role(Role.CASEWORKER)
    decision_maker = user_with_role(Role.DECISION_MAKER)
    today = timezone.localdate()
    case = decided_application(
        caseworker,
        decision_maker,
        first_names="Aino",
        last_name="Matriisi",
        received_on=today - timedelta(days=60),
        decided_on=today - timedelta(days=30),
    )
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
    pending = new_application(
        caseworker, first_names="Beata", last_name="Matriisi", received_on=today - timedelta(days=60)
    )
    identification_grounds(caseworker, pending)
    pending_draft = services.draft_decision(
        actor=Actor.for_user(caseworker), application=pending, decision="positive", decided_on=today
    )
    elsewhere = new_application(
        caseworker_at("TRE"), first_names="Cecilia", last_name="Matriisi", received_on=today - timedelta(days=60)
    )
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
