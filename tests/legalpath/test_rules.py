"""The legal path's rules, each in the service and in the database (issue 13, "Must show")."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import (
    caseworker_at,
    decided_application,
    decision_maker_at,
    identification_grounds,
    new_application,
)
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.legalpath import selectors
from torju.legalpath import services as legal
from torju.legalpath.models import (
    Consent,
    CriminalMatter,
    Disclosure,
    IdentificationGrounds,
    ResidencePermit,
    ServiceRecipient,
)
from torju.register import crypto
from torju.register import services as register_services
from torju.register.models import Application, DecisionDraft, DirectIdentifiers, Person
from torju.register.services import PersonDetails
from torju.register.timeline import timeline

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def caseworker() -> User:
    return caseworker_at("HEL")


@pytest.fixture
def decision_maker() -> User:
    return decision_maker_at("HEL")


@pytest.fixture
def client_case(caseworker: User, decision_maker: User) -> Application:
    return decided_application(
        caseworker, decision_maker, received_on=TODAY - timedelta(days=90), decided_on=TODAY - timedelta(days=80)
    )


def as_(user: User) -> Actor:
    return Actor.for_user(user)


def refused_by_database(make: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()  # type: ignore[operator]


# A positive decision needs its grounds --------------------------------------------------------------------------


def test_a_positive_decision_without_grounds_is_refused(caseworker: User) -> None:
    application = new_application(caseworker, received_on=TODAY - timedelta(days=10))
    with pytest.raises(ValidationError, match="grounds"):
        register_services.draft_decision(
            actor=as_(caseworker), application=application, decision="positive", decided_on=TODAY
        )
    # Grounds without a final assessment are not enough either.
    identification_grounds(caseworker, application, final_on=None, final_grounds=None)
    with pytest.raises(ValidationError, match="grounds"):
        register_services.draft_decision(
            actor=as_(caseworker), application=application, decision="positive", decided_on=TODAY
        )
    # A negative decision needs none.
    draft = register_services.draft_decision(
        actor=as_(caseworker),
        application=application,
        decision="negative",
        negative_reason="not_trafficking",
        decided_on=TODAY,
    )
    assert draft.decision == "negative"


def test_grounds_make_the_positive_draft_possible_and_show_what_was_assessed(caseworker: User) -> None:
    application = new_application(caseworker, received_on=TODAY - timedelta(days=10))
    identification_grounds(caseworker, application)
    draft = register_services.draft_decision(
        actor=as_(caseworker), application=application, decision="positive", decided_on=TODAY
    )
    assert draft.decision == "positive"
    grounds = selectors.grounds_of(application)
    assert grounds is not None
    assert [row.indicator for row in grounds.indicators.all()] == [
        "coercion.debt_bondage",
        "exploitation.low_or_no_pay",
    ]


def test_the_database_refuses_a_positive_draft_without_grounds(caseworker: User) -> None:
    application = new_application(caseworker, received_on=TODAY - timedelta(days=10))
    refused_by_database(
        lambda: DecisionDraft.objects.create(
            application=application, decision="positive", decided_on=TODAY, drafted_by=caseworker
        )
    )
    identification_grounds(caseworker, application)
    DecisionDraft.objects.create(application=application, decision="positive", decided_on=TODAY, drafted_by=caseworker)


def test_an_identification_rests_on_the_elements(caseworker: User) -> None:
    application = new_application(caseworker, received_on=TODAY - timedelta(days=10))
    with pytest.raises(ValidationError, match="act, the means and the purpose"):
        identification_grounds(caseworker, application, means_assessed=False)
    # For a child the act and the purpose suffice.
    grounds = identification_grounds(caseworker, application, means_assessed=False, is_child=True)
    assert grounds.supports_positive_decision
    with pytest.raises(ValidationError):
        identification_grounds(caseworker, application, indicators=["no.such_indicator"])
    with pytest.raises(ValidationError, match="after the preliminary"):
        identification_grounds(caseworker, application, preliminary_on=TODAY, final_on=TODAY - timedelta(days=1))
    refused_by_database(
        lambda: IdentificationGrounds.objects.filter(pk=grounds.pk).update(is_child=False, means_assessed=False)
    )
    refused_by_database(lambda: IdentificationGrounds.objects.filter(pk=grounds.pk).update(final_on=None))


# Consents and disclosures -----------------------------------------------------------------------------------------


def test_a_withdrawn_consent_blocks_a_disclosure_that_relied_on_it(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    consent = legal.record_consent(
        actor=actor,
        application=client_case,
        purpose="disclosure_police",
        given_on=TODAY - timedelta(days=60),
        form="signed",
    )
    before = legal.record_disclosure(
        actor=actor,
        application=client_case,
        recipient="police",
        content="Contact details and the account of events",
        legal_basis="consent",
        consent_id=consent.pk,
        disclosed_on=TODAY - timedelta(days=30),
    )
    legal.withdraw_consent(
        actor=actor, consent=consent, withdrawn_on=TODAY - timedelta(days=5), form="oral_with_witness"
    )
    with pytest.raises(ValidationError, match="not in force"):
        legal.record_disclosure(
            actor=actor,
            application=client_case,
            recipient="police",
            content="An updated address",
            legal_basis="consent",
            consent_id=consent.pk,
            disclosed_on=TODAY,
        )
    # The disclosure made before the withdrawal stands; the database refuses a later one too.
    assert Disclosure.objects.filter(pk=before.pk).exists()
    refused_by_database(
        lambda: Disclosure.objects.create(
            application=client_case,
            recipient="police",
            content_encrypted=crypto.encrypt("x"),
            legal_basis="consent",
            consent=consent,
            disclosed_on=TODAY,
            disclosed_by=caseworker,
        )
    )
    # The withdrawal is visible wherever the consent matters: it is no longer offered for a disclosure.
    assert list(selectors.consents_in_force(client_case, TODAY)) == []


def test_a_withdrawal_takes_effect_for_the_future_only(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    consent = legal.record_consent(
        actor=actor,
        application=client_case,
        purpose="disclosure_immigration",
        given_on=TODAY - timedelta(days=60),
        form="signed",
    )
    legal.record_disclosure(
        actor=actor,
        application=client_case,
        recipient="immigration_service",
        content="The statement for the residence permit",
        legal_basis="consent",
        consent_id=consent.pk,
        disclosed_on=TODAY - timedelta(days=10),
    )
    with pytest.raises(ValidationError, match="future only"):
        legal.withdraw_consent(actor=actor, consent=consent, withdrawn_on=TODAY - timedelta(days=20), form="signed")
    refused_by_database(
        lambda: Consent.objects.filter(pk=consent.pk).update(
            withdrawn_on=TODAY - timedelta(days=20), withdrawal_form="signed"
        )
    )


def test_a_disclosure_names_its_legal_basis(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    with pytest.raises(ValidationError):  # a request by an authority has its reference
        legal.record_disclosure(
            actor=actor,
            application=client_case,
            recipient="police",
            content="Dates of the clienthood",
            legal_basis="authority_request",
            disclosed_on=TODAY,
        )
    disclosure = legal.record_disclosure(
        actor=actor,
        application=client_case,
        recipient="police",
        content="Dates of the clienthood",
        legal_basis="authority_request",
        request_reference="5500/R/123/26",
        disclosed_on=TODAY,
    )
    assert disclosure.read_request_reference() == "5500/R/123/26"
    police_consent = legal.record_consent(
        actor=actor, application=client_case, purpose="disclosure_police", given_on=TODAY, form="signed"
    )
    with pytest.raises(ValidationError, match="does not cover"):
        legal.record_disclosure(
            actor=actor,
            application=client_case,
            recipient="municipality",
            content="Needs of services",
            legal_basis="consent",
            consent_id=police_consent.pk,
            disclosed_on=TODAY,
        )
    refused_by_database(
        lambda: Disclosure.objects.create(
            application=client_case,
            recipient="police",
            content_encrypted=crypto.encrypt("x"),
            legal_basis="statutory_duty",
            consent=police_consent,
            disclosed_on=TODAY,
            disclosed_by=caseworker,
        )
    )


def test_one_consent_in_force_per_purpose(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    legal.record_consent(actor=actor, application=client_case, purpose="clienthood", given_on=TODAY, form="signed")
    with pytest.raises(ValidationError, match="in force already"):
        legal.record_consent(actor=actor, application=client_case, purpose="clienthood", given_on=TODAY, form="signed")


# Children ---------------------------------------------------------------------------------------------------------


def _child(caseworker: User, application: Application, name: str) -> Person:
    return register_services.add_child(
        actor=as_(caseworker),
        application=application,
        details=PersonDetails(
            identifiers=DirectIdentifiers(first_names=name, last_name="Lapsi"),
            sex="F",
            nationality="NP",
            birth_date=date(2018, 5, 1),
        ),
        joined_on=TODAY - timedelta(days=20),
    )


def test_a_childs_service_belongs_to_a_child_client_of_that_clienthood(
    caseworker: User, decision_maker: User, client_case: Application
) -> None:
    child = _child(caseworker, client_case, "Mira")
    other_case = decided_application(caseworker, decision_maker, received_on=TODAY - timedelta(days=90))
    strangers_child = _child(caseworker, other_case, "Noora")
    provided = legal.add_child_service(
        actor=as_(caseworker), application=client_case, child_id=child.pk, service="counselling", started_on=TODAY
    )
    assert ServiceRecipient.objects.get(service=provided).person == child
    with pytest.raises(ValidationError, match="child of the client"):
        legal.add_child_service(
            actor=as_(caseworker),
            application=client_case,
            child_id=strangers_child.pk,
            service="counselling",
            started_on=TODAY,
        )
    with pytest.raises(ValidationError, match="not a client on that date"):
        legal.add_child_service(
            actor=as_(caseworker),
            application=client_case,
            child_id=child.pk,
            service="counselling",
            started_on=TODAY - timedelta(days=40),
        )
    parents_service = register_services.add_service(
        actor=as_(caseworker), application=client_case, service="health_services", started_on=TODAY
    )
    refused_by_database(lambda: ServiceRecipient.objects.create(service=parents_service, person=strangers_child))
    refused_by_database(lambda: ServiceRecipient.objects.create(service=parents_service, person=client_case.person))
    by_person = selectors.services_by_person(client_case)
    assert [(person.pk, [s.service for s in services]) for person, services in by_person] == [
        (client_case.person.pk, ["health_services"]),
        (child.pk, ["counselling"]),
    ]


def test_safeguards_of_a_child(caseworker: User, client_case: Application) -> None:
    child = _child(caseworker, client_case, "Mira")
    row = legal.record_child_safeguards(
        actor=as_(caseworker),
        application=client_case,
        child_id=child.pk,
        representative_appointed_on=TODAY - timedelta(days=10),
        welfare_notified_on=TODAY - timedelta(days=9),
        welfare_municipality="Vantaa",
        barnahus_referred_on=TODAY - timedelta(days=8),
    )
    assert row.welfare_municipality == "Vantaa"
    with pytest.raises(ValidationError):  # a notification names the municipality
        legal.record_child_safeguards(
            actor=as_(caseworker), application=client_case, child_id=child.pk, welfare_notified_on=TODAY
        )
    with pytest.raises(ValidationError):  # the adult client is no child
        legal.record_child_safeguards(actor=as_(caseworker), application=client_case, child_id=client_case.person_id)


# Residence permits and the criminal process -----------------------------------------------------------------------


def test_permits_and_the_work_list_of_permits_ending(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    with pytest.raises(ValidationError, match="valid until"):
        legal.record_permit(
            actor=actor,
            application=client_case,
            permit_type="victim_temporary",
            status="granted",
            applied_on=TODAY - timedelta(days=60),
            decided_on=TODAY - timedelta(days=30),
            valid_from=TODAY - timedelta(days=30),
        )
    permit = legal.record_permit(
        actor=actor,
        application=client_case,
        permit_type="victim_temporary",
        status="applied",
        applied_on=TODAY - timedelta(days=60),
    )
    legal.record_permit(
        actor=actor,
        application=client_case,
        permit=permit,
        permit_type="victim_temporary",
        status="granted",
        applied_on=TODAY - timedelta(days=60),
        decided_on=TODAY - timedelta(days=30),
        valid_from=TODAY - timedelta(days=30),
        valid_until=TODAY + timedelta(days=20),
    )
    assert [item.pk for item in selectors.permits_ending(actor)] == [permit.pk]
    assert list(selectors.permits_ending(as_(caseworker_at("TRE")))) == []  # another office's case is invisible
    refused_by_database(lambda: ResidencePermit.objects.filter(pk=permit.pk).update(decided_on=None))
    refused_by_database(
        lambda: ResidencePermit.objects.filter(pk=permit.pk).update(valid_until=TODAY - timedelta(days=31))
    )


def test_the_criminal_process_moves_in_order(caseworker: User, client_case: Application) -> None:
    actor = as_(caseworker)
    matter = legal.record_criminal_matter(
        actor=actor,
        application=client_case,
        client_role="complainant",
        reported_on=TODAY - timedelta(days=70),
        reported_by="assistance_system",
        police_department="helsinki",
        offence="trafficking",
        investigation_opened_on=TODAY - timedelta(days=60),
    )
    with pytest.raises(ValidationError, match="charged"):
        legal.record_criminal_matter(
            actor=actor,
            application=client_case,
            matter=matter,
            client_role="complainant",
            reported_on=TODAY - timedelta(days=70),
            reported_by="assistance_system",
            offence="trafficking",
            investigation_opened_on=TODAY - timedelta(days=60),
            prosecution="not_charged",
            prosecution_decided_on=TODAY - timedelta(days=10),
            court_outcome="court_convicted",
            court_decided_on=TODAY,
        )
    refused_by_database(
        lambda: CriminalMatter.objects.filter(pk=matter.pk).update(
            court_outcome="court_convicted", court_decided_on=TODAY
        )
    )
    refused_by_database(lambda: CriminalMatter.objects.filter(pk=matter.pk).update(reported_by=""))


# Visibility and the audit trail -----------------------------------------------------------------------------------


def test_another_offices_worker_may_not_record_and_every_write_is_audited(
    caseworker: User, client_case: Application
) -> None:
    with pytest.raises(PermissionDenied):
        legal.record_consent(
            actor=as_(caseworker_at("TRE")),
            application=client_case,
            purpose="clienthood",
            given_on=TODAY,
            form="signed",
        )
    legal.record_consent(
        actor=as_(caseworker), application=client_case, purpose="clienthood", given_on=TODAY, form="signed"
    )
    legal.set_client_category(actor=as_(caseworker), application=client_case, category="assisting_person")
    whats = [
        (event.changes or {}).get("what")
        for event in AuditEvent.objects.filter(object_type="register.application", object_id=str(client_case.pk))
    ]
    assert {"identification_grounds", "consent", "client_category"} <= set(whats)
    assert legal.category_of(client_case) == "assisting_person"
    subjects = {entry.what: entry.subject for entry in timeline(client_case)}
    assert (subjects["consent"], subjects["identification_grounds"]) == ("consent", "identification grounds")
