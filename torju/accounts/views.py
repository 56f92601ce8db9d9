"""Signing in and out, the second factor, and changing the password."""

import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from torju.accounts import selectors, services, sign_in
from torju.accounts.forms import ApiTokenForm, EnrolTokenForm, LoginForm, TokenForm
from torju.accounts.models import User
from torju.accounts.permissions import PUBLIC, SIGNED_IN, AccessRuleMixin, access, passed_second_factor
from torju.actor import Actor
from torju.throttling import wait_message

# The secret being enrolled lives in the session that was shown it, until it expires (decision 0051).
ENROLMENT_SESSION_KEY = "torju_totp_enrolment"


class LoginView(AccessRuleMixin, auth_views.LoginView):
    access_rule = PUBLIC
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A user name slowed down after many failures (torju.accounts.sign_in) waits before its password is tried."""
        username = str(request.POST.get("username", ""))[:150]
        wait = sign_in.seconds_to_wait(username)
        if wait:
            form = self.form_class(request, initial={"username": username})
            response = self.render_to_response(self.get_context_data(form=form, slowed_down=wait_message(wait)))
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


class LogoutView(AccessRuleMixin, auth_views.LogoutView):
    access_rule = PUBLIC


class PasswordChangeView(AccessRuleMixin, auth_views.PasswordChangeView):
    access_rule = SIGNED_IN
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(Actor.from_request(self.request))
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
            otp_login(request, form.device)
            services.record_second_factor_passed(Actor.from_request(request))
            return HttpResponseRedirect(_next_url(request))
        services.record_second_factor_failed(Actor.from_request(request))
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


def _enrolment_secret(request: HttpRequest, *, fresh: bool) -> tuple[str, bool]:
    """The secret this session is enrolling, and whether it is the one the user was shown.

    Every showing of the set-up page is a new attempt with a new secret;
    a secret older than TOTP_ENROLMENT_MINUTES is replaced by a new one.
    """
    stored = request.session.get(ENROLMENT_SESSION_KEY)
    now = time.time()
    if (
        not fresh
        and isinstance(stored, dict)
        and isinstance(stored.get("key"), str)
        and now - float(stored.get("issued", 0)) < settings.TOTP_ENROLMENT_MINUTES * 60
    ):
        return stored["key"], True
    key = services.new_totp_secret()
    request.session[ENROLMENT_SESSION_KEY] = {"key": key, "issued": now}
    return key, False


@access(SIGNED_IN)
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show a new secret (QR code) for this session and confirm it with a first code."""
    user = _signed_in_user(request)
    if any(devices_for_user(user, confirmed=True)):
        return redirect("accounts:second_factor")
    posted = request.method == "POST"
    key, shown = _enrolment_secret(request, fresh=not posted)
    form = EnrolTokenForm(request.POST if posted else None)
    if posted:
        if not shown:
            form.add_error(None, _("The set-up took too long and its code has expired. Scan the new QR code."))
        elif form.is_valid():
            try:
                device = services.enrol_totp_device(Actor.from_request(request), key, form.cleaned_data["token"])
            except ValidationError as refusal:
                form.add_error("token", refusal.message_dict.get("token", refusal.messages))
            else:
                del request.session[ENROLMENT_SESSION_KEY]
                otp_login(request, device)
                messages.success(request, _("The authenticator app is now linked to your account."))
                return HttpResponseRedirect(_next_url(request))
        services.record_second_factor_failed(Actor.from_request(request))
    config_url = TOTPDevice(user=user, name="Torju", key=key).config_url
    qr = segno.make(config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("QR code for the authenticator app")),
            "secret": b32encode(unhexlify(key.encode())).decode(),
            "valid_minutes": settings.TOTP_ENROLMENT_MINUTES,
        },
    )


@access(SIGNED_IN)
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The API tokens of the user's service accounts: issue one (its text shown once, here), see and revoke them.

    Only a session that passed the second factor issues or revokes
    (decision 0075); others see the tokens and are told why they cannot.
    """
    user = _signed_in_user(request)
    accounts = selectors.managed_service_accounts(user)
    form = ApiTokenForm(accounts, settings.API_TOKEN_MAX_DAYS, request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, text = services.issue_api_token(
                Actor.from_request(request),
                form.cleaned_data["account"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                access=form.access(),
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            issued = {"token": token, "text": text}
            form = ApiTokenForm(accounts, settings.API_TOKEN_MAX_DAYS)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "issued": issued,
            "accounts": accounts,
            "tokens": selectors.managed_tokens(user),
            "verified": passed_second_factor(user),
            "now": timezone.now(),
        },
        status=400 if request.method == "POST" and issued is None else 200,
    )


@require_POST
@access(SIGNED_IN)
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.managed_token(_signed_in_user(request), pk)
    services.revoke_api_token(Actor.from_request(request), token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
