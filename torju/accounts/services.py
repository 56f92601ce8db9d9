"""Writes of the accounts app: users, roles, second factor, language preference, service accounts' API tokens."""

import csv
import time
from binascii import unhexlify
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from torju.accounts.models import TOKEN_APPS, ApiToken, Organisation, Role, RoleGrant, TokenAccess, User
from torju.accounts.permissions import only_reads
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record

# The authenticator app's secret and codes: RFC 6238 as every app reads it (django-otp's defaults).
TOTP_SECRET_BYTES = 20
TOTP_STEP = 30
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1  # one step (30 seconds) either way, for clocks that differ a little
ORGANISATIONS_FILE = Path(__file__).resolve().parent / "data" / "organisations.csv"


def load_organisations(organisation_model: Any = Organisation, path: Path = ORGANISATIONS_FILE) -> int:
    """Create the organisations of the data file that are missing; returns how many.

    Existing organisations are left as administrators have edited them. Takes
    the model as an argument so that data migrations can pass the historical one.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    created = 0
    by_code = {org.code: org for org in organisation_model.objects.all()}
    for row in rows:  # parents are listed before their children in the file
        if row["code"] in by_code:
            continue
        parent = by_code[row["parent"]] if row["parent"] else None
        by_code[row["code"]] = organisation_model.objects.create(
            code=row["code"],
            kind=row["kind"],
            parent=parent,
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            name_en=row["name_en"],
            office=row["office"],
        )
        created += 1
    return created


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    roles: list[Role],
    organisation: Organisation | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_demo: bool = False,
    actor: Actor | None = None,
) -> User:
    """A new user with their roles; audited as the actor's act (an operator's command when none is given)."""
    user = User.objects.create_user(
        username=username,
        password=password,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_demo=is_demo,
    )
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    record(
        Action.USER_CREATED,
        actor or Actor.system(),
        obj=user,
        changes={"after": {"username": username, "roles": sorted(roles)}},
    )
    return user


def set_preferred_language(actor: Actor, language: str) -> None:
    """Remember the signed-in user's interface language (nothing to remember for anonymous visitors)."""
    user = actor.user
    if user is not None and user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        record(
            Action.UPDATE,
            actor,
            obj=user,
            changes={"before": {"language": before}, "after": {"language": language}},
        )


def new_totp_secret() -> str:
    """A fresh secret for an authenticator app (hex, as django-otp stores it). Held by the session, not saved."""
    return random_hex(TOTP_SECRET_BYTES)


def totp_code_matches(key: str, token: str) -> int | None:
    """The time step at which `token` is the secret's code (one step of clock drift allowed), else None."""
    if not token.isdigit():
        return None
    totp = TOTP(unhexlify(key.encode()), step=TOTP_STEP, t0=0, digits=TOTP_DIGITS)
    totp.time = time.time()
    return totp.t() if totp.verify(int(token), tolerance=TOTP_TOLERANCE) else None


@transaction.atomic
def enrol_totp_device(actor: Actor, key: str, token: str) -> TOTPDevice:
    """Link the authenticator app that shows `token` for the secret `key` to the actor's account.

    The secret was shown to this session only, a moment ago (the view keeps
    it, with an expiry): nobody who saw another set-up page holds it. Only
    now is a device saved, confirmed; any unconfirmed one is removed.
    """
    user = actor.user
    if user is None:
        raise PermissionDenied("not signed in")
    step = totp_code_matches(key, token)
    if step is None:
        raise ValidationError({"token": _("The code is wrong or has expired. Try the newest code.")})
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(
        user=user, name="Torju", key=key, step=TOTP_STEP, t0=0, digits=TOTP_DIGITS, confirmed=True, last_t=step
    )
    record(Action.SECOND_FACTOR_ENROLLED, actor, obj=user)
    return device


def record_second_factor_passed(actor: Actor) -> None:
    record(Action.SECOND_FACTOR_PASSED, actor)


def record_second_factor_failed(actor: Actor) -> None:
    record(Action.SECOND_FACTOR_FAILED, actor)


def record_password_change(actor: Actor) -> None:
    record(Action.PASSWORD_CHANGED, actor)


@transaction.atomic
def create_service_account(
    *, username: str, roles: list[Role], organisation: Organisation | None, manager: User, actor: Actor
) -> User:
    """A machine client (decision 0075): roles like a person's, no password, its tokens issued by `manager`."""
    if manager.is_service_account:
        raise ValidationError({"manager": _("A service account cannot be responsible for another.")})
    account = User.objects.create_user(
        username=username,
        password=None,  # unusable: and the sign-in backend refuses service accounts whatever they hold
        organisation=organisation,
        is_service_account=True,
        service_manager=manager,
    )
    RoleGrant.objects.bulk_create([RoleGrant(user=account, role=role) for role in roles])
    record(
        Action.USER_CREATED,
        actor,
        obj=account,
        changes={"after": {"username": username, "roles": sorted(roles), "service_account": True}},
    )
    return account


def _managed_by(actor: Actor, account: User) -> User:
    """The actor, when they are the account's responsible person and their session passed the second factor."""
    user = actor.user
    if user is None or not account.is_service_account or account.service_manager_id != user.pk:
        raise PermissionDenied("not the service account's responsible person")
    if not actor.second_factor:
        raise PermissionDenied("API tokens are issued and revoked only after the second factor")
    return user


@transaction.atomic
def issue_api_token(
    actor: Actor, account: User, *, name: str, days: int, access: dict[str, str]
) -> tuple[ApiToken, str]:
    """A new token of the service account, and its text, shown once: only its digest is kept.

    `access` gives each app of TOKEN_APPS its TokenAccess; a token reaches
    at least one app, and a service account whose every role only reads gets
    no write scope.
    """
    issuer = _managed_by(actor, account)
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    scopes = {app: access.get(app, TokenAccess.NONE) for app in TOKEN_APPS}
    if any(value not in TokenAccess.values for value in scopes.values()) or set(access) - set(TOKEN_APPS):
        raise ValidationError(_("Unknown scope."))
    if not any(scopes.values()):
        raise ValidationError(_("Choose what the token may read or write in at least one part of Torju."))
    if only_reads(account) and TokenAccess.WRITE in scopes.values():
        raise ValidationError(_("This service account only reads: its tokens cannot write."))
    if ApiToken.objects.filter(user=account, name=name).exists():
        raise ValidationError({"name": _("This service account already has a token of this name.")})
    token, text = ApiToken.objects.create(  # type: ignore[no-untyped-call]  # knox's manager: (token, text)
        user=account, expiry=timedelta(days=days), name=name, issued_by=issuer, **scopes
    )
    record(
        Action.API_TOKEN_ISSUED,
        actor,
        obj=token,
        changes={"after": {"token": name, "account": account.username, "scopes": token.scopes, "days": days}},
    )
    return token, text


@transaction.atomic
def revoke_api_token(actor: Actor, token: ApiToken) -> ApiToken:
    """Refuse the token from now on; it stays, with who revoked it and when, for the audit trail's sake."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    revoker = _managed_by(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = revoker
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(Action.API_TOKEN_REVOKED, actor, obj=token, changes={"token": token.name})
    return token
