"""Writing the audit trail. Call `record` in the same transaction as the change."""

from dataclasses import asdict
from typing import Any

from django.db import models
from django.http import HttpRequest

from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.audit.selectors import AuditFilter


def record(
    action: Action,
    actor: Actor,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    changes: dict[str, Any] | None = None,
    flagged: bool = False,
) -> AuditEvent:
    """Append one event: who (the actor), from where, what, and why (`reason`, else the actor's reason)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_username=actor.username,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        path=actor.path,
        ip_address=actor.ip_address,
        user_agent=actor.user_agent,
        reason=reason or actor.reason,
        changes=changes,
        flagged=flagged,
    )


def record_permission_denied(request: HttpRequest, reason: str = "") -> AuditEvent:
    return record(Action.PERMISSION_DENIED, Actor.from_request(request), reason=reason)


def record_reading(actor: Actor, action: Action, criteria: AuditFilter, *, page: int | None = None) -> AuditEvent:
    """The auditor's own reading of the trail (a page of it, or an export), with the filters used."""
    filters = {name: str(value) for name, value in asdict(criteria).items() if value not in ("", None, False)}
    changes: dict[str, Any] = {"filters": filters}
    if page is not None:
        changes["page"] = page
    return record(action, actor, object_type=AuditEvent._meta.label_lower, changes=changes)
