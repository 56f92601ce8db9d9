"""The Finnish personal identity code (henkilötunnus, "hetu"): DDMMYYCZZZQ.

C is the century sign, ZZZ the individual number and Q the check character.
Since 2023 the 1900s may also be marked with Y, X, W, V or U and the 2000s
with B, C, D, E or F (Government Decree 128/2010 as amended).

The check itself is python-stdnum's (`stdnum.fi.hetu`, pinned in
requirements.txt, so that the codes accepted change only with a reviewed
upgrade; tests/register/test_hetu.py holds it to the rules the register had
before). On top of it stay the register's own rules: temporary codes
(individual numbers 900–999, given e.g. in health care) are accepted, since
victims are often registered with one, and each refusal says which part is
wrong.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat
from stdnum.fi import hetu as stdnum_hetu

# The check character alphabet, for making codes (the demo register); checking is stdnum's.
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
FIRST_INDIVIDUAL_NUMBER = 2
FIRST_TEMPORARY_NUMBER = 900
PATTERN = re.compile(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])")

FORMAT_MESSAGE = _("Enter a personal identity code in the form DDMMYYCZZZQ.")
DATE_MESSAGE = _("The date of birth in the personal identity code does not exist.")
CHECKSUM_MESSAGE = _("The check character of the personal identity code is wrong.")


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


def _birth_date(day: str, month: str, year: str, sign: str) -> date | None:
    try:
        return date(CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError:
        return None


def parse_hetu(value: str) -> Hetu:
    """The code's parts; ValidationError with a message for the person typing it otherwise."""
    text = normalise(value)
    match = PATTERN.fullmatch(text)
    if match is None:
        raise ValidationError(FORMAT_MESSAGE, code="format")
    day, month, year, sign, individual, _check = match.groups()
    if int(individual) < FIRST_INDIVIDUAL_NUMBER:  # 000 and 001 are never given: a mistyped code, not a date
        raise ValidationError(FORMAT_MESSAGE, code="format")
    born = _birth_date(day, month, year, sign)
    try:
        stdnum_hetu.validate(text, allow_temporary=True)
    except InvalidChecksum as error:
        raise ValidationError(CHECKSUM_MESSAGE, code="checksum") from error
    except InvalidComponent as error:  # the date (the individual number was checked above)
        raise ValidationError(DATE_MESSAGE, code="date") from error
    except InvalidFormat as error:
        # The pattern above matched, so stdnum's stricter one refused a day or month out of range
        # (a date that does not exist) or a letter that is no check character (G, I, O, Q).
        if born is None:
            raise ValidationError(DATE_MESSAGE, code="date") from error
        raise ValidationError(CHECKSUM_MESSAGE, code="checksum") from error
    assert born is not None  # stdnum checked the date
    return Hetu(value=text, birth_date=born, individual_number=int(individual))


def validate_hetu(value: str) -> None:
    """A form and model field validator."""
    parse_hetu(value)
