"""Reference for tests/register/test_hetu.py: the register's own hetu check before python-stdnum (issue 16).

The Finnish personal identity code (henkilötunnus, "hetu"): DDMMYYCZZZQ.

C is the century sign, ZZZ the individual number and Q the check character,
the remainder of the number DDMMYYZZZ divided by 31, written with the
alphabet below. Since 2023 the 1900s may also be marked with Y, X, W, V or U
and the 2000s with B, C, D, E or F (Government Decree 128/2010 as amended), so
that the pool of codes does not run out; a validator that knows only `-` and
`A` would refuse codes that the Population Register Centre hands out today.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
# Individual numbers 900-999 are temporary codes (given e.g. in health care);
# 000 and 001 are never given.
FIRST_INDIVIDUAL_NUMBER = 2
FIRST_TEMPORARY_NUMBER = 900
PATTERN = re.compile(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])")

FORMAT_MESSAGE = _("Enter a personal identity code in the form DDMMYYCZZZQ.")


@dataclass(frozen=True)
class Hetu:
    value: str
    birth_date: date
    individual_number: int

    @property
    def temporary(self) -> bool:
        return self.individual_number >= FIRST_TEMPORARY_NUMBER


def normalise(value: str) -> str:
    """The form in which codes are stored and hashed: no surrounding space, upper case."""
    return value.strip().upper()


def parse_hetu(value: str) -> Hetu:
    """The code's parts; ValidationError with a message for the person typing it otherwise."""
    text = normalise(value)
    match = PATTERN.fullmatch(text)
    if match is None:
        raise ValidationError(FORMAT_MESSAGE, code="format")
    day, month, year, sign, individual, check = match.groups()
    if int(individual) < FIRST_INDIVIDUAL_NUMBER:
        raise ValidationError(FORMAT_MESSAGE, code="format")
    try:
        birth_date = date(CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError as error:
        raise ValidationError(
            _("The date of birth in the personal identity code does not exist."), code="date"
        ) from error
    if CHECK_CHARACTERS[int(day + month + year + individual) % 31] != check:
        raise ValidationError(_("The check character of the personal identity code is wrong."), code="checksum")
    return Hetu(value=text, birth_date=birth_date, individual_number=int(individual))


def validate_hetu(value: str) -> None:
    """A form and model field validator."""
    parse_hetu(value)
