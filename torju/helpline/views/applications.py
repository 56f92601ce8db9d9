"""Registering a referral's application in the register: the register's person form, the register's rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.codes.selectors import label
from torju.helpline.forms import ReferralApplicationForm
from torju.helpline.permissions import can_register_application, visible_referrals
from torju.helpline.services.applications import ApplicationDetails, application_source, register_application
from torju.helpline.views.common import actor_of, user_of
from torju.helpline.views.referrals import ANSWER
from torju.register.forms import PersonForm, apply_errors

PERSON_PREFIX = "person"


@access(ANSWER)
def referral_application(request: HttpRequest, pk: int) -> HttpResponse:
    """A caseworker of the office registers the application; the referral is then taken up with that outcome."""
    user = user_of(request)
    referral = get_object_or_404(visible_referrals(user), pk=pk)
    if not can_register_application(user, referral):
        messages.error(request, _("The application of this referral cannot be registered by you now."))
        return redirect("helpline:referral", pk=referral.pk)
    form = ReferralApplicationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    person_form = PersonForm(request.POST or None, prefix=PERSON_PREFIX)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = None
        if data["person_id"]:
            person_form = PersonForm(prefix=PERSON_PREFIX)  # not used: a person registered before
            details = ApplicationDetails(
                received_on=data["received_on"],
                residence_status=data["residence_status"],
                person_id=data["person_id"],
                reason=data["reason"],
            )
        elif person_form.is_valid():
            details = ApplicationDetails(
                received_on=data["received_on"],
                residence_status=data["residence_status"],
                new_applicant=person_form.details(),
            )
        if details is not None:
            try:
                registered = register_application(actor_of(request), referral, details).application
            except ValidationError as error:
                apply_errors(person_form if details.new_applicant and _person_error(error) else form, error)
            else:
                assert registered is not None
                messages.success(
                    request, _("The application was registered as %(case)s.") % {"case": registered.case_number}
                )
                return redirect("register:application", pk=registered.pk)
    return render(
        request,
        "helpline/referral_application.html",
        {
            "referral": referral,
            "form": form,
            "person_form": person_form,
            "source": label("application_source", application_source(referral.referring_party)),
            "back": (reverse("helpline:referral", args=[referral.pk]), _("Referral")),
        },
        status=400 if request.method == "POST" else 200,
    )


def _person_error(error: ValidationError) -> bool:
    """Whether the register refused the new applicant's details (rather than the application's)."""
    fields = set(error.error_dict) if hasattr(error, "error_dict") else set()
    return bool(fields & set(PersonForm.base_fields))
