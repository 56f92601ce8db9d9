"""The register's casework forms: exploitation events, reflection periods, services, children, assessments, the end."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.register import selectors, services
from torju.register.forms import (
    ChildForm,
    EndClienthoodForm,
    EventForm,
    NeedsAssessmentForm,
    ReflectionPeriodForm,
    ServiceForm,
    person_details,
)
from torju.register.models import Application, ExploitationEvent, Person, ServiceProvided
from torju.register.permissions import USE_REGISTER, application_abilities
from torju.register.views.common import application_form_page, calling, end_on_a_date, visible_application


@access(USE_REGISTER)
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    return application_form_page(
        request,
        pk,
        EventForm,
        calling(services.add_exploitation_event),
        title=_("Add an exploitation event"),
        submit=_("Add"),
        done=_("The exploitation event was added."),
    )


@access(USE_REGISTER)
def event_delete(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Deleting an event asks first: the case page links here, this page shows the event, its button deletes."""
    actor = Actor.from_request(request)
    application = visible_application(request, pk)
    event = get_object_or_404(ExploitationEvent, pk=event_pk, application=application)
    if request.method != "POST":
        if not application_abilities(actor, application).can_work:
            raise PermissionDenied("only those who work on the case delete its events")
        return render(request, "register/event_delete.html", {"application": application, "event": event})
    services.remove_exploitation_event(actor=actor, event=event)
    messages.success(request, _("The exploitation event was removed."))
    return redirect("register:application", pk=application.pk)


@access(USE_REGISTER)
def reflection_period_new(request: HttpRequest, pk: int) -> HttpResponse:
    return application_form_page(
        request,
        pk,
        ReflectionPeriodForm,
        calling(services.grant_reflection_period),
        title=_("Grant a reflection period"),
        submit=_("Save"),
        done=_("The reflection period was recorded."),
        initial={"granted_on": timezone.localdate()},
    )


@access(USE_REGISTER)
def service_new(request: HttpRequest, pk: int) -> HttpResponse:
    return application_form_page(
        request,
        pk,
        ServiceForm,
        calling(services.add_service),
        title=_("Add a service"),
        submit=_("Add"),
        done=_("The service was added."),
        initial={"started_on": timezone.localdate()},
    )


@access(USE_REGISTER)
@require_POST
def service_end(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    provided = get_object_or_404(ServiceProvided, pk=service_pk, application=application)
    return end_on_a_date(
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

    return application_form_page(
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
    application = visible_application(request, pk)
    child = get_object_or_404(Person, pk=child_pk, parent=application.person)
    return end_on_a_date(
        request,
        application,
        lambda left_on: services.end_child_clienthood(
            actor=Actor.from_request(request), application=application, child=child, left_on=left_on
        ),
        _("The child's clienthood was ended."),
    )


@access(USE_REGISTER)
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    persons = selectors.assessable_persons(application)
    choices = [(person.pk, _person_label(person)) for person in persons]  # decrypted names: audited as a view
    services.record_application_view(actor=Actor.from_request(request), application=application)

    def form_class(*args: Any, **kwargs: Any) -> forms.Form:
        return NeedsAssessmentForm(choices, *args, **kwargs)

    def act(actor: Actor, application: Application, data: dict[str, Any]) -> object:
        return services.record_needs_assessment(
            actor=actor,
            application=application,
            person_id=int(data["person"]),
            assessed_on=data["assessed_on"],
            needs=list(data["needs"]),
            notes=data["notes"],
        )

    return application_form_page(
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
    application = visible_application(request, pk)
    return application_form_page(
        request,
        pk,
        EndClienthoodForm,
        lambda actor, application, data: services.end_clienthood(
            actor=actor,
            application=application,
            revision=data["revision"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
        ),
        title=_("End the clienthood"),
        submit=_("End the clienthood"),
        done=_("The clienthood was ended."),
        initial={"ended_on": timezone.localdate(), "revision": application.revision},
        lead=_(
            "The client's assistance ends on the date you give: no service can begin after it. "
            "Check the date and the reason before you end the clienthood."
        ),
        danger=True,
    )
