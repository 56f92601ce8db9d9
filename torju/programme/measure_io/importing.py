"""Importing a measures file: all or nothing, every change of every measure in the audit trail."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from torju.accounts.models import Organisation
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.measure_io.checking import Lookups, check_rows
from torju.programme.measure_io.columns import (
    FORMATS,
    MEASURE_FIELDS,
    TEXT_COLUMNS,
    Format,
    field_of,
    measure_state,
)
from torju.programme.measure_io.reading import MeasureImportError, read_csv, read_xlsx
from torju.programme.models import Measure, Objective, PriorityArea, Programme, Responsibility
from torju.programme.permissions import require_coordinator_or_operator
from torju.programme.selectors import measures_of


@dataclass(frozen=True)
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    objectives_created: list[int] = field(default_factory=list)


NEW_MEASURE_DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(TEXT_COLUMNS, ""),
    "funding_dependent": False,
    "responsible_bodies": [],
    "priority_areas": [],
}


def _proposed(before: dict[str, Any] | None, values: dict[str, Any]) -> dict[str, Any]:
    """The state a row asks for: its values over the current ones (a new measure's defaults)."""
    state = dict(before) if before is not None else dict(NEW_MEASURE_DEFAULTS)
    for name in MEASURE_FIELDS:
        if name in values:
            state[name] = values[name].number if name == "objective" else values[name]
    if "responsible_bodies" in values:
        state["responsible_bodies"] = [organisation.code for organisation in values["responsible_bodies"]]
    if "priority_areas" in values:
        state["priority_areas"] = sorted(area.code for area in values["priority_areas"])
    return state


def _write(programme: Programme, measure: Measure | None, values: dict[str, Any], bodies_changed: bool) -> None:
    fields = {field_of(name): values[name] for name in MEASURE_FIELDS if name in values}
    if measure is None:
        measure = Measure.objects.create(programme=programme, number=values["number"], **fields)
    else:
        for name, value in fields.items():
            setattr(measure, name, value)
        measure.revision += 1  # a text form opened before the import is now stale
        measure.save()
    if bodies_changed:
        Responsibility.objects.filter(measure=measure).delete()
        Responsibility.objects.bulk_create(
            Responsibility(measure=measure, organisation=organisation, position=position)
            for position, organisation in enumerate(values["responsible_bodies"])
        )
    if "priority_areas" in values:
        measure.priority_areas.set(values["priority_areas"])


def import_measures(programme: Programme, file_bytes: bytes, fmt: Format, *, actor: Actor) -> ImportResult:
    """Update the programme's measures by number from a CSV or XLSX file, creating new ones.

    The coordinator imports on the web page, an operator with the management
    command. Raises MeasureImportError with every problem, having written
    nothing; columns left out of the file (the optional ones) keep their
    current values.
    """
    require_coordinator_or_operator(actor)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    table = read_csv(file_bytes) if fmt == "csv" else read_xlsx(file_bytes)
    with transaction.atomic():
        # Imports of one programme run one at a time: the second sees the first's measures.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        lookups = Lookups(
            objectives={objective.number: objective for objective in Objective.objects.filter(programme=programme)},
            organisations={organisation.code.upper(): organisation for organisation in Organisation.objects.all()},
            priority_areas={area.code: area for area in PriorityArea.objects.all()},
        )
        rows, new_objectives, problems = check_rows(table, lookups)
        if problems:
            raise MeasureImportError(problems)
        created_objectives = {
            number: Objective.objects.create(programme=programme, number=number, title_fi=title)
            for number, title in new_objectives.items()
        }
        for row in rows:
            if "new_objective" in row.values:
                row.values["objective"] = created_objectives[row.values.pop("new_objective")[0]]
        existing = {measure.number: measure for measure in measures_of(programme)}
        created: list[int] = []
        updated: list[int] = []
        unchanged: list[int] = []
        changes: dict[str, Any] = {}
        for row in rows:
            number = row.values["number"]
            measure = existing.get(number)
            before = measure_state(measure) if measure is not None else None
            after = _proposed(before, row.values)
            if before == after:
                unchanged.append(number)
                continue
            bodies_changed = before is None or before["responsible_bodies"] != after["responsible_bodies"]
            _write(programme, measure, row.values, bodies_changed)
            if before is None:
                created.append(number)
                changes[str(number)] = {"before": None, "after": after}
            else:
                updated.append(number)
                changed = [name for name in after if after[name] != before[name]]
                changes[str(number)] = {
                    "before": {name: before[name] for name in changed},
                    "after": {name: after[name] for name in changed},
                }
        record(
            Action.IMPORT,
            actor,
            obj=programme,
            reason=f"measures.{fmt}",
            changes={
                "created": created,
                "updated": updated,
                "unchanged": len(unchanged),
                "measures": changes,
                "objectives_created": {str(number): title for number, title in new_objectives.items()},
            },
        )
    return ImportResult(created=created, updated=updated, unchanged=unchanged, objectives_created=list(new_objectives))
