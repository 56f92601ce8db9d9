"""CTDC-ready microdata: one row per victim client of the chosen years, with the columns of CTDC's published global
dataset, k-anonymised over the quasi-identifiers by generalisation and suppression (docs/ctdc.md).

Columns and the HTCDS v2.0 field each derives from (CC BY 4.0, "Human
Trafficking Case Data Standard (HTCDS) by IOM"): `yearOfRegistration`
(the year of the positive decision: vic_TraffickingStatus set to
ActualVictimOfTrafficking), `Datasource`, `gender` (prs_Gender),
`ageBroad` and `majorityStatus` (prs_Birthdate, vic_AgeWhenTrafficked: age
at the decision), `citizenship` (prs_Citizenship), `CountryOfExploitation`
(vic_LocationOfExploitation: the primary event's country), the exploitation
flags and `typeOfExploitConcatenated` (vic_TypeOfExploitation). Means of
control (vic_MethodsOfControl) are not recorded in the register, so the file
has none of those columns. No direct identifier is read: population.victims
gives pseudonymous values only.

Anonymisation (docs/decisions/0082): the quasi-identifiers are
yearOfRegistration, gender, ageBroad, citizenship and CountryOfExploitation.
First a country (of citizenship or of exploitation) that fewer than k rows
share is recoded to missing, as CTDC does; then the generalisation levels of
the year (a year, a period of three, of five) and of the age (CTDC's nine
bands, four, minor or adult) are tried, and the one
with the least loss of information (values blanked, rows suppressed,
levels of generalisation) among those that suppress at most MAX_SUPPRESSED
of the rows is used (else the one suppressing fewest). Within a choice,
rows of classes smaller than k blank values (greedy local recoding) and the
rows still in such classes are suppressed. The result is
checked with pyCANON before the file may be downloaded.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from itertools import product

import pandas as pd
from django.conf import settings
from pycanon import anonymity

from torju.international.population import Victim, victims
from torju.statistics.schema import FEMALE, FINLAND, MALE, STATELESS, UNKNOWN_COUNTRY

DEFAULT_K = 11
MAX_SUPPRESSED = 0.05  # the largest share of rows suppressed that a choice of generalisation may have
DATASOURCE = "Case Management"
QUASI_IDENTIFIERS = ("yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation")
FLAGS = {
    "isForcedLabour": ("forced_labour",),
    "isSexualExploit": ("sexual_exploitation",),
    "isForcedMarriage": ("forced_marriage",),
    "isOrganRemoval": ("organ_removal",),
    "isOtherExploit": ("forced_criminality", "forced_begging", "illegal_adoption", "surrogacy", "other"),
}
HTCDS_TYPES = {
    "forced_labour": "ForcedLabour",
    "sexual_exploitation": "SexualExploitation",
    "forced_marriage": "ForcedMarriage",
    "forced_criminality": "Other",
    "forced_begging": "ForcedBegging",
    "organ_removal": "OrganRemoval",
    "illegal_adoption": "ForcedAdoption",
    "surrogacy": "Surrogacy",
    "other": "Other",
}
COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    *FLAGS,
    "isSexAndLabour",
    "typeOfExploitConcatenated",
]
# CTDC's age bands (first age of each), and two coarser levels.
AGE_LEVELS: tuple[tuple[tuple[int, str], ...], ...] = (
    ((0, "0--8"), (9, "9--17"), (18, "18--20"), (21, "21--23"), (24, "24--26"), (27, "27--29"), (30, "30--38"),
     (39, "39--47"), (48, "48+")),
    ((0, "0--17"), (18, "18--29"), (30, "30--47"), (48, "48+")),
    ((0, "0--17"), (18, "18+")),
)  # fmt: skip
YEAR_LEVELS = (1, 3, 5)  # years per period


def ctdc_k() -> int:
    return int(getattr(settings, "CTDC_K", DEFAULT_K))


def _gender(sex: str) -> str:
    return {FEMALE: "Female", MALE: "Male"}.get(sex, "")


def _age(age: int | None, level: int) -> str:
    if age is None:
        return ""
    label = ""
    for first, band in AGE_LEVELS[level]:
        if age >= first:
            label = band
    return label


def _period(year: int, level: int) -> str:
    size = YEAR_LEVELS[level]
    if size == 1:
        return str(year)
    start = year - (year - 2000) % size
    return f"{start}--{start + size - 1}"


def _country(code: str) -> str:
    return "" if code in ("", UNKNOWN_COUNTRY, STATELESS) else code


def _exploitation_country(victim: Victim) -> str:
    known = [country for country in victim.countries if _country(country)]
    if len(known) == 1:
        return known[0]
    return FINLAND if FINLAND in known else (known[0] if known else "")


def base_row(victim: Victim) -> dict[str, str]:
    """A victim's row before anonymisation (the age kept as a number in `_age` for the generalisation)."""
    forms = set(victim.forms)
    row = {
        "yearOfRegistration": str(victim.year),
        "Datasource": DATASOURCE,
        "gender": _gender(victim.sex),
        "_age": "" if victim.age is None else str(victim.age),
        "citizenship": _country(victim.nationality),
        "CountryOfExploitation": _exploitation_country(victim),
    }
    for flag, codes in FLAGS.items():
        row[flag] = "1" if forms & set(codes) else ("0" if forms else "")
    row["isSexAndLabour"] = "1" if {"forced_labour", "sexual_exploitation"} <= forms else ("0" if forms else "")
    row["typeOfExploitConcatenated"] = ";".join(sorted({HTCDS_TYPES[form] for form in forms if form in HTCDS_TYPES}))
    return row


