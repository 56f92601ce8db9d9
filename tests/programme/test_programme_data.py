"""The shipped data files: the 2026–2027 programme and the organisations it names.

Plain checks on the JSON and CSV files, without Django or a database.
"""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME_FILE = ROOT / "torju" / "programme" / "data" / "programme-2026-2027.json"
ORGANISATIONS_FILE = ROOT / "torju" / "accounts" / "data" / "organisations.csv"

KINDS = {"ministry", "agency", "coordination", "assistance_office", "other"}
CSV_HEADER = ["code", "kind", "parent", "name_fi", "name_sv", "name_en", "office"]


def _programme() -> dict[str, Any]:
    with PROGRAMME_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _organisation_rows() -> list[dict[str, str]]:
    with ORGANISATIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _measures() -> list[dict[str, Any]]:
    return [measure for objective in _programme()["objectives"] for measure in objective["measures"]]


def _measure(number: int) -> dict[str, Any]:
    return next(measure for measure in _measures() if measure["number"] == number)


def test_programme_header() -> None:
    data = _programme()
    assert data["slug"] == "2026-2027"
    assert data["name_fi"] == "Suomi torjuu ihmiskauppaa – Ihmiskaupan vastainen toimintaohjelma 2026–2027"
    assert data["name_sv"].startswith("Finland bekämpar människohandel")
    assert data["name_en"].startswith("Finland Fights Human Trafficking")
    assert (data["start_year"], data["end_year"]) == (2026, 2027)
    assert data["publication"] == "Oikeusministeriön julkaisuja, Mietintöjä ja lausuntoja 2026:24"
    codes = [area["code"] for area in data["priority_areas"]]
    assert codes == [
        "sexual_exploitation",
        "children_and_young_people",
        "forced_marriage",
        "youth_gang_and_organised_crime",
    ]
    for area in data["priority_areas"]:
        assert area["name_fi"] and area["name_sv"] and area["name_en"]


def test_four_objectives_numbered_in_order() -> None:
    objectives = _programme()["objectives"]
    assert [objective["number"] for objective in objectives] == [1, 2, 3, 4]
    for objective in objectives:
        assert objective["title_fi"] and objective["title_sv"] and objective["title_en"]
        assert objective["introduction_fi"].strip()
        assert "](" not in objective["introduction_fi"]
    assert objectives[0]["title_fi"] == (
        "Ihmiskaupan uhrit tavoitetaan ja tunnistetaan, hyväksikäyttö tulee viranomaisten tietoon"
    )
    assert objectives[3]["title_fi"] == "Ihmiskauppaa torjutaan yhdessä ja laaja-alaisesti"


def test_measures_belong_to_the_right_objectives() -> None:
    objectives = _programme()["objectives"]
    ranges = [[measure["number"] for measure in objective["measures"]] for objective in objectives]
    assert ranges == [
        list(range(1, 19)),
        list(range(19, 26)),
        list(range(26, 39)),
        list(range(39, 44)),
    ]


def test_43_measures_numbered_in_order() -> None:
    assert [measure["number"] for measure in _measures()] == list(range(1, 44))


def test_every_measure_is_complete() -> None:
    codes = {row["code"] for row in _organisation_rows()}
    for measure in _measures():
        number = measure["number"]
        text = measure["text_fi"]
        assert text.strip(), number
        assert "**" not in text and "Vastuutaho" not in text and "](" not in text, number
        assert measure["responsible_bodies"], number
        assert len(set(measure["responsible_bodies"])) == len(measure["responsible_bodies"]), number
        unknown = set(measure["responsible_bodies"]) - codes
        assert not unknown, (number, unknown)
        assert measure["responsible_bodies_text_fi"].strip(), number
        assert 2026 <= measure["schedule_start"] <= measure["schedule_end"] <= 2027, number
        assert isinstance(measure["funding_dependent"], bool), number
        if measure["funding_note_fi"] is not None:
            # the plan's words on funding after the measure's text (in its line of bodies and schedule)
            assert measure["funding_dependent"], number
            assert measure["funding_note_fi"].strip() and measure["funding_note_fi"] not in text, number


def test_organisations_file() -> None:
    with ORGANISATIONS_FILE.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == CSV_HEADER
    rows = _organisation_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    seen: set[str] = set()
    for row in rows:
        code = row["code"]
        assert code.isascii() and code == code.upper() and " " not in code and len(code) <= 40, code
        assert row["kind"] in KINDS, code
        # parents are listed before their children (the loader relies on it)
        assert not row["parent"] or row["parent"] in seen, code
        assert row["name_fi"] and row["name_sv"] and row["name_en"], code
        if row["kind"] == "assistance_office":
            assert row["office"] in {"HEL", "TRE", "LPR"}, code
        else:
            assert row["office"] == "", code
        seen.add(code)


