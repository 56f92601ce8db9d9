"""The series over years on the screen (spec/situational-picture.md § 1): charts with their tables.

For analysts exact (the current year included), for coordinators the public
form (ended years only; a year already published as its release has it).
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.codes.selectors import codes_of
from torju.documents.charts import OKABE_ITO, bar_chart, stacked_bar_chart
from torju.statistics import selectors
from torju.statistics.permissions import EXACT, PUBLIC, READ_STATISTICS, has_ended, may_see_exact
from torju.statistics.schema import FIRST_YEAR, PLACES, UNKNOWN, SeriesYear

COLOURS = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]
DEFAULT_YEARS = 10


@dataclass(frozen=True)
class SeriesFigure:
    """A chart of one figure over the years, with its table (a row per year, a column per series)."""

    key: str
    title: str
    years: list[str]
    series: list[tuple[str, list[int | None]]]

    @property
    def svg_data_uri(self) -> str:
        if len(self.series) == 1:
            image = bar_chart(self.years, self.series[0][1], fmt="svg")
        else:
            coloured = [
                (label, COLOURS[index % len(COLOURS)], [value or 0 for value in values])
                for index, (label, values) in enumerate(self.series)
            ]
            image = stacked_bar_chart(self.years, coloured, title="", fmt="svg")
        return "data:image/svg+xml;base64," + base64.b64encode(image).decode("ascii")

    @property
    def description(self) -> str:
        return f"{self.title}. " + "; ".join(
            f"{year}: " + ", ".join(f"{label} {values[index]}" for label, values in self.series)
            for index, year in enumerate(self.years)
        )

    @property
    def rows(self) -> list[list[object]]:
        return [[year, *(values[index] for _label, values in self.series)] for index, year in enumerate(self.years)]


def _labels(code_list: str) -> dict[str, str]:
    return {code.code: code.label for code in codes_of(code_list, include_inactive=True)}


def series_figures(years: dict[str, SeriesYear]) -> list[SeriesFigure]:
    """Figures 1 and 2 of Annex 1 and the other series of § 1, in the active language."""
    listed = list(years)
    forms, sectors = _labels("exploitation_form"), _labels("sector")
    places = {
        "finland": _("In Finland"),
        "abroad": _("Abroad"),
        "both": _("In Finland and abroad"),
        UNKNOWN: _("Not known"),
    }

    def over(read: Callable[[SeriesYear], int | None]) -> list[int | None]:
        return [read(years[year]) for year in listed]

    def column(key: str, code: str) -> list[int | None]:
        """The values of one code of a breakdown of the year object, over the years."""
        return [dict(years[year][key]).get(code) for year in listed]  # type: ignore[literal-required]

    form_codes = [code for code in next(iter(years.values()))["new_clients_by_primary_form"]]
    sector_codes = [code for code in next(iter(years.values()))["new_clients_forced_labour_by_sector"]]
    return [
        SeriesFigure(
            "new_clients",
            _("New clients"),
            listed,
            [(_("New clients"), over(lambda y: y["statistics"]["new_clients"]["victims"]))],
        ),
        SeriesFigure(
            "place",
            _("New clients by place of exploitation"),
            listed,
            [(places[place], column("new_clients_by_place_of_exploitation", place)) for place in PLACES],
        ),
        SeriesFigure(
            "primary_form",
            _("New clients by primary form of exploitation"),
            listed,
            [(forms.get(code, _("not known")), column("new_clients_by_primary_form", code)) for code in form_codes],
        ),
        SeriesFigure(
            "sectors",
            _("Forced labour of the new clients by sector"),
            listed,
            [
                (
                    sectors.get(code, _("sector not known")),
                    column("new_clients_forced_labour_by_sector", code),
                )
                for code in sector_codes
            ],
        ),
        SeriesFigure(
            "negative_share",
            _("Share of negative decisions, %"),
            listed,
            [(_("Negative decisions, %"), over(lambda y: y["negative_share_percent"]))],
        ),
        SeriesFigure(
            "year_end",
            _("Victims who were clients at the end of the year"),
            listed,
            [(_("Victims"), over(lambda y: y["statistics"]["clients_at_year_end"]["victims"]))],
        ),
    ]


@access(READ_STATISTICS)
def series_page(request: HttpRequest) -> HttpResponse:
    """`?from=Y1&to=Y2`: exact for the analyst, public (ended years only) for everyone else."""
    publication = EXACT if may_see_exact(request.user) else PUBLIC
    last_allowed = selectors.current_year() if publication == EXACT else selectors.current_year() - 1
    try:
        last = int(request.GET.get("to", last_allowed))
        first = int(request.GET.get("from", last - DEFAULT_YEARS + 1))
    except ValueError:
        last, first = last_allowed, last_allowed - DEFAULT_YEARS + 1
    last = min(max(last, FIRST_YEAR), last_allowed)
    first = min(max(first, FIRST_YEAR), last)
    if publication == PUBLIC and not has_ended(last):
        first = last = last_allowed
    series, figures_as_of = selectors.screen_series(first, last, publication)
    figures = series_figures(series["years"])
    return render(
        request,
        "statistics/series.html",
        {
            "figures": figures,
            "first": first,
            "last": last,
            "first_year": FIRST_YEAR,
            "last_allowed": last_allowed,
            "is_exact": publication == EXACT,
            "figures_as_of": figures_as_of,
        },
    )
