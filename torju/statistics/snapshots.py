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
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from torju.statistics.computation import AnnualFigures, yearly_figures
from torju.statistics.computation.queries import one_snapshot
from torju.statistics.models import RegisterVersion, YearSnapshot


def _versions(years: Iterable[int]) -> dict[int, int]:
    """The register version of each year; a year without its row (a flushed database) gets one, at 0."""
    wanted = set(years)
    found = dict(RegisterVersion.objects.filter(year__in=wanted).values_list("year", "version"))
    for year in wanted - set(found):
        RegisterVersion.objects.get_or_create(year=year)
        found[year] = RegisterVersion.objects.get(year=year).version
    return found


def _loaded(snapshot: YearSnapshot) -> AnnualFigures:
    stored = json.loads(snapshot.figures)
    return AnnualFigures(year=stored["year"], events_by_form_and_sex=stored["events_by_form_and_sex"])


def figures_of_years(first: int, last: int) -> dict[int, AnnualFigures]:
    """The exact figures of every year from `first` to `last`: stored ones while valid, the rest computed."""
    years = range(first, last + 1)
    current = _versions(years)  # every year has its row before anything is read, so that the triggers bump it
    stored = {
        snapshot.year: snapshot
        for snapshot in YearSnapshot.objects.filter(year__in=years)
        if snapshot.version == current[snapshot.year]
    }
    found = {year: _loaded(snapshot) for year, snapshot in stored.items()}
    missing = [year for year in years if year not in found]
    if missing:
        with one_snapshot("default"):
            versions = dict(RegisterVersion.objects.filter(year__in=missing).values_list("year", "version"))
            computed = yearly_figures(min(missing), max(missing))
        for year in missing:
            found[year] = computed[year]
            _store(year, versions[year], computed[year])
    return {year: found[year] for year in years}


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
