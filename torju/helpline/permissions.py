"""Who may do what with the helpline's records: the one place for these rules.

Pages, the API, commands and the statistics all ask these functions
(docs/decisions/0040-helpline.md):

- Helpline advisers see and record every contact, consultation case and
  referral of the info line: the line is national, not per office.
- Caseworkers and decision makers see only the referrals sent to their own
  office (the office's work list), never the consultation case or the
  contacts behind them. A caseworker of that office takes a referral up or
  declines it, registers the application and records the outcome.
- Analysts read the statistics (exact counts on their screen), advisers too;
  coordinators read their public form. Nobody else sees anything of the
  helpline, and a record a user may not see is "not found".
- The register's case an application belongs to is shown to a user only as
  the register's own rules allow (`may_open_application`).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from torju.accounts.models import Role
from torju.accounts.permissions import AnyUser, has_role, roles
from torju.actor import Actor
from torju.helpline.models import ConsultationCase, Contact, Referral, ReferralStatus
from torju.register.permissions import can_see_application, office_of, works_at_office

ADVISE = roles(Role.HELPLINE_ADVISER)
# The referral pages serve both ends of the loop: the adviser who sent it and the office that receives it.
REFERRALS = roles(Role.HELPLINE_ADVISER, Role.CASEWORKER, Role.DECISION_MAKER)
RECEIVE_REFERRALS = roles(Role.CASEWORKER, Role.DECISION_MAKER)
READ_STATISTICS = roles(Role.ANALYST, Role.HELPLINE_ADVISER, Role.COORDINATOR)

# A page's or an API call's user, or an actor's (None for the system itself, which holds no role).
Who = AnyUser | None


def _who(user: Who) -> AnyUser:
    return AnonymousUser() if user is None else user


def is_adviser(user: Who) -> bool:
    return has_role(_who(user), Role.HELPLINE_ADVISER)


def visible_contacts(user: Who) -> QuerySet[Contact]:
    return Contact.objects.all() if is_adviser(user) else Contact.objects.none()


def visible_cases(user: Who) -> QuerySet[ConsultationCase]:
    return ConsultationCase.objects.all() if is_adviser(user) else ConsultationCase.objects.none()


def receives_referrals_of(user: Who) -> str:
    """The office whose referrals the user works on ("" if none): caseworkers' and decision makers' own."""
    if not has_role(_who(user), Role.CASEWORKER, Role.DECISION_MAKER):
        return ""
    return office_of(_who(user))


def visible_referrals(user: Who) -> QuerySet[Referral]:
    """Every referral for an adviser; those sent to the user's office for its caseworkers and decision makers."""
    if is_adviser(user):
        return Referral.objects.all()
    office = receives_referrals_of(user)
    return Referral.objects.filter(office=office) if office else Referral.objects.none()


def sees_consultation_of(user: Who, referral: Referral) -> bool:
    """The consultation case behind a referral is the advisers' only."""
    return is_adviser(user) and referral.case_id is not None


def can_send_referral(user: Who) -> bool:
    return is_adviser(user)


def can_withdraw(user: Who, referral: Referral) -> bool:
    """The referrer's side (any adviser: the line works as one) withdraws a referral nobody has answered."""
    return is_adviser(user) and referral.status == ReferralStatus.SENT


def answers_for_office(user: Who, referral: Referral) -> bool:
    """A caseworker of the office the referral was sent to: who answers it, whatever its state."""
    return works_at_office(_who(user), referral.office)


def can_answer(user: Who, referral: Referral) -> bool:
    """A caseworker of the office takes a waiting referral up or declines it."""
    return works_at_office(_who(user), referral.office) and referral.status == ReferralStatus.SENT


def can_register_application(user: Who, referral: Referral) -> bool:
    """A caseworker of the office registers the application of a referral that has no outcome yet."""
    return works_at_office(_who(user), referral.office) and (
        referral.status == ReferralStatus.SENT or (referral.status == ReferralStatus.ACCEPTED and not referral.outcome)
    )


def can_record_outcome(user: Who, referral: Referral) -> bool:
    return (
        works_at_office(_who(user), referral.office)
        and referral.status == ReferralStatus.ACCEPTED
        and not referral.outcome
    )


def sees_exact_statistics(user: Who) -> bool:
    """Analysts, and advisers who see every record anyway; coordinators get the public form."""
    return has_role(_who(user), Role.ANALYST, Role.HELPLINE_ADVISER)


def may_open_application(actor: Actor, referral: Referral) -> bool:
    """Whether the actor may open the register's case the referral led to: the register's rules decide."""
    return referral.application is not None and can_see_application(actor, referral.application)