def test_required_organisations() -> None:
    by_code = {row["code"]: row for row in _organisation_rows()}
    assert by_code["OM"]["kind"] == "ministry"
    assert by_code["KOORDINAATIO"]["kind"] == "coordination"
    assert by_code["KOORDINAATIO"]["parent"] == "OM"
    assert by_code["AUTTAMISJARJESTELMA"]["parent"] == "MIGRI"
    assert by_code["TEM"]["name_sv"] == "Arbets- och näringsministeriet"
    assert by_code["TEM"]["name_en"] == "Ministry of Economic Affairs and Employment"
    offices = {row["office"]: row for row in by_code.values() if row["kind"] == "assistance_office"}
    assert set(offices) == {"HEL", "TRE", "LPR"}
    assert offices["HEL"]["code"] == "AUTTAMISJARJESTELMA-HEL"
    assert offices["HEL"]["name_fi"] == "Ihmiskaupan uhrien auttamisjärjestelmä, Helsingin toimipiste"
    assert offices["HEL"]["name_sv"] == "Hjälpsystemet för offer för människohandel, Helsingfors verksamhetsställe"
    assert offices["HEL"]["name_en"] == "Assistance System for Victims of Human Trafficking, Helsinki office"
    for office in offices.values():
        assert office["parent"] == "AUTTAMISJARJESTELMA"


def test_every_organisation_except_offices_and_om_is_used() -> None:
    used = {code for measure in _measures() for code in measure["responsible_bodies"]}
    rows = _organisation_rows()
    parents = {row["parent"] for row in rows if row["parent"]}
    unused = {row["code"] for row in rows if row["kind"] != "assistance_office"} - used - parents
    assert not unused


SAMPLES = [
    (
        1,
        "jakamalla ihmiskaupan uhrien auttamisjärjestelmän asiantuntemusta valtakunnallisesti",
        ["AUTTAMISJARJESTELMA"],
        "Ihmiskaupan uhrien auttamisjärjestelmä",
        (2026, 2027),
        False,
    ),
    (
        2,
        "suorittamaan NRM-käsikirjaan perustuva Eoppiva-verkkokoulu.",
        ["KOORDINAATIO", "UM", "STM", "TEM", "SM", "OKM"],
        "valtioneuvoston ihmiskaupan vastaisen työn koordinaatio, UM, STM, TEM, SM, OKM",
        (2026, 2027),
        False,
    ),
    (
        3,
        "työ- ja koulutusperusteisten oleskelulupien ennakko- ja jälkivalvontaa",
        ["TEM", "MIGRI"],
        "TEM, Maahanmuuttovirasto",
        (2026, 2026),
        False,
    ),
    (
        5,
        "Päivitetään Maahanmuuttoviraston ihmiskauppaa koskeva ohjeistus ja verkkokoulu.",
        ["MIGRI"],
        "Maahanmuuttovirasto",
        (2026, 2027),
        False,
    ),
    (
        9,
        "(Ihmiskaupan tunnistaminen turvallisuus- ja rikosseuraamusalalla | Laurea avoin AMK | Laurea Smart)",
        ["RISE"],
        "Rikosseuraamuslaitos",
        (2026, 2027),
        False,
    ),
    (
        10,
        "Selvitetään keinoja puuttua verkkoulottuvuuteen",
        ["KOORDINAATIO", "OPH"],
        "Valtioneuvoston ihmiskaupan vastaisen työn koordinaatio, OPH",
        (2026, 2027),
        True,
    ),
    (
        13,
        "Lisäksi tavoitteena on tuottaa lapsille suunnattava materiaali.",
        ["STM", "THL", "LAPSISTRATEGIA", "KOORDINAATIO"],
        "STM, THL, kansallinen lapsistrategia, valtioneuvoston ihmiskaupan vastaisen työn koordinaatio",
        (2026, 2027),
        True,
    ),
    (
        14,
        "Terveydensuojelulain kokonaisuudistuksen yhteydessä",
        ["STM"],
        "STM",
        (2027, 2027),
        False,
    ),
    (
        18,
        "myös työsuhde- ja työolotarkastajille",
        ["STM", "LVV"],
        "STM, LVV työsuojeluosasto (Lupa- ja valvontavirasto)",
        (2026, 2027),
        False,
    ),
    (
        25,
        "Koulutetaan oikeusaputoimistoja",
        ["OPV"],
        "OPV",
        (2027, 2027),
        False,
    ),
    (
        34,
        "pyritään ottamaan huomioon sekä perus- että syventävän koulutuksen tarpeet.",
        ["VALTAKUNNANSYYTTAJAN-TOIMISTO"],
        "Valtakunnansyyttäjän toimisto",
        (2026, 2027),
        False,
    ),
    (
        37,
        "paritusrikollisuutta paljastetaan proaktiivisin menetelmin",
        ["POLIISIHALLITUS", "RAJAVARTIOLAITOS"],
        "Poliisi, Rajavartiolaitos",
        (2026, 2027),
        False,
    ),
    (
        41,
        "Järjestetään yhdessä rikosentorjuntaneuvoston kanssa",
        ["KOORDINAATIO", "RTN"],
        "Valtioneuvoston ihmiskaupan vastaisen työn koordinaatio ja rikosentorjuntaneuvosto",
        (2026, 2026),
        False,
    ),
    (
        43,
        "Ukrainan jälleenrakennusta koskevassa",
        ["UM"],
        "UM",
        (2026, 2027),
        False,
    ),
]


