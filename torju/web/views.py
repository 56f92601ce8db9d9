"""Home page, language switch, health check and error pages."""

import sys

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework import exceptions

from torju.accounts.models import User
from torju.accounts.permissions import PUBLIC, access
from torju.accounts.services import set_preferred_language
from torju.actor import Actor
from torju.audit.services import record_permission_denied
from torju.programme import selectors as programme_selectors
from torju.web.forms import LanguageForm


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The public front page, or for a signed-in user their own work: each role's inbox."""
    user = request.user
    inbox = programme_selectors.inbox(user, timezone.localdate()) if isinstance(user, User) else None
    return render(request, "web/home.html", {"inbox": inbox})


@access(PUBLIC)
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, when signed in, on the user."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if not form.is_valid():
        messages.error(request, _("Language: choose suomi, svenska or English."))
        return HttpResponseRedirect(target)
    language = form.cleaned_data["language"]
    set_preferred_language(Actor.from_request(request), language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    return response


@access(PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 handler: every refusal is audited."""
    record_permission_denied(request, reason=str(exception or ""))
    return render(request, "web/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page; under /api/ the API's JSON answer, as its schema documents, also for an address no
    endpoint has (e.g. a measure number "0.6")."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return render(request, "web/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; a request whose database connection was lost gets a page that says so (503).

    Such a request wrote nothing: what it had begun was in a transaction that
    the database rolled back with the connection, and the next request opens
    a new connection. Neither page touches the database.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = render(request, "web/errors/database.html", status=503)
        response["Retry-After"] = "5"
        return response
    return render(request, "web/errors/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 handler; a form post over the size limit gets a page that says the limit (413)."""
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return render(request, "web/errors/413.html", {"megabytes": megabytes}, status=413)
    return render(request, "web/errors/400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    record_permission_denied(request, reason=f"csrf: {reason}")
    return render(request, "web/errors/csrf.html", status=403)
