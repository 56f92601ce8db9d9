"""What the helpline's pages share."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.helpline.anonymity import TextCheck

PAGE_SIZE = 50


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def actor_of(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


def show_warnings(request: HttpRequest, check: TextCheck) -> None:
    """The free text was saved; what in it looks like a phone number is told, to be removed if it is a person's."""
    for message in check.messages():
        messages.warning(request, message)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    back: tuple[str, str] | None = None,
    intro: str = "",
    status: int | None = None,
) -> HttpResponse:
    """A page with one form; `back` is (address, text) of the page it belongs to."""
    if status is None:
        status = 400 if request.method == "POST" else 200
    return render(
        request,
        "helpline/form_page.html",
        {"form": form, "title": title, "submit": submit, "back": back, "intro": intro},
        status=status,
    )


def conflict_page(
    request: HttpRequest,
    *,
    title: str,
    saved: list[tuple[str, Any]],
    mine: list[tuple[str, Any]],
    form: forms.Form,
    action: str,
    back: tuple[str, str],
) -> HttpResponse:
    """409: the record as saved beside what the user sent, and the user's values to send again."""
    return render(
        request,
        "helpline/conflict.html",
        {"title": title, "saved": saved, "mine": mine, "form": form, "action": action, "back": back},
        status=409,
    )


def form_values(form: forms.Form) -> list[tuple[str, Any]]:
    """What the user sent, as (label, value) rows; a choice shown by its label."""
    rows = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        value = form.cleaned_data.get(name)
        if isinstance(field, forms.ChoiceField):
            labels = {str(code): text for code, text in field.choices}  # type: ignore[misc,union-attr]
            chosen = value if isinstance(value, list) else [value] if value else []
            value = ", ".join(str(labels.get(str(code), code)) for code in chosen)
        rows.append((str(field.label), value))
    return rows


def saved_at(updated_at: Any) -> tuple[str, str]:
    return (_("Saved at"), timezone.localtime(updated_at).strftime("%d.%m.%Y %H:%M"))
