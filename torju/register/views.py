"""The caseworkers' pages of the assistance register: work lists, persons, cases.

Thin: each view finds the record through the permission-aware selectors
(a record the user may not see is "not found"), parses a form and calls one
service. Services check the rules again and write the audit trail.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.models import Role, User
from torju.accounts.permissions import access, has_role
from torju.actor import Actor, unlock
from torju.codes.selectors import label
from torju.concurrency import EditConflictError
from torju.documents.forms import DocumentForm
from torju.documents.views import prepare
from torju.register import selectors, services
from torju.register.document_jobs import REGISTER_EXTRACT
from torju.register.forms import (
    ApplicationForm,
    AssignForm,
    CaseFilterForm,
    ChildForm,
    CloseForm,
    DecisionDraftForm,
    EndClienthoodForm,
    EndDateForm,
    EventForm,
    NeedsAssessmentForm,
    NewApplicationForm,
    PersonForm,
    PersonSearchForm,
    ReasonForm,
    ReflectionPeriodForm,
    ServiceForm,
    apply_errors,
    person_details,
)
from torju.register.models import POSITIVE, Application, ExploitationEvent, Person, ServiceProvided
from torju.register.permissions import (
    EXTRACT_REGISTER,
    FOUND_PERSONS,
    OPENED_CASES,
    USE_REGISTER,
    applicants_to_apply_for,
    can_break_glass,
    can_see_application,
    case_abilities,
    is_known_elsewhere,
    offers_person_edit,
    office_of,
    open_draft_of,
    registers_applications,
    visible_applications,
    visible_persons,
)
from torju.throttling import PERSON_SEARCH, throttled

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _case(request: HttpRequest, pk: int) -> Application:
    """A case the user may open now; any other is "not found"."""
    return get_object_or_404(visible_applications(Actor.from_request(request)).select_related("person"), pk=pk)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(visible_persons(Actor.from_request(request)), pk=pk)


def _work_list_titles() -> list[tuple[str, str]]:
    # Translated when the page is rendered, in the user's language.
    titles = {
        selectors.WorkList.MINE: _("My cases"),
        selectors.WorkList.UNDECIDED: _("Waiting for a decision"),
        selectors.WorkList.TO_CONFIRM: _("Waiting for confirmation"),
        selectors.WorkList.REFLECTION_ENDING: _("Reflection periods ending in 14 days"),
        selectors.WorkList.NO_RECENT_SERVICE: _("No service in 90 days"),
        selectors.WorkList.ALL: _("All cases"),
    }
    return [(name, titles[name]) for name in selectors.WorkList.CHOICES]


@access(USE_REGISTER)
def home(request: HttpRequest) -> HttpResponse:
    """The work lists, with search and filters in the URL."""
    user = _user(request)
    default = selectors.WorkList.TO_CONFIRM if has_role(user, Role.DECISION_MAKER) else selectors.WorkList.MINE
    name = request.GET.get("list", default)
    if name not in selectors.WorkList.CHOICES:
        name = default
    form = CaseFilterForm(request.GET or None)
    cases = selectors.filter_cases(
        selectors.work_list(Actor.from_request(request), name, today=timezone.localdate()), form.criteria()
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/home.html",
        {
            "lists": _work_list_titles(),
            "current_list": name,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": registers_applications(Actor.from_request(request)),
        },
    )


@access(USE_REGISTER)
@throttled(PERSON_SEARCH)
def person_search(request: HttpRequest) -> HttpResponse:
    # POST, so that identity codes and names stay out of addresses, browser history and server logs.
    form = PersonSearchForm(request.POST or None)
    actor = Actor.from_request(request)
    matches: list[selectors.PersonMatch] | None = None
    if form.is_bound and form.is_valid():
        try:
            matches = services.search_persons(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            unlock(request, FOUND_PERSONS, [match.person.person_id for match in matches])
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
            return redirect("register:case", pk=application.pk)
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
    person = get_object_or_404(applicants_to_apply_for(actor), pk=pk)
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
                office=office_of(_user(request)),
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
            return redirect("register:case", pk=application.pk)
    return _form_page(
        request,
        form,
        title=_("New application of %(person)s") % {"person": person.person_id},
        submit=_("Register the application"),
        status=400 if request.method == "POST" else 200,
    )


@access(USE_REGISTER)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    person = _person(request, pk)
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
    person = _person(request, pk)
    if request.method != "POST":
        services.record_person_view(actor=actor, person=person)
        form = PersonForm(initial=PersonForm.initial_of(person))
        return _form_page(
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
                    "mine": _form_values(form),
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
    return _form_page(
        request, form, title=_("Edit person %(person)s") % {"person": person.person_id}, submit=_("Save"), status=400
    )


def _person_values(person: Person) -> list[tuple[str, Any]]:
    """The saved details as (label, value) rows, for the conflict page."""
    form = PersonForm()
    values = PersonForm.initial_of(person)
    rows = [(str(field.label), values[name]) for name, field in form.fields.items() if name != "revision"]
    return [*rows, (_("Saved at"), timezone.localtime(person.updated_at).strftime("%d.%m.%Y %H:%M"))]


def _form_values(form: forms.Form) -> list[tuple[str, Any]]:
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


def _case_values(application: Application) -> list[tuple[str, Any]]:
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


def _case_conflict(request: HttpRequest, current: Application, mine: forms.Form, retry: forms.Form) -> HttpResponse:
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
            "saved": _case_values(Application.objects.select_related("assigned_to").get(pk=current.pk)),
            "mine": _form_values(mine),
            "form": retry,
            "action": request.path,
            "application": current,
        },
        status=409,
    )


@access(USE_REGISTER)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case; another office's case first asks for a reason (break-glass)."""
    actor = Actor.from_request(request)
    application = get_object_or_404(Application.objects.select_related("person", "assigned_to"), pk=pk)
    if not can_see_application(actor, application):
        if not can_break_glass(actor, application):
            raise Http404
        return render(request, "register/break_glass.html", {"application": application, "form": ReasonForm()})
    services.record_case_view(actor=actor, application=application)
    drafts = application.decision_drafts.select_related("drafted_by", "confirmed_by")
    caseworkers = selectors.caseworkers_of(application.office)
    return render(
        request,
        "register/case_detail.html",
        {
            "application": application,
            "person": application.person,
            "identifiers": application.person.read_identifiers(),
            "events": application.exploitation_events.all(),
            "drafts": drafts,
            "open_draft": open_draft_of(application),
            "reflection_periods": [
                (period, selectors.reflection_period_end(period)) for period in application.reflection_periods.all()
            ],
            "services_provided": application.services_provided.all(),
            "children": selectors.children_of(application.person),
            "assessments": application.needs_assessments.select_related("person", "assessed_by"),
            "timeline": selectors.timeline(application),
            "abilities": case_abilities(actor, application),
            "is_client": application.decision == POSITIVE,
            "assign_form": AssignForm(
                caseworkers, initial={"assigned_to": application.assigned_to_id, "revision": application.revision}
            ),
            "reject_form": ReasonForm(),
            "end_date_form": EndDateForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@access(USE_REGISTER)
@require_POST
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Break-glass: the reason is recorded, flagged for the auditor, and the case opens for this session."""
    actor = Actor.from_request(request)
    application = get_object_or_404(Application, pk=pk)
    if not can_break_glass(actor, application) and not can_see_application(actor, application):
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.open_with_reason(actor=actor, application=application, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            unlock(request, OPENED_CASES, application.case_number)
            return redirect("register:case", pk=application.pk)
    return render(request, "register/break_glass.html", {"application": application, "form": form}, status=400)


CaseAction = Callable[[Actor, Application, dict[str, Any]], object]


def _case_form(
    request: HttpRequest,
    pk: int,
    form_class: Callable[..., forms.Form],
    act: CaseAction,
    *,
    title: str,
    submit: str,
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """The common shape of a case's small forms: show, validate, call one service, back to the case."""
    application = _case(request, pk)
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            act(Actor.from_request(request), application, form.cleaned_data)
        except EditConflictError as conflict:
            return _case_conflict(request, conflict.current, form, form_class(initial={**form.cleaned_data}))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("register:case", pk=application.pk)
    return _form_page(
        request,
        form,
        title=title,
        submit=submit,
        application=application,
        status=400 if request.method == "POST" else 200,
    )


def _calling(service: Callable[..., object]) -> CaseAction:
    """A case action that passes the form's cleaned data to the service as keyword arguments."""
    return lambda actor, application, data: service(actor=actor, application=application, **data)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    application: Application | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "register/form_page.html",
        {"form": form, "title": title, "submit": submit, "application": application},
        status=status,
    )


@access(USE_REGISTER)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    title = _("Edit application %(case)s") % {"case": application.case_number}
    if request.method != "POST":
        form = ApplicationForm(
            initial={
                "received_on": application.received_on,
                "source": application.source,
                "residence_status": application.residence_status,
                "revision": application.revision,
            }
        )
        return _form_page(
            request,
            form,
            title=title,
            submit=_("Save"),
            application=application,
        )
    form = ApplicationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_application(
                actor=Actor.from_request(request),
                application=application,
                revision=data["revision"] or 0,
                received_on=data["received_on"],
                source=data["source"],
                residence_status=data["residence_status"],
            )
        except EditConflictError as conflict:
            return _case_conflict(request, conflict.current, form, ApplicationForm(initial={**data}))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("register:case", pk=application.pk)
    return _form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        application=application,
        status=400,
    )


