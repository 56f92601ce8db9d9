"""Writing the audit trail. Call `record` in the same transaction as the change."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from torju.audit.models import Action, AuditEvent

USER_AGENT_MAX = 300
PATH_MAX = 500
# Query parameters that may carry direct identifiers (the register's person search): never stored.
REDACTED_PARAMETERS = frozenset({"hetu", "first_names", "last_name", "birth_date", "phone", "address"})
REDACTED = "redacted"


def recorded_path(request: HttpRequest) -> str:
    """The path and query of the request, without the values of identifying query parameters."""
    query = request.GET.copy()
    for name in REDACTED_PARAMETERS & set(query):
        query.setlist(name, [REDACTED])
    encoded = query.urlencode()
    return (f"{request.path}?{encoded}" if encoded else request.path)[:PATH_MAX]


def client_ip(request: HttpRequest) -> str | None:
    """The client address as the server sees it (a trusted proxy sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: Action,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    actor_username: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
    flagged: bool = False,
) -> AuditEvent:
    """Append one event. The actor defaults to the request's signed-in user."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor_username or (actor.get_username() if actor is not None else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        path=recorded_path(request) if request is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX] if request is not None else "",
        reason=reason,
        changes=changes,
        flagged=flagged,
    )


def record_permission_denied(request: HttpRequest, reason: str = "") -> AuditEvent:
    return record(Action.PERMISSION_DENIED, request=request, reason=reason)
