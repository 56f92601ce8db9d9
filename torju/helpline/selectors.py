"""Reading the helpline's records for the pages and the API, through the visibility rules of permissions.py."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from torju.actor import Actor
from torju.codes.selectors import codes_of
from torju.helpline.models import CaseStatus, ConsultationCase, Contact, Referral, ReferralStatus
from torju.helpline.permissions import (
    Who,
    may_open_application,
    receives_referrals_of,
    visible_cases,
    visible_contacts,
    visible_referrals,
)

NOT_IN_A_CASE = "none"


@dataclass(frozen=True)
class ContactFilter:
    """The contact list's filters: a period, coded fields, and whether the contact is in a case."""

    since: date | None = None
    until: date | None = None
    channel: str = ""
    contact_type: str = ""
    subject: str = ""
    in_case: str = ""  # "" all, NOT_IN_A_CASE those on their own

    def as_dict(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in self.__dataclass_fields__}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def contacts_for(user: Who, criteria: ContactFilter | None = None) -> QuerySet[Contact]:
    """The user's contacts (every contact for an adviser), newest first, filtered."""
    criteria = criteria or ContactFilter()
    contacts = visible_contacts(user).select_related("case").prefetch_related("exploitation_forms", "actions")
    if criteria.since is not None:
        contacts = contacts.filter(contacted_at__gte=_start_of(criteria.since))
    if criteria.until is not None:
        contacts = contacts.filter(contacted_at__lt=_start_of(criteria.until) + timedelta(days=1))
    for field in ("channel", "contact_type", "subject"):
        if getattr(criteria, field):
            contacts = contacts.filter(**{field: getattr(criteria, field)})
    if criteria.in_case == NOT_IN_A_CASE:
        contacts = contacts.filter(case__isnull=True)
    return contacts.order_by("-contacted_at", "-pk")


def cases_for(user: Who, status: str = "") -> QuerySet[ConsultationCase]:
    """The user's consultation cases; `status` "" lists the open and waiting ones, else that status."""
    cases = visible_cases(user)
    cases = cases.filter(status=status) if status else cases.exclude(status=CaseStatus.CLOSED)
    return cases.order_by("-opened_at", "-pk")


def case_contacts(case: ConsultationCase) -> QuerySet[Contact]:
    """The case's contacts in the order they were made."""
    return (
        case.contacts.prefetch_related("exploitation_forms", "actions")
        .select_related("recorded_by")
        .order_by("contacted_at", "pk")
    )


def first_contact(case: ConsultationCase) -> Contact | None:
    return case.contacts.order_by("contacted_at", "pk").first()


def ticked_indicators(case: ConsultationCase) -> set[str]:
    return set(case.indicator_ticks.values_list("indicator", flat=True))


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    ticked: bool


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    label: str
    indicators: list[Indicator]


def indicator_groups(ticked: set[str]) -> list[IndicatorGroup]:
    """The screening checklist: indicators under their group (the code's part before the dot)."""
    groups = [
        IndicatorGroup(code=group.code, label=group.label, indicators=[])
        for group in codes_of("screening_indicator_group")
    ]
    by_code = {group.code: group for group in groups}
    for code in codes_of("screening_indicator"):
        group = by_code.get(code.code.split(".", 1)[0])
        if group is not None:
            group.indicators.append(Indicator(code=code.code, label=code.label, ticked=code.code in ticked))
    return [group for group in groups if group.indicators]


def referrals_for(user: Who, status: str = "") -> QuerySet[Referral]:
    """The referrals the user sees (all for advisers, their office's for caseworkers), newest first."""
    referrals = visible_referrals(user).select_related("case", "application")
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-sent_at", "-pk")


def waiting_referrals(user: Who) -> QuerySet[Referral]:
    """The office's work list: referrals waiting to be taken up, the one due first at the top."""
    office = receives_referrals_of(user)
    if not office:
        return Referral.objects.none()
    return Referral.objects.filter(office=office, status=ReferralStatus.SENT).order_by("due_on", "sent_at", "pk")


def taken_up_without_outcome(user: Who) -> QuerySet[Referral]:
    """The office's referrals taken up that still need their outcome."""
    office = receives_referrals_of(user)
    if not office:
        return Referral.objects.none()
    return Referral.objects.filter(office=office, status=ReferralStatus.ACCEPTED, outcome="").order_by(
        "answered_at", "pk"
    )


def case_referrals(case: ConsultationCase) -> QuerySet[Referral]:
    return case.referrals.select_related("application").order_by("sent_at", "pk")


@dataclass(frozen=True)
class ApplicationLink:
    """That a referral led to an application; its case number and address only for those who may open it."""

    received_on: date
    office: str
    case_number: str = ""
    pk: int | None = None


def application_link(actor: Actor, referral: Referral) -> ApplicationLink | None:
    """That the referral led to an application, with its case number only when the register lets the actor open it."""
    application = referral.application
    if application is None:
        return None
    if may_open_application(actor, referral):
        return ApplicationLink(
            received_on=application.received_on,
            office=application.office,
            case_number=application.case_number,
            pk=application.pk,
        )
    return ApplicationLink(received_on=application.received_on, office=application.office)


def overdue(referral: Referral, today: date | None = None) -> bool:
    return referral.status == ReferralStatus.SENT and referral.due_on < (today or timezone.localdate())


def with_case_contacts(cases: QuerySet[ConsultationCase]) -> QuerySet[ConsultationCase]:
    return cases.prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("contacted_at", "pk")))


def search_cases(user: Who, case_number: str) -> QuerySet[ConsultationCase]:
    """Open and waiting cases by (a part of) the case number, for grouping contacts into one."""
    return visible_cases(user).filter(~Q(status=CaseStatus.CLOSED), case_number__icontains=case_number.strip())
