"""Who may see and record the legal path of a case: the register's rules, and the auditor's register of disclosures.

The legal path is part of the case: whoever may open the case (its office,
its assignee, or another office's worker who opened it with a reason) sees
it, and whoever may work on the case (a caseworker) records it. Analysts
and everyone else see none of it; the auditor sees the register of
disclosures, for supervision, and nothing else here.
"""

from torju.accounts.models import Role
from torju.accounts.permissions import has_role, roles
from torju.actor import Actor
from torju.register.models import Application
from torju.register.permissions import USE_REGISTER, can_see_application, can_work_on, user_of

USE_LEGAL_PATH = USE_REGISTER
AUDIT_DISCLOSURES = roles(Role.AUDITOR)
MERGE_PERSONS = roles(Role.DECISION_MAKER)  # likely duplicates and their merge: a decision maker decides


def can_see_legal_path(actor: Actor, application: Application) -> bool:
    return can_see_application(actor, application)


def can_record_legal_path(actor: Actor, application: Application) -> bool:
    return can_work_on(actor, application)


def can_read_disclosure_register(actor: Actor) -> bool:
    return has_role(user_of(actor), Role.AUDITOR)
