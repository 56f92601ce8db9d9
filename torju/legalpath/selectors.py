"""Read queries of the legal path: what a case shows, the work list of permits ending, the register of disclosures.

Lists start from the register's visible applications (torju.register.permissions),
so another office's case is invisible here as it is in the register.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from torju.actor import Actor
from torju.legalpath.models import (
    ApplicantCategory,
    ChildSafeguards,
    ClientCategory,
    Consent,
    CriminalMatter,
    DataSubjectRequest,
    Disclosure,
    IdentificationGrounds,
    PermitStatus,
    ResidencePermit,
    ServiceRecipient,
)
from torju.legalpath.permissions import can_read_disclosure_register
from torju.register.models import Application, Person, ServiceProvided
from torju.register.permissions import visible_applications

PERMIT_ENDING_DAYS = 30


def grounds_of(application: Application) -> IdentificationGrounds | None:
    return IdentificationGrounds.objects.filter(application=application).prefetch_related("indicators").first()


def consents_of(application: Application) -> QuerySet[Consent]:
    return Consent.objects.filter(application=application).order_by("given_on", "pk")


def consents_in_force(application: Application, on: date) -> QuerySet[Consent]:
    return consents_of(application).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), given_on__lte=on)


def permits_of(application: Application) -> QuerySet[ResidencePermit]:
    return ResidencePermit.objects.filter(application=application).order_by("applied_on", "pk")


def matters_of(application: Application) -> QuerySet[CriminalMatter]:
    return CriminalMatter.objects.filter(application=application).order_by("pk")


def disclosures_of(application: Application) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(application=application).select_related("disclosed_by", "consent")


def requests_of(application: Application) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(application=application).select_related("person")


def safeguards_of(application: Application) -> QuerySet[ChildSafeguards]:
    return ChildSafeguards.objects.filter(application=application).select_related("child")


def services_by_person(application: Application) -> list[tuple[Person, list[ServiceProvided]]]:
    """The clienthood's services per person: the client's first, then each child's who received any."""
    recipients = dict(
        ServiceRecipient.objects.filter(service__application=application).values_list("service_id", "person_id")
    )
    # The case page has read the services already (torju.register.selectors.read_case_rows).
    services = sorted(application.services_provided.all(), key=lambda provided: (provided.started_on, provided.pk))
    persons = {application.person_id: application.person}
    persons.update({person.pk: person for person in Person.objects.filter(pk__in=set(recipients.values()))})
    grouped: dict[int, list[ServiceProvided]] = {}
    for provided in services:
        grouped.setdefault(recipients.get(provided.pk, application.person_id), []).append(provided)
    order = [application.person_id, *sorted(pk for pk in grouped if pk != application.person_id)]
    return [(persons[pk], grouped[pk]) for pk in order if pk in grouped]


def permits_ending(actor: Actor, *, today: date | None = None) -> QuerySet[ResidencePermit]:
    """The work list: granted permits of visible cases that end within PERMIT_ENDING_DAYS days."""
    today = today or timezone.localdate()
    return (
        ResidencePermit.objects.filter(
            application__in=visible_applications(actor),
            status=PermitStatus.GRANTED,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=PERMIT_ENDING_DAYS),
        )
        .select_related("application")
        .order_by("valid_until", "pk")
    )


@dataclass(frozen=True)
class DisclosureFilter:
    disclosed_from: date | None = None
    disclosed_until: date | None = None
    legal_basis: str = ""
    recipient: str = ""


def disclosure_register(actor: Actor, criteria: DisclosureFilter) -> QuerySet[Disclosure]:
    """Every disclosure of client data, for the auditor (nobody else gets any row)."""
    if not can_read_disclosure_register(actor):
        return Disclosure.objects.none()
    rows = Disclosure.objects.select_related("application", "disclosed_by", "consent")
    if criteria.disclosed_from:
        rows = rows.filter(disclosed_on__gte=criteria.disclosed_from)
    if criteria.disclosed_until:
        rows = rows.filter(disclosed_on__lte=criteria.disclosed_until)
    if criteria.legal_basis:
        rows = rows.filter(legal_basis=criteria.legal_basis)
    if criteria.recipient:
        rows = rows.filter(recipient=criteria.recipient)
    return rows.order_by("-disclosed_on", "-pk")


@dataclass
class LegalPath:
    """Everything the case page shows of the legal path."""

    category: str
    grounds: IdentificationGrounds | None
    consents: list[Consent]
    permits: list[ResidencePermit]
    matters: list[CriminalMatter]
    disclosures: list[Disclosure]
    requests: list[DataSubjectRequest]
    safeguards: list[ChildSafeguards]
    services_by_person: list[tuple[Person, list[ServiceProvided]]] = field(default_factory=list)


# The case page's sections of the legal path, each read only when the case has a row of it.
SECTIONS: dict[str, type[models.Model]] = {
    "grounds": IdentificationGrounds,
    "consents": Consent,
    "permits": ResidencePermit,
    "matters": CriminalMatter,
    "disclosures": Disclosure,
    "requests": DataSubjectRequest,
    "safeguards": ChildSafeguards,
    "services": ServiceProvided,
}


def sections_present(application: Application) -> dict[str, Any]:
    """In one query: the client category ("" when none is recorded) and, per section, whether the case has a row.

    Most cases have few of the legal path's records; asking which first spares
    the case page a query per empty section.
    """
    row = (
        Application.objects.filter(pk=application.pk)
        .values(
            present_category=Subquery(
                ApplicantCategory.objects.filter(application=OuterRef("pk")).values("category")[:1]
            ),
            **{
                f"has_{name}": Exists(model._default_manager.filter(application=OuterRef("pk")))
                for name, model in SECTIONS.items()
            },
        )
        .first()
    ) or {}
    return {"category": row.get("present_category") or ""} | {name: row.get(f"has_{name}", False) for name in SECTIONS}


def legal_path_of(application: Application) -> LegalPath:
    present = sections_present(application)
    return LegalPath(
        category=present["category"] or ClientCategory.VICTIM.value,
        grounds=grounds_of(application) if present["grounds"] else None,
        consents=list(consents_of(application)) if present["consents"] else [],
        permits=list(permits_of(application)) if present["permits"] else [],
        matters=list(matters_of(application)) if present["matters"] else [],
        disclosures=list(disclosures_of(application)) if present["disclosures"] else [],
        requests=list(requests_of(application)) if present["requests"] else [],
        safeguards=list(safeguards_of(application)) if present["safeguards"] else [],
        services_by_person=services_by_person(application) if present["services"] else [],
    )


def disclosure_counts_by_basis() -> dict[str, int]:
    """The analysts' view of disclosures: counts by legal basis, nothing else."""
    return dict(Disclosure.objects.values_list("legal_basis").annotate(count=Count("pk")).order_by())
