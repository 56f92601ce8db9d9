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
