"""The country codes of the register: ISO 3166-1 alpha-2 and XX, ZZ, named in three languages."""

from pathlib import Path

from django.utils import translation

from torju.register.countries import COUNTRIES, COUNTRY_CODES, country_choices, country_name, is_country_code

BEFORE_BABEL = Path(__file__).with_name("country_codes_before_babel.txt")


def test_the_codes_accepted_are_those_of_the_hand_written_table_before_babel() -> None:
    """CLDR (issue 16) names the countries now; the register accepts exactly the codes it accepted before."""
    before = {line for line in BEFORE_BABEL.read_text().splitlines() if line and not line.startswith("#")}
    assert set(COUNTRIES) == before
    assert before | {"XX", "ZZ"} == COUNTRY_CODES
    assert all(name and name != code for code, names in COUNTRIES.items() for name in names.values())


def test_every_iso_code_and_the_two_special_ones() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in COUNTRY_CODES)
    assert {"FI", "NP", "SO", "XX", "ZZ"} <= COUNTRY_CODES
    assert not is_country_code("SU") and not is_country_code("fi")


def test_names_in_the_active_language() -> None:
    assert country_name("FI", "fi") == "Suomi"
    assert country_name("FI", "sv") == "Finland"
    assert country_name("SE", "en") == "Sweden"
    assert country_name("XX", "fi") == "kansalaisuudeton"
    with translation.override("sv"):
        assert country_name("RU") == "Ryssland"
    assert country_name("QQ") == "QQ"


def test_choices_end_with_stateless_and_unknown() -> None:
    choices = country_choices("en")
    assert [code for code, _name in choices[-2:]] == ["XX", "ZZ"]
    names = [name for _code, name in choices[:-2]]
    assert names == sorted(names)
