"""Chooses the interface language: the user's saved choice, the cookie, else Finnish.

Django's LocaleMiddleware would follow the browser's Accept-Language; Torju
starts in Finnish for everyone and then remembers what each person picks.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from torju.throttling import ThrottledError, too_many_requests

SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)


def chosen_language(request: HttpRequest) -> str:
    user = request.user
    saved = getattr(user, "language", "") if user.is_authenticated else ""
    if saved in SUPPORTED:
        return str(saved)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return str(settings.LANGUAGE_CODE)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Nothing a signed-in user or the API is sent stays in a browser's or a proxy's cache.

    After signing out at a shared workstation, the back button must not show
    identifiers. The rule is simple so that no page is forgotten: every
    response to a signed-in user and every API response is `no-store`
    (pages, downloads, the API); public pages may be cached. Static files are
    served before this (whitenoise) and keep their far-future caching. It
    comes early in MIDDLEWARE so that it also sees the responses of the
    middleware after it (the second-factor redirect, a sign-in lock-out); the
    user is read once the response is made (a sign-out's own answer is public).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class ThrottledMiddleware:
    """A service's refusal of a request over a limit (torju.throttling.ThrottledError) as the 429 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ThrottledError):
            return too_many_requests(request, exception.retry_after)
        return None


SESSION_REFRESHED_KEY = "torju:session-refreshed"


class SessionRefreshMiddleware:
    """The idle timeout slides with use, with one write of the session a minute instead of one per request.

    A session ends SESSION_COOKIE_AGE after it was last saved. Saving it on
    every request (Django's SESSION_SAVE_EVERY_REQUEST) made every page view,
    reads included, a database write and a commit. Here a session is saved
    again only when its last save is SESSION_REFRESH_SECONDS old, so it ends
    between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE
    after the last request: never later than before (decision 0126). It comes
    right after SessionMiddleware, which saves what this marks as changed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.is_empty():
            return response  # no session (an anonymous visitor, a token client) or one just ended
        now = int(time.time())
        refreshed = session.get(SESSION_REFRESHED_KEY)
        if not isinstance(refreshed, int) or now - refreshed >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_REFRESHED_KEY] = now  # changed: SessionMiddleware saves it with a new expiry
        return response
