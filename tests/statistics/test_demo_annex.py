"""The demo register's 2022–2024 reproduce what Annex 1 of the action plan 2026–2027 says.

ANNEX transcribes "Liite 1. Tilannekuva tilastotiedon valossa"
(seeds/action-plan-2026-2027.md): each line quotes the sentence a figure
comes from and reads it from the series of spec/situational-picture.md § 1
with the definitions the issue names: "exploited in Finland" is
`exploited_in_finland.victims`, a share of forms is of the new clients by
primary form, a share of sectors is of the new clients' forced-labour
events. Where the plan rounds, percentages are whole percent rounded half
up (any count that rounds to the plan's value is right). The 2025 review's
figures, which the same register holds, are in test_demo_register.py.
"""

from collections.abc import Callable
from typing import Any, cast

import pytest

from torju.demo.register_data import load_demo_register
from torju.statistics.permissions import EXACT
from torju.statistics.selectors import series

Year = dict[str, Any]  # a year of the series, read with computed keys
FORCED_LABOUR, FORCED_MARRIAGE, SEXUAL = "forced_labour", "forced_marriage", "sexual_exploitation"


def percent(part: int, base: int) -> int:
    """Whole percent, rounded half up."""
    return (200 * part + base) // (2 * base)


def new_clients(year: Year) -> int:
    return int(year["statistics"]["new_clients"]["victims"])


def form_share(year: Year, form: str) -> int:
    return percent(year["new_clients_by_primary_form"][form], new_clients(year))


def sector_share(year: Year, sector: str) -> int:
    sectors = year["new_clients_forced_labour_by_sector"]
    return percent(sectors[sector], sum(sectors.values()))


def stock(year: Year) -> dict[str, Any]:
    return cast(dict[str, Any], year["statistics"]["clients_at_year_end"])


