"""The register's pages of a case: the case, break-glass, the application's changes, assignment, decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor, unlock
from torju.concurrency import EditConflictError
from torju.register import by_id, selectors, services
from torju.register.forms import (
    ApplicationForm,
    AssignForm,
    CloseForm,
    DecisionDraftForm,
    EndDateForm,
    ReasonForm,
    apply_errors,
)
from torju.register.models import POSITIVE
from torju.register.permissions import (
    OPENED_APPLICATIONS,
    USE_REGISTER,
    WRITING_REASONS,
    application_abilities,
    can_see_application,
    open_draft_of,
)
from torju.register.timeline import timeline
from torju.register.views.common import (
    application_conflict,
    application_form_page,
    calling,
    form_page,
    report_outcome,
    visible_application,
)


@access(USE_REGISTER)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case; another office's case first asks for a reason (break-glass)."""
    actor = Actor.from_request(request)
    application = by_id.reachable_application(actor, pk)  # another office's case unidentified: "not found"
    if not can_see_application(actor, application):
        return render(request, "register/break_glass.html", {"application": application, "form": ReasonForm()})
    services.record_application_view(actor=actor, application=application)
    selectors.read_case_rows(application)
    caseworkers = selectors.caseworkers_of(application.office)
    return render(
        request,
        "register/application_detail.html",
        {
            "application": application,
            "person": application.person,
            "identifiers": application.person.read_identifiers(),
            "events": application.exploitation_events.all(),
            "drafts": application.decision_drafts.all(),
            "open_draft": open_draft_of(application),
            "reflection_periods": [
                (period, selectors.reflection_period_end(period)) for period in application.reflection_periods.all()
            ],
            "services_provided": application.services_provided.all(),
            "children": selectors.children_of(application.person),
            "assessments": application.needs_assessments.select_related("person", "assessed_by"),
            "summary": selectors.case_summary(application),
            "timeline": timeline(application),
            "abilities": application_abilities(actor, application),
            "is_client": application.decision == POSITIVE,
            "assign_form": AssignForm(
                caseworkers, initial={"assigned_to": application.assigned_to_id, "revision": application.revision}
            ),
            "reject_form": ReasonForm(),
            "write_form": ReasonForm(auto_id="write_%s"),
            "end_date_form": EndDateForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@access(USE_REGISTER)
@require_POST
def application_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Break-glass: the reason is recorded, flagged for the auditor, and the case opens for this session."""
    actor = Actor.from_request(request)
    application = by_id.reachable_application(actor, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.open_with_reason(actor=actor, application=application, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            unlock(request, OPENED_APPLICATIONS, application.case_number)
            return redirect("register:application", pk=application.pk)
    return render(request, "register/break_glass.html", {"application": application, "form": form}, status=400)


@access(USE_REGISTER)
@require_POST
def application_open_for_writing(request: HttpRequest, pk: int) -> HttpResponse:
    """Break-glass is read-only: a second reason, for writing on the case; every write then is flagged."""
    actor = Actor.from_request(request)
    application = visible_application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reason: tell why you need to write on this case."))
        return redirect("register:application", pk=application.pk)
    try:
        key = services.open_for_writing(actor=actor, application=application, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        unlock(request, WRITING_REASONS, key)
        messages.success(request, _("You may now write on this case. Every change is shown to the auditor."))
    return redirect("register:application", pk=application.pk)


@access(USE_REGISTER)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
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
        return form_page(
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
            return application_conflict(request, conflict.current, form, ApplicationForm(initial={**data}))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("register:application", pk=application.pk)
    return form_page(
        request,
        form,
        title=title,
        submit=_("Save"),
        application=application,
        status=400,
    )


@access(USE_REGISTER)
@require_POST
def application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
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
            return application_conflict(
                request, conflict.current, form, AssignForm(caseworkers, initial={"assigned_to": chosen})
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The case was assigned."))
    else:
        messages.error(request, _("Assigned to: choose from the list."))
    return redirect("register:application", pk=application.pk)


@access(USE_REGISTER)
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft for a decision maker; with no exploitation event on the case, the first send asks whether to go on."""
    application = visible_application(request, pk)
    sent = request.method == "POST"
    no_events = sent and not selectors.has_exploitation_events(application)
    form = DecisionDraftForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}, asks_about_events=no_events
    )
    asking = False
    if sent and form.is_valid():
        data = form.cleaned_data
        asking = no_events and not data["without_events"]
        if not asking:
            try:
                services.draft_decision(
                    actor=Actor.from_request(request),
                    application=application,
                    decision=data["decision"],
                    negative_reason=data["negative_reason"],
                    decided_on=data["decided_on"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The decision draft waits for a decision maker's confirmation."))
                return redirect("register:application", pk=application.pk)
    return render(
        request,
        "register/decision_draft.html",
        {
            "form": form,
            "title": _("Draft a decision"),
            "submit": _("Send for confirmation"),
            "application": application,
            "asks_about_events": no_events,  # shown with its box whenever the box is on the form
        },
        status=400 if sent and not asking else 200,
    )


@access(USE_REGISTER)
@require_POST
def decision_confirm(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    report_outcome(
        request,
        lambda: services.confirm_decision(
            actor=Actor.from_request(request), application=application, draft_id=draft_pk
        ),
        _("The decision was confirmed."),
    )
    return redirect("register:application", pk=application.pk)


@access(USE_REGISTER)
@require_POST
def decision_reject(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reason: tell the drafter why the draft was rejected."))
        return redirect("register:application", pk=application.pk)
    report_outcome(
        request,
        lambda: services.reject_decision_draft(
            actor=Actor.from_request(request),
            application=application,
            draft_id=draft_pk,
            reason=form.cleaned_data["reason"],
        ),
        _("The draft was returned to the caseworker."),
    )
    return redirect("register:application", pk=application.pk)


@access(USE_REGISTER)
def application_close(request: HttpRequest, pk: int) -> HttpResponse:
    return application_form_page(
        request,
        pk,
        CloseForm,
        calling(services.close_without_decision),
        title=_("Record a withdrawn or lapsed application"),
        submit=_("Save"),
        done=_("The application was closed."),
        initial={"on": timezone.localdate()},
    )
