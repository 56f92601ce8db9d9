"""The template filter `count`: a count grouped by thousands in the active language (torju.numbers)."""

from django import template

from torju.numbers import count_text

register = template.Library()


@register.filter
def count(value: int | None) -> str:
    return count_text(value)
