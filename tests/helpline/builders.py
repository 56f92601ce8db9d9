"""Building helpline records through the services, as users make them."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.helpline.models import ConsultationCase, Contact, Referral, ReferralKind
from torju.helpline.services import cases, contacts, referrals
from torju.helpline.services.contacts import ContactDetails


def adviser() -> User:
    return user_with_role(Role.HELPLINE_ADVISER)


def caseworker(office: str = "HEL") -> User:
    return user_with_role(Role.CASEWORKER, organisation=Organisation.objects.get(code=f"AUTTAMISJARJESTELMA-{office}"))


def acting(user: User) -> Actor:
    return Actor.for_user(user, channel="web")


def details(contacted_at: datetime | None = None, **fields: Any) -> ContactDetails:
    values: dict[str, Any] = {
        "contacted_at": contacted_at or timezone.now() - timedelta(hours=1),
        "channel": "phone",
        "contact_type": "police",
        "subject": "suspected_case",
        **fields,
    }
    return ContactDetails(**values)


def contact(user: User, contacted_at: datetime | None = None, **fields: Any) -> Contact:
    return contacts.record_contact(acting(user), details(contacted_at, **fields)).record


def consultation(user: User, *made: Contact) -> ConsultationCase:
    return cases.group_contacts(acting(user), list(made) or [contact(user)])


def referral(user: User, case: ConsultationCase | None = None, office: str = "HEL", **fields: Any) -> Referral:
    values: dict[str, Any] = {"kind": ReferralKind.HELPLINE, "referring_party": "police", **fields}
    if values["kind"] == ReferralKind.HELPLINE and case is None:
        case = consultation(user)
    return referrals.send_referral(acting(user), case=case, office=office, **values).record
