"""Releases of the statistics: proposing, approving (four eyes) and withdrawing; their frozen documents.

The rules live here, so that a page, the API and a command get the same ones
(docs/decisions/0024):

- an analyst proposes the annual review of a year that has ended; its
  figures are the public form of that day (the exact ones kept internally),
  the previous year's as last published (or, if never, of that day too);
- a year published before makes the proposal a correction of that release:
  it needs a note saying what changed and why, lists the changed figures,
  and is put through disclosure control together with the earlier release;
- another analyst or a coordinator approves it, seeing what disclosure
  control withheld and why; they may release a withheld figure only with a
  stated reason, shown in the release's notes; approval publishes it;
- every step is in the audit trail, in the same transaction.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics.disclosure import disclosure_threshold, public_table, public_year
from torju.statistics.disclosure.countries import CHANGED, SECONDARY, UNDER_K, Withheld
from torju.statistics.disclosure.public_form import changed_by_less_than_k
from torju.statistics.helpline_figures import HelplineYears, helpline_years
from torju.statistics.legal_path import legal_path_years
from torju.statistics.models import Release, ReleasedFigure, ReleaseDocument, ReleaseKind, ReleaseStatus
from torju.statistics.permissions import (
    PUBLIC,
    has_ended,
    may_approve_release,
    may_propose_release,
    year_not_ended_message,
)
from torju.statistics.release_content import (
    PublishedYear,
    ReleaseContent,
    changes_between,
    content_of,
    published_year,
    published_years,
    table_content,
    table_of,
)
from torju.statistics.schema import FIRST_YEAR, CrossCounts, SeriesYear
from torju.statistics.selectors import ReviewStatistics
from torju.statistics.snapshots import figures_of_years

LANGUAGES = ("fi", "sv", "en")
FORMS_BY_SEX = "events_by_form_and_sex"
AUDIT_OBJECT_TYPE = "statistics.release"


def _titles(year: int) -> dict[str, str]:
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[f"title_{language}"] = _(
                "Statistics of the Assistance System for Victims of Human Trafficking %(year)s"
            ) % {"year": year}
    return titles


@dataclass(frozen=True)
class ExactOfTheDay:
    """The exact figures a proposal froze: the year's and the previous year's, and the forms × sex table."""

    years: dict[str, SeriesYear]
    events_by_form_and_sex: CrossCounts

    def as_json(self) -> str:
        return json.dumps({"years": self.years, "events_by_form_and_sex": self.events_by_form_and_sex})

    @classmethod
    def of(cls, release: Release) -> "ExactOfTheDay":
        stored = json.loads(release.exact)
        return cls(years=stored["years"], events_by_form_and_sex=stored["events_by_form_and_sex"])


def exact_of_the_day(year: int) -> ExactOfTheDay:
    figures = figures_of_years(max(year - 1, FIRST_YEAR), year)
    return ExactOfTheDay(
        years={str(each): figures[each].year for each in figures},
        events_by_form_and_sex=figures[year].events_by_form_and_sex,
    )


def annual_review_content(
    year: int,
    exact: ExactOfTheDay,
    k: int,
    *,
    released: Mapping[str, str] = {},
    earlier: Sequence[PublishedYear] = (),
    helpline: HelplineYears | None = None,
    legal_path: dict[str, dict[str, Any]] | None = None,
) -> tuple[ReleaseContent, list[dict[str, object]]]:
    """The public content of the review of `year` from the exact figures of the day, and what was withheld.

    `earlier`: every earlier publication of the year, which this release
    corrects: what changed by 1 to k−1 from any of them is withheld (the
    attacker sees them all). The previous year's figures are as last
    published, or if never, of the day. `helpline`: the helpline's public figures of both years (default: as
    published before, else of the day; torju.statistics.helpline_figures); `legal_path` likewise the legal
    path's (torju.statistics.legal_path).
    """
    public, withheld = public_year(
        exact.years[str(year)], k, released=released, earlier=[before.year for before in earlier]
    )
    changed_cells = {
        (form, sex)
        for before in earlier
        if before.events_by_form_and_sex is not None
        for form, cells in exact.events_by_form_and_sex.items()
        for sex in changed_by_less_than_k(cells, before.events_by_form_and_sex.cells.get(form, {}), k)
    }
    released_cells = [
        (form, sex)
        for key in released
        if key.startswith(FORMS_BY_SEX + ".")
        for form, _dot, sex in [key.removeprefix(FORMS_BY_SEX + ".").partition(".")]
    ]
    table = public_table(exact.events_by_form_and_sex, k, must_show=released_cells, also_hide=changed_cells)
    for form, cells in table.cells.items():
        for sex, value in cells.items():
            count = exact.events_by_form_and_sex[form][sex]
            if value is None and count:
                reason = CHANGED if (form, sex) in changed_cells else UNDER_K if count < k else SECONDARY
                withheld.append(Withheld(f"{FORMS_BY_SEX}.{form}.{sex}", count, reason))
    years = {str(year): public}
    if str(year - 1) in exact.years:
        previous = published_year(year - 1)
        years[str(year - 1)] = previous.year if previous else public_year(exact.years[str(year - 1)], k)[0]
    content: ReleaseContent = {
        "kind": ReleaseKind.ANNUAL_REVIEW,
        "k": k,
        "years": years,
        "events_by_form_and_sex": {str(year): table_content(table)},
        "released": [{"key": key, "reason": reason} for key, reason in released.items()],
        "helpline": helpline if helpline is not None else helpline_years((year - 1, year), k),
        "legal_path": legal_path if legal_path is not None else legal_path_years((year - 1, year), PUBLIC, k),
    }
    return content, [{"key": item.key, "value": item.value, "reason": item.reason} for item in withheld]


def propose_annual_review(actor: Actor, year: int, *, correction_note: str = "") -> Release:
    """An analyst proposes the review of an ended `year` for publication; another person approves it."""
    if actor.user is None or not may_propose_release(actor.user):
        raise PermissionDenied("releases are proposed by analysts")
    if not year >= FIRST_YEAR:
        raise ValidationError({"year": _("Give a year from %(first)s on.") % {"first": FIRST_YEAR}})
    if not has_ended(year):
        raise ValidationError({"year": year_not_ended_message(year)})
    # The figures are computed before the proposal's transaction: from the replica where there is one.
    exact = exact_of_the_day(year)
    with transaction.atomic():
        if Release.objects.filter(
            kind=ReleaseKind.ANNUAL_REVIEW, first_year=year, last_year=year, status=ReleaseStatus.PROPOSED
        ).exists():
            raise ValidationError({"year": _("The review of %(year)s already waits for approval.") % {"year": year}})
        k = disclosure_threshold()
        publications = published_years(year)
        earlier = publications[0] if publications else None
        content, withheld = annual_review_content(year, exact, k, earlier=publications)
        changes, replaces = _check_correction(year, content, earlier, correction_note)
        release = Release.objects.create(
            kind=ReleaseKind.ANNUAL_REVIEW,
            first_year=year,
            last_year=year,
            threshold=k,
            content=json.dumps(content, ensure_ascii=False),
            exact=exact.as_json(),
            withheld=json.dumps(withheld, ensure_ascii=False),
            changes=json.dumps(changes, ensure_ascii=False),
            correction_note=correction_note.strip(),
            replaces=replaces,
            proposed_by=actor.user,
            proposed_at=timezone.now(),
            **_titles(year),
        )
        record(
            Action.CREATE,
            actor,
            obj=release,
            reason=f"proposed the annual review of {year}"
            + (f", correcting release {replaces.pk}" if replaces else ""),
            changes={"changes": len(changes)},
        )
    return release


def _check_correction(
    year: int, content: ReleaseContent, earlier: PublishedYear | None, correction_note: str
) -> tuple[list[dict[str, object]], Release | None]:
    """What changed from the year's latest publication, and the release this one then corrects.

    Figures as published before need no correction (a review of a year first
    published as the previous year of the next review); changed ones make a
    correction, which must say why; the same review again is refused.
    """
    if earlier is None:
        return [], None
    published = content_of(earlier.release)
    changes = changes_between(_figures_of(published, year), _figures_of(content, year))
    if str(year) not in published["events_by_form_and_sex"]:  # published as a previous year: no cross-table then
        changes = [change for change in changes if not str(change["key"]).startswith("events_by_form_and_sex")]
    same_review = earlier.release.kind == ReleaseKind.ANNUAL_REVIEW and earlier.release.last_year == year
    if not changes:
        if same_review:
            message = _("The figures of %(year)s are as published: there is nothing to correct.")
            raise ValidationError({"year": message % {"year": year}})
        return [], None
    if not correction_note.strip():
        message = _("The review of %(year)s was published before: say what this correction changes and why.")
        raise ValidationError({"correction_note": message % {"year": year}})
    return changes, earlier.release


def _figures_of(content: ReleaseContent, year: int) -> dict[str, object]:
    """The year's figures of a release's content, as two releases of the same year are compared."""
    return {
        "years": {str(year): content["years"].get(str(year))},
        "events_by_form_and_sex": content["events_by_form_and_sex"].get(str(year)),
    }


def approve_release(actor: Actor, release: Release, *, released: Mapping[str, str] = {}) -> Release:
    """Another person approves a proposed release: it is published, frozen as it is.

    `released`: figures that disclosure control withheld (their keys) which
    the approver releases, each with a stated reason; the published content
    is then made again from the exact figures of the proposal's day with
    them shown, and the notes say so.
    """
    if actor.user is None or not may_approve_release(actor.user, release.kind):
        raise PermissionDenied("this release is approved by another analyst or a coordinator")
    for key, reason in released.items():
        if not reason.strip():
            raise ValidationError({"released": _("Give the reason for releasing %(key)s.") % {"key": key}})
    with transaction.atomic():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.status != ReleaseStatus.PROPOSED:
            raise ValidationError(_("The release is not waiting for approval."))
        if locked.proposed_by_id == actor.user.pk:
            raise PermissionDenied("a release is approved by someone other than its proposer")
        withheld_keys = {str(item["key"]) for item in json.loads(locked.withheld)}
        unknown = set(released) - withheld_keys
        if unknown:
            message = _("Not a figure that disclosure control withheld: %(keys)s")
            raise ValidationError({"released": message % {"keys": ", ".join(sorted(unknown))}})
        if released:
            if locked.kind != ReleaseKind.ANNUAL_REVIEW:
                raise ValidationError({"released": _("This release has no withheld figures to release.")})
            content, _withheld = annual_review_content(
                locked.last_year,
                ExactOfTheDay.of(locked),
                locked.threshold,
                released={key: reason.strip() for key, reason in released.items()},
                earlier=published_years(locked.last_year),
                helpline=content_of(locked).get("helpline", {}),
                legal_path=content_of(locked).get("legal_path", {}),
            )
            locked.content = json.dumps(content, ensure_ascii=False)
            ReleasedFigure.objects.bulk_create(
                ReleasedFigure(release=locked, key=key, reason=reason.strip()) for key, reason in released.items()
            )
        locked.status = ReleaseStatus.PUBLISHED
        locked.approved_by = actor.user
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at", "content"])
        record(
            Action.UPDATE,
            actor,
            obj=locked,
            reason="approved and published the release",
            changes={"released": {key: reason.strip() for key, reason in released.items()}},
            flagged=bool(released),
        )
    return locked


def withdraw_release(actor: Actor, release: Release) -> Release:
    """The proposer, or an approver, withdraws a proposal that is not to be published."""
    if actor.user is None or not (
        release.proposed_by_id == actor.user.pk or may_approve_release(actor.user, release.kind)
    ):
        raise PermissionDenied("only the proposer or an approver withdraws a proposal")
    with transaction.atomic():
        updated = Release.objects.filter(pk=release.pk, status=ReleaseStatus.PROPOSED).update(
            status=ReleaseStatus.WITHDRAWN
        )
        if not updated:
            raise ValidationError(_("The release is not waiting for approval."))
        record(Action.UPDATE, actor, obj=release, reason="withdrew the proposal")
    release.refresh_from_db()
    return release


def review_statistics_of(release: Release) -> ReviewStatistics:
    """The frozen figures of an annual review's release, as the review is built from them."""
    content = content_of(release)
    year = release.last_year
    previous = content["years"].get(str(year - 1))
    return ReviewStatistics(
        year=year,
        publication="public",
        threshold=content["k"],
        current=content["years"][str(year)]["statistics"],
        previous=previous["statistics"] if previous else None,
        events_by_form_and_sex=table_of(content["events_by_form_and_sex"][str(year)]),
        released=tuple((entry["key"], entry["reason"]) for entry in content["released"]),
        correction=release.correction_note if release.replaces_id else "",
        published_on=release.approved_at.date() if release.approved_at else None,
        helpline=content.get("helpline"),
        legal_path=content.get("legal_path"),
    )


def release_document(release: Release, language: str, fmt: str) -> ReleaseDocument:
    """The document of a published release: rendered from its frozen figures the first time, kept afterwards."""
    from torju.statistics.documents import release_filename, render_release  # documents import this module

    if release.status != ReleaseStatus.PUBLISHED:
        raise PermissionDenied("only published releases have public documents")
    found = ReleaseDocument.objects.filter(release=release, language=language, fmt=fmt).first()
    if found is not None:
        return found
    content = render_release(release, language=language, fmt=fmt)
    document, _created = ReleaseDocument.objects.get_or_create(
        release=release,
        language=language,
        fmt=fmt,
        defaults={
            "file_name": release_filename(release, language=language, fmt=fmt),
            "content": content,
            "rendered_at": timezone.now(),
        },
    )
    return document
