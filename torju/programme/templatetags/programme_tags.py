from collections import Counter
from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def total(counter: Counter[str]) -> int:
    return sum(counter.values())
