"""The advisers' pages of consultation cases: the list, the case, its summary, closing, screening indicators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.codes.selectors import label
from torju.concurrency import EditConflictError
from torju.helpline import selectors
from torju.helpline.forms import CaseForm, CloseCaseForm, IndicatorForm
from torju.helpline.models import CaseStatus, ConsultationCase
from torju.helpline.permissions import ADVISE, visible_cases
from torju.helpline.services import cases as services
from torju.helpline.views.common import (
    PAGE_SIZE,
    actor_of,
    conflict_page,
    form_page,
    form_values,
    saved_at,
    show_warnings,
    user_of,
)
from torju.register.forms import apply_errors


def _case(request: HttpRequest, pk: int) -> ConsultationCase:
    return get_object_or_404(visible_cases(user_of(request)).prefetch_related("advisers"), pk=pk)


def _back(case: ConsultationCase) -> tuple[str, str]:
    return reverse("helpline:case", args=[case.pk]), case.case_number


@access(ADVISE)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    page = Paginator(selectors.cases_for(user_of(request), status), PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_list_view(
        actor_of(request), ConsultationCase._meta.label_lower, shown=len(page.object_list), criteria={"status": status}
    )
    return render(
        request,
        "helpline/cases.html",
        {"page": page, "status": status, "statuses": CaseStatus.choices, "query": f"status={status}"},
    )


@access(ADVISE)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = actor_of(request)
    services.record_case_view(actor, case)
    referrals = [
        (referral, selectors.application_link(actor, referral), selectors.overdue(referral))
        for referral in selectors.case_referrals(case)
    ]
    return render(
        request,
        "helpline/case_detail.html",
        {
            "case": case,
            "contacts": selectors.case_contacts(case),
            "indicator_groups": selectors.indicator_groups(selectors.ticked_indicators(case)),
            "referrals": referrals,
            "led_to_application": any(link is not None for _referral, link, _overdue in referrals),
            "is_closed": case.status == CaseStatus.CLOSED,
            "today": timezone.localdate(),
        },
    )


def _case_values(case: ConsultationCase) -> list[tuple[str, object]]:
    return [(_("Status"), case.get_status_display()), (_("Summary"), case.summary), saved_at(case.updated_at)]


@access(ADVISE)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = actor_of(request)
    title = _("Summary and status of %(case)s") % {"case": case.case_number}
    if request.method != "POST":
        services.record_case_view(actor, case)
        form = CaseForm(initial={"status": case.status, "summary": case.summary, "revision": case.revision})
        return form_page(request, form, title=title, submit=_("Save"), back=_back(case))
    form = CaseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.update_case(
                actor, case, revision=data["revision"], status=data["status"], summary=data["summary"]
            )
        except EditConflictError as conflict:
            current: ConsultationCase = conflict.current
            return conflict_page(
                request,
                title=_("Somebody saved this case while you were editing"),
                saved=_case_values(current),
                mine=form_values(form),
                form=CaseForm(initial={**data, "revision": current.revision}),
                action=reverse("helpline:case_edit", args=[case.pk]),
                back=_back(case),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case was saved."))
            show_warnings(request, saved.warnings)
            return redirect("helpline:case", pk=case.pk)
    return form_page(request, form, title=title, submit=_("Save"), back=_back(case))


@access(ADVISE)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = CloseCaseForm(request.POST or None, initial={"revision": case.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.close_case(
                actor_of(request),
                case,
                revision=data["revision"],
                outcome=data["outcome"],
                reason_for_case_closure=data["reason_for_case_closure"],
            )
        except EditConflictError:
            messages.error(request, _("Somebody changed the case meanwhile: check it and close it again."))
            return redirect("helpline:case", pk=case.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The case was closed: %(outcome)s.") % {"outcome": label("consultation_outcome", data["outcome"])},
            )
            show_warnings(request, saved.warnings)
            return redirect("helpline:case", pk=case.pk)
    return form_page(
        request,
        form,
        title=_("Close %(case)s") % {"case": case.case_number},
        submit=_("Close the case"),
        back=_back(case),
        intro=_("Closing asks for the outcome of the consultation. A closed case can be reopened."),
    )


@access(ADVISE)
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        services.reopen_case(actor_of(request), case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The case was reopened."))
    return redirect("helpline:case", pk=case.pk)


@access(ADVISE)
@require_POST
def case_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """The screening checklist as ticked now."""
    case = _case(request, pk)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("indicators", []):
            messages.error(request, f"{form.fields['indicators'].label}: {error}")
        return redirect("helpline:case", pk=case.pk)
    try:
        services.set_indicators(actor_of(request), case, tuple(form.cleaned_data["indicators"]))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The screening indicators were saved."))
    return redirect(reverse("helpline:case", args=[case.pk]) + "#indicators")
