"""Keeps users who must pass a second factor away from everything else until they do, and users of read-only
roles away from every write."""

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve, reverse
from rest_framework import exceptions

from torju.accounts.permissions import needs_second_factor, only_reads, passed_second_factor
from torju.audit.services import record_permission_denied

# Pages a signed-in user may reach before passing the second factor.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "accounts:logout",
        "accounts:login",
        "web:set_language",
        "web:healthz",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if needs_second_factor(user) and not passed_second_factor(user) and not self._is_open(request):
            return redirect_to_login(request.get_full_path(), reverse("accounts:second_factor"))
        return self.get_response(request)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_BEFORE_SECOND_FACTOR


# What a user of a read-only role may still send: their own session (sign-in and out, language, password,
# second factor).
OWN_SESSION = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:password_change",
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "web:set_language",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadOnlyRolesMiddleware:
    """A user whose every role only reads (the national rapporteur) writes nothing: every POST, PUT, PATCH and
    DELETE is refused, whatever the view would allow, except on their own session's pages.

    The refusal is audited like any other: the 403 page, or for the API a JSON 403 as its exception handler
    gives.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not only_reads(request.user) or self._own_session(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            record_permission_denied(request, reason="read-only role")
            return JsonResponse({"detail": str(exceptions.PermissionDenied.default_detail)}, status=403)
        raise PermissionDenied("read-only role")

    @staticmethod
    def _own_session(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OWN_SESSION