# (the plan's wording, the figure read from the years of the series, the plan's value)
Figure = tuple[str, Callable[[dict[int, Year]], object], object]
ANNEX: list[Figure] = [
    (
        "Vuonna 2023 … kirjattiin edellisvuotta enemmän uusia hakemuksia, yhteensä 510 kappaletta.",
        lambda y: (
            y[2023]["statistics"]["applications"]["received"],
            y[2023]["statistics"]["applications"]["received"] > y[2022]["statistics"]["applications"]["received"],
        ),
        (510, True),
    ),
    (
        "Vuonna 2023 järjestelmään hyväksyttiin 326 uutta asiakasta, … sekä 36 asiakkaiden lasta (yhteensä 362).",
        lambda y: (new_clients(y[2023]), y[2023]["statistics"]["new_clients"]["children_of_victims"]),
        (326, 36),
    ),
    (
        "… joista hieman yli puolet oli naisia ja tyttöjä (more than 50 %, at most 55 %).",
        lambda y: 50 < 100 * y[2023]["statistics"]["new_clients"]["by_sex"]["F"] / new_clients(y[2023]) <= 55,
        True,
    ),
    (
        "Asiakkaista noin 4 % oli alaikäisiä.",
        lambda y: percent(y[2023]["statistics"]["new_clients"]["minors"], new_clients(y[2023])),
        4,
    ),
    (
        "Pääosa eli 64 % kaikista vuoden 2023 hyväksikäyttötapauksista oli tapahtunut Suomessa.",
        lambda y: percent(y[2023]["events_by_country"]["FI"], y[2023]["statistics"]["new_clients"]["events"]),
        64,
    ),
    (
        "Pakkotyö (205 uutta asiakasta) … seksuaalinen hyväksikäyttö (57 uutta asiakasta) ja pakkoavioliitto "
        "(50 uutta asiakasta).",
        lambda y: [y[2023]["new_clients_by_primary_form"][form] for form in (FORCED_LABOUR, SEXUAL, FORCED_MARRIAGE)],
        [205, 57, 50],
    ),
    (
        "Pakkotyö … oli vuonna 2023 merkittävin ihmiskaupan muoto, jonka jälkeen tulivat … (the three largest)",
        lambda y: sorted(
            y[2023]["new_clients_by_primary_form"], key=lambda f: -y[2023]["new_clients_by_primary_form"][f]
        )[:3],
        [FORCED_LABOUR, SEXUAL, FORCED_MARRIAGE],
    ),
    (
        "Työhön liittyvistä tapauksista esiin nousivat luonnon tuotteiden poiminta (32 %), marjatila (24 %), "
        "ravintola-ala (13 %), siivous (11 %), hyvinvointi (4 %) sekä puutarha-ala (4 %).",
        lambda y: [
            sector_share(y[2023], sector)
            for sector in (
                "wild_products_picking",
                "berry_farms",
                "restaurants",
                "cleaning",
                "wellness_and_beauty",
                "agriculture_and_horticulture",
            )
        ],
        [32, 24, 13, 11, 4, 4],
    ),
    (
        "Hyväksikäyttöä oli myös monella muulla alalla (each under the six named).",
        lambda y: (
            max(
                sector_share(y[2023], sector)
                for sector in y[2023]["new_clients_forced_labour_by_sector"]
                if sector
                not in (
                    "wild_products_picking",
                    "berry_farms",
                    "restaurants",
                    "cleaning",
                    "wellness_and_beauty",
                    "agriculture_and_horticulture",
                )
            )
            <= 4
        ),
        True,
    ),
    (
        "Vuonna 2024 … otettiin 207 uutta asiakasta, joista 90 oli joutunut ihmiskaupan uhriksi Suomessa.",
        lambda y: (new_clients(y[2024]), y[2024]["statistics"]["exploited_in_finland"]["victims"]),
        (207, 90),
    ),
    (
        "… 90 … Suomessa (the places of exploitation: in Finland only and in both)",
        lambda y: (
            y[2024]["new_clients_by_place_of_exploitation"]["finland"]
            + y[2024]["new_clients_by_place_of_exploitation"]["both"]
        ),
        90,
    ),
    (
        "… uusista asiakkaista 45 % oli joutunut pakkotyöhön ja 32 % oli pakkoavioliiton uhreja. Loput olivat "
        "seksuaalisen hyväksikäytön uhreja (20 %) tai pakotettuja rikolliseen toimintaan.",
        lambda y: (
            [form_share(y[2024], form) for form in (FORCED_LABOUR, FORCED_MARRIAGE, SEXUAL)],
            {form for form, persons in y[2024]["new_clients_by_primary_form"].items() if persons},
        ),
        ([45, 32, 20], {FORCED_LABOUR, FORCED_MARRIAGE, SEXUAL, "forced_criminality"}),
    ),
    (
        "Vuonna 2024 asiakkaaksi tuli 207 ihmiskaupan uhria sekä 23 heidän alaikäistä lastaan.",
        lambda y: (new_clients(y[2024]), y[2024]["statistics"]["new_clients"]["children_of_victims"]),
        (207, 23),
    ),
    (
        "Uhreista 61 % oli naisia ja tyttöjä.",
        lambda y: percent(y[2024]["statistics"]["new_clients"]["by_sex"]["F"], new_clients(y[2024])),
        61,
    ),
    (
        "Uusista asiakkaista noin 5 % oli alaikäisiä, 41 % oli iältään 18–29-vuotiaita, 34 % 30–39-vuotiaita, "
        "13 % 40–49-vuotiaita ja 7 % 50–59-vuotiaita.",
        lambda y: [
            percent(y[2024]["statistics"]["new_clients"]["by_age_band"][band], new_clients(y[2024]))
            for band in ("0-17", "18-29", "30-39", "40-49", "50-59")
        ],
        [5, 41, 34, 13, 7],
    ),
    (
        "… by sex × age band (figure 3): its margins are the new clients by sex and by age band",
        lambda y: (
            {
                band: sum(cells[band] for cells in y[2024]["new_clients_by_sex_and_age_band"].values())
                for band in ("0-17", "18-29", "30-39", "40-49", "50-59")
            }
            == {
                band: y[2024]["statistics"]["new_clients"]["by_age_band"][band]
                for band in ("0-17", "18-29", "30-39", "40-49", "50-59")
            }
        ),
        True,
    ),
    (
        "Pakkotyö oli vuonna 2024 yleisin ihmiskaupan muoto (45 %). Pakkoavioliitto nousi toiseksi yleisimmäksi.",
        lambda y: sorted(
            y[2024]["new_clients_by_primary_form"], key=lambda f: -y[2024]["new_clients_by_primary_form"][f]
        )[:2],
        [FORCED_LABOUR, FORCED_MARRIAGE],
    ),
    (
        "Pakkoavioliittojen määrä (66) kasvoi edellisvuodesta (50), mutta vuonna 2022 määrä oli vuotta 2024 "
        "suurempi (72).",
        lambda y: [y[year]["new_clients_by_primary_form"][FORCED_MARRIAGE] for year in (2024, 2023, 2022)],
        [66, 50, 72],
    ),
    (
        "31.12.2024 auttamisjärjestelmässä oli yhteensä 1 610 henkilöä, joista tunnistettuja uhreja oli 1 331 ja "
        "heidän alaikäisiä lapsiaan 279.",
        lambda y: (stock(y[2024])["total"], stock(y[2024])["victims"], stock(y[2024])["children_of_victims"]),
        (1610, 1331, 279),
    ),
    (
        "Lapsia uhrien joukossa oli 12 ja 77 oli otettu järjestelmän piiriin alaikäisenä.",
        lambda y: (stock(y[2024])["victims_under_18"], stock(y[2024])["victims_entered_as_minors"]),
        (12, 77),
    ),
    (
        "Noin 61 % ihmiskaupan uhreista oli naisia.",
        lambda y: percent(stock(y[2024])["victims_by_sex"]["F"], stock(y[2024])["victims"]),
        61,
    ),
    (
        "Vuonna 2024 kielteisiä päätöksiä … tehtiin selvästi aiempaa enemmän, ja koko vuoden tilastoissa 41 % "
        "päätöksistä oli kielteisiä.",
        lambda y: (
            y[2024]["negative_share_percent"],
            y[2024]["negative_share_percent"] > y[2023]["negative_share_percent"],
        ),
        (41, True),
    ),
    (
        "Kielteisiin päätöksiin johti … useimmiten se, ettei hakijalla ollut tarvetta auttamistoimiin tai kysymys "
        "ei ollut ihmiskaupasta (the two largest reasons).",
        lambda y: set(
            sorted(
                y[2024]["statistics"]["decisions"]["negative_by_reason"],
                key=lambda reason: -y[2024]["statistics"]["decisions"]["negative_by_reason"][reason],
            )[:2]
        ),
        {"no_need_for_assistance", "not_trafficking"},
    ),
]


@pytest.mark.django_db
def test_the_demo_register_reproduces_every_figure_annex_1_states_of_2022_to_2024() -> None:
    load_demo_register()
    years = {int(year): cast(Year, figures) for year, figures in series(2022, 2025, EXACT)["years"].items()}
    differences = [(wording, figure(years), stated) for wording, figure, stated in ANNEX if figure(years) != stated]
    assert differences == []
    # The same register still gives the 2025 review's year-end stock: 1 331 + 271 − 169 = 1 433 would be nine
    # more than the review's 1 424, which nine clients of 2025 with an earlier clienthood still open explain.
    assert (stock(years[2025])["victims"], stock(years[2025])["total"]) == (1424, 1634)
    assert new_clients(years[2025]) == 271
