"""From a referral to an application in the register, through the register's own services.

The caseworker of the office enters the person's identifiers here and only
here, under the register's rules (the register's services check them and
write the register's audit trail); the helpline keeps only the link from the
referral to the application. The application's source (code list
`application_source`) is mapped from the referring party
(REFERRING_PARTY_SOURCE, docs/helpline.md); the caseworker may correct it in
the register afterwards like any other field of the application.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.helpline.models import APPLICATION_REGISTERED, Referral, ReferralStatus
from torju.helpline.permissions import answers_for_office, can_register_application
from torju.helpline.services.common import acting_user, audit, snapshot
from torju.helpline.services.referrals import STATE_FIELDS
from torju.register import services as register_services
from torju.register.permissions import applicants_to_apply_for
from torju.register.services import PersonDetails

# Who referred (code list `contact_type`) → who the application was submitted by (code list
# `application_source`). Health care and social services are the wellbeing services counties' since 2023.
REFERRING_PARTY_SOURCE = {
    "potential_victim": "self",
    "relative": "other",
    "police": "police",
    "border_guard": "border_guard",
    "prosecutor": "other_authority",
    "social_services": "wellbeing_services_county",
    "health_care": "wellbeing_services_county",
    "reception_centre": "migri_or_reception_centre",
    "labour_protection": "labour_protection",
    "employer": "other",
    "ngo": "ngo",
    "private_person": "other",
    "other": "other",
}
UNMAPPED_SOURCE = "other"


def application_source(referring_party: str) -> str:
    """The application's source for a referring party; a party added to the list later maps to `other`."""
    return REFERRING_PARTY_SOURCE.get(referring_party, UNMAPPED_SOURCE)


@dataclass(frozen=True)
class ApplicationDetails:
    """The application as the caseworker registers it: a new applicant's details, or a person registered before.

    A person registered before is named by their person identifier, and must
    be one the register lets the caseworker apply for (visible to them, or
    found by the register's exact search in this session).
    """

    received_on: date
    residence_status: str
    new_applicant: PersonDetails | None = None
    person_id: str = ""
    reason: str = ""  # when the person is registered only at other offices (the register asks for it)


@register_services.asks_whether_registered(
    lambda details, **_: register_services.identity_code_asked(details.new_applicant)
)
@transaction.atomic
def register_application(actor: Actor, referral: Referral, details: ApplicationDetails) -> Referral:
    """Register the referral's application in the register; the referral is taken up and its outcome recorded.

    A referral still waiting is taken up at the same time. Either everything
    is saved (the person, the application, the referral's outcome and the
    audit rows of both) or nothing is. Returns the referral, whose
    `application` is the new one.
    """
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if not answers_for_office(actor.user, current):
        raise PermissionDenied("a caseworker of the office registers the application of its referral")
    if not can_register_application(actor.user, current):
        raise ValidationError(_("The referral has an outcome already, or it was declined, withdrawn or expired."))
    person_id = details.person_id.strip()
    if (details.new_applicant is None) == (not person_id):
        raise ValidationError(_("Give either the details of a new applicant or a person registered before."))
    user = acting_user(actor)
    source = application_source(current.referring_party)
    if details.new_applicant is not None:
        application = register_services.register_new_applicant(
            actor=actor,
            details=details.new_applicant,
            received_on=details.received_on,
            source=source,
            residence_status=details.residence_status,
        )
    else:
        person = applicants_to_apply_for(actor).filter(person_id=person_id).first()
        if person is None:
            raise ValidationError(
                {"person_id": _("No such person among those you may apply for: find them in the register first.")}
            )
        application = register_services.register_application(
            actor=actor,
            person=person,
            received_on=details.received_on,
            office=current.office,
            source=source,
            residence_status=details.residence_status,
            reason=details.reason,
        )
    before = snapshot(current, STATE_FIELDS)
    now = timezone.now()
    if current.status == ReferralStatus.SENT:
        current.status, current.answered_at, current.answered_by = ReferralStatus.ACCEPTED, now, user
    current.outcome, current.outcome_at, current.outcome_by = APPLICATION_REGISTERED, now, user
    current.application = application
    current.revision += 1
    current.full_clean()
    current.save()
    audit(
        Action.UPDATE,
        actor,
        current,
        "referral_application_registered",
        before=before,
        after={**snapshot(current, STATE_FIELDS), "application_id": application.application_id, "source": source},
    )
    return current
