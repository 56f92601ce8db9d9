"""Every write of the legal path: one function per use case, taking an actor and plain data.

Each checks the register's permission on the case (a caseworker who may
work on it), the rules, and writes in one transaction with its audit event,
recorded against the case's application so that it is in the case's
timeline. The database refuses the same things (models.py, the triggers of
migrations/0002_triggers.py).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import codes_of
from torju.legalpath.models import (
    ApplicantCategory,
    ChildSafeguards,
    ClientCategory,
    ClientRole,
    Consent,
    ConsentPurpose,
    CourtOutcome,
    CriminalMatter,
    DataSubjectRequest,
    Disclosure,
    GroundsIndicator,
    IdentificationGrounds,
    LegalBasis,
    PermitStatus,
    Prosecution,
    RecordForm,
    ResidencePermit,
    ServiceRecipient,
)
from torju.legalpath.permissions import can_record_legal_path
from torju.register import crypto
from torju.register import services as register_services
from torju.register.models import POSITIVE, Application, Person, PersonRole, ServiceProvided

# What the audit events of the legal path concern (`what`), as the case's timeline shows them.
TIMELINE_SUBJECTS = {
    "client_category": gettext_lazy("client category"),
    "consent": gettext_lazy("consent"),
    "consent_withdrawn": gettext_lazy("consent withdrawn"),
    "identification_grounds": gettext_lazy("identification grounds"),
    "residence_permit": gettext_lazy("residence permit"),
    "criminal_process": gettext_lazy("criminal process"),
    "child_service": gettext_lazy("service given to a child"),
    "child_safeguards": gettext_lazy("child's safeguards"),
    "disclosure": gettext_lazy("disclosure"),
    "data_subject_request": gettext_lazy("data subject request"),
    "access_copy": gettext_lazy("access copy"),
}
# The timeline in words (the register's TIMELINE_SENTENCES): what the legal path recorded, and who did it.
TIMELINE_SENTENCES = {
    (Action.UPDATE, "client_category"): gettext_lazy("Client category set by %(who)s"),
    (Action.CREATE, "consent"): gettext_lazy("Consent recorded by %(who)s"),
    (Action.UPDATE, "consent_withdrawn"): gettext_lazy("Withdrawal of consent recorded by %(who)s"),
    (Action.UPDATE, "identification_grounds"): gettext_lazy("Grounds of the identification recorded by %(who)s"),
    (Action.CREATE, "residence_permit"): gettext_lazy("Residence permit recorded by %(who)s"),
    (Action.UPDATE, "residence_permit"): gettext_lazy("Residence permit changed by %(who)s"),
    (Action.CREATE, "criminal_process"): gettext_lazy("Criminal process recorded by %(who)s"),
    (Action.UPDATE, "criminal_process"): gettext_lazy("Criminal process changed by %(who)s"),
    (Action.CREATE, "child_service"): gettext_lazy("Service given to a child recorded by %(who)s"),
    (Action.UPDATE, "child_safeguards"): gettext_lazy("Child's safeguards recorded by %(who)s"),
    (Action.CREATE, "disclosure"): gettext_lazy("Disclosure recorded by %(who)s"),
    (Action.CREATE, "data_subject_request"): gettext_lazy("Data subject request recorded by %(who)s"),
    (Action.UPDATE, "data_subject_request"): gettext_lazy("Answer to a data subject request recorded by %(who)s"),
    (Action.EXPORT, "access_copy"): gettext_lazy("Access copy made by %(who)s"),
}
ADULT_AGE = 18
# What a disclosure to a recipient may rest on when its basis is consent: the consent's purpose.
CONSENT_FOR_RECIPIENT = {
    "police": ConsentPurpose.DISCLOSURE_POLICE,
    "prosecutor": ConsentPurpose.DISCLOSURE_POLICE,
    "immigration_service": ConsentPurpose.DISCLOSURE_IMMIGRATION,
    "municipality": ConsentPurpose.DISCLOSURE_MUNICIPALITY,
}
MAX_TEXT = 2000


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied("the legal path is recorded in a user's name")
    return actor.user


def _locked_case(actor: Actor, application: Application) -> Application:
    current = Application.objects.select_for_update().get(pk=application.pk)
    if not can_record_legal_path(actor, current):
        raise PermissionDenied("not a case of the user")
    return current


def _require_code(field: str, code_list: str, code: str) -> None:
    if not codes_of(code_list).filter(code=code).exists():
        raise ValidationError({field: _("Choose a value from the list.")})


def _require_choice(field: str, value: str, allowed: list[str]) -> None:
    if value not in allowed:
        raise ValidationError({field: _("Choose a value from the list.")})


def _not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _not_before(field: str, value: date | None, earliest: date | None, message: str) -> None:
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError({field: message})


def _text(field: str, value: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("The text is too long.")})
    return value


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()}


def _audit(action: Action, actor: Actor, application: Application, what: str, after: dict[str, Any]) -> None:
    """Recorded against the case, as the register's own writes: the audit trail is the case's timeline."""
    record(action, actor, obj=application, changes={"what": what, "after": _plain(after)})


def _saved(instance: Any) -> None:
    instance.full_clean()
    instance.save()


# The client category ----------------------------------------------------------------------------------------------


@transaction.atomic
def set_client_category(*, actor: Actor, application: Application, category: str) -> ApplicantCategory:
    """Victim, or a person assisting in the criminal investigation of a trafficking offence (a client too)."""
    current = _locked_case(actor, application)
    _require_choice("category", category, ClientCategory.values)
    row, _created = ApplicantCategory.objects.update_or_create(
        application=current, defaults={"category": category, "recorded_by": _user(actor)}
    )
    _audit(Action.UPDATE, actor, current, "client_category", {"category": category})
    return row


def category_of(application: Application) -> str:
    row = ApplicantCategory.objects.filter(application=application).first()
    return row.category if row is not None else ClientCategory.VICTIM.value


# Consents ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(*, actor: Actor, application: Application, purpose: str, given_on: date, form: str) -> Consent:
    current = _locked_case(actor, application)
    _require_choice("purpose", purpose, ConsentPurpose.values)
    _require_choice("form", form, RecordForm.values)
    _not_future("given_on", given_on)
    if Consent.objects.filter(application=current, purpose=purpose, withdrawn_on__isnull=True).exists():
        raise ValidationError({"purpose": _("A consent for this purpose is in force already.")})
    consent = Consent(application=current, purpose=purpose, given_on=given_on, form=form, recorded_by=_user(actor))
    _saved(consent)
    _audit(Action.CREATE, actor, current, "consent", {"purpose": purpose, "given_on": given_on, "form": form})
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, withdrawn_on: date, form: str) -> Consent:
    """The withdrawal takes effect from its date on: disclosures made before it stand, later ones are refused."""
    current = _locked_case(actor, consent.application)
    locked = Consent.objects.select_for_update().get(pk=consent.pk, application=current)
    if locked.withdrawn_on is not None:
        raise ValidationError(_("The consent has been withdrawn already."))
    _require_choice("form", form, RecordForm.values)
    _not_future("withdrawn_on", withdrawn_on)
    _not_before("withdrawn_on", withdrawn_on, locked.given_on, _("A consent is withdrawn after it was given."))
    last_use = locked.disclosures.order_by("-disclosed_on").values_list("disclosed_on", flat=True).first()
    _not_before(
        "withdrawn_on",
        withdrawn_on,
        last_use,
        _("A disclosure was made on this consent after that date: a withdrawal takes effect for the future only."),
    )
    locked.withdrawn_on = withdrawn_on
    locked.withdrawal_form = form
    _saved(locked)
    _audit(
        Action.UPDATE,
        actor,
        current,
        "consent_withdrawn",
        {"purpose": locked.purpose, "withdrawn_on": withdrawn_on, "form": form},
    )
    return locked


def consent_in_force(consent: Consent, on: date) -> bool:
    return consent.given_on <= on and (consent.withdrawn_on is None or consent.withdrawn_on > on)


# Identification grounds -------------------------------------------------------------------------------------------


@transaction.atomic
def record_grounds(
    *,
    actor: Actor,
    application: Application,
    is_child: bool,
    act_assessed: bool,
    means_assessed: bool,
    purpose_assessed: bool,
    indicators: list[str],
    preliminary_on: date | None,
    reasonable_grounds: bool | None,
    final_on: date | None = None,
    final_grounds: bool | None = None,
) -> IdentificationGrounds:
    """The grounds of the identification: recorded (and corrected) until the decision is confirmed."""
    current = _locked_case(actor, application)
    if current.decision:
        raise ValidationError(_("The decision has been made: its grounds can no longer be changed."))
    for code in indicators:
        _require_code("indicators", "screening_indicator", code)
    for field, on, outcome in (
        ("preliminary_on", preliminary_on, reasonable_grounds),
        ("final_on", final_on, final_grounds),
    ):
        if (on is None) != (outcome is None):
            raise ValidationError({field: _("Give both the date and the outcome of the assessment.")})
        _not_future(field, on)
        _not_before(field, on, current.received_on, _("An assessment is made after the application was received."))
    _not_before("final_on", final_on, preliminary_on, _("The final assessment comes after the preliminary one."))
    if final_on is not None and preliminary_on is None:
        raise ValidationError({"preliminary_on": _("Record the preliminary assessment first.")})
    if final_grounds and not (act_assessed and purpose_assessed and (means_assessed or is_child)):
        raise ValidationError(
            _("An identification rests on the act, the means and the purpose (for a child the act and the purpose).")
        )
    if final_grounds and not indicators:
        raise ValidationError({"indicators": _("Choose the indicators the identification rests on.")})
    grounds, _created = IdentificationGrounds.objects.update_or_create(
        application=current,
        defaults={
            "is_child": is_child,
            "act_assessed": act_assessed,
            "means_assessed": means_assessed,
            "purpose_assessed": purpose_assessed,
            "preliminary_on": preliminary_on,
            "reasonable_grounds": reasonable_grounds,
            "final_on": final_on,
            "final_grounds": final_grounds,
            "recorded_by": _user(actor),
        },
    )
    grounds.full_clean()
    grounds.indicators.exclude(indicator__in=indicators).delete()
    for code in indicators:
        GroundsIndicator.objects.get_or_create(grounds=grounds, indicator=code)
    _audit(
        Action.UPDATE,
        actor,
        current,
        "identification_grounds",
        {
            "is_child": is_child,
            "elements": [
                name
                for name, assessed in (("act", act_assessed), ("means", means_assessed), ("purpose", purpose_assessed))
                if assessed
            ],
            "indicators": sorted(indicators),
            "preliminary_on": preliminary_on,
            "reasonable_grounds": reasonable_grounds,
            "final_on": final_on,
            "final_grounds": final_grounds,
        },
    )
    return grounds


def require_grounds_for_positive_draft(application: Application, decision: str) -> None:
    """The register's draft check (torju.register.services.decisions.DRAFT_CHECKS): no positive decision without
    recorded grounds whose final assessment found the person identified, with its indicators."""
    if decision != POSITIVE:
        return
    grounds = IdentificationGrounds.objects.filter(application=application).first()
    if grounds is None or not grounds.supports_positive_decision or not grounds.indicators.exists():
        raise ValidationError(
            {
                "decision": _(
                    "Record the grounds of the identification (elements, indicators, the final assessment) "
                    "before drafting a positive decision."
                )
            }
        )


# Residence permits ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_permit(
    *,
    actor: Actor,
    application: Application,
    permit_type: str,
    status: str,
    applied_on: date,
    decided_on: date | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    reflection_period_id: int | None = None,
    permit: ResidencePermit | None = None,
) -> ResidencePermit:
    """A permit process, new or updated (applied → granted or refused)."""
    current = _locked_case(actor, application)
    _require_code("permit_type", "permit_type", permit_type)
    _require_choice("status", status, PermitStatus.values)
    for field, value in (("applied_on", applied_on), ("decided_on", decided_on), ("valid_from", valid_from)):
        _not_future(field, value)
    if status == PermitStatus.APPLIED:
        decided_on = valid_from = valid_until = None
    elif decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    if status == PermitStatus.GRANTED and valid_from is None:
        raise ValidationError({"valid_from": _("Give the date the permit is valid from.")})
    if status == PermitStatus.REFUSED:
        valid_from = valid_until = None
    if status == PermitStatus.GRANTED and permit_type == "victim_temporary" and valid_until is None:
        raise ValidationError({"valid_until": _("A temporary permit is valid until a date.")})
    _not_before("decided_on", decided_on, applied_on, _("A permit is decided after it was applied for."))
    _not_before("valid_until", valid_until, valid_from, _("The end cannot be before the beginning."))
    reflection = None
    if reflection_period_id is not None:
        reflection = current.reflection_periods.filter(pk=reflection_period_id).first()
        if reflection is None:
            raise ValidationError({"reflection_period": _("Choose a recovery period of this case.")})
    if permit is None:
        permit = ResidencePermit(application=current, recorded_by=_user(actor))
        action = Action.CREATE
    else:
        permit = ResidencePermit.objects.select_for_update().get(pk=permit.pk, application=current)
        action = Action.UPDATE
    values: dict[str, Any] = {
        "permit_type": permit_type,
        "status": status,
        "applied_on": applied_on,
        "decided_on": decided_on,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    for field, value in values.items():
        setattr(permit, field, value)
    permit.reflection_period = reflection
    _saved(permit)
    _audit(action, actor, current, "residence_permit", values)
    return permit


# The criminal process ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_criminal_matter(
    *,
    actor: Actor,
    application: Application,
    client_role: str,
    reported_on: date | None = None,
    reported_by: str = "",
    police_department: str = "",
    offence: str = "",
    investigation_opened_on: date | None = None,
    investigation_ended_on: date | None = None,
    prosecution: str = "",
    prosecution_decided_on: date | None = None,
    court_outcome: str = "",
    court_decided_on: date | None = None,
    matter: CriminalMatter | None = None,
) -> CriminalMatter:
    """A matter in the criminal process, new or brought up to date as it moves on."""
    current = _locked_case(actor, application)
    _require_choice("client_role", client_role, ClientRole.values)
    for field, code_list, code in (
        ("reported_by", "reported_by", reported_by),
        ("police_department", "police_department", police_department),
        ("offence", "offence", offence),
    ):
        if code:
            _require_code(field, code_list, code)
    if prosecution:
        _require_choice("prosecution", prosecution, Prosecution.values)
    if court_outcome:
        _require_choice("court_outcome", court_outcome, CourtOutcome.values)
    dates = {
        "reported_on": reported_on,
        "investigation_opened_on": investigation_opened_on,
        "investigation_ended_on": investigation_ended_on,
        "prosecution_decided_on": prosecution_decided_on,
        "court_decided_on": court_decided_on,
    }
    for field, value in dates.items():
        _not_future(field, value)
    if (reported_on is None) != (not reported_by):
        raise ValidationError({"reported_by": _("Give both who reported the matter and when.")})
    if investigation_ended_on is not None and investigation_opened_on is None:
        raise ValidationError({"investigation_opened_on": _("Give the date the investigation was opened.")})
    _not_before(
        "investigation_ended_on",
        investigation_ended_on,
        investigation_opened_on,
        _("The end cannot be before the beginning."),
    )
    if bool(prosecution) != (prosecution_decided_on is not None):
        raise ValidationError({"prosecution_decided_on": _("Give both the prosecution decision and its date.")})
    if prosecution and investigation_opened_on is None:
        raise ValidationError({"prosecution": _("A prosecution decision follows a pre-trial investigation.")})
    if bool(court_outcome) != (court_decided_on is not None):
        raise ValidationError({"court_decided_on": _("Give both the court outcome and its date.")})
    if court_outcome and prosecution != Prosecution.CHARGED:
        raise ValidationError({"court_outcome": _("A court decides on a matter that was charged.")})
    if court_outcome and not offence:
        raise ValidationError({"offence": _("Give the offence the court decided on.")})
    _not_before("court_decided_on", court_decided_on, prosecution_decided_on, _("The court decides after the charge."))
    if matter is None:
        matter = CriminalMatter(application=current, recorded_by=_user(actor))
        action = Action.CREATE
    else:
        matter = CriminalMatter.objects.select_for_update().get(pk=matter.pk, application=current)
        action = Action.UPDATE
    values: dict[str, Any] = {
        "client_role": client_role,
        "reported_by": reported_by,
        "police_department": police_department,
        "offence": offence,
        "prosecution": prosecution,
        "court_outcome": court_outcome,
        **dates,
    }
    for field, value in values.items():
        setattr(matter, field, value)
    matter.recorded_by = _user(actor)
    _saved(matter)
    _audit(action, actor, current, "criminal_process", values)
    return matter


# Children ---------------------------------------------------------------------------------------------------------


def _child_of_clienthood(application: Application, child_id: int, on: date | None = None) -> Person:
    child = Person.objects.filter(pk=child_id, parent_id=application.person_id, role=PersonRole.CHILD_OF_VICTIM).first()
    if child is None:
        raise ValidationError({"child": _("Choose a child of the client who is a client.")})
    joined = child.child_joined_on
    if on is not None and (
        (joined is not None and on < joined) or (child.child_left_on is not None and on > child.child_left_on)
    ):
        raise ValidationError({"started_on": _("The child was not a client on that date.")})
    return child


@transaction.atomic
def add_child_service(
    *,
    actor: Actor,
    application: Application,
    child_id: int,
    service: str,
    started_on: date,
    ended_on: date | None = None,
) -> ServiceProvided:
    """A service given to one of the client's children who are clients: the register's service, and its recipient."""
    current = _locked_case(actor, application)
    child = _child_of_clienthood(current, child_id, started_on)
    provided = register_services.add_service(
        actor=actor, application=current, service=service, started_on=started_on, ended_on=ended_on
    )
    ServiceRecipient.objects.create(service=provided, person=child)
    _audit(Action.CREATE, actor, current, "child_service", {"person_id": child.person_id, "service": service})
    return provided


def safeguardable_persons(application: Application) -> list[Person]:
    """The client's children, and the client when they applied as a minor."""
    persons = list(Person.objects.filter(parent_id=application.person_id).order_by("child_joined_on", "person_id"))
    applicant = application.person
    if applicant.birth_date is not None and _age_on(applicant.birth_date, application.received_on) < ADULT_AGE:
        persons.insert(0, applicant)
    return persons


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@transaction.atomic
def record_child_safeguards(
    *,
    actor: Actor,
    application: Application,
    child_id: int,
    representative_appointed_on: date | None = None,
    welfare_notified_on: date | None = None,
    welfare_municipality: str = "",
    barnahus_referred_on: date | None = None,
) -> ChildSafeguards:
    current = _locked_case(actor, application)
    child = next((person for person in safeguardable_persons(current) if person.pk == child_id), None)
    if child is None:
        raise ValidationError({"child": _("Choose a child of the client, or the client who applied as a minor.")})
    dates = {
        "representative_appointed_on": representative_appointed_on,
        "welfare_notified_on": welfare_notified_on,
        "barnahus_referred_on": barnahus_referred_on,
    }
    for field, value in dates.items():
        _not_future(field, value)
    welfare_municipality = _text("welfare_municipality", welfare_municipality, required=welfare_notified_on is not None)
    if welfare_notified_on is None:
        welfare_municipality = ""
    row, _created = ChildSafeguards.objects.update_or_create(
        application=current,
        child=child,
        # Recorded in Torju, the row is complete again (an imported one had no municipality: decision 0096).
        defaults={
            **dates,
            "welfare_municipality": welfare_municipality,
            "recorded_by": _user(actor),
            "imported": False,
        },
    )
    row.full_clean()
    _audit(Action.UPDATE, actor, current, "child_safeguards", {"person_id": child.person_id, **dates})
    return row


