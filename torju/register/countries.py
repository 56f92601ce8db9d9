"""Country codes of the register: ISO 3166-1 alpha-2, plus XX (stateless) and ZZ (unknown).

The names come from the Unicode CLDR through Babel (pinned in
requirements.txt), in Finnish, Swedish and English. CLDR also names regions
that are not countries of ISO 3166-1 (the EU, the UN, "unknown region" ZZ,
the exceptionally reserved codes such as AC or IC, user-assigned ones such as
XK); those are left out, so that the codes the register accepts are exactly
the ISO 3166-1 codes, and change only with a reviewed upgrade of Babel
(tests/register/test_countries.py holds them to the list the register had).
"""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

STATELESS = "XX"
UNKNOWN = "ZZ"
LANGUAGES = ("fi", "sv", "en")

# Two-letter codes that CLDR names but ISO 3166-1 does not assign to a country.
NOT_ISO_3166_1 = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})

SPECIAL_CODES: dict[str, dict[str, str]] = {
    STATELESS: {"fi": "kansalaisuudeton", "sv": "statslös", "en": "stateless"},
    UNKNOWN: {"fi": "tuntematon", "sv": "okänd", "en": "unknown"},
}


@cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_ISO_3166_1
    }


# code: {language: name}
COUNTRIES: dict[str, dict[str, str]] = {
    code: {language: _names(language)[code] for language in LANGUAGES} for code in sorted(_names("en"))
}

# Every code the register accepts where the exchange format says "country code".
COUNTRY_CODES: frozenset[str] = frozenset(COUNTRIES) | frozenset(SPECIAL_CODES)


def _language(language: str | None) -> str:
    chosen = (language or get_language() or "fi")[:2]
    return chosen if chosen in LANGUAGES else "fi"


def is_country_code(code: str) -> bool:
    return code in COUNTRY_CODES


def country_name(code: str, language: str | None = None) -> str:
    """The name in the given (default: active) language; an unknown code is shown as it is."""
    names = COUNTRIES.get(code) or SPECIAL_CODES.get(code)
    if names is None:
        return code
    return names[_language(language)]


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, with stateless and unknown last, for a form field."""
    countries = sorted(((code, country_name(code, language)) for code in COUNTRIES), key=lambda pair: pair[1])
    return [*countries, *((code, country_name(code, language)) for code in SPECIAL_CODES)]
