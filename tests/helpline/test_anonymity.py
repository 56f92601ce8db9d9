"""The free text holds no identifiers: what is refused and what is warned about, as docs/helpline.md lists it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from torju.helpline.anonymity import check_free_text, phone_numbers, refusals

DOCS = Path(__file__).resolve().parents[2] / "docs" / "helpline.md"

# (text, kind of identifier found) — each example is also in docs/helpline.md.
REFUSED = [
    ("131052-308T", "personal identity code"),
    ("010594Y9032", "personal identity code"),
    ("020505A903K", "personal identity code"),
    ("hetu 131052-308t mainittiin", "personal identity code"),
    ("matti.meikalainen@example.fi", "e-mail address"),
    ("matti(at)example(dot)fi", "e-mail address"),
    ("matti [at] example [dot] fi", "e-mail address"),
    ("040 123 4567", "mobile phone number"),
    ("0401234567", "mobile phone number"),
    ("050-123 4567", "mobile phone number"),
    ("+358 40 123 4567", "mobile phone number"),
    ("+358 (0)44 123 4567", "mobile phone number"),
    ("00358 50 1234567", "mobile phone number"),
]
WARNED = ["09 1234 5678", "0295 463 177", "+46 70 123 45 67", "(09) 310 1234"]
ACCEPTED = [
    "Soittaja kertoi työntekijästään, noin 30-vuotias nainen Nepalista.",
    "Meeting on 2026-03-12 at 10.30-11.00, price 1000-2000 euros.",
    "Ask @ reception. Price @ 5.50.",
    "Case INFO-2026-000123 and HEL-2026-000045.",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_identifiers_are_refused(text: str, kind: str) -> None:
    with translation.override("en"):
        found = refusals(f"Muistiinpano: {text} (loppu)")
    assert len(found) == 1 and kind in found[0], found
    with pytest.raises(ValidationError) as refused:
        check_free_text({"notes": f"Soittaja antoi: {text}"})
    assert list(refused.value.message_dict) == ["notes"]


@pytest.mark.parametrize("text", WARNED)
def test_other_phone_numbers_are_warned_about(text: str) -> None:
    assert refusals(text) == []
    assert phone_numbers(f"Numero {text} on vaihde.") == [text]
    check = check_free_text({"summary": f"Numero {text} on vaihde."})
    assert list(check.warnings) == ["summary"] and text in check.warnings["summary"][0]


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_text_passes_without_warnings(text: str) -> None:
    assert not check_free_text({"notes": text})


def test_every_field_is_named_in_the_refusal() -> None:
    with pytest.raises(ValidationError) as refused:
        check_free_text({"notes": "a@b.fi", "person_description": "ok", "summary": "040 1234567"})
    assert sorted(refused.value.message_dict) == ["notes", "summary"]


def test_the_documented_patterns_are_these() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    for text, _kind in REFUSED:
        assert f"`{text}`" in documented, f"{text} is not among the documented examples"
    for text in WARNED:
        assert f"`{text}`" in documented, f"{text} is not among the documented examples"
