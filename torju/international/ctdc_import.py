"""Reading a CTDC dataset as CTDC publishes it, with polars (a columnar engine: no Python loop over the rows).

The published CSV's quirks, each handled and reported:

- a terms-of-use sentence before the header or inside its first cell
  ("… terms of use … yearOfRegistration"): the header is the first record
  that names `yearOfRegistration` and another known column, each cell
  cleaned to the known column name it ends with;
- `;` (or tab) separators instead of commas: the header's separator is used;
- multi-valued cells ("UA;RU", "UA|RU", "UA, RU"): the first value is
  counted, and how many cells had several is noted;
- rows without a year of registration: skipped, with the reason;
- exploitation types one-hot (`isSexualExploit` … as 1/0, true/false) or
  concatenated (`typeOfExploitConcatenated`, "Sexual exploitation;Forced
  labour"): either gives each row's flags.

`read_ctdc(data)` gives the counts that the situational picture shows
(models.CtdcDataset.summary): per scope (`global`, `europe`: the rows whose
country of exploitation is in Europe), the rows, and counts by form of
exploitation (a row may have several), sex, age group and citizenship region.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

YEAR = "yearOfRegistration"
KNOWN_COLUMNS = (
    YEAR,
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
)
OTHER_FLAGS = ("isOtherExploit", "isForcedMarriage", "isForcedMilitary", "isOrganRemoval", "isSlaveryAndPractices")
FORMS = ("sexual", "labour", "other", "unknown")
SEXES = ("Female", "Male", "unknown")
AGES = ("minor", "adult", "unknown")
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania", "unknown")
SCOPES = ("global", "europe")
FIRST_YEAR = 1990  # no CTDC row is older; a year before it is an error in the file
MULTI = r"[;|,/]"
REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.csv"


class NoHeaderError(ValueError):
    """No record of the file names yearOfRegistration and another CTDC column."""


def country_regions() -> dict[str, str]:
    with REGIONS_FILE.open(encoding="utf-8") as handle:
        return {code: row["region"] for row in csv.DictReader(handle) for code in row["countries"].split()}


@dataclass
class Reading:
    rows_read: int = 0
    rows_kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    notes: dict[str, int | str] = field(default_factory=dict)
    first_year: int = 0
    last_year: int = 0
    summary: dict[str, dict[str, object]] = field(default_factory=dict)


def _clean(cell: str) -> str:
    """The known column name a header cell names (a sentence before it dropped), else the cell stripped."""
    text = cell.strip().strip('"').strip()
    for name in KNOWN_COLUMNS:
        if text.lower() == name.lower() or text.lower().endswith((" " + name.lower(), ":" + name.lower())):
            return name
    return text


def _header(text: str) -> tuple[int, str, list[str], bool]:
    """(characters before the data, separator, column names, whether a sentence was dropped from or before the
    header)."""
    offset = 0
    for number, line in enumerate(io.StringIO(text)):
        if not line.strip():
            offset += len(line)
            continue
        separator = max((";", ",", "\t"), key=line.count)
        cells = next(csv.reader([line], delimiter=separator))
        names = [_clean(cell) for cell in cells]
        if YEAR in names and len(set(names) & set(KNOWN_COLUMNS)) >= 2:
            cleaned = number > 0 or any(name != cell.strip() for name, cell in zip(names, cells, strict=True))
            return offset + len(line), separator, names, cleaned
        offset += len(line)
        if offset > 100_000:
            break
    raise NoHeaderError("no header naming yearOfRegistration and another CTDC column")


def _first(column: str) -> pl.Expr:
    """The first value of a possibly multi-valued cell, stripped; empty as null."""
    value = pl.col(column).str.extract(r"^\s*([^;|,/]*)", 1).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _truthy(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_lowercase().is_in(["1", "1.0", "true", "yes", "y"])


def _count(frame: pl.DataFrame, column: str, keys: tuple[str, ...]) -> dict[str, int]:
    counts = dict(frame.group_by(column).len().iter_rows())
    return {key: int(counts.get(key, 0)) for key in keys}


def read_ctdc(data: bytes, *, current_year: int) -> Reading:
    text = data.decode("utf-8-sig", errors="replace")
    offset, separator, names, cleaned = _header(text)
    reading = Reading()
    if cleaned:
        reading.notes["header"] = "a sentence (the terms of use) was dropped from the header"
    if separator != ",":
        reading.notes["separator"] = {";": "semicolon", "\t": "tab"}[separator]
    names = [name or f"column_{index}" for index, name in enumerate(names)]
    body = text[offset:].encode("utf-8")
    if not body.strip():
        frame = pl.DataFrame({name: [] for name in names}, schema=dict.fromkeys(names, pl.String))
    else:
        frame = pl.read_csv(
            io.BytesIO(body),
            separator=separator,
            has_header=False,
            new_columns=names,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    frame = frame.select([pl.col(name) for name in dict.fromkeys(names)])
    present = list(frame.columns)
    for name in KNOWN_COLUMNS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    reading.rows_read = frame.height
    year = pl.col(YEAR).str.extract(r"^\s*(\d{4})", 1).cast(pl.Int32, strict=False)
    frame = frame.with_columns(year.alias("_year"))
    no_year = frame.filter(pl.col("_year").is_null()).height
    outside = frame.filter(
        pl.col("_year").is_not_null() & ((pl.col("_year") < FIRST_YEAR) | (pl.col("_year") > current_year))
    ).height
    frame = frame.filter(pl.col("_year").is_between(FIRST_YEAR, current_year))
    if no_year:
        reading.skipped["no year of registration"] = no_year
    if outside:
        reading.skipped[f"year of registration not from {FIRST_YEAR} to {current_year}"] = outside
    reading.rows_kept = frame.height
    if frame.height:
        reading.first_year = int(frame["_year"].min())  # type: ignore[arg-type]
        reading.last_year = int(frame["_year"].max())  # type: ignore[arg-type]
    for column in ("citizenship", "CountryOfExploitation", "gender"):
        multi = frame.filter(pl.col(column).str.contains(MULTI)).height
        if multi:
            reading.notes[f"multi-valued {column}"] = multi
    regions = pl.DataFrame(
        {"_code": list(country_regions()), "_region": list(country_regions().values())},
        schema={"_code": pl.String, "_region": pl.String},
    )
    gender = _first("gender").str.to_lowercase()
    age_start = pl.col("ageBroad").str.extract(r"^\s*(\d+)", 1).cast(pl.Int32, strict=False)
    majority = pl.col("majorityStatus").str.to_lowercase().str.strip_chars()
    frame = frame.with_columns(
        pl.when(gender.is_in(["female", "woman", "f", "girl"]))
        .then(pl.lit("Female"))
        .when(gender.is_in(["male", "man", "m", "boy"]))
        .then(pl.lit("Male"))
        .otherwise(pl.lit("unknown"))
        .alias("_sex"),
        pl.when(age_start.is_not_null() & (age_start < 18))
        .then(pl.lit("minor"))
        .when(age_start.is_not_null())
        .then(pl.lit("adult"))
        .when(majority == "minor")
        .then(pl.lit("minor"))
        .when(majority == "adult")
        .then(pl.lit("adult"))
        .otherwise(pl.lit("unknown"))
        .alias("_age"),
        _first("citizenship").str.to_uppercase().alias("_citizenship"),
        _first("CountryOfExploitation").str.to_uppercase().alias("_exploited_in"),
        *_form_flags(present),
    )
    frame = frame.join(regions, left_on="_citizenship", right_on="_code", how="left").with_columns(
        pl.col("_region").fill_null("unknown")
    )
    frame = frame.join(
        regions.rename({"_region": "_exploitation_region"}), left_on="_exploited_in", right_on="_code", how="left"
    )
    scopes = {"global": frame, "europe": frame.filter(pl.col("_exploitation_region") == "Europe")}
    reading.summary = {scope: _summary(part) for scope, part in scopes.items()}
    return reading


def _form_flags(columns: list[str]) -> list[pl.Expr]:
    one_hot = [name for name in ("isSexualExploit", "isForcedLabour", *OTHER_FLAGS) if name in columns]
    if one_hot:
        sexual = _truthy("isSexualExploit") if "isSexualExploit" in columns else pl.lit(False)
        labour = _truthy("isForcedLabour") if "isForcedLabour" in columns else pl.lit(False)
        others = [_truthy(name) for name in OTHER_FLAGS if name in columns]
        other = pl.any_horizontal(others) if others else pl.lit(False)
    else:
        concatenated = pl.col("typeOfExploitConcatenated").fill_null("").str.to_lowercase()
        sexual = concatenated.str.contains("sex")
        labour = concatenated.str.contains("labou?r")
        rest = concatenated.str.replace_all(r"[^;|,/]*sex[^;|,/]*", "").str.replace_all(r"[^;|,/]*labou?r[^;|,/]*", "")
        other = rest.str.contains(r"[a-z]")
    return [
        sexual.fill_null(False).alias("_sexual"),
        labour.fill_null(False).alias("_labour"),
        other.fill_null(False).alias("_other"),
    ]


def _summary(frame: pl.DataFrame) -> dict[str, object]:
    flags = frame.select(
        pl.col("_sexual").sum().alias("sexual"),
        pl.col("_labour").sum().alias("labour"),
        pl.col("_other").sum().alias("other"),
        (~(pl.col("_sexual") | pl.col("_labour") | pl.col("_other"))).sum().alias("unknown"),
    ).row(0, named=True)
    return {
        "rows": frame.height,
        "form": {form: int(flags[form] or 0) for form in FORMS},
        "sex": _count(frame, "_sex", SEXES),
        "age": _count(frame, "_age", AGES),
        "region": _count(frame, "_region", REGIONS),
    }
