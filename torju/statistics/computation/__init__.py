"""The annual statistics and the series of the assistance system, computed in the database.

Aggregation module: reads the register's models directly (persons,
applications, events, reflection periods), only to count them, never their
direct identifiers (docs/architecture.md, "Aggregation modules").

`yearly_figures(first, last)` gives, for every year of the range, the
spec's figures with exact counts (spec/annual-statistics.md and § 1 of
spec/situational-picture.md) in one pass: each grouped query of
torju.statistics.computation.counts has the year as a group key, so twenty
years take about what one does (docs/performance.md). `annual_figures(year)`
and `annual_statistics(year)` are the range of one year.

Every figure is an aggregate that the database computes, each query returning
one row per year and combination of codes, never one row per person
(computation.person_counts says how the spec's definitions become SQL;
computation.counts has the light queries; ages and years: computation.years).

- Code-list breakdowns list every code of the code list, 0 where nothing
  falls in it, as the spec says: the codes of spec/codes.csv in its order,
  then those dropped from the file since (inactive: no longer offered for
  new records, but a code of the list that old records use) in their former
  order, so that a breakdown has the same keys whichever year it is of.
  Country breakdowns list only the countries that occur, the most frequent
  first (ties by code).
- Beyond the spec's JSON, the review's cross-tabulation of the new clients'
  events by form and sex (`AnnualFigures.events_by_form_and_sex`) comes
  from the same grouped query of the events as the spec's event figures.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from torju.register.models import NEGATIVE, POSITIVE, Application, Person, ReflectionPeriod
from torju.statistics.computation.counts import ChildCounts, counts_by_year
from torju.statistics.computation.person_counts import NewClientCounts, YearEndCounts
from torju.statistics.computation.queries import (
    CodeLists,
    by_country,
    grouped,
    nationalities,
    one_snapshot,
    percent_half_up,
    side_by_side,
)
from torju.statistics.computation.years import YearOf
from torju.statistics.schema import (
    AGE_BANDS,
    MINOR_BAND,
    PLACES,
    UNKNOWN,
    WITH_RESIDENCE_PERMIT,
    AnnualStatistics,
    CrossCounts,
    ExploitedInFinland,
    SeriesYear,
)

__all__ = ["AnnualFigures", "annual_figures", "annual_statistics", "yearly_figures"]


@dataclass(frozen=True)
class AnnualFigures:
    """The figures of a year: the series' year object (the spec's JSON and more), and the review's cross-table.

    `events_by_form_and_sex` is the 2025 review's chart of the forms of
    exploitation by sex: the new clients' trafficking events (as the spec's
    `new_clients.events_by_form`, whose counts are its row totals), per
    exploitation_form code and the sex of the person, every code of both
    lists. It is not part of the spec's JSON, whose form stays fixed.
    """

    year: SeriesYear
    events_by_form_and_sex: CrossCounts

    @property
    def statistics(self) -> AnnualStatistics:
        return self.year["statistics"]


def annual_statistics(year: int, *, using: str = "default") -> AnnualStatistics:
    """The spec's JSON for `year`, exact counts, in the spec's key order."""
    return annual_figures(year, using=using).statistics


def annual_figures(year: int, *, using: str = "default") -> AnnualFigures:
    """The figures of `year`, exact counts, from one snapshot."""
    return yearly_figures(year, year, using=using)[year]


def yearly_figures(first: int, last: int, *, using: str = "default") -> dict[int, AnnualFigures]:
    """The figures of every year from `first` to `last`, exact counts, from one snapshot, in one pass.

    The new clients' query, the year-end query and the light ones run side by
    side on PostgreSQL (queries.side_by_side), in the same snapshot.
    """
    if first > last:
        raise ValueError(f"the first year {first} is after the last {last}")
    start, end = date(first, 1, 1), date(last, 12, 31)
    with one_snapshot(using):
        persons, year_end, applications = side_by_side(
            using,
            lambda: NewClientCounts(using, start, end),
            lambda: YearEndCounts(using, first, last),
            lambda: _ApplicationCounts(using, first, last),
        )
        figures = _Figures(persons=persons, year_end=year_end, applications=applications, codes=CodeLists(using))
        return {year: figures.of(year) for year in range(first, last + 1)}


class _ApplicationCounts:
    """The light counts of every year: applications, decisions, reflection periods, ended clienthoods, children."""

    def __init__(self, using: str, first: int, last: int) -> None:
        start, end = date(first, 1, 1), date(last, 12, 31)
        applications = Application.objects.using(using)
        self.children = ChildCounts(Person.objects.using(using), first, last)
        self.received = counts_by_year(applications.filter(received_on__range=(start, end)), "received_on", "source")
        self.positive: Counter[int] = Counter()
        self.negative_by_reason: defaultdict[int, Counter[str]] = defaultdict(Counter)
        decided = grouped(
            applications.filter(decided_on__range=(start, end), decision__in=(POSITIVE, NEGATIVE)).annotate(
                year=YearOf("decided_on")
            ),
            ("year", "decision", "negative_reason"),
        )
        for year, decision, reason, count in decided:
            if decision == POSITIVE:
                self.positive[year] += count
            else:
                self.negative_by_reason[year][reason] += count
        self.reflection_periods: Counter[int] = Counter()
        periods = ReflectionPeriod.objects.using(using).filter(granted_on__range=(start, end))
        for year, count in grouped(periods.annotate(year=YearOf("granted_on")), ("year",)):
            self.reflection_periods[year] += count
        self.ended = counts_by_year(
            applications.filter(decision=POSITIVE, clienthood_ended_on__range=(start, end)),
            "clienthood_ended_on",
            "end_reason",
        )


class _Figures:
    """The counters of every year, and how a year's JSON is made of them."""

    def __init__(
        self, *, persons: NewClientCounts, year_end: YearEndCounts, applications: _ApplicationCounts, codes: CodeLists
    ) -> None:
        self.persons, self.events, self.year_end = persons, persons.events, year_end
        self.applications, self.codes = applications, codes

    def of(self, year: int) -> AnnualFigures:
        codes, persons, events = self.codes, self.persons, self.events
        by_sex = codes.breakdown(persons.by_sex[year], "sex")
        negative = self.applications.negative_by_reason[year].total()
        statistics: AnnualStatistics = {
            "year": year,
            "applications": {
                "received": self.applications.received[year].total(),
                "by_source": codes.breakdown(self.applications.received[year], "application_source"),
            },
            "decisions": {
                "positive": self.applications.positive[year],
                "negative": negative,
                "negative_by_reason": codes.breakdown(self.applications.negative_by_reason[year], "negative_reason"),
            },
            "new_clients": {
                "victims": persons.by_sex[year].total(),
                "children_of_victims": self.applications.children.new[year],
                "by_sex": by_sex,
                "by_age_band": {band: persons.by_band[year][band] for band in AGE_BANDS},
                "minors": persons.by_band[year][MINOR_BAND],
                "nationalities": nationalities(persons.by_nationality[year]),
                "by_nationality": by_country(persons.by_nationality[year]),
                "events": events.by_form[year].total(),
                "events_by_form": codes.breakdown(events.by_form[year], "exploitation_form"),
            },
            "exploited_in_finland": self._exploited_in_finland(year),
            "reflection_periods_granted": self.applications.reflection_periods[year],
            "clienthoods_ended": {
                "total": self.applications.ended[year].total(),
                "by_reason": codes.breakdown(self.applications.ended[year], "end_reason"),
            },
            "clients_at_year_end": {
                "total": self.year_end.victims[year].total() + self.applications.children.at_year_end[year],
                "victims": self.year_end.victims[year].total(),
                "children_of_victims": self.applications.children.at_year_end[year],
                "victims_by_sex": codes.breakdown(self.year_end.victims[year], "sex"),
                "victims_entered_as_minors": self.year_end.entered_as_minors[year],
                "victims_under_18": self.year_end.under_18[year],
            },
        }
        series_year: SeriesYear = {
            "statistics": statistics,
            "new_clients_by_sex_and_age_band": {
                sex: {band: persons.by_sex_and_band[year][sex, band] for band in AGE_BANDS} for sex in by_sex
            },
            "new_clients_by_primary_form": codes.breakdown(
                persons.by_primary_form[year], "exploitation_form", last=(UNKNOWN,)
            ),
            "new_clients_by_place_of_exploitation": {place: persons.by_place[year][place] for place in PLACES},
            "new_clients_forced_labour_by_sector": codes.breakdown(
                events.forced_labour_by_sector[year], "sector", last=(UNKNOWN,)
            ),
            "events_by_country": by_country(events.by_country[year]),
            "negative_share_percent": percent_half_up(negative, negative + self.applications.positive[year]),
        }
        forms = codes.breakdown(events.by_form[year], "exploitation_form")
        sexes = codes.breakdown(Counter(sex for _form, sex in events.by_form_and_sex[year]), "sex")
        return AnnualFigures(
            year=series_year,
            events_by_form_and_sex={
                form: {sex: events.by_form_and_sex[year][form, sex] for sex in sexes} for form in forms
            },
        )

    def _exploited_in_finland(self, year: int) -> ExploitedInFinland:
        codes, persons, events = self.codes, self.persons, self.events
        by_status = persons.in_finland_by_status[year]
        return {
            "victims": persons.in_finland_by_sex[year].total(),
            "by_sex": codes.breakdown(persons.in_finland_by_sex[year], "sex"),
            "nationalities": nationalities(persons.in_finland_by_nationality[year]),
            "by_nationality": by_country(persons.in_finland_by_nationality[year]),
            "events": events.in_finland_by_form[year].total(),
            "events_by_form": codes.breakdown(events.in_finland_by_form[year], "exploitation_form"),
            "forced_labour_by_sector": codes.breakdown(
                events.forced_labour_in_finland_by_sector[year], "sector", last=(UNKNOWN,)
            ),
            "multiple_events": {
                "victims": persons.multiple_in_finland_by_sex[year].total(),
                "by_sex": codes.breakdown(persons.multiple_in_finland_by_sex[year], "sex"),
            },
            "by_residence_status": codes.breakdown(by_status, "residence_status"),
            "with_residence_permit": sum(by_status[status] for status in WITH_RESIDENCE_PERMIT),
        }
