"""Signing in and out, the second factor, and changing the password."""

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from torju.accounts import services
from torju.accounts.forms import EnrolTokenForm, LoginForm, TokenForm
from torju.accounts.models import User
from torju.accounts.permissions import PUBLIC, SIGNED_IN, AccessRuleMixin, access, passed_second_factor


class LoginView(AccessRuleMixin, auth_views.LoginView):
    access_rule = PUBLIC
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(AccessRuleMixin, auth_views.LogoutView):
    access_rule = PUBLIC


class PasswordChangeView(AccessRuleMixin, auth_views.PasswordChangeView):
    access_rule = SIGNED_IN
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("web:home")


def _signed_in_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@access(SIGNED_IN)
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the one-time code; users without a device are sent to enrol one."""
    user = _signed_in_user(request)
    if passed_second_factor(user):
        return HttpResponseRedirect(_next_url(request))
    if not any(devices_for_user(user, confirmed=True)):
        return redirect(f"{reverse('accounts:second_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.pass_second_factor(request, form.device)
            return HttpResponseRedirect(_next_url(request))
        services.fail_second_factor(request)
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


@access(SIGNED_IN)
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the QR code and confirm with a first code."""
    user = _signed_in_user(request)
    if any(devices_for_user(user, confirmed=True)):
        return redirect("accounts:second_factor")
    device = services.unconfirmed_totp_device(user)
    form = EnrolTokenForm(user, device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.confirm_totp_device(request, device)
            messages.success(request, _("The authenticator app is now linked to your account."))
            return HttpResponseRedirect(_next_url(request))
        services.fail_second_factor(request)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("QR code for the authenticator app")),
            "secret": b32encode(device.bin_key).decode(),
        },
    )
