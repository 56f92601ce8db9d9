"""Who may do what in international reporting: the one place for these rules.

Analysts and coordinators fill the templates in the public form and see
Finland in the global picture; only analysts get the exact counts of an
official submission (torju.statistics.permissions.may_see_exact), export the
CTDC-ready microdata and import a CTDC dataset. Every report and export is
recorded in the audit trail by the services. A command run on the server
(an actor without a user) is the operator's, as the statistics' commands are.
"""

from django.core.exceptions import PermissionDenied

from torju.accounts.models import Role
from torju.accounts.permissions import has_role, roles
from torju.actor import Actor
from torju.statistics.permissions import EXACT, Publication, check_public_year, may_see_exact

READ_INTERNATIONAL = roles(Role.ANALYST, Role.COORDINATOR)
ANALYSTS = roles(Role.ANALYST)


def check_report(actor: Actor, publication: Publication, year: int) -> None:
    """Refuse a report the actor may not have: exact counts to anyone but an analyst, a year not ended in public."""
    if actor.user is not None and not READ_INTERNATIONAL.allows(actor.user):
        raise PermissionDenied("international reporting is for analysts and coordinators")
    if publication == EXACT:
        if actor.user is not None and not may_see_exact(actor.user):
            raise PermissionDenied("the exact counts of an official submission are for analysts")
    else:
        check_public_year(year)


def check_analyst(actor: Actor) -> None:
    if actor.user is not None and not has_role(actor.user, Role.ANALYST):
        raise PermissionDenied("for analysts")
