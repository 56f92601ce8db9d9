"""What the register's pages share: finding what the user may see, a form's page, the conflict page, small forms."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.codes.selectors import label
from torju.concurrency import EditConflictError
from torju.register import by_id
from torju.register.forms import EndDateForm, apply_errors
from torju.register.models import Application, Person

PAGE_SIZE = 50


def signed_in_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def visible_application(request: HttpRequest, pk: int) -> Application:
    """A case the user may open now; any other is "not found" (torju.register.by_id)."""
    return by_id.visible_application(Actor.from_request(request), pk)


def visible_person(request: HttpRequest, pk: int) -> Person:
    return by_id.visible_person(Actor.from_request(request), pk)


def form_values(form: forms.Form) -> list[tuple[str, Any]]:
    """What the user sent, as (label, value) rows; a choice shown by its label."""
    rows = []
    for name, field in form.fields.items():
        if name == "revision" or isinstance(field.widget, forms.HiddenInput):
            continue
        value = form.cleaned_data.get(name)
        if isinstance(field, forms.ChoiceField):
            labels = {str(code): text for code, text in field.choices}  # type: ignore[misc,union-attr]
            chosen = value if isinstance(value, list) else [value] if value else []
            value = ", ".join(str(labels.get(str(code), code)) for code in chosen)
        rows.append((str(field.label), value))
    return rows


def application_values(application: Application) -> list[tuple[str, Any]]:
    """The saved case as (label, value) rows, for the conflict page: what anyone may have changed meanwhile."""
    decision = label("decision", application.decision) if application.decision else _("Pending")
    rows: list[tuple[str, Any]] = [
        (_("Received on"), application.received_on),
        (_("Submitted by"), label("application_source", application.source)),
        (_("Residence status"), label("residence_status", application.residence_status)),
        (_("Decision"), f"{decision} {application.decided_on:%d.%m.%Y}" if application.decided_on else decision),
    ]
    if application.clienthood_ended_on:
        rows.append((_("Clienthood ended"), f"{application.clienthood_ended_on:%d.%m.%Y}"))
        rows.append((_("Reason the clienthood ended"), label("end_reason", application.end_reason)))
    assignee = application.assigned_to
    rows.append((_("Assigned to"), (assignee.get_full_name() or assignee.username) if assignee else ""))
    return [*rows, (_("Saved at"), timezone.localtime(application.updated_at).strftime("%d.%m.%Y %H:%M"))]


def application_conflict(
    request: HttpRequest, current: Application, mine: forms.Form, retry: forms.Form
) -> HttpResponse:
    """409: the case as saved beside what the user sent, and `retry` (the user's values) to send again.

    `retry` is given the current revision here, so that saving it again is a
    deliberate choice made after seeing the other version.
    """
    if "revision" in retry.fields:
        retry.initial["revision"] = current.revision
    return render(
        request,
        "register/conflict.html",
        {
            "title": _("Somebody changed this case while you were editing"),
            "saved": application_values(Application.objects.select_related("assigned_to").get(pk=current.pk)),
            "mine": form_values(mine),
            "form": retry,
            "action": request.path,
            "application": current,
        },
        status=409,
    )


ApplicationAction = Callable[[Actor, Application, dict[str, Any]], object]


def application_form_page(
    request: HttpRequest,
    pk: int,
    form_class: Callable[..., forms.Form],
    act: ApplicationAction,
    *,
    title: str,
    submit: str,
    done: str,
    initial: dict[str, Any] | None = None,
    lead: str = "",
    danger: bool = False,
) -> HttpResponse:
    """The common shape of a case's small forms: show, validate, call one service, back to the case.

    `lead` says what the action does before the form; `danger` styles its button as one that cannot be undone.
    """
    application = visible_application(request, pk)
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            act(Actor.from_request(request), application, form.cleaned_data)
        except EditConflictError as conflict:
            return application_conflict(request, conflict.current, form, form_class(initial={**form.cleaned_data}))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("register:application", pk=application.pk)
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        application=application,
        status=400 if request.method == "POST" else 200,
        lead=lead,
        danger=danger,
    )


def calling(service: Callable[..., object]) -> ApplicationAction:
    """A case action that passes the form's cleaned data to the service as keyword arguments."""
    return lambda actor, application, data: service(actor=actor, application=application, **data)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    application: Application | None = None,
    status: int = 200,
    lead: str = "",
    danger: bool = False,
) -> HttpResponse:
    return render(
        request,
        "register/form_page.html",
        {"form": form, "title": title, "submit": submit, "application": application, "lead": lead, "danger": danger},
        status=status,
    )


def report_outcome(request: HttpRequest, act: Callable[[], object], done: str) -> None:
    """A button of the case page: one service call, then its refusal or `done` as a message on the case page."""
    try:
        act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


def end_on_a_date(
    request: HttpRequest, application: Application, end: Callable[[date], object], done: str
) -> HttpResponse:
    """The case page's small "ended on" forms: one date, one service call, a message, back to the case."""
    form = EndDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ended on: enter a valid date."))
    else:
        report_outcome(request, lambda: end(form.cleaned_data["ended_on"]), done)
    return redirect("register:application", pk=application.pk)
