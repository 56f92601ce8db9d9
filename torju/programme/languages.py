"""The plan's own texts in three languages, what a page shows where a translation is missing, and a text
shortened between words.

Objectives, measures, indicators, milestones and recommendations keep a text
per language in fields `<name>_fi`, `<name>_sv` and `<name>_en`. Finnish is
the plan's language and always there; a Swedish or English text may be
missing. Then the page shows the Finnish text marked `lang="fi"` (so that a
screen reader reads it as Finnish) and says that it is available in Finnish
only (templatetags/programme_tags.py: `in_language`).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language

LANGUAGES = ("fi", "sv", "en")
ORIGINAL = "fi"


@dataclass(frozen=True)
class InLanguage:
    """A text as shown in one language: the text, the language it is written in, and whether it is the Finnish
    original standing in for a missing translation."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def active_language() -> str:
    language = (get_language() or ORIGINAL)[:2]
    return language if language in LANGUAGES else ORIGINAL


def in_language(instance: models.Model, name: str, language: str | None = None) -> InLanguage:
    """The field `name` in the language (the active one by default), else the Finnish original."""
    wanted = language or active_language()
    text = str(getattr(instance, f"{name}_{wanted}", "") or "")
    if text.strip() or wanted == ORIGINAL:
        return InLanguage(text=text, language=wanted, fallback=False)
    return InLanguage(text=str(getattr(instance, f"{name}_{ORIGINAL}") or ""), language=ORIGINAL, fallback=True)


def translated_fields(name: str) -> tuple[str, ...]:
    """The field names of a text in every language: ("text_fi", "text_sv", "text_en")."""
    return tuple(f"{name}_{language}" for language in LANGUAGES)


def shortened(text: str, chars: int) -> str:
    """`text` in at most `chars` characters, cut between words (never inside one) and ended with "…"."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text[: chars - 1]
    inside_a_word = cut[-1].isalnum() and text[chars - 1].isalnum()
    if inside_a_word and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"
