"""The personal identity code: format, century signs old and new (2023), check character."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from torju.register.hetu import parse_hetu, validate_hetu

# Examples the Digital and Population Data Services Agency (DVV) published with the 2023 signs.
NEW_CENTURY_SIGNS = [
    ("010594Y9021", date(1994, 5, 1)),
    ("020594X903P", date(1994, 5, 2)),
    ("030594W903B", date(1994, 5, 3)),
    ("040594V9030", date(1994, 5, 4)),
    ("050594U903M", date(1994, 5, 5)),
    ("010516B903X", date(2016, 5, 1)),
    ("020516C903K", date(2016, 5, 2)),
    ("030516D9037", date(2016, 5, 3)),
    ("010501E9032", date(2001, 5, 1)),
    ("020503F9037", date(2003, 5, 2)),
]


@pytest.mark.parametrize(("code", "born"), NEW_CENTURY_SIGNS)
def test_new_century_signs(code: str, born: date) -> None:
    assert parse_hetu(code).birth_date == born


def test_classic_signs_and_normalisation() -> None:
    assert parse_hetu("131052-308T").birth_date == date(1952, 10, 13)
    assert parse_hetu("020504A902E").birth_date == date(2004, 5, 2)
    assert parse_hetu("010101+0101").birth_date == date(1801, 1, 1)
    parsed = parse_hetu("  131052-308t ")
    assert parsed.value == "131052-308T"
    assert not parsed.temporary
    assert parse_hetu("010594Y9021").temporary  # individual numbers 900-999


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("131052-308U", "checksum"),
        ("131052-309T", "checksum"),
        ("131052Z308T", "format"),
        ("131052-308", "format"),
        ("310252-308T", "date"),
        ("290201A123H", "date"),
        ("131052-001T", "format"),
        ("", "format"),
    ],
)
def test_invalid_codes(code: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_hetu(code)
    assert caught.value.code == message


def test_messages_are_translated() -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="check character"):
        validate_hetu("131052-308U")
    with translation.override("fi"), pytest.raises(ValidationError, match="tarkistusmerkki"):
        validate_hetu("131052-308U")


def test_leap_day_of_a_new_century_sign() -> None:
    number = "290200" + "902"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(number) % 31]
    assert parse_hetu(f"290200B902{check}").birth_date == date(2000, 2, 29)


def _codes_to_compare() -> list[str]:
    """Codes of every kind: each century sign, impossible dates, individual numbers 000–999, any check character."""
    import random

    from tests.register.hetu_before_stdnum import CENTURIES as SIGNS
    from tests.register.hetu_before_stdnum import CHECK_CHARACTERS as CHECKS

    sign_choices = [*SIGNS, "G", "Z", "*"]
    rng = random.Random(2023)
    codes = []
    for _ in range(20000):
        day, month, year = rng.randint(0, 32), rng.randint(0, 13), rng.randint(0, 99)
        individual = rng.choice([0, 1, 2, rng.randint(2, 899), 899, 900, rng.randint(900, 999), 999])
        digits = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
        check = CHECKS[int(digits) % 31] if rng.random() < 0.7 else rng.choice(CHECKS + "GIOQZ")
        codes.append(f"{day:02d}{month:02d}{year:02d}{rng.choice(sign_choices)}{individual:03d}{check}")
    return [*codes, "", "131052-308", "131052-308TT", " 131052-308t ", "290200-1239", "290204A9029", "290201A902F"]


def test_stdnum_accepts_and_refuses_as_the_register_did_before() -> None:
    """The library took over the check (issue 16): every code answers as under the register's own rules of 2026.

    tests/register/hetu_before_stdnum.py is the register's hand-written check as it was, kept as the reference.
    """
    from tests.register import hetu_before_stdnum as before

    for code in _codes_to_compare():
        try:
            expected: object = before.parse_hetu(code)
        except ValidationError as error:
            expected = error.code
        try:
            actual: object = parse_hetu(code)
        except ValidationError as error:
            actual = error.code
        if not isinstance(expected, str):
            assert isinstance(actual, type(parse_hetu("131052-308T"))), code
            assert (actual.value, actual.birth_date, actual.individual_number) == (
                expected.value,  # type: ignore[attr-defined]
                expected.birth_date,  # type: ignore[attr-defined]
                expected.individual_number,  # type: ignore[attr-defined]
            ), code
        else:
            assert actual == expected, code
