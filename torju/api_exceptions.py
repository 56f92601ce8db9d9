"""The API's one exception handler: how a service's refusal, validation error or edit conflict answers.

API views call services and let their exceptions rise; no view catches them
(docs/architecture.md). Here:

- Django's `ValidationError` (a service's refusal of the data) is 400 with
  field errors, `{"field": ["message"]}`, errors of no field under DRF's
  `non_field_errors`. A view may regroup fields (a nested serializer's) with
  `shape_validation_errors(detail)`.
- `EditConflictError` is 409 with the record as saved now (the view's
  `represent_conflict(current)`, else its revision) and what was sent.
- Django's `PermissionDenied` is DRF's: 403, translated. A caller with
  neither a session nor a valid API token gets 401 with the token's
  challenge (`WWW-Authenticate: Bearer`, decision 0075). Every refusal,
  anonymous callers' too, is one row in the audit trail, exactly as for pages.
- `Http404` is 404 "not found", the same body whether the record is missing
  or not the caller's (DRF's own handling).
- `Throttled` is 429 with `Retry-After` and DRF's translated message; so is
  a service's `torju.throttling.ThrottledError`, with Torju's message.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from torju.audit.services import record_permission_denied
from torju.concurrency import EditConflictError
from torju.throttling import ThrottledError, wait_message

REFUSALS = (exceptions.PermissionDenied, exceptions.NotAuthenticated, exceptions.AuthenticationFailed)


def validation_detail(error: DjangoValidationError) -> dict[str, Any]:
    """A Django ValidationError as DRF's field errors."""
    detail: dict[str, Any] = dict(serializers.as_serializer_error(error))
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


def _conflict(conflict: EditConflictError, view: Any) -> Response:
    represent = getattr(view, "represent_conflict", None)
    current = represent(conflict.current) if callable(represent) else {"revision": conflict.current.revision}
    return Response(
        {
            "detail": _("The record was changed after you read it. Nothing was saved: compare and send again."),
            "current": current,
            "submitted": serializers.JSONField().to_representation(conflict.submitted),
        },
        status=status.HTTP_409_CONFLICT,
    )


def _translated(exc: Exception, view: Any) -> Exception:
    """Django's exceptions as DRF's, so that DRF's handler renders them."""
    if isinstance(exc, DjangoValidationError):
        detail = validation_detail(exc)
        shape = getattr(view, "shape_validation_errors", None)
        return serializers.ValidationError(shape(detail) if callable(shape) else detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, ThrottledError):
        throttled = exceptions.Throttled(detail=wait_message(exc.retry_after))
        throttled.wait = exc.retry_after  # type: ignore[attr-defined]  # set by its __init__, untyped
        return throttled
    return exc


def handle_api_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    view = context.get("view")
    if isinstance(exc, EditConflictError):
        return _conflict(exc, view)
    exc = _translated(exc, view)
    response = exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, REFUSALS) and request is not None and response is not None:
        signed_in = request.user is not None and request.user.is_authenticated
        record_permission_denied(request, reason="api" if signed_in else "api: not signed in")
    return response
