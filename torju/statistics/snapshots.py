"""A year's exact figures, computed once and kept until the register's data of that year changes.

The statistics page, the API and the series read a year's figures through
`figures_of_years`: a stored `YearSnapshot` answers while its register
version is the year's current one (models.py: database triggers bump the
versions of every year a write touches); the years without a valid snapshot
are computed together in one pass (torju.statistics.computation) and
stored. The version is read in the same database snapshot as the figures,
so a write that lands while they are computed leaves them stored but
already out of date, never wrongly current.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from torju.db_router import reading_from_replica
from torju.statistics.computation import AnnualFigures, yearly_figures
from torju.statistics.computation.queries import one_snapshot
from torju.statistics.models import RegisterVersion, StoredFigures, YearSnapshot
from torju.statistics.schema import FIRST_YEAR


def versions_of(years: Iterable[int]) -> dict[int, int]:
    """The register version each year's figures depend on: the sum of the versions of it and every year before.

    A write bumps only the earliest year it touches (models.py), and a year's
    figures depend on every earlier year (the year-end stock on clienthoods
    decided long before), so the sum changes exactly when something a year's
    figures depend on changes. Years without their row (a flushed database)
    get one, at 0, before anything is read.
    """
    wanted = sorted(set(years))
    last = wanted[-1]
    stored = dict(RegisterVersion.objects.filter(year__lte=last).values_list("year", "version"))
    missing = [year for year in range(FIRST_YEAR, last + 1) if year not in stored]
    if missing:
        RegisterVersion.objects.bulk_create(
            [RegisterVersion(year=year, version=0) for year in missing], ignore_conflicts=True
        )
        stored = dict(RegisterVersion.objects.filter(year__lte=last).values_list("year", "version"))
    found, running = {}, 0
    for year in range(min(stored, default=last), last + 1):
        running += stored.get(year, 0)
        found[year] = running
    return {year: found.get(year, running) for year in wanted}


def _loaded(snapshot: YearSnapshot) -> AnnualFigures:
    stored = json.loads(snapshot.figures)
    return AnnualFigures(year=stored["year"], events_by_form_and_sex=stored["events_by_form_and_sex"])


def figures_of_years(first: int, last: int) -> dict[int, AnnualFigures]:
    """The exact figures of every year from `first` to `last`: stored ones while valid, the rest computed."""
    years = range(first, last + 1)
    current = versions_of(years)  # every year has its row before anything is read, so that the triggers bump it
    snapshots = YearSnapshot.objects.filter(year__in=years)
    found = {snapshot.year: _loaded(snapshot) for snapshot in snapshots if snapshot.version == current[snapshot.year]}
    found.update(_computed([year for year in years if year not in found]))
    return {year: found[year] for year in years}


@dataclass(frozen=True)
class ScreenFigures:
    """The figures a statistics page shows, and when they were computed if the register has changed since."""

    figures: dict[int, AnnualFigures]
    as_of: datetime | None = None  # None: every year is of the register as it is now


def screen_figures_of_years(first: int, last: int) -> ScreenFigures:
    """As `figures_of_years`, for the pages people read while others write to the register.

    A year whose stored figures the register has changed since is shown as
    stored, with the time it was computed, while that time is less than
    `STATISTICS_REFRESH_SECONDS` ago, or while another process is computing
    the statistics again (one computation at a time, on PostgreSQL an
    advisory lock); otherwise it is computed now, as `figures_of_years` does.
    Publishing, exports, the API and the documents use `figures_of_years`:
    they never take figures of an earlier register (docs/decisions/0039).
    """
    years = range(first, last + 1)
    current = versions_of(years)
    snapshots = {snapshot.year: snapshot for snapshot in YearSnapshot.objects.filter(year__in=years)}
    found = {year: _loaded(snapshot) for year, snapshot in snapshots.items() if snapshot.version == current[year]}
    stale = {year: snapshot for year, snapshot in snapshots.items() if year not in found}
    never_computed = [year for year in years if year not in snapshots]
    recent = timezone.now() - timedelta(seconds=settings.STATISTICS_REFRESH_SECONDS)
    if stale and not never_computed and all(snapshot.computed_at > recent for snapshot in stale.values()):
        return _with_stale(years, found, stale)
    with _computing_alone() as alone:
        if not alone and not never_computed:
            return _with_stale(years, found, stale)
        found.update(_computed([year for year in years if year not in found]))
    return ScreenFigures({year: found[year] for year in years})


def _with_stale(years: range, found: dict[int, AnnualFigures], stale: dict[int, YearSnapshot]) -> ScreenFigures:
    found = {**found, **{year: _loaded(snapshot) for year, snapshot in stale.items()}}
    return ScreenFigures(
        {year: found[year] for year in years}, as_of=min(snapshot.computed_at for snapshot in stale.values())
    )


# The key of the advisory lock held while a statistics page computes years again (any number: Torju takes no other).
_COMPUTING_LOCK = 0x746F726A75  # "torju"


@contextmanager
def _computing_alone() -> Iterator[bool]:
    """True when no other process is computing the statistics for a page now (and holds that until the end)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_COMPUTING_LOCK])
        alone = bool(cursor.fetchone()[0])
    try:
        yield alone
    finally:
        if alone:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_COMPUTING_LOCK])