@dataclass
class Anonymised:
    rows: list[dict[str, str]]
    k: int
    total: int
    suppressed: int
    year_level: int
    age_level: int
    recoded: dict[str, int] = field(default_factory=dict)  # column → values recoded to missing (rare countries)
    blanked: dict[str, int] = field(default_factory=dict)  # column → values blanked in rows of small classes

    @property
    def loss(self) -> float:
        """Information lost: the values blanked, a suppressed row as five of them, and a quarter of a value a
        row for each generalisation level (docs/decisions/0082)."""
        levels = self.year_level + self.age_level
        return sum(self.blanked.values()) + 5 * self.suppressed + 0.25 * self.total * levels

    @property
    def suppressed_share(self) -> float:
        return self.suppressed / self.total if self.total else 0.0


def _recode_rare(rows: list[dict[str, str]], column: str, k: int) -> int:
    counts = Counter(row[column] for row in rows)
    recoded = 0
    for row in rows:
        if row[column] and counts[row[column]] < k:
            row[column] = ""
            recoded += 1
    return recoded


def _generalised(rows: list[dict[str, str]], year_level: int, age_level: int) -> list[dict[str, str]]:
    result = []
    for row in rows:
        age = int(row["_age"]) if row["_age"] else None
        generalised = {key: value for key, value in row.items() if key != "_age"}
        generalised["yearOfRegistration"] = _period(int(row["yearOfRegistration"]), year_level)
        generalised["ageBroad"] = _age(age, age_level)
        generalised["majorityStatus"] = "" if age is None else ("Minor" if age < 18 else "Adult")
        result.append(generalised)
    return result


def _classes(rows: list[dict[str, str]]) -> Counter[tuple[str, ...]]:
    return Counter(_key(row) for row in rows)


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[column] for column in QUASI_IDENTIFIERS)


LOCAL_COLUMNS = ("CountryOfExploitation", "citizenship", "ageBroad", "gender")  # the values that may be blanked
MAX_ROUNDS = 5


