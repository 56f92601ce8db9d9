"""The helpline's sample objects for the permission matrix (see tests/matrix.py).

Made by another adviser, as the matrix's own adviser finds them: a contact
on its own; an open consultation case of two contacts with a referral to the
Helsinki office (where the matrix's caseworker and decision maker work)
waiting to be taken up and one taken up without an outcome; a closed case;
and a referral to the Tampere office, which the Helsinki workers do not see.
"""

from typing import Any

from tests.helpline.builders import acting, adviser, caseworker, consultation, contact, referral
from torju.accounts.models import User
from torju.helpline.services import cases, referrals


def helpline_samples(user: User | None) -> dict[str, Any]:
    author, worker = adviser(), caseworker("HEL")
    case = consultation(author, contact(author), contact(author))
    waiting = referral(author, case)
    taken_up = referrals.accept_referral(acting(worker), referral(author, case))
    closed = cases.close_case(acting(author), consultation(author), revision=None, outcome="advice_given").record
    return {
        "helpline.contact": contact(author),
        "helpline.case": case,
        "helpline.closed_case": closed,
        "helpline.waiting": waiting,
        "helpline.taken_up": taken_up,
        "helpline.elsewhere": referral(author, case, office="TRE"),
    }
