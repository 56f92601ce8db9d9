"""The clienthood a positive decision starts: services, the client's minor children, needs assessments, its end."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.register import crypto
from torju.register.models import POSITIVE, Application, Person, PersonRole, ServiceNeedsAssessment, ServiceProvided
from torju.register.selectors import assessable_persons
from torju.register.services.common import (
    acting_user,
    audit_application,
    locked_for_work,
    new_identifier,
    not_before,
    not_future,
    require_code,
    save_revised,
    snapshot,
)
from torju.register.services.persons import (
    PersonDetails,
    apply_details,
    asks_whether_registered,
    identity_code_asked,
    require_minor_when_joining,
)


def _current_clienthood(actor: Actor, application: Application) -> Application:
    current = locked_for_work(actor, application)
    if current.decision != POSITIVE:
        raise ValidationError(_("Only a positive decision starts a clienthood."))
    return current


@transaction.atomic
def add_service(
    *,
    actor: Actor,
    application: Application,
    service: str,
    started_on: date,
    ended_on: date | None = None,
) -> ServiceProvided:
    current = _current_clienthood(actor, application)
    require_code("service", "service", service)
    not_future("started_on", started_on)
    not_future("ended_on", ended_on)
    not_before("ended_on", ended_on, started_on, _("The end cannot be before the beginning."))
    # Urgent help given while the application was being decided belongs to the clienthood too; help before the
    # application, or after the clienthood ended, does not (docs/decisions/0016-importer-and-services-agree.md).
    not_before(
        "started_on", started_on, current.received_on, _("A service cannot begin before the application was received.")
    )
    # A service given during the clienthood may be recorded after it ended; one that began later may not.
    not_before(
        "started_on",
        current.clienthood_ended_on,
        started_on,
        _("The clienthood had ended before this date: a service cannot begin after it."),
    )
    provided = ServiceProvided(application=current, service=service, started_on=started_on, ended_on=ended_on)
    provided.full_clean()
    provided.save()
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="service",
        after=snapshot(provided, ("service", "started_on", "ended_on")),
    )
    return provided


@transaction.atomic
def end_service(*, actor: Actor, provided: ServiceProvided, ended_on: date) -> ServiceProvided:
    current = _current_clienthood(actor, provided.application)
    provided = ServiceProvided.objects.select_for_update().get(pk=provided.pk)
    if provided.ended_on is not None:  # ended by someone else meanwhile: never overwrite their date
        raise ValidationError(_("The service has ended already."))
    not_future("ended_on", ended_on)
    not_before("ended_on", ended_on, provided.started_on, _("The end cannot be before the beginning."))
    before = snapshot(provided, ("service", "started_on", "ended_on"))
    provided.ended_on = ended_on
    provided.full_clean()
    provided.save(update_fields=["ended_on"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="service",
        before=before,
        after=snapshot(provided, ("service", "started_on", "ended_on")),
    )
    return provided


@asks_whether_registered(lambda details, **_: identity_code_asked(details))
@transaction.atomic
def add_child(
    *,
    actor: Actor,
    application: Application,
    details: PersonDetails,
    joined_on: date,
) -> Person:
    """The client's minor child becomes a client, linked to the parent."""
    current = _current_clienthood(actor, application)
    if current.clienthood_ended_on is not None:
        raise ValidationError(_("The clienthood has ended."))
    not_future("joined_on", joined_on)
    not_before("joined_on", joined_on, current.decided_on, _("A child joins after the parent's positive decision."))
    require_minor_when_joining(details.birth_date, joined_on)
    child = Person(
        person_id=new_identifier("P"),
        role=PersonRole.CHILD_OF_VICTIM,
        parent=current.person,
        child_joined_on=joined_on,
    )
    apply_details(child, details)
    child.full_clean()
    child.save()
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="child",
        after={
            "person_id": child.person_id,
            **snapshot(child, ("sex", "birth_date", "nationality", "child_joined_on")),
        },
    )
    return child


@transaction.atomic
def end_child_clienthood(*, actor: Actor, application: Application, child: Person, left_on: date) -> Person:
    current = _current_clienthood(actor, application)
    locked = Person.objects.select_for_update().get(pk=child.pk)
    if locked.parent_id != current.person_id:
        raise PermissionDenied("not a child of this client")
    if locked.child_left_on is not None:
        raise ValidationError(_("The child's clienthood has ended already."))
    not_future("left_on", left_on)
    not_before("left_on", left_on, locked.child_joined_on, _("The end cannot be before the beginning."))
    locked.child_left_on = left_on
    save_revised(locked, ["child_left_on"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="child_left",
        after={"person_id": locked.person_id, "child_left_on": left_on.isoformat()},
    )
    return locked


@transaction.atomic
def record_needs_assessment(
    *,
    actor: Actor,
    application: Application,
    person_id: int,
    assessed_on: date,
    needs: list[str],
    notes: str = "",
) -> ServiceNeedsAssessment:
    """The individual service needs assessment of the client or of one of their minor children who are clients now.

    `person_id` is the person's primary key (selectors.assessable_persons lists the choices).
    """
    current = _current_clienthood(actor, application)
    person = assessable_persons(current).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person": _("Choose the client or one of their children.")})
    for code in needs:
        require_code("needs", "service", code)
    not_future("assessed_on", assessed_on)
    not_before("assessed_on", assessed_on, current.decided_on, _("An assessment is made after the positive decision."))
    not_before(
        "assessed_on",
        current.clienthood_ended_on,
        assessed_on,
        _("The clienthood had ended before this date: an assessment cannot be made after it."),
    )
    assessment = ServiceNeedsAssessment.objects.create(
        application=current,
        person=person,
        assessed_on=assessed_on,
        needs=",".join(needs),
        notes_encrypted=crypto.encrypt(notes.strip()),
        assessed_by=acting_user(actor),
    )
    audit_application(
        Action.CREATE,
        actor,
        application=current,
        what="needs_assessment",
        after={"person_id": person.person_id, "assessed_on": assessed_on.isoformat(), "needs": needs},
    )
    return assessment


@transaction.atomic
def end_clienthood(
    *,
    actor: Actor,
    application: Application,
    revision: int,
    ended_on: date,
    end_reason: str,
) -> Application:
    """End the clienthood with its reason; EditConflictError if the case changed since the form was opened."""
    submitted = {"ended_on": ended_on, "end_reason": end_reason, "revision": revision}
    current = locked_for_work(actor, application, revision=revision, submitted=submitted)
    if current.decision != POSITIVE:
        raise ValidationError(_("Only a positive decision starts a clienthood."))
    if current.clienthood_ended_on is not None:
        raise ValidationError(_("The clienthood has ended already."))
    require_code("end_reason", "end_reason", end_reason)
    not_future("ended_on", ended_on)
    not_before("ended_on", ended_on, current.decided_on, _("The clienthood cannot end before the decision."))
    last_start = current.services_provided.aggregate(last=Max("started_on"))["last"]
    not_before(
        "ended_on",
        ended_on,
        last_start,
        _("A service of this clienthood began later (%(date)s): the clienthood cannot end before it.")
        % {"date": f"{last_start:%d.%m.%Y}" if last_start else ""},
    )
    current.clienthood_ended_on, current.end_reason = ended_on, end_reason
    save_revised(current, ["clienthood_ended_on", "end_reason"])
    audit_application(
        Action.UPDATE,
        actor,
        application=current,
        what="clienthood_ended",
        after={"clienthood_ended_on": ended_on.isoformat(), "end_reason": end_reason},
    )
    return current
