"""Sign-in throttling that an attacker cannot turn against the people it protects.

Two limits (docs/decisions/0050-sign-in-throttling.md):

- django-axes locks a pair (user name, client address) after
  TORJU_LOGIN_FAILURE_LIMIT failures for TORJU_LOGIN_COOLOFF_MINUTES. The
  address is the client's as our own proxies saw it (`client_address`, the
  one the audit trail records), so behind the load balancer an attacker
  locks out their own address only, never the user everywhere.
- Across addresses, a user name that has failed TORJU_LOGIN_USER_FAILURE_LIMIT
  times within TORJU_LOGIN_USER_WINDOW_MINUTES is slowed down, not locked:
  one attempt per TORJU_LOGIN_USER_DELAY_SECONDS, from whatever address. An
  attacker with many addresses gets a few guesses a minute at most; the real
  user waits at most that delay and then signs in.

Counters are in the shared cache (torju.throttling), keyed by a hash of the
user name, so that no user name is stored there.
"""

import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from torju.actor import Actor, client_address
from torju.audit.models import Action
from torju.audit.services import record
from torju.throttling import count, hashed


def axes_client_address(request: HttpRequest) -> str | None:
    """django-axes' client address (AXES_CLIENT_IP_CALLABLE): the same as the audit trail's."""
    return client_address(request.META)


def _window(now: float) -> tuple[int, int]:
    """The current failure window's number and the seconds left in it."""
    seconds = settings.LOGIN_USER_WINDOW_MINUTES * 60
    window = int(now // seconds)
    return window, max(1, math.ceil((window + 1) * seconds - now))


def _failures_key(username: str, window: int) -> str:
    return f"sign-in-failures:{hashed(username.casefold())}:{window}"


def note_failure(username: str, actor: Actor) -> None:
    """Count a failed sign-in of the user name; the first time it reaches the limit is flagged for the auditor."""
    if not username:
        return
    window, left = _window(time.time())
    failures = count(_failures_key(username, window), timeout=left + 1)
    if failures == settings.LOGIN_USER_FAILURE_LIMIT:
        record(
            Action.THROTTLED,
            actor.named(username[:150]),
            object_type="sign-in",
            object_id="user name",
            reason=f"{failures} failed sign-ins within {settings.LOGIN_USER_WINDOW_MINUTES} minutes",
            flagged=True,
        )


def count_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """user_login_failed receiver: every failure counts against its user name, from whatever address."""
    actor = Actor.from_request(request) if request is not None else Actor.system()
    note_failure(str(credentials.get("username", "")), actor)


def seconds_to_wait(username: str) -> int:
    """0 when this sign-in attempt may go ahead (it then holds the user name's slot); else the seconds to wait.

    Asked before the password is checked: a slowed-down user name learns
    nothing from an attempt made too early.
    """
    if not username:
        return 0
    now = time.time()
    window, _left = _window(now)
    failures = cache.get(_failures_key(username, window), 0)
    if failures < settings.LOGIN_USER_FAILURE_LIMIT:
        return 0
    # One attempt per slot of the delay: the first to take the slot's key goes ahead (an INSERT, so that
    # attempts sent at the same moment cannot all take it), the others wait for the next slot.
    delay = settings.LOGIN_USER_DELAY_SECONDS
    slot = int(now // delay)
    if cache.add(f"sign-in-slot:{hashed(username.casefold())}:{slot}", 1, timeout=delay + 1):
        return 0
    return max(1, math.ceil((slot + 1) * delay - now))
