"""The advisers' pages of contacts: the front page, the list, logging and correcting a contact, grouping."""

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
from torju.helpline.forms import ContactFilterForm, ContactForm, GroupForm
from torju.helpline.models import Contact, ReferralStatus
from torju.helpline.permissions import ADVISE, visible_cases, visible_contacts
from torju.helpline.services import cases as case_services
from torju.helpline.services import contacts as contact_services
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

RECENT = 20


@access(ADVISE)
def home(request: HttpRequest) -> HttpResponse:
    """The info line's work: open cases, contacts not in a case, referrals still open."""
    user = user_of(request)
    cases = selectors.cases_for(user)[:RECENT]
    loose = selectors.contacts_for(user, selectors.ContactFilter(in_case=selectors.NOT_IN_A_CASE))[:RECENT]
    referrals = selectors.referrals_for(user).filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
    referrals = referrals.filter(outcome="")[:RECENT]
    case_services.record_list_view(actor_of(request), "helpline.home", shown=len(cases) + len(loose), criteria={})
    return render(
        request,
        "helpline/home.html",
        {"cases": cases, "contacts": loose, "referrals": referrals, "today": timezone.localdate()},
    )


@access(ADVISE)
def contact_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET or None)
    criteria = form.criteria()
    contacts = selectors.contacts_for(user_of(request), criteria)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    case_services.record_list_view(
        actor_of(request), Contact._meta.label_lower, shown=len(page.object_list), criteria=criteria.as_dict()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "helpline/contacts.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.is_bound and form.errors else 200,
    )


@access(ADVISE)
def contact_new(request: HttpRequest) -> HttpResponse:
    """Log a contact; with ?case=<pk> it is the latest contact of that consultation case."""
    user = user_of(request)
    case_pk = request.GET.get("case", "")
    case = get_object_or_404(visible_cases(user), pk=case_pk) if case_pk.isdigit() else None
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(timezone.now()))
    if request.method == "POST" and form.is_valid():
        try:
            saved = contact_services.record_contact(actor_of(request), form.details(), case=case)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("The contact was saved."))
            show_warnings(request, saved.warnings)
            if case is not None:
                return redirect("helpline:case", pk=case.pk)
            return redirect("helpline:contact", pk=saved.record.pk)
    back = (reverse("helpline:case", args=[case.pk]), case.case_number) if case else None
    return form_page(
        request,
        form,
        title=_("Log a contact to %(case)s") % {"case": case.case_number} if case else _("Log a contact"),
        submit=_("Save the contact"),
        back=back or (reverse("helpline:home"), _("Helpline")),
    )


def _contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(visible_contacts(user_of(request)).select_related("case", "recorded_by"), pk=pk)


@access(ADVISE)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    contact_services.record_contact_view(actor_of(request), contact)
    return render(
        request,
        "helpline/contact_detail.html",
        {
            "contact": contact,
            "forms": contact.exploitation_forms.all(),
            "actions": contact.actions.all(),
            "open_cases": selectors.cases_for(user_of(request))[:RECENT] if contact.case is None else [],
        },
    )


def _contact_values(contact: Contact) -> list[tuple[str, object]]:
    form = ContactForm(initial=ContactForm.initial_of(contact_services.details_of(contact)))
    rows = []
    for name, field in form.fields.items():
        if name == "revision":
            continue
        value = form.initial.get(name)
        if name in ("channel", "contact_type", "subject"):
            value = label({"channel": "contact_channel", "subject": "contact_subject"}.get(name, name), str(value))
        rows.append((str(field.label), value))
    return [*rows, saved_at(contact.updated_at)]


@access(ADVISE)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    actor = actor_of(request)
    back = (reverse("helpline:contact", args=[contact.pk]), _("Contact"))
    title = _("Correct the contact")
    if request.method != "POST":
        contact_services.record_contact_view(actor, contact)
        initial = ContactForm.initial_of(contact_services.details_of(contact), contact.revision)
        return form_page(request, ContactForm(initial=initial), title=title, submit=_("Save"), back=back)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            saved = contact_services.update_contact(actor, contact, form.cleaned_data["revision"] or 0, form.details())
        except EditConflictError as conflict:
            current: Contact = conflict.current
            contact_services.record_contact_view(actor, current)
            return conflict_page(
                request,
                title=_("Somebody saved this contact while you were editing"),
                saved=_contact_values(current),
                mine=form_values(form),
                form=ContactForm(initial={**form.cleaned_data, "revision": current.revision}),
                action=reverse("helpline:contact_edit", args=[contact.pk]),
                back=back,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("The contact was saved."))
            show_warnings(request, saved.warnings)
            return redirect("helpline:contact", pk=contact.pk)
    return form_page(request, form, title=title, submit=_("Save"), back=back)


@access(ADVISE)
@require_POST
def group(request: HttpRequest) -> HttpResponse:
    """The chosen contacts into one consultation case: a new one, or an open one named by its number."""
    user = user_of(request)
    chosen = [int(value) for value in request.POST.getlist("contacts") if value.isdigit()]
    visible = list(visible_contacts(user).filter(pk__in=chosen).values_list("pk", flat=True))
    form = GroupForm(visible, request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}: {error}")
        return redirect("helpline:contacts")
    case = None
    number = form.cleaned_data["case_number"].strip()
    if number:
        case = visible_cases(user).filter(case_number__iexact=number).first()
        if case is None:
            messages.error(request, _("Case number: no consultation case %(case)s.") % {"case": number})
            return redirect("helpline:contacts")
    contacts = list(visible_contacts(user).filter(pk__in=form.cleaned_data["contacts"]))
    try:
        case = case_services.group_contacts(actor_of(request), contacts, case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("helpline:contacts")
    messages.success(
        request, _("%(count)d contacts are now in the case %(case)s.") % {"count": len(contacts), "case": case}
    )
    return redirect("helpline:case", pk=case.pk)
