"""Creating an action plan and importing one from a programme file."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from torju.accounts.models import Organisation
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.measure_io import measure_state
from torju.programme.models import Objective, PriorityArea, Programme
from torju.programme.permissions import require_coordinator, require_coordinator_or_operator
from torju.programme.programme_file import (
    FileProblem,
    ProgrammeFileError,
    check_programme_data,
    parse_programme_file,
    slug_problem,
    slug_taken,
    store_programme,
)
from torju.programme.programme_file.exporting import OBJECTIVE_TEXT_FIELDS
from torju.programme.rules import refuse
from torju.programme.selectors import measures_of

PROGRAMME_HEADER_FIELDS = ("name_fi", "name_sv", "name_en", "start_year", "end_year", "publication")


def _programme_fields(programme: Programme) -> dict[str, Any]:
    return {field: getattr(programme, field) for field in PROGRAMME_HEADER_FIELDS}


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    slug: str,
    name_fi: str,
    name_sv: str = "",
    name_en: str = "",
    start_year: int,
    end_year: int,
    publication: str = "",
) -> Programme:
    """A new, empty action plan; its objectives and measures come from the measures import.

    Raises ValidationError naming the field for an identifier that is taken
    or reserved, and for years out of order.
    """
    require_coordinator(actor)
    slug = slug.strip()
    problems = {"slug": problem} if (problem := slug_problem(slug)) else {}
    if end_year < start_year:
        problems["end_year"] = _("The programme must not end before it starts.")
    refuse(problems)
    try:
        with transaction.atomic():
            programme = Programme.objects.create(
                slug=slug,
                name_fi=name_fi,
                name_sv=name_sv,
                name_en=name_en,
                start_year=start_year,
                end_year=end_year,
                publication=publication,
            )
    except IntegrityError as error:  # the identifier is taken (perhaps a moment ago)
        raise ValidationError({"slug": slug_taken(slug)}) from error
    record(Action.CREATE, actor, obj=programme, changes={"after": {"slug": slug, **_programme_fields(programme)}})
    return programme


def _objective_fields(objective: Objective) -> dict[str, Any]:
    return {field: getattr(objective, field) for field in OBJECTIVE_TEXT_FIELDS}


def _programme_state(programme: Programme) -> dict[str, dict[str, Any]]:
    """What a programme file sets, JSON-ready, to show in the audit trail what an import changed."""
    return {
        "programme": _programme_fields(programme),
        "objectives": {
            str(objective.number): _objective_fields(objective)
            for objective in Objective.objects.filter(programme=programme).order_by("number")
        },
        "measures": {str(measure.number): measure_state(measure) for measure in measures_of(programme)},
    }


def _changed(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Only the parts that differ, as {"before": …, "after": …} (None for what did not exist)."""
    changes: dict[str, Any] = {"before": {}, "after": {}}
    for part in after:
        for key in sorted(set(before[part]) | set(after[part]), key=lambda key: (len(key), key)):
            old, new = before[part].get(key), after[part].get(key)
            if old != new:
                changes["before"].setdefault(part, {})[key] = old
                changes["after"].setdefault(part, {})[key] = new
    return changes


@dataclass(frozen=True)
class ProgrammeImport:
    programme: Programme
    created: bool
    objectives: int
    measures: int


def import_programme_file(*, actor: Actor, content: bytes, source: str, update_existing: bool) -> ProgrammeImport:
    """Create (or, with `update_existing`, update) the programme a JSON file in the shipped format describes.

    All or nothing: ProgrammeFileError lists every problem of the file and
    nothing is written. The coordinator imports from the web page, which
    never updates an existing programme (its measures have their own import,
    measure by measure); an operator runs `import_programme`. `source` (the
    file's name) goes to the audit trail with what was created or changed.
    """
    require_coordinator_or_operator(actor)
    data = parse_programme_file(content)
    with transaction.atomic():
        problems = check_programme_data(
            data,
            organisation_codes=set(Organisation.objects.values_list("code", flat=True)),
            priority_area_codes=set(PriorityArea.objects.values_list("code", flat=True)),
        )
        slug = data.get("slug")
        existing = Programme.objects.select_for_update().filter(slug=slug).first() if isinstance(slug, str) else None
        if existing is not None and not update_existing:
            problems.insert(0, FileProblem("slug", slug_taken(existing.slug)))
        if problems:
            raise ProgrammeFileError(problems)
        before = _programme_state(existing) if existing is not None else None
        if existing is None:
            try:
                with transaction.atomic():  # claims the identifier, also against an import running meanwhile
                    Programme.objects.create(
                        slug=data["slug"],
                        name_fi=data["name_fi"],
                        start_year=data["start_year"],
                        end_year=data["end_year"],
                    )
            except IntegrityError as error:
                raise ProgrammeFileError([FileProblem("slug", slug_taken(data["slug"]))]) from error
        programme: Programme = store_programme(data)
        after = _programme_state(programme)
        if before is None:
            changes: dict[str, Any] = {"created": True, "after": after}
        else:
            changes = {"created": False, **_changed(before, after)}
        record(Action.IMPORT, actor, obj=programme, reason=source, changes=changes)
    return ProgrammeImport(
        programme=programme,
        created=before is None,
        objectives=len(after["objectives"]),
        measures=len(after["measures"]),
    )
