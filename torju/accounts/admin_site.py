"""The admin site: Torju's own sign-in (with its second factor and throttling), staff only.

Its views follow the access rule STAFF like every other view: an anonymous
visitor is sent to Torju's sign-in page and a signed-in user who is not staff
is refused, both recorded in the audit trail (torju.accounts.permissions).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from torju.accounts.permissions import PUBLIC, STAFF, check_access


class TorjuAdminSite(admin.AdminSite):
    site_header = _("Torju administration")
    site_title = _("Torju administration")
    access_rule = STAFF

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No sign-in form of its own: anonymous visitors go to Torju's, staff on to the admin."""
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(target)
        if not self.has_permission(request):
            raise PermissionDenied("admin")
        return HttpResponseRedirect(target)

    login.access_rule = PUBLIC  # type: ignore[attr-defined]

    def admin_view(  # type: ignore[override]
        self, view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def staff_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = check_access(request, STAFF)
            if refused is not None:
                return refused
            return inner(request, *args, **kwargs)

        staff_only.access_rule = STAFF  # type: ignore[attr-defined]
        return staff_only
