"""Who may do what in the assistance register: the one place for these rules."""

from torju.accounts.models import Role, User
from torju.accounts.permissions import AnyUser, has_role


def works_at_office(user: AnyUser, office: str) -> bool:
    """A caseworker works on the cases of their own office (the organisation's `office` code)."""
    if not has_role(user, Role.CASEWORKER):
        return False
    assert isinstance(user, User)
    return user.organisation is not None and bool(user.organisation.office) and user.organisation.office == office


def can_register_application(user: AnyUser, office: str) -> bool:
    return works_at_office(user, office)