@pytest.mark.parametrize(("number", "snippet", "bodies", "bodies_text", "schedule", "funding"), SAMPLES)
def test_sample_measure(
    number: int, snippet: str, bodies: list[str], bodies_text: str, schedule: tuple[int, int], funding: bool
) -> None:
    measure = _measure(number)
    assert measure["number"] == number
    assert snippet in measure["text_fi"]
    assert measure["responsible_bodies"] == bodies
    assert measure["responsible_bodies_text_fi"] == bodies_text
    assert (measure["schedule_start"], measure["schedule_end"]) == schedule
    assert measure["funding_dependent"] is funding


MEASURE_13 = (
    "Lisätään sijaishuollossa työskentelevien ammattilaisten ja perhehoitajien osaamista sekä tuotetaan "
    "tukimateriaalia sijaishuoltoapaikoistaan luvatta poissa olleiden lasten kanssa työskentelyyn. THL:n "
    "Turvalliset kadut -kokonaisuudessa toteutetaan koulutusta lasten luvattomiin poissaloihin liittyvistä "
    "rikoskokemuksista ja niiden tunnistamisesta sekä niihin puuttumisesta. Lisäksi kehitetään tarkastuslistaa, "
    "jota sijaishuoltoapaikkojen aikuiset voivat hyödyntää luvattomien poissaolojen jälkeen lapsen kanssa "
    "käytävissä keskusteluissa mahdollisten hyväksikäyttö- ja väkivaltakokemusten tunnistamiseksi. "
    "Tarkastuslistaa ja sen toimivuutta pilotoidaan Valtion koulukodeissa, minkä jälkeen se julkaistaan "
    "lastensuojelun käsikirjassa (tulevan THL:n sivustouudistuksen myötä Lastensuojelun ammattilaisohjeissa). "
    "Lisäksi tavoitteena on tuottaa lapsille suunnattava materiaali. Se lisättäisiin omana osiona THL:n "
    "sivuilla olevaan Lasten ja nuorten lastensuojeluoppaaseen, mikäli siihen saadaan rahoitus STM:stä."
)


def test_measure_13_is_the_full_published_text_funding_sentence_included() -> None:
    measure = _measure(13)
    assert measure["text_fi"] == MEASURE_13
    assert measure["funding_dependent"] is True
    assert measure["funding_note_fi"] is None, "the funding sentence is part of the text, not repeated in a note"


def test_measure_texts_are_whole() -> None:
    assert _measure(1)["text_fi"].endswith("alueellisissa ihmiskaupan vastaisen työn verkostoissa eri puolilla Suomea.")
    assert _measure(33)["text_fi"].endswith("Verkoston toimintaa laajennetaan valtakunnalliseksi.")
    assert _measure(11)["text_fi"].startswith(
        "Opetus- ja kulttuuriministeriö yhteistyössä Opetushallituksen kanssa viestii"
    )
    assert "NRM-käsikirjasta ja verkkokoulumahdollisuudesta" in _measure(11)["text_fi"]


def test_funding_dependence_and_notes() -> None:
    funded = {measure["number"]: measure["funding_note_fi"] for measure in _measures() if measure["funding_dependent"]}
    assert funded == {
        10: "Tavoitteen toteutuminen on osittain riippuvaista haettavasta rahoituksesta.",
        13: None,  # the condition is the last sentence of the measure's own text
    }
