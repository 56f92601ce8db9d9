"""Writes of the situational picture: the authorities' figures in (all or nothing, with history), their mappings,
the coordinator's drafts and their approval by another coordinator, which publishes the picture as a release.

Every rule is here, so the pages, the command and any later caller get the
same ones; every write is audited in its transaction.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.accounts.models import Role, User
from torju.accounts.permissions import has_role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.situation.importing import Reading
from torju.situation.models import (
    SECTION_KEYS,
    DimensionMapping,
    JusticeFigure,
    JusticeFigureRevision,
    PictureStatus,
    SituationalPicture,
)
from torju.statistics.disclosure import disclosure_threshold
from torju.statistics.helpline_figures import helpline_years
from torju.statistics.models import Release, ReleaseKind, ReleaseStatus
from torju.statistics.permissions import PUBLIC, has_ended
from torju.statistics.schema import FIRST_YEAR
from torju.statistics.selectors import series

LANGUAGES = ("fi", "sv", "en")
MAX_SECTION = 20_000  # characters of one section's text in one language


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied("a signed-in coordinator")
    return actor.user


def _coordinator(actor: Actor) -> None:
    if actor.user is None or not has_role(actor.user, Role.COORDINATOR):
        raise PermissionDenied("the situational picture is the coordinator's")


@dataclass(frozen=True)
class ImportResult:
    created: int
    revised: int
    unchanged: int


def import_figures(actor: Actor, reading: Reading, *, file_name: str = "", is_demo: bool = False) -> ImportResult:
    """Write a file's figures, all or nothing: a later figure of the same key replaces the earlier, kept in history.

    A reading with errors is refused whole (ValidationError listing them all).
    Brought in by a coordinator, or by an operator at the server's command line.
    """
    if actor.user is not None or actor.channel != "command":
        _coordinator(actor)
    if not reading.ok:
        more = [_("… and %(count)s more errors.") % {"count": reading.more_errors}] if reading.more_errors else []
        raise ValidationError([*reading.errors, *more])
    created = revised = unchanged = 0
    now = timezone.now()
    with transaction.atomic():
        for row in reading.rows:
            figure = (
                JusticeFigure.objects.select_for_update()
                .filter(year=row.year, stage=row.stage, offence=row.offence, court=row.court)
                .first()
            )
            if figure is None:
                JusticeFigure.objects.create(
                    year=row.year,
                    stage=row.stage,
                    offence=row.offence,
                    court=row.court,
                    value=row.value,
                    source=row.source,
                    retrieved_on=row.retrieved_on,
                    is_demo=is_demo,
                )
                created += 1
            elif (figure.value, figure.source, figure.retrieved_on) == (row.value, row.source, row.retrieved_on):
                unchanged += 1
            else:
                JusticeFigureRevision.objects.create(
                    figure=figure,
                    value=figure.value,
                    source=figure.source,
                    retrieved_on=figure.retrieved_on,
                    replaced_at=now,
                    replaced_by=actor.user,
                )
                figure.value, figure.source, figure.retrieved_on = row.value, row.source, row.retrieved_on
                figure.is_demo = is_demo
                figure.save()
                revised += 1
        result = ImportResult(created=created, revised=revised, unchanged=unchanged)
        record(
            Action.IMPORT,
            actor,
            object_type="situation.justicefigure",
            reason=f"criminal-justice figures from {file_name or 'a form'}",
            changes={"created": created, "revised": revised, "unchanged": unchanged},
        )
    return result


def save_mapping(
    actor: Actor,
    *,
    name: str,
    fmt: str,
    source: str,
    dimensions: Mapping[str, str],
    fixed: Mapping[str, str],
    codes: Mapping[str, Mapping[str, str]],
    description: str = "",
) -> DimensionMapping:
    """Save (create or replace) a table's mapping of dimensions, once per table."""
    _coordinator(actor)
    if not set(dimensions) | set(fixed) >= {"year", "offence", "stage"}:
        raise ValidationError({"dimensions": _("Map the year, the offence and the stage: to a dimension or a value.")})
    with transaction.atomic():
        mapping, created = DimensionMapping.objects.update_or_create(
            name=name,
            defaults={
                "fmt": fmt,
                "source": source,
                "dimensions": dict(dimensions),
                "fixed": dict(fixed),
                "codes": {key: dict(values) for key, values in codes.items()},
                "description": description,
            },
        )
        record(Action.CREATE if created else Action.UPDATE, actor, obj=mapping, reason=f"mapping {name}")
    return mapping


def draft_picture(actor: Actor, first_year: int, last_year: int) -> SituationalPicture:
    """A coordinator starts a situational picture of ended years."""
    _coordinator(actor)
    if not FIRST_YEAR <= first_year <= last_year or not has_ended(last_year):
        raise ValidationError(
            {"last_year": _("Give years from %(first)s to the last year that has ended.") % {"first": FIRST_YEAR}}
        )
    with transaction.atomic():
        picture = SituationalPicture.objects.create(
            first_year=first_year,
            last_year=last_year,
            sections={key: dict.fromkeys(LANGUAGES, "") for key in SECTION_KEYS},
            created_by=_user(actor),
        )
        record(Action.CREATE, actor, obj=picture, reason=f"situational picture {first_year}-{last_year}")
    return picture


