"""Per-user rate limits, shared by every process and server, the same counters for pages and the API.

A *scope* names what is limited (`PERSON_SEARCH`: every answer that tells
whether a person is registered). Its rates are settings (THROTTLE_RATES,
from the environment, docs/operations.md "Throttles"), one or more of
"N/unit": "10/minute,200/day" allows ten a minute and two hundred a day.
Each user has their own counters (a request without a signed-in user counts
against its address). Counters are fixed windows kept in the default cache,
which is shared: the database cache (torju.shared_cache) or Redis, never a
process's memory, so that several gunicorn workers and servers count
together.

A request over a limit is refused: 429 with `Retry-After` and a translated
message, on pages (`throttled` decorator) and in the API (`ScopedThrottle`,
the API's default throttle class, for views with a `throttle_scope`). The
first refusal of a user in a window is an audit event flagged for the
auditor: a burst is what trying every identity code of a birth date looks
like.

Counters are written with the request's database connection: count outside
a transaction that may roll back, or the count rolls back with it.
"""

import hashlib
import math
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record

# Searches of persons and duplicate checks of identity codes: one budget, so that neither is a way round the other.
PERSON_SEARCH = "person_search"
# Ids asked for that answer "not found": each is audited while `take(NOT_FOUND_PROBE, actor).allowed`, so that an
# id walk is in the trail but cannot flood it (beyond the rate, one flagged event per window).
NOT_FOUND_PROBE = "not_found_probe"

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'10/minute' (also 'second', 'hour', 'day', and their plurals)."""
        count, _slash, unit = text.strip().partition("/")
        seconds = UNITS.get(unit.strip().lower().removesuffix("s"))
        if not count.strip().isdigit() or int(count) < 1 or seconds is None:
            raise ImproperlyConfigured(f"a rate is N/{'|'.join(UNITS)}, e.g. 10/minute, not {text!r}")
        return cls(int(count), seconds)

    def __str__(self) -> str:
        unit = next(name for name, seconds in UNITS.items() if seconds == self.seconds)
        return f"{self.limit}/{unit}"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the fullest window ends; 0 when allowed


def rates_of(scope: str) -> tuple[Rate, ...]:
    configured: dict[str, list[str]] = settings.THROTTLE_RATES
    if scope not in configured:
        raise ImproperlyConfigured(f"no rate for the throttle scope {scope!r} in THROTTLE_RATES")
    return tuple(Rate.parse(text) for text in configured[scope])


def hashed(value: str) -> str:
    """A cache-key-safe stand-in for a value chosen by a client (a user name): no identifier in the cache."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _who(actor: Actor) -> str:
    if actor.user is not None:
        return f"user-{actor.user.pk}"
    return f"address-{hashed(actor.ip_address or '')}"


def count(key: str, timeout: int) -> int:
    """Add one to the counter `key` (created with the timeout) in the shared cache; the new count."""
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired or culled between the two calls: start it again
            continue
    raise RuntimeError(f"the counter {key} could not be kept in the cache")


def take(scope: str, actor: Actor, *, now: float | None = None) -> Verdict:
    """Count one request of the actor in the scope; refused while any of the scope's windows is over its limit."""
    moment = time.time() if now is None else now
    retry_after = 0
    for rate in rates_of(scope):
        window = int(moment // rate.seconds)
        left = max(1, math.ceil((window + 1) * rate.seconds - moment))
        key = f"throttle:{scope}:{_who(actor)}:{rate.seconds}:{window}"
        if count(key, timeout=left + 1) > rate.limit:
            retry_after = max(retry_after, left)
            if cache.add(f"{key}:flagged", 1, timeout=left + 1):
                _flag_burst(scope, actor, rate)
    return Verdict(allowed=retry_after == 0, retry_after=retry_after)


class ThrottledError(Exception):
    """A service's refusal of a request over a limit: 429 with `Retry-After`, on pages and in the API alike.

    For limits that only a service can apply (the answer "already registered"
    of a form that saves a person is a search, but only the service knows that
    an identity code is looked up): torju.web.middleware.ThrottledMiddleware
    answers it on pages, torju.api_exceptions in the API.
    """

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"throttled; retry after {retry_after} s")
        self.retry_after = retry_after


def require(scope: str, actor: Actor) -> None:
    """Count one request of the actor in the scope; ThrottledError when it is over a limit."""
    verdict = take(scope, actor)
    if not verdict.allowed:
        raise ThrottledError(verdict.retry_after)


def _flag_burst(scope: str, actor: Actor, rate: Rate) -> None:
    record(
        Action.THROTTLED,
        actor,
        object_type="throttle",
        object_id=scope,
        changes={"limit": str(rate)},
        flagged=True,
    )


def wait_message(seconds: int) -> str:
    """'Try again in …', in the user's language, in seconds, minutes or hours as fits."""
    if seconds <= 120:
        return ngettext(
            "Too many requests in a short time. Try again in %(count)d second.",
            "Too many requests in a short time. Try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    if seconds <= 2 * 3600:
        minutes = math.ceil(seconds / 60)
        return ngettext(
            "Too many requests in a short time. Try again in %(count)d minute.",
            "Too many requests in a short time. Try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext(
        "Too many requests in a short time. Try again in %(count)d hour.",
        "Too many requests in a short time. Try again in %(count)d hours.",
        hours,
    ) % {"count": hours}


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The page that refuses a throttled request: 429, Retry-After, the wait in words."""
    response = render(
        request,
        "web/errors/429.html",
        {"message": wait_message(retry_after), "title": _("Too many requests")},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponseBase])


def throttled(scope: str, *, methods: Collection[str] = ("POST",)) -> Callable[[ViewFunction], ViewFunction]:
    """Limit a page view: requests of `methods` (a page's POST does the search; its GET shows the form) count.

    Put it under the view's `access` decorator, so that only requests the
    user may make are counted.
    """
    rates_of(scope)  # a scope without rates stops the start-up, not the first request

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods:
                verdict = take(scope, Actor.from_request(request))
                if not verdict.allowed:
                    return too_many_requests(request, verdict.retry_after)
            return view(request, *args, **kwargs)

        limited.throttle_scope = scope  # type: ignore[attr-defined]
        return limited  # type: ignore[return-value]

    return decorate


class ScopedThrottle(BaseThrottle):
    """The API's side (the default throttle class): a view with `throttle_scope` counts every request.

    Raises DRF's Throttled itself, with Torju's translated message (DRF's own
    appends an untranslated sentence), and its exception handler adds
    `Retry-After`.
    """

    def scope_of(self, request: Request, view: Any) -> str | None:
        scope: str | None = getattr(view, "throttle_scope", None)
        return scope

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = self.scope_of(request, view)
        if scope is None:
            return True
        verdict = take(scope, Actor.from_request(request))
        if not verdict.allowed:
            refusal = exceptions.Throttled(detail=wait_message(verdict.retry_after))
            refusal.wait = verdict.retry_after  # type: ignore[attr-defined]  # set by its __init__, untyped
            raise refusal
        return True
