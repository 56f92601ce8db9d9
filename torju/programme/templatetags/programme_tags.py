from collections import Counter
from typing import Any

from django import template
from django.db import models
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from torju.programme import languages

register = template.Library()


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def total(counter: Counter[str]) -> int:
    return sum(counter.values())


@register.simple_tag
def in_language(instance: models.Model, name: str, block: bool = False, words: int = 0) -> SafeString:
    """The plan's text `name` in the page's language; where it has no translation, the Finnish text marked
    lang="fi" and a note saying so.

    `block`: paragraphs (the text's line breaks kept) with the note as a paragraph of its own; else inline,
    `words` words at most, with a short note.
    """
    shown = languages.in_language(instance, name)
    text = Truncator(shown.text).words(words) if words else shown.text
    if block:
        paragraphs = linebreaks_filter(text, autoescape=True)
        if not shown.fallback:
            return format_html('<div class="plan-text">{}</div>', paragraphs)
        return format_html(
            '<div class="plan-text" lang="{}">{}</div><p class="language-note">{}</p>',
            shown.language,
            paragraphs,
            _("This text is available in Finnish only."),
        )
    if not shown.fallback:
        return format_html("{}", text)
    return format_html(
        '<span lang="{}">{}</span> <span class="language-note">({})</span>',
        shown.language,
        text,
        _("in Finnish only"),
    )
