"""What the programme's pages share."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from torju.accounts.models import User
from torju.programme.forms.common import show_refusal
from torju.programme.models import Programme

T = TypeVar("T")


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def programme_or_404(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def act(request: HttpRequest, do: Callable[[], object], *, done: str, back: str) -> HttpResponse:
    """Run a service's action for a POST button: on success say `done`, on a refusal of the data say why;
    either way go back to the page `back` (a URL). PermissionDenied rises to the 403 page."""
    try:
        do()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
    *,
    save: Callable[[dict[str, Any]], T],
    done: str,
    then: Callable[[T], str],
) -> HttpResponse:
    """A form's page: GET shows it; a valid POST calls `save` with the cleaned data and goes to `then(saved)`;
    the service's refusal is shown at the fields it names (400), as are the form's own errors."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect(then(saved))
    return render(request, template, {**context, "form": form}, status=400 if request.method == "POST" else 200)


def say_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """A small form's errors (a button's form on another page) as messages, "<label>: <message>"."""
    for field, problems in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for problem in problems:
            messages.error(request, f"{label}: {problem}" if label else str(problem))
