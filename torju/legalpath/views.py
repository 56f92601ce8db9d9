"""The legal path's pages: small forms of a case (back to the register's case page), the work list of permits
ending, the auditor's register of disclosures, and the access copy of a client's data.

Thin: find the case the user may see (the register's rule: another office's
case is "not found"), parse a form, call one service, show its refusal.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.codes.selectors import label
from torju.legalpath import access_copy, selectors, services
from torju.legalpath import duplicates as duplicates_module
from torju.legalpath.forms import (
    AccessCopyForm,
    CategoryForm,
    ChildServiceForm,
    ConsentForm,
    CriminalMatterForm,
    DataRequestForm,
    DisclosureFilterForm,
    DisclosureForm,
    GroundsForm,
    MergeForm,
    PermitForm,
    RespondRequestForm,
    SafeguardsForm,
    UndoMergeForm,
    WithdrawConsentForm,
    apply_errors,
    person_choice_form,
)
from torju.legalpath.models import Consent, CriminalMatter, DataSubjectRequest, ResidencePermit
from torju.legalpath.permissions import AUDIT_DISCLOSURES, MERGE_PERSONS, USE_LEGAL_PATH
from torju.legalpath.services import record_duplicates_view
from torju.register import services as register_services
from torju.register.models import Application, Person
from torju.register.permissions import visible_applications

PAGE_SIZE = 50
Act = Callable[[Actor, Application, dict[str, Any]], object]


def _case(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(visible_applications(Actor.from_request(request)).select_related("person"), pk=pk)


def _form_page(
    request: HttpRequest,
    pk: int,
    make_form: Callable[..., forms.Form],
    act: Act,
    *,
    title: str,
    done: str,
    initial: dict[str, Any] | None = None,
    application: Application | None = None,
) -> HttpResponse:
    application = application or _case(request, pk)
    form = make_form(request.POST if request.method == "POST" else None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            act(Actor.from_request(request), application, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("register:application", pk=application.pk)
    return render(
        request,
        "legalpath/form_page.html",
        {"form": form, "title": title, "application": application},
        status=400 if request.method == "POST" else 200,
    )


def _person_label(person: Person) -> str:
    names = person.read_identifiers()
    full_name = f"{names.first_names} {names.last_name}".strip()
    return f"{full_name} ({person.person_id})" if full_name else person.person_id


def _labelled(request: HttpRequest, application: Application, persons: list[Person]) -> list[tuple[int, str]]:
    """Choices of persons by name: decrypted names, so the reading is audited as a view of the case."""
    register_services.record_application_view(actor=Actor.from_request(request), application=application)
    return [(person.pk, _person_label(person)) for person in persons]


@access(USE_LEGAL_PATH)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    return _form_page(
        request,
        pk,
        CategoryForm,
        lambda actor, case, data: services.set_client_category(
            actor=actor, application=case, category=data["category"]
        ),
        title=_("Client category"),
        done=_("The client category was saved."),
        initial={"category": services.category_of(application)},
        application=application,
    )


@access(USE_LEGAL_PATH)
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        ConsentForm,
        lambda actor, case, data: services.record_consent(actor=actor, application=case, **data),
        title=_("Record a consent"),
        done=_("The consent was recorded."),
        initial={"given_on": timezone.localdate()},
    )


@access(USE_LEGAL_PATH)
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    application = _case(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, application=application)
    return _form_page(
        request,
        pk,
        WithdrawConsentForm,
        lambda actor, case, data: services.withdraw_consent(actor=actor, consent=consent, **data),
        title=_("Record the withdrawal of a consent"),
        done=_("The withdrawal was recorded."),
        initial={"withdrawn_on": timezone.localdate()},
        application=application,
    )


def _grounds_initial(application: Application) -> dict[str, Any]:
    grounds = selectors.grounds_of(application)
    if grounds is None:
        return {"preliminary_on": timezone.localdate()}
    return {
        "is_child": grounds.is_child,
        "act_assessed": grounds.act_assessed,
        "means_assessed": grounds.means_assessed,
        "purpose_assessed": grounds.purpose_assessed,
        "indicators": [row.indicator for row in grounds.indicators.all()],
        "preliminary_on": grounds.preliminary_on,
        "reasonable_grounds": grounds.reasonable_grounds,
        "final_on": grounds.final_on,
        "final_grounds": grounds.final_grounds,
    }


@access(USE_LEGAL_PATH)
def grounds_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    return _form_page(
        request,
        pk,
        GroundsForm,
        lambda actor, case, data: services.record_grounds(
            actor=actor, application=case, **{**data, "indicators": list(data["indicators"])}
        ),
        title=_("Grounds of the identification"),
        done=_("The grounds of the identification were saved."),
        initial=_grounds_initial(application),
        application=application,
    )


def _permit_page(
    request: HttpRequest, pk: int, permit: ResidencePermit | None, application: Application
) -> HttpResponse:
    periods = [
        (period.pk, f"{period.granted_on:%d.%m.%Y} + {period.months}")
        for period in application.reflection_periods.all()
    ]
    initial: dict[str, Any] = {"applied_on": timezone.localdate()}
    if permit is not None:
        initial = {
            field: getattr(permit, field)
            for field in ("permit_type", "status", "applied_on", "decided_on", "valid_from", "valid_until")
        }
        initial["reflection_period"] = permit.reflection_period_id

    def act(actor: Actor, case: Application, data: dict[str, Any]) -> object:
        values = dict(data)
        values["reflection_period_id"] = values.pop("reflection_period")
        return services.record_permit(actor=actor, application=case, permit=permit, **values)

    return _form_page(
        request,
        pk,
        lambda *args, **kwargs: PermitForm(periods, *args, **kwargs),
        act,
        title=_("Residence permit"),
        done=_("The residence permit was saved."),
        initial=initial,
        application=application,
    )


@access(USE_LEGAL_PATH)
def permit_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _permit_page(request, pk, None, _case(request, pk))


@access(USE_LEGAL_PATH)
def permit_edit(request: HttpRequest, pk: int, permit_pk: int) -> HttpResponse:
    application = _case(request, pk)
    return _permit_page(
        request, pk, get_object_or_404(ResidencePermit, pk=permit_pk, application=application), application
    )


MATTER_FIELDS = tuple(CriminalMatterForm.base_fields)


def _matter_page(
    request: HttpRequest, pk: int, matter: CriminalMatter | None, application: Application
) -> HttpResponse:
    initial = {field: getattr(matter, field) for field in MATTER_FIELDS} if matter is not None else {}
    return _form_page(
        request,
        pk,
        CriminalMatterForm,
        lambda actor, case, data: services.record_criminal_matter(actor=actor, application=case, matter=matter, **data),
        title=_("Criminal process"),
        done=_("The criminal process was saved."),
        initial=initial,
        application=application,
    )


@access(USE_LEGAL_PATH)
def matter_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _matter_page(request, pk, None, _case(request, pk))


@access(USE_LEGAL_PATH)
def matter_edit(request: HttpRequest, pk: int, matter_pk: int) -> HttpResponse:
    application = _case(request, pk)
    return _matter_page(
        request, pk, get_object_or_404(CriminalMatter, pk=matter_pk, application=application), application
    )


@access(USE_LEGAL_PATH)
def child_service_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    children = _labelled(request, application, list(application.person.children.filter(child_left_on__isnull=True)))
    make = person_choice_form(ChildServiceForm)
    return _form_page(
        request,
        pk,
        lambda *args, **kwargs: make(children, *args, **kwargs),
        lambda actor, case, data: services.add_child_service(
            actor=actor,
            application=case,
            child_id=data["child"],
            service=data["service"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        ),
        title=_("Record a service given to a child"),
        done=_("The service was added."),
        initial={"started_on": timezone.localdate()},
        application=application,
    )


@access(USE_LEGAL_PATH)
def safeguards_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    persons = _labelled(request, application, services.safeguardable_persons(application))
    make = person_choice_form(SafeguardsForm)
    return _form_page(
        request,
        pk,
        lambda *args, **kwargs: make(persons, *args, **kwargs),
        lambda actor, case, data: services.record_child_safeguards(
            actor=actor, application=case, child_id=data.pop("child"), **data
        ),
        title=_("Representative, child welfare and Barnahus"),
        done=_("The child's safeguards were saved."),
        application=application,
    )


@access(USE_LEGAL_PATH)
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case(request, pk)
    in_force = [
        (consent.pk, f"{label('consent_purpose', consent.purpose)}, {consent.given_on:%d.%m.%Y}")
        for consent in selectors.consents_of(application).filter(withdrawn_on__isnull=True)
    ]
    return _form_page(
        request,
        pk,
        lambda *args, **kwargs: DisclosureForm(in_force, *args, **kwargs),
        lambda actor, case, data: services.record_disclosure(
            actor=actor,
            application=case,
            consent_id=data["consent"],
            **{name: value for name, value in data.items() if name != "consent"},
        ),
        title=_("Record a disclosure"),
        done=_("The disclosure was recorded."),
        initial={"disclosed_on": timezone.localdate()},
        application=application,
    )


@access(USE_LEGAL_PATH)
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        DataRequestForm,
        lambda actor, case, data: services.record_data_request(actor=actor, application=case, **data),
        title=_("Record a data subject request"),
        done=_("The request was recorded."),
        initial={"received_on": timezone.localdate()},
    )


@access(USE_LEGAL_PATH)
def request_respond(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    application = _case(request, pk)
    subject_request = get_object_or_404(DataSubjectRequest, pk=request_pk, application=application)
    return _form_page(
        request,
        pk,
        RespondRequestForm,
        lambda actor, case, data: services.respond_data_request(actor=actor, request=subject_request, **data),
        title=_("Record the answer to a data subject request"),
        done=_("The answer was recorded."),
        initial={"responded_on": timezone.localdate()},
        application=application,
    )


@access(USE_LEGAL_PATH)
def access_copy_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The access copy of the client's (or one child's) data as a PDF in the chosen language."""
    application = _case(request, pk)
    persons = _labelled(request, application, [application.person, *application.person.children.all()])
    form = AccessCopyForm(persons, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pdf = access_copy.access_copy_pdf(
                actor=Actor.from_request(request),
                application=application,
                person_id=form.cleaned_data["person"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="access-copy-{application.case_number}.pdf"'
            return response
    return render(
        request,
        "legalpath/form_page.html",
        {
            "form": form,
            "title": _("Access copy of a client's data"),
            "application": application,
            "submit": _("Make the PDF"),
        },
        status=400 if request.method == "POST" else 200,
    )


@access(USE_LEGAL_PATH)
def permits_ending(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    page = Paginator(selectors.permits_ending(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "legalpath/permits_ending.html", {"page": page, "days": selectors.PERMIT_ENDING_DAYS})


@access(AUDIT_DISCLOSURES)
def disclosure_register(request: HttpRequest) -> HttpResponse:
    """The auditor's register of disclosures; reading it is itself audited."""
    actor = Actor.from_request(request)
    form = DisclosureFilterForm(request.GET or None)
    criteria = selectors.DisclosureFilter()
    if form.is_valid():
        criteria = selectors.DisclosureFilter(**form.cleaned_data)
    page = Paginator(selectors.disclosure_register(actor, criteria), PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_disclosure_register_reading(actor, criteria, page.number)
    return render(request, "legalpath/disclosure_register.html", {"form": form, "page": page})


def _form_errors_as_message(request: HttpRequest, form: forms.Form) -> None:
    """A small form of a list page: its errors, each with its field's label, as a message on the page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


@access(MERGE_PERSONS)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Likely duplicates among persons without an identity code, the merges made, and the forms to decide."""
    actor = Actor.from_request(request)
    candidates = duplicates_module.likely_duplicates(actor)
    record_duplicates_view(actor, len(candidates))
    return render(
        request,
        "legalpath/duplicates.html",
        {
            "candidates": [
                (candidate, MergeForm(initial={"kept": candidate.first.pk, "merged": candidate.second.pk}))
                for candidate in candidates
            ],
            "merges": [(merge, UndoMergeForm()) for merge in duplicates_module.merges_visible_to(actor)],
        },
    )


@access(MERGE_PERSONS)
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST)
    if not form.is_valid():
        _form_errors_as_message(request, form)
        return redirect("legalpath:duplicates")
    try:
        duplicates_module.merge_persons(
            actor=Actor.from_request(request),
            kept_id=form.cleaned_data["kept"],
            merged_id=form.cleaned_data["merged"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The records were merged. The merge can be undone."))
    return redirect("legalpath:duplicates")


@access(MERGE_PERSONS)
@require_POST
def merge_undo(request: HttpRequest, merge_pk: int) -> HttpResponse:
    form = UndoMergeForm(request.POST)
    if not form.is_valid():
        _form_errors_as_message(request, form)
        return redirect("legalpath:duplicates")
    try:
        duplicates_module.undo_merge(
            actor=Actor.from_request(request), merge_id=merge_pk, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("legalpath:duplicates")