@access(USE_REGISTER)
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    caseworkers = selectors.caseworkers_of(application.office)
    form = AssignForm(caseworkers, request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["assigned_to"]
        try:
            services.assign_application(
                actor=Actor.from_request(request),
                application=application,
                assignee_id=int(chosen) if chosen else None,
                revision=form.cleaned_data["revision"],
            )
        except EditConflictError as conflict:
            return _case_conflict(
                request, conflict.current, form, AssignForm(caseworkers, initial={"assigned_to": chosen})
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The case was assigned."))
    else:
        messages.error(request, _("Assigned to: choose from the list."))
    return redirect("register:case", pk=application.pk)


@access(USE_REGISTER)
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        EventForm,
        _calling(services.add_exploitation_event),
        title=_("Add an exploitation event"),
        submit=_("Add"),
        done=_("The exploitation event was added."),
    )


@access(USE_REGISTER)
@require_POST
def event_delete(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    application = _case(request, pk)
    event = get_object_or_404(ExploitationEvent, pk=event_pk, application=application)
    services.remove_exploitation_event(actor=Actor.from_request(request), event=event)
    messages.success(request, _("The exploitation event was removed."))
    return redirect("register:case", pk=application.pk)


@access(USE_REGISTER)
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        DecisionDraftForm,
        _calling(services.draft_decision),
        title=_("Draft a decision"),
        submit=_("Send for confirmation"),
        done=_("The decision draft waits for a decision maker's confirmation."),
        initial={"decided_on": timezone.localdate()},
    )


@access(USE_REGISTER)
@require_POST
def decision_confirm(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    application = _case(request, pk)
    try:
        services.confirm_decision(actor=Actor.from_request(request), application=application, draft_id=draft_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision was confirmed."))
    return redirect("register:case", pk=application.pk)


@access(USE_REGISTER)
@require_POST
def decision_reject(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    application = _case(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reason: tell the drafter why the draft was rejected."))
        return redirect("register:case", pk=application.pk)
    try:
        services.reject_decision_draft(
            actor=Actor.from_request(request),
            application=application,
            draft_id=draft_pk,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draft was returned to the caseworker."))
    return redirect("register:case", pk=application.pk)


@access(USE_REGISTER)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        CloseForm,
        _calling(services.close_without_decision),
        title=_("Record a withdrawn or lapsed application"),
        submit=_("Save"),
        done=_("The application was closed."),
        initial={"on": timezone.localdate()},
    )


@access(USE_REGISTER)
def reflection_period_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        ReflectionPeriodForm,
        _calling(services.grant_reflection_period),
        title=_("Grant a reflection period"),
        submit=_("Save"),
        done=_("The reflection period was recorded."),
        initial={"granted_on": timezone.localdate()},
    )


@access(USE_REGISTER)
def service_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        ServiceForm,
        _calling(services.add_service),
        title=_("Add a service"),
        submit=_("Add"),
        done=_("The service was added."),
        initial={"started_on": timezone.localdate()},
    )


def _end_on_a_date(
    request: HttpRequest, application: Application, end: Callable[[date], object], done: str
) -> HttpResponse:
    """The case page's small "ended on" forms: one date, one service call, a message, back to the case."""
    form = EndDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ended on: enter a valid date."))
    else:
        try:
            end(form.cleaned_data["ended_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("register:case", pk=application.pk)


@access(USE_REGISTER)
@require_POST
def service_end(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    application = _case(request, pk)
    provided = get_object_or_404(ServiceProvided, pk=service_pk, application=application)
    return _end_on_a_date(
        request,
        application,
        lambda ended_on: services.end_service(actor=Actor.from_request(request), provided=provided, ended_on=ended_on),
        _("The service was ended."),
    )


@access(USE_REGISTER)
def child_new(request: HttpRequest, pk: int) -> HttpResponse:
    def act(actor: Actor, application: Application, data: dict[str, Any]) -> object:
        return services.add_child(
            actor=actor, application=application, details=person_details(data), joined_on=data["joined_on"]
        )

    return _case_form(
        request,
        pk,
        ChildForm,
        act,
        title=_("Add the client's minor child"),
        submit=_("Add"),
        done=_("The child was added as a client."),
        initial={"joined_on": timezone.localdate()},
    )


@access(USE_REGISTER)
@require_POST
def child_left(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    application = _case(request, pk)
    child = get_object_or_404(Person, pk=child_pk, parent=application.person)
    return _end_on_a_date(
        request,
        application,
        lambda left_on: services.end_child_clienthood(
            actor=Actor.from_request(request), application=application, child=child, left_on=left_on
        ),
        _("The child's clienthood was ended."),
    )


@access(USE_REGISTER)
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    persons = selectors.assessable_persons(application)
    choices = [(person.pk, _person_label(person)) for person in persons]  # decrypted names: audited as a view
    services.record_case_view(actor=Actor.from_request(request), application=application)

    def form_class(*args: Any, **kwargs: Any) -> forms.Form:
        return NeedsAssessmentForm(choices, *args, **kwargs)

    def act(actor: Actor, case: Application, data: dict[str, Any]) -> object:
        return services.record_needs_assessment(
            actor=actor,
            application=case,
            person_id=int(data["person"]),
            assessed_on=data["assessed_on"],
            needs=list(data["needs"]),
            notes=data["notes"],
        )

    return _case_form(
        request,
        pk,
        form_class,
        act,
        title=_("Service needs assessment"),
        submit=_("Save"),
        done=_("The assessment was saved."),
        initial={"assessed_on": timezone.localdate()},
    )


def _person_label(person: Person) -> str:
    names = person.read_identifiers()
    full_name = f"{names.first_names} {names.last_name}".strip()
    return f"{full_name} ({person.person_id})" if full_name else person.person_id


@access(USE_REGISTER)
def clienthood_end(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    return _case_form(
        request,
        pk,
        EndClienthoodForm,
        lambda actor, case, data: services.end_clienthood(
            actor=actor,
            application=case,
            revision=data["revision"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
        ),
        title=_("End the clienthood"),
        submit=_("End the clienthood"),
        done=_("The clienthood was ended."),
        initial={"ended_on": timezone.localdate(), "revision": application.revision},
    )


@access(EXTRACT_REGISTER)
def extract(request: HttpRequest) -> HttpResponse:
    """The pseudonymous extract in the exchange format (no direct identifiers), for analysts.

    GET: what it holds, and the button; POST: queue it (a document job), go to its page.
    """
    form = DocumentForm(REGISTER_EXTRACT.content_types, request.POST if request.method == "POST" else None)
    form.fields["language"].widget = forms.HiddenInput()  # the exchange format is the same in every language
    return prepare(request, kind=REGISTER_EXTRACT, form=form, subject="", parameters=lambda _data: {})
