"""Reads of the accounts app."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from torju.accounts.models import ApiToken, User


def managed_service_accounts(user: User) -> QuerySet[User]:
    """The service accounts whose tokens the user issues and revokes."""
    return User.objects.filter(is_service_account=True, service_manager=user, is_active=True).order_by("username")


def managed_tokens(user: User) -> QuerySet[ApiToken]:
    """Every token of the user's service accounts, revoked and expired ones too (newest first)."""
    return ApiToken.objects.filter(user__service_manager=user).select_related("user", "issued_by", "revoked_by")


def managed_token(user: User, pk: int) -> ApiToken:
    """One token of the user's service accounts; 404 for any other, the same as for one that does not exist."""
    return get_object_or_404(managed_tokens(user), pk=pk)
