"""The API's exception handler: refusals are audited exactly as for pages."""

from typing import Any

from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler

from torju.audit.services import record_permission_denied


def audited_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, PermissionDenied) and not isinstance(exc, NotAuthenticated) and request is not None:
        record_permission_denied(request, reason="api")
    return response
