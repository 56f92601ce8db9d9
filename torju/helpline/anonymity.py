"""The helpline's free text holds no direct identifiers: what is refused, what is warned about.

The info line is anonymous by default (docs/helpline.md, "Anonymity"):
no name, identity code, phone number or e-mail address of anyone is
recorded. Names cannot be told from other words by a pattern, so the forms
say so; what can be recognised is checked on every way in (the pages, the
API, a command), by the services:

- refused: text that looks like a Finnish personal identity code, an e-mail
  address or a Finnish mobile number;
- warned about, not refused: other phone numbers (an office's switchboard,
  a foreign number), since an authority's or an NGO's public number may
  belong in the notes.

The patterns are listed in docs/helpline.md; a change here changes that
list too (tests/helpline/test_anonymity.py holds both to the same examples).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# DDMMYY, a century sign (+, -, A–F, U–Y since 2023), the individual number and a check character.
HETU = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![0-9A-Za-z])", re.IGNORECASE)
# name@domain.tld, also written name(at)domain(dot)fi or name [at] domain [dot] fi.
EMAIL = re.compile(
    r"[\w.%+-]+(?:@|\s?[(\[]at[)\]]\s?)(?:[\w-]+(?:\.|\s?[(\[]dot[)\]]\s?))+[a-z]{2,}(?![\w-])", re.IGNORECASE
)
# 04x or 050 (+358 4x, +358 50, 00358 …), then 4 to 8 digits, with single spaces or hyphens between.
FINNISH_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?358[\s-]?(?:\(0\)[\s-]?)?|0)(?:4\d|50)(?:[\s-]?\d){4,8}(?!\d)")
# Any other number that starts like a phone number (+ or 0, perhaps in parentheses) with at least seven digits.
PHONE = re.compile(r"(?<![\w+(])\(?(?:\+|0)[\s()-]{0,2}\d(?:[\s()-]{0,2}\d){5,}(?!\d)")
MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class TextCheck:
    """The warnings of a field that was accepted (field name: messages)."""

    warnings: dict[str, list[str]]

    def __bool__(self) -> bool:
        return bool(self.warnings)

    def messages(self) -> list[str]:
        return [message for messages in self.warnings.values() for message in messages]


def _digits(text: str) -> int:
    return sum(character.isdigit() for character in text)


def refusals(text: str) -> list[str]:
    """Why the text cannot be saved: a message per identifier found (empty when none is)."""
    found = []
    for match in HETU.finditer(text):
        found.append(
            _("“%(text)s” looks like a personal identity code: the helpline records no identifiers. Remove it.")
            % {"text": match.group()}
        )
    for match in EMAIL.finditer(text):
        found.append(
            _("“%(text)s” looks like an e-mail address: the helpline records no contact details. Remove it.")
            % {"text": match.group().strip()}
        )
    for match in FINNISH_MOBILE.finditer(text):
        found.append(
            _("“%(text)s” looks like a mobile phone number: the helpline records no contact details. Remove it.")
            % {"text": match.group().strip()}
        )
    return found


def phone_numbers(text: str) -> list[str]:
    """Other phone numbers in the text: those that are not a Finnish mobile number or part of an identity code."""
    refused = [match.span() for pattern in (HETU, FINNISH_MOBILE) for match in pattern.finditer(text)]
    numbers = []
    for match in PHONE.finditer(text):
        start, end = match.span()
        if any(start < other_end and other_start < end for other_start, other_end in refused):
            continue
        if _digits(match.group()) >= MIN_PHONE_DIGITS:
            numbers.append(match.group().strip())
    return numbers


def warnings(text: str) -> list[str]:
    return [
        _(
            "“%(text)s” looks like a phone number. It was saved: if it is a person's number, not an "
            "organisation's, remove it."
        )
        % {"text": number}
        for number in phone_numbers(text)
    ]


def check_free_text(fields: dict[str, str]) -> TextCheck:
    """Refuse (ValidationError naming each field) identifiers in the free text; return the warnings."""
    errors = {name: found for name, text in fields.items() if (found := refusals(text or ""))}
    if errors:
        raise ValidationError(errors)
    return TextCheck({name: found for name, text in fields.items() if (found := warnings(text or ""))})
