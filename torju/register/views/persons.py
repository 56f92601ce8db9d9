"""The register's pages of persons: the exact search, new applicants and applications, a person's record."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.actor import Actor, unlock
from torju.concurrency import EditConflictError
from torju.register import by_id, selectors, services
from torju.register.forms import ApplicationForm, NewApplicationForm, PersonForm, PersonSearchForm, apply_errors
from torju.register.models import Person
from torju.register.permissions import (
    USE_REGISTER,
    is_known_elsewhere,
    offers_person_edit,
    office_of,
    registers_applications,
    visible_applications,
)
from torju.register.views.common import form_page, form_values, signed_in_user, visible_person
from torju.throttling import PERSON_SEARCH, throttled


@access(USE_REGISTER)
@throttled(PERSON_SEARCH)
def person_search(request: HttpRequest) -> HttpResponse:
    # POST, so that identity codes and names stay out of addresses, browser history and server logs.
    form = PersonSearchForm(request.POST or None)
    actor = Actor.from_request(request)
    matches: list[selectors.PersonMatch] | None = None
    if form.is_bound and form.is_valid():
        search = selectors.PersonSearch(**form.cleaned_data)
        try:
            matches = services.search_persons(actor=actor, search=search)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            for kind, found in services.unlocked_by_search(search, matches).items():
                unlock(request, kind, found)
    return render(
        request,
        "register/person_search.html",
        {"form": form, "matches": matches, "can_register": registers_applications(actor)},
        status=400 if form.is_bound and form.errors else 200,
    )


@access(USE_REGISTER)
def applicant_new(request: HttpRequest) -> HttpResponse:
    """A first application: the person's details and the application on one page."""
    person_form = PersonForm(request.POST or None, prefix="person")
    application_form = ApplicationForm(
        request.POST or None, prefix="application", initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and person_form.is_valid() and application_form.is_valid():
        data = application_form.cleaned_data
        try:
            application = services.register_new_applicant(
                actor=Actor.from_request(request),
                details=person_form.details(),
                received_on=data["received_on"],
                source=data["source"],
                residence_status=data["residence_status"],
            )
        except ValidationError as error:
            apply_errors(person_form, error)
        else:
            messages.success(
                request, _("The application was registered as %(case)s.") % {"case": application.case_number}
            )
            return redirect("register:application", pk=application.pk)
    return render(
        request,
        "register/applicant_form.html",
        {"person_form": person_form, "application_form": application_form},
        status=400 if request.method == "POST" else 200,
    )


@access(USE_REGISTER)
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new application of a person registered before: one the user sees, or found by the search at any office.

    A person known only at other offices takes a reason (the form asks for it).
    """
    actor = Actor.from_request(request)
    person = by_id.applicant(actor, pk)
    form = NewApplicationForm(
        request.POST or None,
        initial={"received_on": timezone.localdate()},
        needs_reason=is_known_elsewhere(actor, person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.register_application(
                actor=actor,
                person=person,
                received_on=data["received_on"],
                office=office_of(signed_in_user(request)),
                source=data["source"],
                residence_status=data["residence_status"],
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The application was registered as %(case)s.") % {"case": application.case_number}
            )
            return redirect("register:application", pk=application.pk)
    return form_page(
        request,
        form,
        title=_("New application of %(person)s") % {"person": person.person_id},
        submit=_("Register the application"),
        status=400 if request.method == "POST" else 200,
    )


@access(USE_REGISTER)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    person = visible_person(request, pk)
    services.record_person_view(actor=actor, person=person)
    visible = visible_applications(actor)
    return render(
        request,
        "register/person_detail.html",
        {
            "person": person,
            "identifiers": person.read_identifiers(),
            "applications": visible.filter(person=person).order_by("-received_on"),
            "other_applications": person.applications.exclude(pk__in=visible.values("pk")).count(),
            "children": selectors.children_of(person),
            "can_edit": offers_person_edit(actor, person),
        },
    )


@access(USE_REGISTER)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    person = visible_person(request, pk)
    if request.method != "POST":
        services.record_person_view(actor=actor, person=person)
        form = PersonForm(initial=PersonForm.initial_of(person))
        return form_page(
            request, form, title=_("Edit person %(person)s") % {"person": person.person_id}, submit=_("Save")
        )
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            services.update_person(
                actor=actor,
                person=person,
                revision=form.cleaned_data["revision"] or 0,
                details=form.details(),
            )
        except EditConflictError as conflict:
            current: Person = conflict.current
            services.record_person_view(actor=actor, person=current)  # the saved identifiers
            return render(
                request,
                "register/conflict.html",
                {
                    "title": _("Somebody saved this person while you were editing"),
                    "saved": _person_values(current),
                    "mine": form_values(form),
                    "form": PersonForm(initial={**form.cleaned_data, "revision": current.revision}),
                    "action": reverse("register:person_edit", args=[person.pk]),
                },
                status=409,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The person's details were saved."))
            return redirect("register:person", pk=person.pk)
    return form_page(
        request, form, title=_("Edit person %(person)s") % {"person": person.person_id}, submit=_("Save"), status=400
    )


def _person_values(person: Person) -> list[tuple[str, Any]]:
    """The saved details as (label, value) rows, for the conflict page."""
    form = PersonForm()
    values = PersonForm.initial_of(person)
    rows = [(str(field.label), values[name]) for name, field in form.fields.items() if name != "revision"]
    return [*rows, (_("Saved at"), timezone.localtime(person.updated_at).strftime("%d.%m.%Y %H:%M"))]
