"""Recording the info line's contacts."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.concurrency import EditConflictError
from torju.helpline.anonymity import TextCheck, check_free_text
from torju.helpline.models import (
    FINLAND,
    FORCED_LABOUR,
    CaseStatus,
    ConsultationCase,
    Contact,
    ContactAction,
    ContactExploitationForm,
)
from torju.helpline.permissions import is_adviser
from torju.helpline.services.common import (
    Saved,
    acting_user,
    audit,
    changed_text,
    not_future,
    plain,
    require_code,
    require_codes,
    snapshot,
)
from torju.register.countries import is_country_code

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
CODED_FIELDS = (
    "contacted_at",
    "channel",
    "contact_type",
    "primary_language",
    "subject",
    "sector",
    "region",
    "country",
    "concerns_minor",
)
TEXT_FIELDS = ("person_description", "notes")


@dataclass(frozen=True)
class ContactDetails:
    """What an adviser records about a contact: coded fields, and free text without identifiers."""

    contacted_at: datetime
    channel: str
    contact_type: str
    subject: str
    primary_language: str = ""
    exploitation_forms: tuple[str, ...] = ()
    sector: str = ""
    region: str = ""
    country: str = ""
    concerns_minor: bool | None = None
    actions: tuple[str, ...] = ()
    person_description: str = ""
    notes: str = ""

    def text(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in TEXT_FIELDS}


def require_adviser(actor: Actor) -> None:
    if not is_adviser(actor.user):
        raise PermissionDenied("the helpline's records are for helpline advisers")


def check_details(details: ContactDetails) -> TextCheck:
    """Every rule of a contact's fields; the warnings about its free text."""
    require_code("channel", "contact_channel", details.channel)
    require_code("contact_type", "contact_type", details.contact_type)
    require_code("subject", "contact_subject", details.subject)
    if details.primary_language and not LANGUAGE_CODE.match(details.primary_language):
        raise ValidationError({"primary_language": _("Give an ISO 639-1 language code, e.g. fi or en.")})
    require_codes("exploitation_forms", "exploitation_form", details.exploitation_forms)
    if details.sector:
        if FORCED_LABOUR not in details.exploitation_forms:
            raise ValidationError({"sector": _("A sector is recorded when forced labour is suspected.")})
        require_code("sector", "sector", details.sector)
    if details.region:
        require_code("region", "region", details.region)
    if details.country:
        if not is_country_code(details.country) or details.country == FINLAND:
            raise ValidationError({"country": _("Choose a country other than Finland; in Finland choose a region.")})
        if details.region:
            raise ValidationError({"country": _("Give a region of Finland or a country abroad, not both.")})
    require_codes("actions", "contact_action", details.actions)
    not_future("contacted_at", details.contacted_at)
    return check_free_text(details.text())


def _coded_snapshot(contact: Contact) -> dict[str, Any]:
    return {
        **snapshot(contact, CODED_FIELDS),
        "exploitation_forms": sorted(contact.exploitation_forms.values_list("exploitation_form", flat=True)),
        "actions": sorted(contact.actions.values_list("action", flat=True)),
        "case": contact.case.case_number if contact.case is not None else None,
    }


def _write_codes(contact: Contact, details: ContactDetails) -> None:
    contact.exploitation_forms.all().delete()
    contact.actions.all().delete()
    ContactExploitationForm.objects.bulk_create(
        [
            ContactExploitationForm(contact=contact, exploitation_form=form)
            for form in dict.fromkeys(details.exploitation_forms)
        ]
    )
    ContactAction.objects.bulk_create(
        [ContactAction(contact=contact, action=action) for action in dict.fromkeys(details.actions)]
    )


def _apply(contact: Contact, details: ContactDetails) -> None:
    for field in (*CODED_FIELDS, *TEXT_FIELDS):
        setattr(contact, field, getattr(details, field))


def refresh_opened_at(case: ConsultationCase) -> None:
    """A case opened with its earliest contact; kept so as its contacts change (not saved here)."""
    earliest = case.contacts.aggregate(earliest=Min("contacted_at"))["earliest"]
    if earliest is not None:
        case.opened_at = earliest


def join_case(case: ConsultationCase, actor: Actor) -> None:
    """Whoever records or changes something on a case is one of its advisers."""
    case.advisers.add(acting_user(actor))


@transaction.atomic
def record_contact(actor: Actor, details: ContactDetails, case: ConsultationCase | None = None) -> Saved[Contact]:
    """A new contact, on its own or as the latest of an open consultation case."""
    require_adviser(actor)
    warnings = check_details(details)
    if case is not None:
        case = ConsultationCase.objects.select_for_update().get(pk=case.pk)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"case": _("The consultation case is closed: reopen it first.")})
    contact = Contact(case=case, recorded_by=acting_user(actor))
    _apply(contact, details)
    contact.full_clean()
    contact.save()
    _write_codes(contact, details)
    if case is not None:
        refresh_opened_at(case)
        case.save(update_fields=["opened_at", "updated_at"])
        join_case(case, actor)
    audit(
        Action.CREATE,
        actor,
        contact,
        "contact",
        after=_coded_snapshot(contact),
        text_changed=changed_text({}, details.text()),
    )
    return Saved(contact, warnings)


@transaction.atomic
def update_contact(actor: Actor, contact: Contact, revision: int, details: ContactDetails) -> Saved[Contact]:
    """Correct a contact; EditConflictError when someone saved it after the form was opened."""
    require_adviser(actor)
    current = Contact.objects.select_for_update(of=("self",)).select_related("case").get(pk=contact.pk)
    if current.revision != revision:
        raise EditConflictError(current, {field: plain(value) for field, value in vars(details).items()})
    if current.text_erased_at is not None and any(details.text().values()):
        raise ValidationError(_("The free text of this contact has been erased under the retention rules."))
    warnings = check_details(details)
    case = current.case
    if case is not None and case.closed_at is not None and details.contacted_at > case.closed_at:
        raise ValidationError({"contacted_at": _("The contact cannot be after its consultation case was closed.")})
    before, before_text = _coded_snapshot(current), {field: getattr(current, field) for field in TEXT_FIELDS}
    _apply(current, details)
    current.revision += 1
    current.full_clean()
    current.save()
    _write_codes(current, details)
    if case is not None:
        refresh_opened_at(case)
        case.save(update_fields=["opened_at", "updated_at"])
        join_case(case, actor)
    audit(
        Action.UPDATE,
        actor,
        current,
        "contact",
        before=before,
        after=_coded_snapshot(current),
        text_changed=changed_text(before_text, details.text()),
    )
    return Saved(current, warnings)


def record_contact_view(actor: Actor, contact: Contact) -> None:
    """Every read of a contact is in the audit trail."""
    require_adviser(actor)
    audit(Action.VIEW, actor, contact, "contact")


def details_of(contact: Contact) -> ContactDetails:
    """The contact's fields as a form or the API starts editing them."""
    return ContactDetails(
        contacted_at=contact.contacted_at,
        channel=contact.channel,
        contact_type=contact.contact_type,
        subject=contact.subject,
        primary_language=contact.primary_language,
        exploitation_forms=tuple(contact.exploitation_forms.values_list("exploitation_form", flat=True)),
        sector=contact.sector,
        region=contact.region,
        country=contact.country,
        concerns_minor=contact.concerns_minor,
        actions=tuple(contact.actions.values_list("action", flat=True)),
        person_description=contact.person_description,
        notes=contact.notes,
    )
