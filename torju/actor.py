"""The actor context: who acts, through what, from where, why, and what their session has unlocked.

Services take an `Actor` instead of an HTTP request, so that a page, an API
view, a management command and a background task call them alike and get
the same rules (docs/architecture.md). Views and API views build it with
`Actor.from_request`; commands and tasks with `Actor.for_user` or
`Actor.system`. The audit trail records it (torju.audit.services.record).

Services never write the session. What a session has unlocked (a case opened
with a reason, persons found by an exact search) is read into the context
when it is built; a view that was told by a service that something is now
unlocked stores it with `unlock`, after the service succeeded.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

    from torju.accounts.models import User

Channel = Literal["web", "api", "command", "task"]

UNLOCKED_SESSION_KEY = "torju_unlocked"
UNLOCKED_REMEMBERED = 100  # per kind, the latest ones: enough for a day's work, small in the session
USER_AGENT_MAX = 300
PATH_MAX = 500
# Query parameters that may carry direct identifiers (the register's person search): never stored.
REDACTED_PARAMETERS = frozenset({"hetu", "first_names", "last_name", "birth_date", "phone", "address"})
REDACTED = "redacted"
FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address(meta: Mapping[str, Any]) -> str | None:
    """The client's address: REMOTE_ADDR, or behind trusted proxies the address the outermost one saw.

    With TORJU_TRUSTED_PROXY_COUNT = n, the last n hops of X-Forwarded-For
    were appended by our own proxies; the entry they appended first is the
    client as our outermost proxy saw it. Entries further left are written by
    the client and never trusted. A missing or malformed header falls back to
    REMOTE_ADDR (the nearest proxy), never to a client-chosen value.
    """
    remote = str(meta.get("REMOTE_ADDR") or "") or None
    count: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in str(meta.get(FORWARDED_FOR, "")).split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def recorded_path(request: HttpRequest) -> str:
    """The path and query of the request, without the values of identifying query parameters."""
    query = request.GET.copy()
    for name in REDACTED_PARAMETERS & set(query):
        query.setlist(name, [REDACTED])
    encoded = query.urlencode()
    return (f"{request.path}?{encoded}" if encoded else request.path)[:PATH_MAX]


def _session_unlocked(request: HttpRequest) -> Mapping[str, tuple[str, ...]]:
    session = getattr(request, "session", None)
    stored = session.get(UNLOCKED_SESSION_KEY, {}) if session is not None else {}
    if not isinstance(stored, dict):
        return MappingProxyType({})
    return MappingProxyType(
        {
            str(kind): tuple(str(value) for value in values)
            for kind, values in stored.items()
            if isinstance(values, list)
        }
    )


@dataclass(frozen=True)
class Actor:
    """Who acts. `user` is None for the system itself (an operator's command without a user, a scheduled job)."""

    user: User | None = None
    username: str = ""
    channel: Channel = "command"
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""
    reason: str = ""
    session_key: str = ""
    unlocked: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Whether the session passed its second factor (django-otp's is_verified): issuing API tokens asks for it.
    second_factor: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, *, reason: str = "") -> Actor:
        """The signed-in (or anonymous) user of a page or API request, with the session's unlocked items."""
        user = getattr(request, "user", None)
        signed_in = user if user is not None and user.is_authenticated else None
        session = getattr(request, "session", None)
        is_verified = getattr(user, "is_verified", None)
        return cls(
            user=signed_in,
            username=signed_in.get_username() if signed_in is not None else "",
            channel="api" if request.path.startswith("/api/") else "web",
            ip_address=client_address(request.META),
            user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
            path=recorded_path(request),
            reason=reason,
            session_key=(session.session_key or "") if session is not None else "",
            unlocked=_session_unlocked(request),
            second_factor=bool(is_verified and is_verified()),
        )

    @classmethod
    def for_user(cls, user: User, *, channel: Channel = "command", reason: str = "") -> Actor:
        """A user acting outside a request: a command run in their name, a task they started."""
        return cls(user=user, username=user.get_username(), channel=channel, reason=reason)

    @classmethod
    def system(cls, name: str = "", *, channel: Channel = "command", reason: str = "") -> Actor:
        """Torju itself or an operator at the command line (the audit row names `name`, if any)."""
        return cls(username=name, channel=channel, reason=reason)

    def acting_as(self, user: User) -> Actor:
        """The same context for the user an API token authenticated (the request's session has none)."""
        return replace(self, user=user, username=user.get_username())

    def with_reason(self, reason: str) -> Actor:
        return replace(self, reason=reason)

    def named(self, username: str) -> Actor:
        """The same context attributed to a user name (a failed sign-in names a user who is not signed in)."""
        return replace(self, username=username)

    def has_unlocked(self, kind: str, value: str) -> bool:
        return value in self.unlocked.get(kind, ())

    def unlocked_of(self, kind: str) -> tuple[str, ...]:
        return self.unlocked.get(kind, ())


def unlock(request: HttpRequest, kind: str, values: list[str] | tuple[str, ...] | str) -> None:
    """Remember in the session that `values` are unlocked (the latest UNLOCKED_REMEMBERED per kind)."""
    new = [values] if isinstance(values, str) else list(values)
    stored = request.session.get(UNLOCKED_SESSION_KEY, {})
    stored = dict(stored) if isinstance(stored, dict) else {}
    earlier = [value for value in stored.get(kind, []) if value not in new]
    stored[kind] = [*earlier, *new][-UNLOCKED_REMEMBERED:]
    request.session[UNLOCKED_SESSION_KEY] = stored
