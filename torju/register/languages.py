"""The languages a person speaks: stored as ISO 639-1 codes ("fi,en"), shown as names in the user's language.

The names come from the Unicode CLDR through Babel (pinned in
requirements.txt), like the countries' (torju/register/countries.py). The
register stores the codes, as the exchange format has them; a code that CLDR
does not name is shown as it is.
"""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

LANGUAGES = ("fi", "sv", "en")


def _language(language: str | None) -> str:
    chosen = (language or get_language() or "fi")[:2]
    return chosen if chosen in LANGUAGES else "fi"


@cache
def _names(language: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(language).languages.items() if len(code) == 2 and code.isalpha()}


def language_name(code: str, language: str | None = None) -> str:
    return _names(_language(language)).get(code, code)


def language_names(codes: str, language: str | None = None) -> str:
    """ "ne,en" as "nepali, englanti" in Finnish."""
    return ", ".join(language_name(code, language) for code in split_languages(codes))


def split_languages(codes: str) -> list[str]:
    return [part.strip().lower() for part in codes.split(",") if part.strip()]


def language_choices(language: str | None = None, keep: str = "") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for a form field; `keep`'s codes are offered even where CLDR lacks them."""
    names = dict(_names(_language(language)))
    for code in split_languages(keep):
        names.setdefault(code, code)
    return sorted(names.items(), key=lambda pair: pair[1].casefold())