# Disclosures ------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_disclosure(
    *,
    actor: Actor,
    application: Application,
    recipient: str,
    content: str,
    legal_basis: str,
    disclosed_on: date,
    recipient_name: str = "",
    consent_id: int | None = None,
    request_reference: str = "",
) -> Disclosure:
    """A disclosure of client data, recorded as it is made; one on consent needs that consent in force that day."""
    current = _locked_case(actor, application)
    _require_code("recipient", "disclosure_recipient", recipient)
    _require_choice("legal_basis", legal_basis, LegalBasis.values)
    _not_future("disclosed_on", disclosed_on)
    content = _text("content", content, required=True)
    recipient_name = _text("recipient_name", recipient_name, required=False)
    consent = None
    if legal_basis == LegalBasis.CONSENT:
        if consent_id is None:
            raise ValidationError({"consent": _("Choose the consent the disclosure rests on.")})
        consent = Consent.objects.select_for_update().filter(pk=consent_id, application=current).first()
        if consent is None:
            raise ValidationError({"consent": _("Choose a consent of this case.")})
        if not consent_in_force(consent, disclosed_on):
            raise ValidationError(
                {"consent": _("The consent was not in force on that day: it was withdrawn or given later.")}
            )
        wanted = CONSENT_FOR_RECIPIENT.get(recipient)
        if wanted is not None and consent.purpose != wanted:
            raise ValidationError({"consent": _("The consent does not cover this recipient.")})
    request_reference = _text(
        "request_reference", request_reference, required=legal_basis == LegalBasis.AUTHORITY_REQUEST
    )
    if legal_basis != LegalBasis.AUTHORITY_REQUEST:
        request_reference = ""
    disclosure = Disclosure(
        application=current,
        recipient=recipient,
        recipient_name_encrypted=crypto.encrypt(recipient_name) if recipient_name else "",
        content_encrypted=crypto.encrypt(content),
        legal_basis=legal_basis,
        consent=consent,
        request_reference_encrypted=crypto.encrypt(request_reference) if request_reference else "",
        disclosed_on=disclosed_on,
        disclosed_by=_user(actor),
    )
    _saved(disclosure)
    _audit(
        Action.CREATE,
        actor,
        current,
        "disclosure",
        {"recipient": recipient, "legal_basis": legal_basis, "disclosed_on": disclosed_on},
    )
    return disclosure


