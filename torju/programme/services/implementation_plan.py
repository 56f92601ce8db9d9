"""The implementation plan: each measure's indicators (what is followed, in which unit, from which baseline to
which target) and milestones (what is to be done by when). The working group decides them; its secretariat,
the coordinator, keeps them in Torju."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Indicator, Measure, Milestone, Unit
from torju.programme.permissions import require_coordinator
from torju.programme.rules import Problems, parse_indicator_value, refuse


@dataclass(frozen=True)
class IndicatorData:
    name_fi: str
    unit: str
    target: Decimal
    baseline: Decimal | None = None
    name_sv: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class MilestoneData:
    description_fi: str
    due: date
    description_sv: str = ""
    description_en: str = ""
    reached_on: date | None = None


def _indicator_state(indicator: Indicator) -> dict[str, str | None]:
    return {
        "name_fi": indicator.name_fi,
        "name_sv": indicator.name_sv,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "baseline": None if indicator.baseline is None else str(indicator.baseline),
        "target": str(indicator.target),
    }


def _value_problems(data: IndicatorData) -> Problems:
    problems: Problems = {}
    if data.unit not in Unit.values:
        return {"unit": _("Choose the unit from the list.")}
    for field, value in (("target", data.target), ("baseline", data.baseline)):
        if value is None:
            continue
        try:
            parse_indicator_value(data.unit, value)
        except ValidationError as error:
            problems[field] = error.messages[0]
    if not data.name_fi.strip():
        problems["name_fi"] = _("The Finnish name is required.")
    return problems


@transaction.atomic
def save_indicator(*, actor: Actor, measure: Measure, indicator: Indicator | None, data: IndicatorData) -> Indicator:
    """Add an indicator to the measure (`indicator` None) or change one; its target and baseline must be values
    of its unit. A unit cannot change once values have been reported in it."""
    require_coordinator(actor)
    problems = _value_problems(data)
    if indicator is not None and indicator.unit != data.unit and indicator.values.exists():
        problems["unit"] = _("Values have been reported in this unit: it can no longer change.")
    refuse(problems)
    before = _indicator_state(indicator) if indicator is not None else None
    saved = indicator or Indicator(measure=measure, position=measure.indicators.count())
    for name in ("name_fi", "name_sv", "name_en", "unit", "target", "baseline"):
        setattr(saved, name, getattr(data, name))
    saved.save()
    record(
        Action.UPDATE if before else Action.CREATE,
        actor,
        obj=saved,
        changes={"measure": measure.number, "before": before, "after": _indicator_state(saved)},
    )
    return saved


@transaction.atomic
def remove_indicator(*, actor: Actor, indicator: Indicator) -> None:
    """Remove an indicator nobody has reported on yet (reported values are kept, and so is their indicator)."""
    require_coordinator(actor)
    if indicator.values.exists():
        raise ValidationError(_("Values have been reported on this indicator: it is kept."))
    record(Action.DELETE, actor, obj=indicator, changes={"before": _indicator_state(indicator)})
    indicator.delete()


def _milestone_state(milestone: Milestone) -> dict[str, str | None]:
    return {
        "description_fi": milestone.description_fi,
        "description_sv": milestone.description_sv,
        "description_en": milestone.description_en,
        "due": milestone.due.isoformat(),
        "reached_on": milestone.reached_on.isoformat() if milestone.reached_on else None,
    }


@transaction.atomic
def save_milestone(*, actor: Actor, measure: Measure, milestone: Milestone | None, data: MilestoneData) -> Milestone:
    """Add a milestone to the measure (`milestone` None) or change one."""
    require_coordinator(actor)
    if not data.description_fi.strip():
        refuse({"description_fi": _("The Finnish description is required.")})
    before = _milestone_state(milestone) if milestone is not None else None
    saved = milestone or Milestone(measure=measure)
    for name in ("description_fi", "description_sv", "description_en", "due", "reached_on"):
        setattr(saved, name, getattr(data, name))
    saved.save()
    record(
        Action.UPDATE if before else Action.CREATE,
        actor,
        obj=saved,
        changes={"measure": measure.number, "before": before, "after": _milestone_state(saved)},
    )
    return saved


@transaction.atomic
def remove_milestone(*, actor: Actor, milestone: Milestone) -> None:
    require_coordinator(actor)
    record(Action.DELETE, actor, obj=milestone, changes={"before": _milestone_state(milestone)})
    milestone.delete()
