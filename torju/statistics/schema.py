"""The annual statistics JSON of spec/annual-statistics.md, typed: the one description of its shape.

The computation (torju.statistics.computation) returns an `AnnualStatistics`,
disclosure control (torju.statistics.disclosure) returns the same shape in
the public form, the review (torju.statistics.review) reads it by these keys,
and the REST API's serializers are derived from these classes
(torju.statistics.api), their help texts included. The constants of the
definitions (the age bands, the residence permits, the keys that are not
codes) are written here once.

Every count is a whole number ≥ 0. A breakdown (`Counts`) lists every code of
its code list, 0 where nothing falls in it; a country breakdown lists only the
countries that occur (in the public form, those under k merged into `other`).
"""

from dataclasses import dataclass
from typing import Annotated, TypedDict


@dataclass(frozen=True)
class Help:
    """What a field means, for the OpenAPI schema (and the reader of this module)."""

    text: str


Counts = dict[str, int]  # code → count
CrossCounts = dict[str, dict[str, int]]  # row code → column code → count

FIRST_YEAR = 2006  # the assistance system began its work in 2006: no statistics before it
FINLAND = "FI"
FEMALE, MALE = "F", "M"
STATELESS, UNKNOWN_COUNTRY = "XX", "ZZ"
NOT_NATIONALITIES = frozenset({STATELESS, UNKNOWN_COUNTRY})  # listed in breakdowns, not counted as nationalities
OTHER = "other"  # the public form's key of the countries merged together
UNKNOWN = "unknown"  # the key of an age band, a sector or a primary form that is not known
FORCED_LABOUR = "forced_labour"
ADULT_AGE = 18
# The spec's age bands: (key, first age above the band); the last band has no upper bound.
AGE_BAND_LIMITS: tuple[tuple[str, int | None], ...] = (
    ("0-17", ADULT_AGE),
    ("18-29", 30),
    ("30-39", 40),
    ("40-49", 50),
    ("50-59", 60),
    ("60+", None),
)
MINOR_BAND = AGE_BAND_LIMITS[0][0]
OLDEST_BAND = AGE_BAND_LIMITS[-1][0]
AGE_BANDS: tuple[str, ...] = (*(band for band, _limit in AGE_BAND_LIMITS), UNKNOWN)  # every key of by_age_band
WITH_RESIDENCE_PERMIT = ("seasonal_work_permit", "work_permit", "family_ties_permit", "student_permit", "other_permit")

BY_COUNTRY = Help(
    "By country code, only those that occur. In the public form countries with fewer persons than the disclosure "
    "threshold are merged into the key `other`."
)


class Applications(TypedDict):
    received: Annotated[int, Help("Applications received in the year.")]
    by_source: Annotated[Counts, Help("By application_source code, every code listed.")]


class Decisions(TypedDict):
    positive: int
    negative: int
    negative_by_reason: Annotated[Counts, Help("By negative_reason code, every code listed.")]


class NewClients(TypedDict):
    victims: Annotated[int, Help("Distinct persons with a positive decision in the year.")]
    children_of_victims: int
    by_sex: Annotated[Counts, Help("By sex code: F, M, X.")]
    by_age_band: Annotated[Counts, Help("Age at the decision: 0-17, 18-29, 30-39, 40-49, 50-59, 60+, unknown.")]
    minors: int
    nationalities: Annotated[int, Help("Distinct nationalities, not counting XX (stateless) and ZZ (unknown).")]
    by_nationality: Annotated[Counts, BY_COUNTRY]
    events: Annotated[int, Help("Trafficking events (primary and secondary forms).")]
    events_by_form: Annotated[Counts, Help("By exploitation_form code, every code listed.")]


class MultipleEvents(TypedDict):
    victims: Annotated[int, Help("Persons with two or more events in Finland.")]
    by_sex: Annotated[Counts, Help("By sex code.")]


class ExploitedInFinland(TypedDict):
    victims: Annotated[int, Help("New clients with at least one event in Finland.")]
    by_sex: Annotated[Counts, Help("By sex code.")]
    nationalities: int
    by_nationality: Annotated[
        Counts,
        Help(
            "By country code; in the public form merged as the new clients' breakdown, and further so that it "
            "cannot be subtracted from it (the nested-breakdown rule)."
        ),
    ]
    events: Annotated[int, Help("Events in Finland.")]
    events_by_form: Annotated[Counts, Help("By exploitation_form code.")]
    forced_labour_by_sector: Annotated[Counts, Help("By sector code, and `unknown`.")]
    multiple_events: MultipleEvents
    by_residence_status: Annotated[Counts, Help("By residence_status code.")]
    with_residence_permit: int


class ClienthoodsEnded(TypedDict):
    total: int
    by_reason: Annotated[Counts, Help("By end_reason code.")]


class ClientsAtYearEnd(TypedDict):
    total: int
    victims: int
    children_of_victims: int
    victims_by_sex: Annotated[Counts, Help("By sex code.")]
    victims_entered_as_minors: int
    victims_under_18: int


class AnnualStatistics(TypedDict):
    """The annual statistics of spec/annual-statistics.md (exact, or the public form under disclosure control)."""

    year: Annotated[int, Help("The calendar year.")]
    applications: Applications
    decisions: Decisions
    new_clients: NewClients
    exploited_in_finland: ExploitedInFinland
    reflection_periods_granted: int
    clienthoods_ended: ClienthoodsEnded
    clients_at_year_end: ClientsAtYearEnd


# The series of spec/situational-picture.md § 1: one object per year.

PLACES = ("finland", "abroad", "both", UNKNOWN)  # the keys of new_clients_by_place_of_exploitation
CellCounts = dict[str, dict[str, int | None]]  # a cross-tabulation as published: None is a withheld cell


class SeriesYear(TypedDict):
    """One year of the series: the annual statistics and the figures of the situational picture."""

    statistics: AnnualStatistics
    new_clients_by_sex_and_age_band: Annotated[
        CellCounts,
        Help(
            "New clients by sex code × age band, every code and band. In the public form a cell from 1 to k−1 is "
            "withheld (null), and so many more that none can be derived from the margins (by_sex, by_age_band)."
        ),
    ]
    new_clients_by_primary_form: Annotated[
        Counts, Help("New clients by the form of the primary event of their application, and `unknown`.")
    ]
    new_clients_by_place_of_exploitation: Annotated[
        Counts, Help("New clients by where they were exploited: finland, abroad, both, unknown.")
    ]
    new_clients_forced_labour_by_sector: Annotated[
        Counts, Help("The new clients' forced labour events by sector, wherever they happened, and `unknown`.")
    ]
    events_by_country: Annotated[Counts, Help("The new clients' events by country of exploitation; " + BY_COUNTRY.text)]
    negative_share_percent: Annotated[
        int | None, Help("Negative ÷ (positive + negative) decisions, whole percent rounded half up; null without.")
    ]


# The series of spec/situational-picture.md § 1: the years from `from` to `to`, keyed by the year.
Series = TypedDict("Series", {"from": int, "to": int, "years": dict[str, SeriesYear]})
