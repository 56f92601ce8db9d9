"""Referrals, both ends of the loop: advisers send and follow them, an office's caseworkers take them up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.models import Role
from torju.accounts.permissions import access, roles
from torju.concurrency import EditConflictError
from torju.helpline import selectors
from torju.helpline.forms import DeclineForm, FirstResponderReferralForm, OutcomeForm, ReferralForm
from torju.helpline.models import ConsultationCase, Referral, ReferralKind, ReferralStatus
from torju.helpline.permissions import (
    ADVISE,
    REFERRALS,
    can_answer,
    can_record_outcome,
    can_register_application,
    can_withdraw,
    is_adviser,
    receives_referrals_of,
    sees_consultation_of,
    visible_cases,
    visible_referrals,
)
from torju.helpline.services import cases as case_services
from torju.helpline.services import referrals as services
from torju.helpline.services.applications import application_source
from torju.helpline.views.common import PAGE_SIZE, actor_of, form_page, show_warnings, user_of
from torju.register.forms import apply_errors

# Taking up, declining, registering the application and the outcome are a caseworker's (of the office).
ANSWER = roles(Role.CASEWORKER)


def _referral(request: HttpRequest, pk: int) -> Referral:
    return get_object_or_404(
        visible_referrals(user_of(request)).select_related("case", "application", "sent_by", "answered_by"), pk=pk
    )


def _back(referral: Referral) -> tuple[str, str]:
    return reverse("helpline:referral", args=[referral.pk]), _("Referral")


@access(REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    """For an office: its work list (waiting to be taken up, taken up without outcome); for advisers: all."""
    user = user_of(request)
    status = request.GET.get("status", "")
    if status not in ReferralStatus.values:
        status = ""
    page = Paginator(selectors.referrals_for(user, status), PAGE_SIZE).get_page(request.GET.get("page"))
    waiting, without_outcome = selectors.waiting_referrals(user), selectors.taken_up_without_outcome(user)
    case_services.record_list_view(
        actor_of(request), Referral._meta.label_lower, shown=len(page.object_list), criteria={"status": status}
    )
    return render(
        request,
        "helpline/referrals.html",
        {
            "office": receives_referrals_of(user),
            "waiting": waiting,
            "without_outcome": without_outcome,
            "page": page,
            "status": status,
            "statuses": ReferralStatus.choices,
            "query": f"status={status}",
            "is_adviser": is_adviser(user),
            "today": timezone.localdate(),
        },
    )


@access(REFERRALS)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    user, actor = user_of(request), actor_of(request)
    services.record_referral_view(actor, referral)
    return render(
        request,
        "helpline/referral_detail.html",
        {
            "referral": referral,
            "shows_case": sees_consultation_of(user, referral),
            "application": selectors.application_link(actor, referral),
            "source": application_source(referral.referring_party),
            "overdue": selectors.overdue(referral),
            "can_answer": can_answer(user, referral),
            "can_register": can_register_application(user, referral),
            "can_record_outcome": can_record_outcome(user, referral),
            "can_withdraw": can_withdraw(user, referral),
        },
    )


def _send(request: HttpRequest, form: ReferralForm, kind: str, case: ConsultationCase | None) -> HttpResponse | None:
    """Send the referral of a valid form; None when the service refused (the form then names why)."""
    data = form.cleaned_data
    try:
        saved = services.send_referral(
            actor_of(request),
            kind=kind,
            case=case,
            office=data["office"],
            referring_party=data["referring_party"],
            referring_organisation=data["referring_organisation"],
            referral_details=data["referral_details"],
            due_on=data["due_on"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, _("The referral was sent to the office."))
    show_warnings(request, saved.warnings)
    return redirect("helpline:referral", pk=saved.record.pk)


@access(ADVISE)
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral of a consultation case; the referring party is, to begin with, whoever contacted first."""
    case = get_object_or_404(visible_cases(user_of(request)), pk=pk)
    first = selectors.first_contact(case)
    initial = {"due_on": services.default_due_on(), "referring_party": first.contact_type if first else ""}
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sent = _send(request, form, ReferralKind.HELPLINE, case)
        if sent is not None:
            return sent
    return form_page(
        request,
        form,
        title=_("Refer %(case)s to an office") % {"case": case.case_number},
        submit=_("Send the referral"),
        back=(reverse("helpline:case", args=[case.pk]), case.case_number),
        intro=_(
            "When the person wants to apply for assistance. The office sees this referral, not the case or its "
            "contacts; identifiers are entered only in the register, by the office."
        ),
    )


@access(ADVISE)
def first_responder_new(request: HttpRequest) -> HttpResponse:
    """Log another authority's referral of a person to the assistance system."""
    form = FirstResponderReferralForm(request.POST or None, initial={"due_on": services.default_due_on()})
    if request.method == "POST" and form.is_valid():
        sent = _send(request, form, ReferralKind.FIRST_RESPONDER, None)
        if sent is not None:
            return sent
    return form_page(
        request,
        form,
        title=_("Log a referral from another authority"),
        submit=_("Send the referral"),
        back=(reverse("helpline:referrals"), _("Referrals")),
    )


def _refused(request: HttpRequest, error: ValidationError | EditConflictError) -> None:
    if isinstance(error, EditConflictError):
        messages.error(request, _("Somebody changed the referral meanwhile: check it and try again."))
    else:
        for message in error.messages:
            messages.error(request, message)


@access(ADVISE)
@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        services.withdraw_referral(actor_of(request), referral)
    except (ValidationError, EditConflictError) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The referral was withdrawn."))
    return redirect("helpline:referral", pk=referral.pk)


@access(ANSWER)
@require_POST
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        services.accept_referral(actor_of(request), referral)
    except (ValidationError, EditConflictError) as error:
        _refused(request, error)
    else:
        messages.success(request, _("You took the referral up: register the application or record the outcome."))
    return redirect("helpline:referral", pk=referral.pk)


@access(ANSWER)
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = DeclineForm(request.POST or None, initial={"revision": referral.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.decline_referral(
                actor_of(request),
                referral,
                reason=data["decline_reason"],
                notes=data["notes"],
                revision=data["revision"],
            )
        except EditConflictError as error:
            _refused(request, error)
            return redirect("helpline:referral", pk=referral.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The referral was declined; the referrer sees the reason."))
            show_warnings(request, saved.warnings)
            return redirect("helpline:referral", pk=referral.pk)
    return form_page(request, form, title=_("Decline the referral"), submit=_("Decline"), back=_back(referral))


@access(ANSWER)
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = OutcomeForm(request.POST or None, initial={"revision": referral.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.record_outcome(
                actor_of(request), referral, outcome=data["outcome"], notes=data["notes"], revision=data["revision"]
            )
        except EditConflictError as error:
            _refused(request, error)
            return redirect("helpline:referral", pk=referral.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The outcome was recorded."))
            show_warnings(request, saved.warnings)
            return redirect("helpline:referral", pk=referral.pk)
    return form_page(
        request,
        form,
        title=_("Outcome of the referral"),
        submit=_("Save the outcome"),
        back=_back(referral),
        intro=_("When an application is made, register it from the referral instead: that records the outcome."),
    )
