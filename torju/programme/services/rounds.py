"""Reporting rounds, and tagging measures with priority areas."""

from collections.abc import Collection, Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Measure, PriorityArea, Programme, ReportingRound
from torju.programme.permissions import require_coordinator
from torju.programme.rules import refuse, round_period_problems


@transaction.atomic
def open_round(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    period_start: date,
    period_end: date,
    deadline: date,
    measure_numbers: Collection[int],
) -> ReportingRound:
    """Ask the responsible bodies of the chosen measures (by number) to report on the period by the deadline.

    Raises ValidationError naming the field: a name, at least one measure of
    this programme, a period in order, a deadline no earlier than its end.
    """
    coordinator = require_coordinator(actor)
    wanted = set(measure_numbers)
    chosen = list(Measure.objects.filter(programme=programme, number__in=wanted).order_by("number"))
    problems = round_period_problems(period_start, period_end, deadline)
    if not name.strip():
        problems["name"] = _("Give the round a name.")
    unknown = sorted(wanted - {measure.number for measure in chosen})
    if not wanted:
        problems["measures"] = _("Choose at least one measure.")
    elif unknown:
        problems["measures"] = _("The programme has no measures %(numbers)s.") % {
            "numbers": ", ".join(map(str, unknown))
        }
    refuse(problems)
    reporting_round = ReportingRound.objects.create(
        programme=programme,
        name=name.strip(),
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        created_by=coordinator,
    )
    reporting_round.measures.set(chosen)
    record(
        Action.CREATE,
        actor,
        obj=reporting_round,
        changes={
            "after": {"name": name, "deadline": deadline.isoformat(), "measures": sorted(m.number for m in chosen)}
        },
    )
    return reporting_round


@transaction.atomic
def close_round(*, actor: Actor, reporting_round: ReportingRound) -> None:
    """The round takes no more reports."""
    require_coordinator(actor)
    current = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    ReportingRound.objects.filter(pk=reporting_round.pk).update(closed=True)
    reporting_round.closed = True
    record(
        Action.UPDATE,
        actor,
        obj=reporting_round,
        changes={"before": {"closed": current.closed}, "after": {"closed": True}},
    )


@transaction.atomic
def set_priority_areas(*, actor: Actor, measure: Measure, areas: Iterable[PriorityArea]) -> None:
    require_coordinator(actor)
    before = sorted(measure.priority_areas.values_list("code", flat=True))
    measure.priority_areas.set(list(areas))
    after = sorted(measure.priority_areas.values_list("code", flat=True))
    record(
        Action.UPDATE,
        actor,
        obj=measure,
        changes={"before": {"priority_areas": before}, "after": {"priority_areas": after}},
    )
