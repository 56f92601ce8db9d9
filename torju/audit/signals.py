"""Sign-ins, failed sign-ins, lock-outs and sign-outs go to the audit trail.

The address is the client's as our proxies saw it (torju.actor.client_address),
the same one django-axes locks by (torju.accounts.sign_in).
"""

from dataclasses import replace
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record

USERNAME_MAX = 150


def _attempt(request: HttpRequest | None, username: str) -> Actor:
    """A sign-in attempt's actor: nobody is signed in yet; it names the user name that was typed."""
    name = username[:USERNAME_MAX]
    return Actor.from_request(request).named(name) if request is not None else Actor.system(name)


def _signed_in(request: HttpRequest, user: Any) -> Actor:
    """The user signing in or out, from the request (a request made outside the middleware has no user yet)."""
    actor = Actor.from_request(request)
    return actor if actor.user is not None else replace(actor, user=user, username=user.get_username())


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(Action.LOGIN, _signed_in(request, user))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.LOGOUT, _signed_in(request, user))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(Action.LOGIN_FAILED, _attempt(request, str(credentials.get("username", ""))))


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def audit_locked_out(sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    record(Action.LOCKED_OUT, _attempt(request, username or ""))