# Data subject requests --------------------------------------------------------------------------------------------


@transaction.atomic
def record_data_request(
    *, actor: Actor, application: Application, kind: str, received_on: date, person_id: int | None = None
) -> DataSubjectRequest:
    """A request of the client (or of their child, through the parent's case) to see, correct or restrict data."""
    current = _locked_case(actor, application)
    _require_code("kind", "data_request_kind", kind)
    _not_future("received_on", received_on)
    person = current.person
    if person_id is not None and person_id != person.pk:
        person = _child_of_clienthood(current, person_id)
    request = DataSubjectRequest(
        application=current, person=person, kind=kind, received_on=received_on, recorded_by=_user(actor)
    )
    _saved(request)
    _audit(Action.CREATE, actor, current, "data_subject_request", {"kind": kind, "received_on": received_on})
    return request


@transaction.atomic
def respond_data_request(
    *, actor: Actor, request: DataSubjectRequest, responded_on: date, outcome: str
) -> DataSubjectRequest:
    current = _locked_case(actor, request.application)
    locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk, application=current)
    if locked.responded_on is not None:
        raise ValidationError(_("The request has been answered already."))
    _require_code("outcome", "data_request_outcome", outcome)
    _not_future("responded_on", responded_on)
    _not_before("responded_on", responded_on, locked.received_on, _("A request is answered after it was received."))
    locked.responded_on = responded_on
    locked.outcome = outcome
    _saved(locked)
    _audit(Action.UPDATE, actor, current, "data_subject_request", {"kind": locked.kind, "outcome": outcome})
    return locked


def record_disclosure_register_reading(actor: Actor, criteria: Any, page: int) -> None:
    """The auditor's reading of the register of disclosures is itself in the audit trail, with its filters."""
    filters = {name: str(value) for name, value in vars(criteria).items() if value not in ("", None)}
    record(
        Action.VIEW,
        actor,
        object_type="legalpath.disclosure",
        changes={"what": "disclosure_register", "filters": filters, "page": page},
    )


def record_duplicates_view(actor: Actor, shown: int) -> None:
    """The list of likely duplicates shows decrypted names: its reading is audited, with how many pairs it showed."""
    record(Action.VIEW, actor, object_type="register.person", changes={"what": "likely_duplicates", "pairs": shown})
