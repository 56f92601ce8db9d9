"""Labels of codes and countries in the active language, for the register's templates."""

from typing import Any

from django import template
from django.utils.translation import get_language

from torju.codes.models import Code
from torju.register.countries import country_name
from torju.register.languages import language_names

register = template.Library()


@register.simple_tag(takes_context=True)
def code_label(context: template.Context, code_list: str, code: str) -> str:
    """The label of a code; the code lists are read once per rendered page, not once per cell."""
    cache_key = f"register_code_labels_{get_language()}"
    labels: dict[tuple[str, str], str] | None = context.render_context.get(cache_key)
    if labels is None:
        labels = {(item.code_list, item.code): item.label for item in Code.objects.all()}
        context.render_context[cache_key] = labels
    return labels.get((code_list, code), code) if code else ""


@register.filter
def country(code: Any) -> str:
    return country_name(str(code)) if code else ""


@register.filter
def languages(codes: Any) -> str:
    """ "ne,en" as the languages' names in the active language."""
    return language_names(str(codes)) if codes else ""
