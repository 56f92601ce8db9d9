"""Finding a case or a person by its id, for the pages and the API alike: what the actor may reach, else "not found".

The one way from an id in an address to a register object. Another
office's case answers exactly as an id that does not exist (Http404, the
same body), until the session identified its applicant by a search
(permissions.reachable_applications); every id that answers "not found" is
recorded in the audit trail, as far as the actor's `not_found_probe` rate
allows (services.record_not_found), so that an id walk is seen but cannot
flood the trail.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from torju.actor import Actor
from torju.register import services
from torju.register.models import Application, Person
from torju.register.permissions import (
    applicants_to_apply_for,
    reachable_applications,
    visible_applications,
    visible_persons,
)

Found = TypeVar("Found", bound=Model)


def found_or_404(actor: Actor, queryset: QuerySet[Found], pk: int) -> Found:
    """The object `pk` of `queryset` (what the actor may reach), else Http404 after recording the probe."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        services.record_not_found(actor=actor, object_type=queryset.model._meta.label_lower, object_id=pk)
        raise Http404
    return found


def visible_application(actor: Actor, pk: int) -> Application:
    """A case the actor may open now (their own, or opened with a reason in this session)."""
    return found_or_404(actor, visible_applications(actor).select_related("person", "assigned_to"), pk)


def reachable_application(actor: Actor, pk: int) -> Application:
    """A case the actor may open, or another office's case whose applicant they identified: the reason page."""
    return found_or_404(actor, reachable_applications(actor).select_related("person", "assigned_to"), pk)


def visible_person(actor: Actor, pk: int) -> Person:
    return found_or_404(actor, visible_persons(actor), pk)


def applicant(actor: Actor, pk: int) -> Person:
    """A victim the actor may register a new application for (permissions.applicants_to_apply_for)."""
    return found_or_404(actor, applicants_to_apply_for(actor), pk)