def _computed(years: list[int]) -> dict[int, AnnualFigures]:
    """`years` computed in one pass and stored, with the versions read with the figures."""
    if not years:
        return {}
    # From the replica where there is one; stored on the primary with the versions read with the figures.
    with reading_from_replica() as alias, one_snapshot(alias):
        versions = _versions_in_snapshot(years, using=alias)
        computed = yearly_figures(min(years), max(years), using=alias)
    for year in years:
        _store(year, versions[year], computed[year])
    return {year: computed[year] for year in years}


def _versions_in_snapshot(years: list[int], *, using: str) -> dict[int, int]:
    """As `versions_of`, read inside the computation's read-only snapshot (on a replica that lags, the rows that
    are missing there count as 0: the figures are then stored as already out of date)."""
    stored = dict(RegisterVersion.objects.using(using).filter(year__lte=max(years)).values_list("year", "version"))
    return {year: sum(version for each, version in stored.items() if each <= year) for year in years}


def figures_of_year(year: int) -> AnnualFigures:
    return figures_of_years(year, year)[year]


def _store(year: int, version: int, figures: AnnualFigures) -> None:
    text = json.dumps(
        {"year": figures.year, "events_by_form_and_sex": figures.events_by_form_and_sex}, ensure_ascii=False
    )
    fields = {"version": version, "computed_at": timezone.now(), "figures": text}
    try:
        with transaction.atomic():
            updated = YearSnapshot.objects.filter(year=year, version__lte=version).update(**fields)
            if not updated and not YearSnapshot.objects.filter(year=year).exists():
                YearSnapshot.objects.create(year=year, **fields)
    except IntegrityError:  # another process stored the year at the same moment: theirs stands
        pass


def stored_figures(
    model: type[StoredFigures], year: int, compute: Callable[[], dict[str, Any]], *, on_screen: bool = False
) -> dict[str, Any]:
    """Figures of `year` other than the register's own (the legal path's, the helpline's): stored in `model`
    while the year's register version is current (the version triggers cover the tables they count:
    statistics migrations 0004 and 0006), else `compute()`d in one snapshot and stored with the version read
    there. A page may show stored figures younger than STATISTICS_REFRESH_SECONDS after a change
    (docs/decisions/0039)."""
    current = versions_of([year])[year]
    stored = model._default_manager.filter(year=year).first()
    recent = timezone.now() - timedelta(seconds=settings.STATISTICS_REFRESH_SECONDS)
    if stored is not None and (stored.version == current or (on_screen and stored.computed_at > recent)):
        loaded: dict[str, Any] = json.loads(stored.figures)
        return loaded
    with one_snapshot("default"):
        version = versions_of([year])[year]
        figures = compute()
    fields = {"version": version, "computed_at": timezone.now(), "figures": json.dumps(figures, ensure_ascii=False)}
    try:
        with transaction.atomic():
            if not model._default_manager.filter(year=year, version__lte=version).update(**fields):
                model._default_manager.get_or_create(year=year, defaults=fields)
    except IntegrityError:  # another process stored the year at the same moment: theirs stands
        pass
    return figures
