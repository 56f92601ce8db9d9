"""What a release freezes, and how its figures are read back (docs/decisions/0024).

A release's `content` is the public JSON it was built from:

    {"kind": "annual_review", "k": 5,
     "years": {"2025": <a year of the series, public form>, "2024": ...},
     "events_by_form_and_sex": {"2025": {"cells": ..., "row_totals": ..., "column_totals": ..., "total": ...}},
     "released": [{"key": "...", "reason": "..."}],
     "helpline": {"2025": <the helpline's public statistics>, "2024": ...},
     "legal_path": {"2025": <the legal path's public figures>, "2024": ...}}

(`helpline`: torju.statistics.helpline_figures; `legal_path`: torju.statistics.legal_path; releases made before
them have none.)

Figures of a year published before are taken from the latest release that
published them (`published_year`): a figure of year Y in two releases is the
same, unless the later release is a correction of the earlier, which then
lists what changed (`changes_between`) and was checked for disclosure
together with it (`earlier` in torju.statistics.disclosure.public_year).
"""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from torju.statistics.disclosure import PublishedTable
from torju.statistics.models import Release, ReleaseKind, ReleaseStatus
from torju.statistics.schema import SeriesYear


class ReleasedEntry(TypedDict):
    key: str
    reason: str


class TableContent(TypedDict):
    cells: dict[str, dict[str, int | None]]
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None


class ReleaseContent(TypedDict):
    kind: str
    k: int
    years: dict[str, SeriesYear]
    events_by_form_and_sex: dict[str, TableContent]
    released: list[ReleasedEntry]
    helpline: NotRequired[dict[str, dict[str, Any]]]
    legal_path: NotRequired[dict[str, dict[str, Any]]]


def table_content(table: PublishedTable) -> TableContent:
    return {
        "cells": table.cells,
        "row_totals": table.row_totals,
        "column_totals": table.column_totals,
        "total": table.total,
    }


def table_of(content: TableContent) -> PublishedTable:
    return PublishedTable(
        cells=content["cells"],
        row_totals=content["row_totals"],
        column_totals=content["column_totals"],
        total=content["total"],
    )


def content_of(release: Release) -> ReleaseContent:
    loaded: ReleaseContent = json.loads(release.content)
    return loaded


@dataclass(frozen=True)
class PublishedYear:
    """A year as the latest release that published it has it, and that release."""

    release: Release
    year: SeriesYear
    events_by_form_and_sex: PublishedTable | None

    @classmethod
    def of(cls, release: Release, year: int) -> "PublishedYear":
        content = content_of(release)
        table = content["events_by_form_and_sex"].get(str(year))
        return cls(release, content["years"][str(year)], table_of(table) if table else None)


def published_years(year: int) -> list[PublishedYear]:
    """Every publication of `year`'s figures, the latest first."""
    releases = Release.objects.filter(status=ReleaseStatus.PUBLISHED, first_year__lte=year + 1, last_year__gte=year)
    return [
        PublishedYear.of(release, year)
        for release in releases.order_by("-approved_at", "-pk")
        if str(year) in content_of(release)["years"]
    ]


def published_year(year: int) -> PublishedYear | None:
    """The figures of `year` as last published, or None if never."""
    found = published_years(year)
    return found[0] if found else None


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _leaves(inner, f"{path}.{key}" if path else str(key))
    else:
        yield path, value


def changes_between(earlier: Any, now: Any) -> list[dict[str, Any]]:
    """Every figure that differs, appears or disappears: [{"key", "earlier", "now"}] (None: not published)."""
    before, after = dict(_leaves(earlier)), dict(_leaves(now))
    return [
        {"key": key, "earlier": before.get(key), "now": after.get(key)}
        for key in [*before, *(key for key in after if key not in before)]
        if before.get(key) != after.get(key)
    ]


def is_annual_review(release: Release) -> bool:
    return release.kind == ReleaseKind.ANNUAL_REVIEW
