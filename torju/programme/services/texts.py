"""The coordinator's edits of a plan's texts in Finnish, Swedish and English (objectives and measures)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.programme.languages import translated_fields
from torju.programme.models import Measure, Objective
from torju.programme.permissions import require_coordinator
from torju.programme.rules import refuse

MEASURE_TEXTS = (
    *translated_fields("text"),
    *translated_fields("responsible_bodies_text"),
    *translated_fields("funding_note"),
)
OBJECTIVE_TEXTS = (*translated_fields("title"), *translated_fields("introduction"))
REQUIRED = frozenset({"text_fi", "title_fi"})


def _save_texts(actor: Actor, current: Measure | Objective, names: tuple[str, ...], texts: dict[str, str]) -> None:
    values = {name: (texts.get(name) or "").strip() for name in names}
    refuse({name: _("The Finnish text is required.") for name in REQUIRED & set(names) if not values[name]})
    before = {name: getattr(current, name) for name in names}
    changed = [name for name in names if before[name] != values[name]]
    if not changed:
        return
    for name in changed:
        setattr(current, name, values[name])
    current.revision += 1
    current.save(update_fields=[*changed, "revision"])
    record(
        Action.UPDATE,
        actor,
        obj=current,
        changes={"before": {name: before[name] for name in changed}, "after": {name: values[name] for name in changed}},
    )


@transaction.atomic
def edit_measure_texts(*, actor: Actor, measure: Measure, texts: dict[str, Any], revision: int) -> Measure:
    """Set the measure's texts in the three languages; a stale form (another revision) raises EditConflictError."""
    require_coordinator(actor)
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if current.revision != revision:
        raise EditConflictError(current, {name: texts.get(name, "") for name in MEASURE_TEXTS})
    _save_texts(actor, current, MEASURE_TEXTS, texts)
    return current


@transaction.atomic
def edit_objective_texts(*, actor: Actor, objective: Objective, texts: dict[str, Any], revision: int) -> Objective:
    """Set the objective's title and introduction in the three languages, as edit_measure_texts does."""
    require_coordinator(actor)
    current = Objective.objects.select_for_update().get(pk=objective.pk)
    if current.revision != revision:
        raise EditConflictError(current, {name: texts.get(name, "") for name in OBJECTIVE_TEXTS})
    _save_texts(actor, current, OBJECTIVE_TEXTS, texts)
    return current