def _local_suppression(rows: list[dict[str, str]], k: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Blank values of the rows in classes smaller than k until their classes reach k; leave out the rest.

    Greedy local recoding: a row of a small class (the smallest classes
    first) blanks the one value of LOCAL_COLUMNS that moves it into the
    largest class there is, over a few rounds. Rows of classes of k or more
    are never changed, so no such class shrinks; the rows still in classes
    smaller than k at the end are suppressed.
    """
    blanked: Counter[str] = Counter()
    classes = _classes(rows)
    for _round in range(MAX_ROUNDS):
        small = sorted((row for row in rows if classes[_key(row)] < k), key=lambda row: classes[_key(row)])
        if not small:
            break
        for row in small:
            if classes[_key(row)] >= k:
                continue
            options = [column for column in LOCAL_COLUMNS if row[column]]
            if not options:
                continue
            best = max(options, key=lambda column: classes[_key({**row, column: ""})])
            classes[_key(row)] -= 1
            row[best] = ""
            if best == "ageBroad":
                row["majorityStatus"] = ""
            classes[_key(row)] += 1
            blanked[best] += 1
    return [row for row in rows if classes[_key(row)] >= k], dict(blanked)


def anonymise(base: list[dict[str, str]], k: int) -> Anonymised:
    """Generalise and suppress `base` rows to k-anonymity over QUASI_IDENTIFIERS."""
    if k < 2:
        raise ValueError(f"k must be at least 2, not {k}")
    rows = [dict(row) for row in base]
    recoded = {column: _recode_rare(rows, column, k) for column in ("citizenship", "CountryOfExploitation")}
    candidates = []
    for year_level, age_level in product(range(len(YEAR_LEVELS)), range(len(AGE_LEVELS))):
        kept, blanked = _local_suppression(_generalised(rows, year_level, age_level), k)
        candidates.append(
            Anonymised(kept, k, len(rows), len(rows) - len(kept), year_level, age_level, recoded, blanked)
        )
    within = [candidate for candidate in candidates if candidate.suppressed_share <= MAX_SUPPRESSED]
    if not within:
        return min(candidates, key=lambda candidate: (candidate.suppressed, candidate.loss))
    return min(within, key=lambda candidate: candidate.loss)


@dataclass(frozen=True)
class Check:
    """The anonymity check's result: the k pyCANON finds in the file, against the k required."""

    required: int
    found: int
    rows: int
    library: str = "pyCANON"

    @property
    def passed(self) -> bool:
        return self.rows > 0 and self.found >= self.required

    def describe(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"k-anonymity check ({self.library}): {verdict}; k = {self.found} found over "
            f"{', '.join(QUASI_IDENTIFIERS)} in {self.rows} rows, k = {self.required} required"
        )


def check(rows: list[dict[str, str]], k: int) -> Check:
    """k-anonymity of `rows` over the quasi-identifiers, computed by pyCANON."""
    if not rows:
        return Check(required=k, found=0, rows=0)
    frame = pd.DataFrame([{column: row[column] for column in QUASI_IDENTIFIERS} for row in rows])
    return Check(required=k, found=int(anonymity.k_anonymity(frame, list(QUASI_IDENTIFIERS))), rows=len(rows))


def quality_note(result: Anonymised, first: int, last: int, outcome: Check) -> str:
    """The data-quality note that goes with the file."""
    year = "one year" if YEAR_LEVELS[result.year_level] == 1 else f"periods of {YEAR_LEVELS[result.year_level]} years"
    ages = ", ".join(band for _first, band in AGE_LEVELS[result.age_level])
    lines = [
        f"CTDC-ready microdata of the Finnish assistance system's victim clients, {first}-{last}.",
        f"Rows: {result.total} victims (new clients, by the year of the positive decision); "
        f"{len(result.rows)} published, {result.suppressed} suppressed ({result.suppressed_share:.1%}).",
        f"Quasi-identifiers: {', '.join(QUASI_IDENTIFIERS)}; k = {result.k}.",
        f"Generalised: yearOfRegistration to {year}; ageBroad to the bands {ages}.",
        f"Recoded to missing (a country fewer than k rows share): citizenship {result.recoded.get('citizenship', 0)}"
        f" values, CountryOfExploitation {result.recoded.get('CountryOfExploitation', 0)} values.",
        "Blanked in rows whose class was smaller than k: "
        + (", ".join(f"{column} {count}" for column, count in result.blanked.items() if count) or "none")
        + ".",
        "Gender: Female, Male; the register's 'other or unknown' is missing. Means of control are not recorded.",
        outcome.describe() + ".",
        "Field names derived from the Human Trafficking Case Data Standard (HTCDS) by IOM, CC BY 4.0.",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Export:
    content: bytes
    note: str
    check: Check
    anonymised: Anonymised


def export(first: int, last: int, k: int | None = None) -> Export:
    """The CTDC-ready file of the victim clients of `first`..`last`, anonymised and checked."""
    k = ctdc_k() if k is None else k
    base = [base_row(victim) for victim in victims(first, last) if victim.status == "identified"]
    result = anonymise(base, k)
    outcome = check(result.rows, k)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(result.rows)
    return Export(buffer.getvalue().encode("utf-8"), quality_note(result, first, last, outcome), outcome, result)
