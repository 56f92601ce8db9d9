"""Labels of codes and countries in the active language, for the register's templates."""

from typing import Any

from django import template
from django.utils.translation import get_language

from torju.codes.selectors import labels_of_every_list
from torju.register.countries import country_name
from torju.register.languages import language_names

register = template.Library()


@register.simple_tag(takes_context=True)
def code_label(context: template.Context, code_list: str, code: str) -> str:
    """The label of a code; the code lists are read once per request (every included template shares them)."""
    if not code:
        return ""
    # The request outlives each template's render context, which an {% include %} starts afresh.
    holder = context.get("request") or context.render_context
    cache_key = f"_register_code_labels_{get_language()}"
    labels: dict[tuple[str, str], str] | None = getattr(holder, cache_key, None)
    if labels is None:
        labels = labels_of_every_list()
        setattr(holder, cache_key, labels)
    return labels.get((code_list, code), code)


@register.filter
def country(code: Any) -> str:
    return country_name(str(code)) if code else ""


@register.filter
def languages(codes: Any) -> str:
    """ "ne,en" as the languages' names in the active language."""
    return language_names(str(codes)) if codes else ""
