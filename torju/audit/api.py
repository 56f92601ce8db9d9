"""The API's exception handler: refusals are audited exactly as for pages.

Anonymous callers are refused with NotAuthenticated (403: session
authentication sends no challenge), signed-in ones with PermissionDenied,
raised by DRF or by a service (Django's PermissionDenied); each is one row.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler

from torju.audit.services import record_permission_denied

REFUSALS = (PermissionDenied, DjangoPermissionDenied, NotAuthenticated, AuthenticationFailed)


def audited_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, REFUSALS) and request is not None and response is not None:
        signed_in = request.user is not None and request.user.is_authenticated
        record_permission_denied(request, reason="api" if signed_in else "api: not signed in")
    return response
