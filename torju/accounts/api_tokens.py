"""Machine clients: a service account's API token authenticates a request, is counted and audited (decision 0075).

django-rest-knox makes the tokens and keeps only their SHA-512 digests
(torju.accounts.models.ApiToken); a client sends `Authorization: Bearer
<token>`. A revoked or expired token is refused (401) and kept, so that its
name stays in the audit trail. Every request made with a token is one
`api_token_used` row naming the token, before anything else happens; what
the token may do (its scope per app) is checked by
torju.accounts.permissions.AccessRulePermission.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.request import Request

from torju.accounts.models import ApiToken, User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.throttling import ScopedThrottle

# The throttle scope of every request made with a token (THROTTLE_RATES["api_token"]).
API_TOKEN = "api_token"  # noqa: S105 (a throttle scope, not a secret)


def token_actor(request: Request, user: User) -> Actor:
    """The actor of a token's request: the service account, from the request's address."""
    return Actor.from_request(request._request).acting_as(user)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's authentication with Torju's rules: a token is refused once revoked or expired, and never deleted;
    only a service account holds one."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        authenticated: tuple[User, ApiToken] | None = super().authenticate(request)  # type: ignore[no-untyped-call]
        if authenticated is not None:
            user, token = authenticated
            record(
                Action.API_TOKEN_USED,
                token_actor(request, user),
                obj=token,
                changes={"token": token.name, "method": request.method},
            )
        return authenticated

    def _cleanup_token(self, auth_token: Any) -> bool:
        """True (skip it) for a revoked or expired token; knox would delete expired ones, Torju keeps them."""
        return bool(auth_token.revoked_at is not None or auth_token.expiry <= timezone.now())

    def validate_user(self, auth_token: Any) -> tuple[User, ApiToken]:
        user = auth_token.user
        if not user.is_active or not user.is_service_account:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return (user, auth_token)


class ApiTokenThrottle(ScopedThrottle):
    """Every request made with a token counts against its service account's API_TOKEN rates (429 beyond)."""

    def scope_of(self, request: Request, view: Any) -> str | None:
        return API_TOKEN if isinstance(request.auth, ApiToken) else None


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema: an HTTP bearer scheme beside the session cookie."""

    target_class = "torju.accounts.api_tokens.ApiTokenAuthentication"
    name = "apiToken"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A service account's API token, issued on the page 'API tokens' from a session that passed the "
                "second factor: `Authorization: Bearer <token>`. Scoped per app to reading or writing, expiring, "
                "revocable; every use is in the audit trail under the token's name."
            ),
        }
