"""Who may do what: the one place where access rules are defined and checked.

Every view declares an `AccessRule`: function views with the `access`
decorator, class-based views with `AccessRuleMixin`, API views with an
`access_rule` attribute that `AccessRulePermission` enforces. A view without a
rule is refused (fail closed), and the permission-matrix test fails on any URL
whose view has none. Every refusal is in the audit trail: a signed-in user's
through the 403 handler, an anonymous visitor's here, before the redirect to
the sign-in page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from torju.accounts.models import PERSONAL_DATA_ROLES, READ_ONLY_ROLES, TOKEN_APPS, ApiToken, Role, TokenAccess, User
from torju.audit.services import record_permission_denied

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class AccessRule:
    """Who may open a view: anyone, any signed-in user, holders of given roles, or administrators (staff)."""

    name: str
    public: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    staff: bool = False

    def allows(self, user: AnyUser) -> bool:
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        if self.staff:
            return bool(user.is_active and user.is_staff)
        return not self.roles or bool(user_roles(user) & self.roles)


PUBLIC = AccessRule("public", public=True)
SIGNED_IN = AccessRule("signed-in")
# Django's admin (torju.accounts.admin_site): staff only; no role makes a user staff.
STAFF = AccessRule("staff", staff=True)
# The reason recorded for an anonymous visitor's refusal (the rule's name follows it).
NOT_SIGNED_IN = "not signed in"


def roles(*allowed: Role) -> AccessRule:
    return AccessRule("roles:" + ",".join(sorted(allowed)), roles=frozenset(allowed))


def user_roles(user: AnyUser) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    assert isinstance(user, User)
    return user.roles


def has_role(user: AnyUser, *wanted: Role) -> bool:
    return bool(user_roles(user) & set(wanted))


def only_reads(user: AnyUser) -> bool:
    """Whether every role the user holds is a read-only one (READ_ONLY_ROLES) and they are no administrator."""
    held = user_roles(user)
    return bool(held) and held <= READ_ONLY_ROLES and not getattr(user, "is_staff", False)


def needs_second_factor(user: AnyUser) -> bool:
    """Users who may see personal data, and administrators, must pass TOTP.

    Demo users skip it only while the whole system runs in demo mode.
    """
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if settings.DEMO_MODE and user.is_demo:
        return False
    return user.is_staff or user.is_superuser or bool(user.roles & PERSONAL_DATA_ROLES)


def passed_second_factor(user: AnyUser) -> bool:
    """Whether this session has passed TOTP (django-otp's middleware adds is_verified)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def check_access(request: HttpRequest, rule: AccessRule) -> HttpResponse | None:
    """None when the request may proceed; for anonymous users an audited redirect to the sign-in page.

    A signed-in user without the right gets PermissionDenied, which the 403
    handler records in the audit trail.
    """
    if rule.allows(request.user):
        return None
    if not request.user.is_authenticated:
        record_permission_denied(request, reason=f"{NOT_SIGNED_IN}: {rule.name}")
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(rule.name)


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponseBase])


def access(rule: AccessRule) -> Callable[[ViewFunction], ViewFunction]:
    """Decorate a function view with its access rule."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refused = check_access(request, rule)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


class AccessRuleMixin:
    """For class-based views: set `access_rule` on the class."""

    access_rule: AccessRule | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.access_rule is None:
            raise PermissionDenied("no access rule")
        refused = check_access(request, self.access_rule)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AccessRulePermission(BasePermission):
    """Enforces the `access_rule` of an API view, and the second factor.

    The API's default permission class: a view that declares no rule is closed.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        rule: AccessRule | None = getattr(view, "access_rule", None)
        if rule is None:
            return False
        if rule.public:
            return True
        user = request.user
        if isinstance(request.auth, ApiToken):
            # The token was issued from a session that passed the second factor; its scope limits it further.
            return token_allows(request.auth, view, request.method or "") and rule.allows(user)
        if needs_second_factor(user) and not passed_second_factor(user):
            return False
        return rule.allows(user)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def api_app_of(view: Any) -> str:
    """The app an API view belongs to ("register" for torju.register.api.applications); "" for Torju's own."""
    parts = type(view).__module__.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "torju" else ""


def token_allows(token: ApiToken, view: Any, method: str) -> bool:
    """What an API token may do (decision 0075): read an app's API with its "read" scope, write with "write".

    The schema (no data) is open to every token. A service account whose
    every role only reads writes nothing, whatever its token says.
    """
    app = api_app_of(view)
    if app == "":
        return method in SAFE_METHODS
    if app not in TOKEN_APPS:
        return False
    access = token.access(app)
    if method in SAFE_METHODS:
        return access in (TokenAccess.READ, TokenAccess.WRITE)
    return access == TokenAccess.WRITE and not only_reads(token.user)


def rule_of(view: Any) -> AccessRule | None:
    """The access rule a resolved URL callback declares (for the permission matrix).

    Django's admin wraps each of its views anew per request; the wrappers
    name their admin site, whose rule holds for them.
    """
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        rule = getattr(candidate, "access_rule", None)
        if isinstance(rule, AccessRule):
            return rule
    site = getattr(view, "admin_site", None) or getattr(getattr(view, "model_admin", None), "admin_site", None)
    rule = getattr(site, "access_rule", None)
    return rule if isinstance(rule, AccessRule) else None