def save_sections(
    actor: Actor, picture: SituationalPicture, sections: Mapping[str, Mapping[str, str]], *, revision: int
) -> SituationalPicture:
    """The coordinator writes the sections (each authority's view, the conclusions) in fi, sv and en."""
    _coordinator(actor)
    with transaction.atomic():
        current = SituationalPicture.objects.select_for_update().get(pk=picture.pk)
        if current.status != PictureStatus.DRAFT:
            raise ValidationError(_("Only a draft is edited."))
        if current.revision != revision:
            raise EditConflictError(current, dict(sections))
        texts = {
            key: {language: str(sections.get(key, {}).get(language, "")).strip() for language in LANGUAGES}
            for key in SECTION_KEYS
        }
        too_long = [key for key, values in texts.items() if any(len(text) > MAX_SECTION for text in values.values())]
        if too_long:
            raise ValidationError({"sections": _("At most %(max)s characters a section.") % {"max": MAX_SECTION}})
        before = current.sections
        current.sections = texts
        current.revision += 1
        current.save(update_fields=["sections", "revision"])
        record(Action.UPDATE, actor, obj=current, changes={"before": before, "after": texts})
    return current


def propose_picture(actor: Actor, picture: SituationalPicture) -> SituationalPicture:
    """Ask another coordinator to approve the draft; every section needs its text in all three languages."""
    _coordinator(actor)
    with transaction.atomic():
        current = SituationalPicture.objects.select_for_update().get(pk=picture.pk)
        if current.status != PictureStatus.DRAFT:
            raise ValidationError(_("Only a draft is proposed."))
        empty = [
            key for key in SECTION_KEYS for language in LANGUAGES if not current.sections.get(key, {}).get(language)
        ]
        if empty:
            raise ValidationError(
                {"sections": _("Write every section in Finnish, Swedish and English before proposing it.")}
            )
        current.status = PictureStatus.PROPOSED
        current.proposed_by = actor.user
        current.save(update_fields=["status", "proposed_by"])
        record(Action.SUBMIT, actor, obj=current, reason="proposed for approval")
    return current


def _titles(first: int, last: int) -> dict[str, str]:
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[f"title_{language}"] = _("Situational picture of trafficking in human beings %(first)s–%(last)s") % {
                "first": first,
                "last": last,
            }
    return titles


def approve_picture(actor: Actor, picture: SituationalPicture) -> Release:
    """Another coordinator approves: the picture is published as a frozen release (four eyes)."""
    _coordinator(actor)
    with transaction.atomic():
        current = SituationalPicture.objects.select_for_update().get(pk=picture.pk)
        if current.status != PictureStatus.PROPOSED:
            raise ValidationError(_("The situational picture is not waiting for approval."))
        if current.proposed_by_id == actor.user.pk:  # type: ignore[union-attr]
            raise PermissionDenied("a situational picture is approved by another coordinator")
        k = disclosure_threshold()
        content = {
            "kind": ReleaseKind.SITUATIONAL_PICTURE,
            "k": k,
            "years": series(current.first_year, current.last_year, PUBLIC)["years"],
            "events_by_form_and_sex": {},
            "released": [],
            "justice": [
                {
                    "year": figure.year,
                    "stage": figure.stage,
                    "offence": figure.offence,
                    "court": figure.court,
                    "value": figure.value,
                    "source": figure.source,
                    "retrieved_on": figure.retrieved_on.isoformat(),
                    "demo": figure.is_demo,
                }
                for figure in JusticeFigure.objects.filter(
                    year__gte=current.first_year, year__lte=current.last_year
                ).order_by("year", "stage", "offence", "court")
            ],
            "sections": current.sections,
            # The info line's public figures of every year, frozen as they were first published (issue #12).
            "helpline": helpline_years(range(current.first_year, current.last_year + 1), k),
        }
        now = timezone.now()
        release = Release.objects.create(
            kind=ReleaseKind.SITUATIONAL_PICTURE,
            first_year=current.first_year,
            last_year=current.last_year,
            status=ReleaseStatus.PUBLISHED,
            threshold=k,
            content=json.dumps(content, ensure_ascii=False),
            proposed_by=current.proposed_by or _user(actor),
            proposed_at=now,
            approved_by=actor.user,
            approved_at=now,
            **_titles(current.first_year, current.last_year),
        )
        current.status = PictureStatus.PUBLISHED
        current.release = release
        current.save(update_fields=["status", "release"])
        record(Action.UPDATE, actor, obj=current, reason=f"approved and published as release {release.pk}")
    return release
