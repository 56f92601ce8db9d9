"""Writes of the accounts app: users, roles, second factor, language preference."""

import csv
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from torju.accounts.models import Organisation, Role, RoleGrant, User
from torju.actor import legacy_actor
from torju.audit.models import Action
from torju.audit.services import record

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
) -> User:
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
        Action.USER_CREATED, legacy_actor(), obj=user, changes={"after": {"username": username, "roles": sorted(roles)}}
    )
    return user


def set_preferred_language(request: HttpRequest, language: str) -> None:
    user = request.user
    if user.is_authenticated and isinstance(user, User) and user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        record(
            Action.UPDATE,
            legacy_actor(request=request),
            obj=user,
            changes={"before": {"language": before}, "after": {"language": language}},
        )


def unconfirmed_totp_device(user: User) -> TOTPDevice:
    """The device being enrolled: reused until confirmed so the QR code stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Torju", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(request: HttpRequest, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    record(Action.SECOND_FACTOR_ENROLLED, legacy_actor(request=request), obj=device.user)


def pass_second_factor(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    record(Action.SECOND_FACTOR_PASSED, legacy_actor(request=request))


def fail_second_factor(request: HttpRequest) -> None:
    record(Action.SECOND_FACTOR_FAILED, legacy_actor(request=request))


def record_password_change(request: HttpRequest) -> None:
    record(Action.PASSWORD_CHANGED, legacy_actor(request=request))
