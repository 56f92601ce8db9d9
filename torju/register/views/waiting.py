"""A case waiting for information: the caseworker says what for, and that it came (docs/decisions/0108)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.register import services
from torju.register.forms import WaitingForInformationForm
from torju.register.models import WaitingForInformation
from torju.register.permissions import USE_REGISTER
from torju.register.views.common import application_form_page, calling, report_outcome, visible_application


@access(USE_REGISTER)
def waiting_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the case as waiting for information, or change what it waits for."""
    current = WaitingForInformation.objects.filter(application=visible_application(request, pk)).first()
    return application_form_page(
        request,
        pk,
        WaitingForInformationForm,
        calling(services.set_waiting_for_information),
        title=_("Waiting for information"),
        submit=_("Save"),
        done=_("The case is marked as waiting for information."),
        initial={"reason": current.reason} if current is not None else None,
    )


@access(USE_REGISTER)
@require_POST
def waiting_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """The information came: the case no longer waits for it."""
    application = visible_application(request, pk)
    report_outcome(
        request,
        lambda: services.clear_waiting_for_information(actor=Actor.from_request(request), application=application),
        _("The case no longer waits for information."),
    )
    return redirect("register:application", pk=application.pk)
